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

/// The largest `Dataset` the crate builds as a value on the stack (1 MiB): a larger one is
/// refused at compile time, with a message naming [`SampleSet`](crate::data::SampleSet).
pub(crate) const STACK_BYTES: usize = 1 << 20;

impl<T: Scalar, const N: usize, const I: usize, const O: usize> Dataset<T, N, I, O> {
    /// Fails to compile (a post-monomorphisation error naming the run-time type to use) if a
    /// value of this type is too large to build on the stack.
    pub(crate) const ASSERT_FITS_STACK: () = assert!(
        size_of::<Self>() <= STACK_BYTES,
        "this const-length Dataset is larger than 1 MiB, too large to build on the stack: \
         use data::SampleSet (run-time length, rows on the heap) or data::SampleSlice instead"
    );
}
