//! `SampleSet`: an owned, growable set of samples whose number is known only at run time.

use crate::data::Dataset;
use crate::data::rows::Rows;
use crate::data::sample_slice::{LengthMismatch, SampleSlice};
use crate::math::scalar::Scalar;

/// Samples owned in two `Vec`s of rows: `[T; I]` inputs and `[T; O]` labels. What
/// [`read_csv`](crate::data::csv::read_csv) returns and the splits produce.
///
/// The widths are the network's and are types; the length is not. Memory is the rows
/// themselves, `len × (I + O) × size_of::<T>()` bytes, on the heap.
///
/// ```
/// use static_mlp::data::{Rows, SampleSet};
///
/// let mut samples = SampleSet::<f32, 2, 1>::with_capacity(1_000);
/// for k in 0..1_000 {
///     let x = k as f32 / 1_000.0;
///     samples.push([x, 1.0 - x], [f32::from(x > 0.5)]);
/// }
/// assert_eq!(samples.len(), 1_000);
/// assert_eq!(samples.as_slice().labels()[999], [1.0]);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SampleSet<T, const I: usize, const O: usize> {
    inputs: Vec<[T; I]>,
    labels: Vec<[T; O]>,
}

impl<T: Scalar, const I: usize, const O: usize> SampleSet<T, I, O> {
    /// An empty set with room for `samples` samples.
    pub fn with_capacity(samples: usize) -> Self {
        Self {
            inputs: Vec::with_capacity(samples),
            labels: Vec::with_capacity(samples),
        }
    }

    /// Pairs `inputs[k]` with `labels[k]`; both must hold the same number of rows.
    pub fn new(inputs: Vec<[T; I]>, labels: Vec<[T; O]>) -> Result<Self, LengthMismatch> {
        SampleSlice::new(&inputs, &labels)?;
        Ok(Self { inputs, labels })
    }

    /// The number of samples (also [`Rows::len`], here without importing the trait).
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// Appends one sample.
    pub fn push(&mut self, input: [T; I], label: [T; O]) {
        self.inputs.push(input);
        self.labels.push(label);
    }

    /// The input rows.
    pub fn inputs(&self) -> &[[T; I]] {
        &self.inputs
    }

    /// The label rows.
    pub fn labels(&self) -> &[[T; O]] {
        &self.labels
    }

    /// The input rows, to change in place (to standardise them, say).
    pub fn inputs_mut(&mut self) -> &mut [[T; I]] {
        &mut self.inputs
    }

    /// The label rows, to change in place.
    pub fn labels_mut(&mut self) -> &mut [[T; O]] {
        &mut self.labels
    }

    /// The whole set, borrowed.
    pub fn as_slice(&self) -> SampleSlice<'_, T, I, O> {
        SampleSlice::new(&self.inputs, &self.labels).expect("a SampleSet keeps equal lengths")
    }

    /// The two `Vec`s, inputs and labels.
    pub fn into_parts(self) -> (Vec<[T; I]>, Vec<[T; O]>) {
        (self.inputs, self.labels)
    }

    /// The samples at `indices`, in that order, copied into a new set (what the splits use).
    pub fn select(&self, indices: &[usize]) -> Self {
        Self {
            inputs: indices.iter().map(|&k| self.inputs[k]).collect(),
            labels: indices.iter().map(|&k| self.labels[k]).collect(),
        }
    }

    /// A copy of any other set of rows, such as a const-length [`Dataset`].
    pub fn from_rows<D: Rows<T, I, O>>(rows: &D) -> Self {
        Self {
            inputs: (0..rows.len()).map(|k| rows.input(k)).collect(),
            labels: (0..rows.len()).map(|k| rows.label(k)).collect(),
        }
    }
}

impl<T: Scalar, const N: usize, const I: usize, const O: usize> From<&Dataset<T, N, I, O>>
    for SampleSet<T, I, O>
{
    fn from(data: &Dataset<T, N, I, O>) -> Self {
        Self::from_rows(data)
    }
}

impl<T: Scalar, const I: usize, const O: usize> Rows<T, I, O> for SampleSet<T, I, O> {
    fn len(&self) -> usize {
        self.inputs.len()
    }

    #[inline]
    fn input(&self, sample: usize) -> [T; I] {
        self.inputs[sample]
    }

    #[inline]
    fn label(&self, sample: usize) -> [T; O] {
        self.labels[sample]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;

    #[test]
    fn copies_a_dataset_row_for_row() {
        let xor = data::xor_easy::<f64>();
        let set = SampleSet::from(&xor);
        assert_eq!(set.len(), 21);
        for k in 0..21 {
            assert_eq!((set.input(k), set.label(k)), (xor.input(k), xor.label(k)));
        }
        assert_eq!(set.select(&[20, 0]).inputs(), &[[1.0, 0.0], [0.0, 0.0]]);
    }

    #[test]
    fn refuses_unequal_lengths() {
        let error = SampleSet::<f32, 1, 1>::new(vec![[0.0]; 3], vec![[1.0]; 2]).unwrap_err();
        assert_eq!((error.expected, error.found), (3, 2));
    }
}
