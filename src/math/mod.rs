//! The arithmetic under the network: numbers, `exp`, matrix products, activations and losses.
//!
//! [`Scalar`](scalar::Scalar) is the number type (`f32` or `f64`); [`exp`] is a vectorisable
//! exponential; [`kernels`] are the three matrix products of backpropagation in a fixed
//! summation order; [`dispatch`] runs hot code compiled for the widest instruction set the CPU
//! has, and `avx2` holds the two products LLVM vectorises badly, written out for AVX2.
//! [`activation`] and [`loss`] are the element-wise functions a layer applies and the cost a
//! network is trained on, each with its derivative. This is the bottom room: it uses nothing
//! else in the crate.

pub mod activation;
#[cfg(all(
    target_arch = "x86_64",
    feature = "std",
    any(test, not(debug_assertions))
))]
mod avx2;
pub mod dispatch;
pub mod exp;
pub mod kernels;
pub mod loss;
pub mod scalar;
