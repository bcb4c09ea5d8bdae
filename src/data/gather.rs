//! Rows of any data set gathered into stack matrices: a batch by index, and the chunk size a
//! pass over a whole set walks in.

use crate::data::Rows;
use crate::math::scalar::Scalar;
use nalgebra::SMatrix;

/// How many samples a chunk holds when a set too long for one stack matrix is walked in
/// pieces (evaluation, prediction, a chunked full batch): `CHUNK × width` values at a time.
pub(crate) const CHUNK: usize = 64;

/// Rows `sample(0), …, sample(B − 1)` of `data` as a `B × I` input and a `B × O` label matrix.
#[inline]
pub(crate) fn gather<T, D, const B: usize, const I: usize, const O: usize>(
    data: &D,
    sample: impl Fn(usize) -> usize,
) -> (SMatrix<T, B, I>, SMatrix<T, B, O>)
where
    T: Scalar,
    D: Rows<T, I, O> + ?Sized,
{
    let mut inputs = SMatrix::<T, B, I>::zeros();
    let mut labels = SMatrix::<T, B, O>::zeros();
    for row in 0..B {
        let k = sample(row);
        for (column, value) in data.input(k).into_iter().enumerate() {
            inputs[(row, column)] = value;
        }
        for (column, value) in data.label(k).into_iter().enumerate() {
            labels[(row, column)] = value;
        }
    }
    (inputs, labels)
}
