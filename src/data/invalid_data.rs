//! `InvalidData`: a data set that cannot be trained on, found before training starts.

use crate::data::Dataset;
use crate::data::rows::Rows;
use crate::math::decimal::Decimal;
use crate::math::scalar::Scalar;
use core::fmt;
use core::ops::RangeInclusive;

/// Why a data set was rejected, naming the first offending value by sample (row) and column.
///
/// [`Fit`](crate::train::Fit) checks its data set this way before the first epoch, so a NaN in row
/// 17 is reported as such instead of turning every weight into NaN.
#[derive(Clone, Debug, PartialEq)]
pub enum InvalidData {
    /// The set has no samples: there is nothing to train on or to measure.
    Empty,
    /// An input is NaN or infinite.
    NonFiniteInput {
        /// The sample (row) index.
        sample: usize,
        /// The input column.
        column: usize,
        /// The value found.
        found: f64,
    },
    /// A label is NaN or infinite.
    NonFiniteLabel {
        /// The sample (row) index.
        sample: usize,
        /// The label column.
        column: usize,
        /// The value found.
        found: f64,
    },
    /// A label lies outside the range the loss accepts, such as `[0, 1]` for binary
    /// cross-entropy.
    LabelOutOfRange {
        /// The sample (row) index.
        sample: usize,
        /// The label column.
        column: usize,
        /// The value found.
        found: f64,
        /// The range the loss accepts.
        expected: RangeInclusive<f64>,
    },
}

impl<T: Scalar, const N: usize, const I: usize, const O: usize> Dataset<T, N, I, O> {
    /// Checks that every input is finite and every label is finite and within `label_range`
    /// (a loss's [`label_range`](crate::train::Loss::label_range)); see [`check`].
    pub fn check(&self, label_range: RangeInclusive<f64>) -> Result<(), InvalidData> {
        check(self, label_range)
    }
}

/// Checks that `data` has samples, that every input is finite and every label is finite and
/// within `label_range` (a loss's [`label_range`](crate::train::Loss::label_range)). Reports the
/// first bad value, samples in order, a sample's inputs before its labels.
pub fn check<T: Scalar, D: Rows<T, I, O> + ?Sized, const I: usize, const O: usize>(
    data: &D,
    label_range: RangeInclusive<f64>,
) -> Result<(), InvalidData> {
    if data.is_empty() {
        return Err(InvalidData::Empty);
    }
    for sample in 0..data.len() {
        for (column, value) in data.input(sample).into_iter().enumerate() {
            let found = value.to_f64();
            if !found.is_finite() {
                return Err(InvalidData::NonFiniteInput {
                    sample,
                    column,
                    found,
                });
            }
        }
        for (column, value) in data.label(sample).into_iter().enumerate() {
            let found = value.to_f64();
            if !found.is_finite() {
                return Err(InvalidData::NonFiniteLabel {
                    sample,
                    column,
                    found,
                });
            }
            if !label_range.contains(&found) {
                let expected = label_range.clone();
                return Err(InvalidData::LabelOutOfRange {
                    sample,
                    column,
                    found,
                    expected,
                });
            }
        }
    }
    Ok(())
}

impl fmt::Display for InvalidData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "the data set has no samples: expected at least one"),
            Self::NonFiniteInput {
                sample,
                column,
                found,
            } => write!(
                f,
                "input at sample {sample}, column {column} is {}: expected a finite number",
                Decimal::F64(*found)
            ),
            Self::NonFiniteLabel {
                sample,
                column,
                found,
            } => write!(
                f,
                "label at sample {sample}, column {column} is {}: expected a finite number",
                Decimal::F64(*found)
            ),
            Self::LabelOutOfRange {
                sample,
                column,
                found,
                expected,
            } => write!(
                f,
                "label at sample {sample}, column {column} is {}: the loss expects labels in [{}, {}]",
                Decimal::F64(*found),
                Decimal::F64(*expected.start()),
                Decimal::F64(*expected.end())
            ),
        }
    }
}

impl core::error::Error for InvalidData {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;

    const ANY: RangeInclusive<f64> = f64::MIN..=f64::MAX;

    #[test]
    fn an_empty_set_is_refused() {
        let none = crate::data::SampleSlice::<f64, 2, 1>::new(&[], &[]).unwrap();
        assert_eq!(check(&none, ANY), Err(InvalidData::Empty));
    }

    #[test]
    fn clean_data_passes() {
        assert_eq!(data::xor_easy::<f64>().check(0.0..=1.0), Ok(()));
    }

    #[test]
    fn names_the_first_non_finite_input() {
        let mut xor = data::xor_easy::<f32>();
        xor.inputs[(12, 1)] = f32::INFINITY;
        xor.inputs[(7, 0)] = f32::NAN;
        let error = xor.check(ANY).unwrap_err();
        assert!(matches!(
            error,
            InvalidData::NonFiniteInput { sample: 7, column: 0, found } if found.is_nan()
        ));
        assert_eq!(
            error.to_string(),
            "input at sample 7, column 0 is NaN: expected a finite number"
        );
    }

    #[test]
    fn names_non_finite_and_out_of_range_labels() {
        let mut xor = data::xor_easy::<f64>();
        xor.labels[(3, 0)] = 1.5;
        let error = xor.check(0.0..=1.0).unwrap_err();
        assert_eq!(
            error.to_string(),
            "label at sample 3, column 0 is 1.5: the loss expects labels in [0, 1]"
        );
        assert_eq!(xor.check(ANY), Ok(()), "1.5 is a fine label for MSE");
        xor.labels[(3, 0)] = f64::NEG_INFINITY;
        assert_eq!(
            xor.check(ANY),
            Err(InvalidData::NonFiniteLabel {
                sample: 3,
                column: 0,
                found: f64::NEG_INFINITY
            })
        );
    }
}
