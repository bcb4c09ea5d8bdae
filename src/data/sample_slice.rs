//! `SampleSlice`: a run-time number of samples borrowed from the caller's slices, no copy.

use crate::data::rows::Rows;
use crate::math::scalar::Scalar;
use core::fmt;

/// Samples borrowed from two slices of rows, one row of `I` inputs and one of `O` labels
/// per sample. Its length is whatever the slices hold; nothing is copied, and it needs no
/// `std`.
///
/// ```
/// use static_mlp::data::{Rows, SampleSlice};
///
/// // Flat buffers, as a sensor or a C caller might hand them over: 3 samples of 2 → 1.
/// let inputs = [0.0_f32, 0.0, 0.0, 1.0, 1.0, 1.0];
/// let labels = [0.0_f32, 1.0, 0.0];
/// let samples = SampleSlice::<f32, 2, 1>::from_flat(&inputs, &labels)?;
/// assert_eq!((samples.len(), samples.input(1)), (3, [0.0, 1.0]));
/// # Ok::<(), static_mlp::data::LengthMismatch>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SampleSlice<'a, T, const I: usize, const O: usize> {
    inputs: &'a [[T; I]],
    labels: &'a [[T; O]],
}

impl<'a, T: Scalar, const I: usize, const O: usize> SampleSlice<'a, T, I, O> {
    /// Pairs `inputs[k]` with `labels[k]`; both must hold the same number of rows.
    pub fn new(inputs: &'a [[T; I]], labels: &'a [[T; O]]) -> Result<Self, LengthMismatch> {
        if inputs.len() == labels.len() {
            Ok(Self { inputs, labels })
        } else {
            Err(LengthMismatch {
                what: "label rows",
                expected: inputs.len(),
                found: labels.len(),
            })
        }
    }

    /// Reads `inputs` as rows of `I` values and `labels` as rows of `O`, in order: both must
    /// split into whole rows, and into as many of each.
    pub fn from_flat(inputs: &'a [T], labels: &'a [T]) -> Result<Self, LengthMismatch> {
        const {
            assert!(
                I > 0 && O > 0,
                "a sample has at least one input and one label"
            )
        };
        let (input_rows, rest) = inputs.as_chunks::<I>();
        if !rest.is_empty() {
            return Err(LengthMismatch {
                what: "input values (a multiple of the input width)",
                expected: input_rows.len() * I,
                found: inputs.len(),
            });
        }
        let (label_rows, rest) = labels.as_chunks::<O>();
        if !rest.is_empty() {
            return Err(LengthMismatch {
                what: "label values (a multiple of the label width)",
                expected: label_rows.len() * O,
                found: labels.len(),
            });
        }
        Self::new(input_rows, label_rows)
    }

    /// The number of samples (also [`Rows::len`], here without importing the trait).
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// The input rows.
    pub fn inputs(&self) -> &'a [[T; I]] {
        self.inputs
    }

    /// The label rows.
    pub fn labels(&self) -> &'a [[T; O]] {
        self.labels
    }

    /// The samples `range` (a sub-slice, still borrowed).
    pub fn slice(&self, range: core::ops::Range<usize>) -> Self {
        Self {
            inputs: &self.inputs[range.clone()],
            labels: &self.labels[range],
        }
    }
}

impl<T: Scalar, const I: usize, const O: usize> Rows<T, I, O> for SampleSlice<'_, T, I, O> {
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

/// Two things that must have the same length do not, such as input rows and label rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LengthMismatch {
    /// What was counted, e.g. `"label rows"`.
    pub what: &'static str,
    /// How many were expected.
    pub expected: usize,
    /// How many were found.
    pub found: usize,
}

impl fmt::Display for LengthMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected {} {}, found {}",
            self.expected, self.what, self.found
        )
    }
}

impl core::error::Error for LengthMismatch {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_rows_and_refuses_unequal_lengths() {
        let inputs = [[1.0, 2.0], [3.0, 4.0]];
        let labels = [[0.5], [0.25]];
        let rows = SampleSlice::new(&inputs, &labels).unwrap();
        assert!(core::ptr::eq(rows.inputs(), &inputs[..]), "no copy");
        assert_eq!(rows.label(1), [0.25]);
        assert_eq!(rows.slice(1..2).input(0), [3.0, 4.0]);
        let error = SampleSlice::new(&inputs, &labels[..1]).unwrap_err();
        assert_eq!(error.to_string(), "expected 2 label rows, found 1");
    }

    #[test]
    fn flat_buffers_must_hold_whole_rows() {
        let flat = [1.0_f64, 2.0, 3.0, 4.0, 5.0];
        let error = SampleSlice::<f64, 2, 1>::from_flat(&flat, &[0.0, 1.0]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected 4 input values (a multiple of the input width), found 5"
        );
        let error = SampleSlice::<f64, 1, 2>::from_flat(&flat, &[0.0, 1.0, 2.0]).unwrap_err();
        assert_eq!(error.what, "label values (a multiple of the label width)");
        let error = SampleSlice::<f64, 1, 1>::from_flat(&flat, &[0.0, 1.0]).unwrap_err();
        assert_eq!((error.expected, error.found), (5, 2));
        let rows = SampleSlice::<f64, 1, 1>::from_flat(&flat, &flat).unwrap();
        assert_eq!(rows.len(), 5);
    }
}
