//! The arithmetic under every network: the number type, `exp`, and the matrix products.
//!
//! [`Scalar`](scalar::Scalar) is the number type (`f32` or `f64`); [`argmax`] picks a row's single largest value; [`exp`] is a vectorisable
//! exponential; [`kernels`] are the matrix products of backpropagation, as portable loops in a
//! fixed summation order and as code written for x86-64's AVX2 in the same order;
//! [`dispatch`] runs hot code compiled for the widest instruction set the CPU has. Nothing here
//! knows what a layer is. Private: users meet only [`Scalar`](crate::Scalar).

pub(crate) mod argmax;
pub(crate) mod dispatch;
pub(crate) mod exp;
mod exp_table;
pub(crate) mod kernels;
pub(crate) mod scalar;
pub(crate) mod sigmoid;
