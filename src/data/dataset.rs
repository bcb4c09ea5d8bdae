//! `Dataset`: a data set whose length is a const generic, held as two stack matrices.

use crate::math::scalar::Scalar;
use nalgebra::SMatrix;

/// `N` samples of `I` inputs with `O` labels each, one sample per row.
///
/// The number of samples is part of the type, like every other width: a whole data set is one
/// full batch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dataset<T: Scalar, const N: usize, const I: usize, const O: usize> {
    /// The inputs, `N × I`.
    pub inputs: SMatrix<T, N, I>,
    /// The labels, `N × O`.
    pub labels: SMatrix<T, N, O>,
}
