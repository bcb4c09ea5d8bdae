//! The arithmetic under every network: the number type, `exp`, and the matrix products.
//!
//! [`Scalar`](scalar::Scalar) is the number type (`f32` or `f64`); [`exp`] is a vectorisable
//! exponential; [`kernels`] are the three matrix products of backpropagation in a fixed
//! summation order; [`dispatch`] runs hot code compiled for the widest instruction set the CPU
//! has, and `avx2` holds the products written out for AVX2. Nothing here knows what a layer
//! is. Private: users meet only [`Scalar`](crate::Scalar).

#[cfg(all(
    target_arch = "x86_64",
    feature = "std",
    any(test, not(debug_assertions))
))]
mod avx2;
pub(crate) mod dispatch;
pub(crate) mod exp;
pub(crate) mod kernels;
pub(crate) mod scalar;
