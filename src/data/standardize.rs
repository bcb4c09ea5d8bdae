//! `Standardizer`: per-input mean and standard deviation, fitted on training rows and applied
//! to every row a model sees afterwards.

use crate::math::decimal::Decimal;
use crate::math::scalar::Scalar;
use core::borrow::Borrow;
use core::fmt;
use nalgebra::{ComplexField, SMatrix};

/// Standardisation of `I` inputs: `x′ᵢ = (xᵢ − μᵢ) / σᵢ`, with the mean `μᵢ` and the
/// (population) standard deviation `σᵢ` of input `i` over the rows it was fitted on.
///
/// Fit it on the **training part only** and apply the same values to validation, test and
/// every later input, so that nothing about the held-out rows leaks into training. The values
/// are stored in the network's scalar type and [`apply`](Self::apply) is the same two IEEE
/// operations wherever it runs, so a [saved](crate::pipeline::Pipeline::save) or
/// [baked](crate::pipeline::bake_pipeline) model standardises a raw row to the same bits as during
/// training.
///
/// **A constant input** (every training value equal) has no spread to divide by: its scale is
/// set to 1, so it becomes `x − μ`, exactly 0 on the training rows, never NaN — what
/// scikit-learn's `StandardScaler` does.
///
/// ```
/// use static_mlp::data::Standardizer;
///
/// let training = [[1.0, 10.0, 5.0], [3.0, 30.0, 5.0]];
/// let standardizer = Standardizer::fit(&training)?;
/// assert_eq!(standardizer.mean(), &[2.0, 20.0, 5.0]);
/// assert_eq!(standardizer.scale(), &[1.0, 10.0, 1.0]); // the constant column keeps scale 1
/// assert_eq!(standardizer.apply(&[3.0, 10.0, 6.0]), [1.0, -1.0, 1.0]);
/// # Ok::<(), static_mlp::data::StandardizeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standardizer<T: Scalar, const I: usize> {
    mean: [T; I],
    scale: [T; I],
}

/// Why [`Standardizer::fit`] or [`Standardizer::from_parts_checked`] refused its input.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum StandardizeError {
    /// There were no rows to fit on.
    NoRows,
    /// A value to fit on is NaN or infinite.
    NonFinite {
        /// The row, counted from 0.
        row: usize,
        /// The input column.
        column: usize,
        /// The value found.
        found: f64,
    },
    /// A given mean or scale is NaN or infinite (only from
    /// [`Standardizer::from_parts_checked`]).
    NonFiniteParameter {
        /// `"mean"` or `"scale"`.
        part: &'static str,
        /// The input column.
        column: usize,
        /// The value found.
        found: f64,
    },
    /// A scale is zero or negative (only from [`Standardizer::from_parts_checked`]).
    NonPositiveScale {
        /// The input column.
        column: usize,
        /// The value found.
        found: f64,
    },
    /// A scale is positive but below [`Standardizer::SMALLEST_SCALE`], which
    /// [`Standardizer::fit`] never gives (only from [`Standardizer::from_parts_checked`]).
    ScaleTooSmall {
        /// The input column.
        column: usize,
        /// The value found.
        found: f64,
    },
    /// A column's values are finite but spread too far for their variance to be represented.
    SpreadOverflows {
        /// The input column.
        column: usize,
    },
}

impl fmt::Display for StandardizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StandardizeError::NoRows => write!(
                f,
                "cannot fit a standardizer: expected at least one training row, found none"
            ),
            StandardizeError::NonFinite { row, column, found } => write!(
                f,
                "cannot fit a standardizer: row {row}, column {column} is {}, expected a \
                 finite number",
                Decimal::F64(*found)
            ),
            StandardizeError::NonFiniteParameter {
                part,
                column,
                found,
            } => write!(
                f,
                "invalid standardizer: the {part} of column {column} is {}, expected a \
                 finite number",
                Decimal::F64(*found)
            ),
            StandardizeError::NonPositiveScale { column, found } => write!(
                f,
                "invalid standardizer: the scale of column {column} is {}, expected a \
                 positive finite number",
                Decimal::F64(*found)
            ),
            StandardizeError::ScaleTooSmall { column, found } => write!(
                f,
                "invalid standardizer: the scale of column {column} is {}, expected at \
                 least {} (the smallest scale fitting makes)",
                Decimal::F64(*found),
                Decimal::F64(Standardizer::<f32, 0>::SMALLEST_SCALE)
            ),
            StandardizeError::SpreadOverflows { column } => write!(
                f,
                "cannot fit a standardizer: the values of column {column} are spread too far \
                 for their variance to be a finite number"
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for StandardizeError {}

impl<T: Scalar, const I: usize> Standardizer<T, I> {
    /// The standardizer that changes nothing: mean 0 and scale 1 for every input.
    pub const fn identity() -> Self {
        Self {
            mean: [T::ZERO; I],
            scale: [T::ONE; I],
        }
    }

    /// A standardizer with the given means and scales, unchecked: what a
    /// [baked](crate::pipeline::bake_pipeline) constant is built from. Each scale must be positive
    /// and finite; [`from_parts_checked`](Self::from_parts_checked) checks that.
    pub const fn from_parts(mean: [T; I], scale: [T; I]) -> Self {
        Self { mean, scale }
    }

    /// The smallest scale [`fit`](Self::fit) gives and
    /// [`from_parts_checked`](Self::from_parts_checked) accepts: `f32::MIN_POSITIVE`, about
    /// 1.2·10⁻³⁸, the smallest normal `f32`. A spread below it is taken as none (scale 1).
    pub const SMALLEST_SCALE: f64 = f32::MIN_POSITIVE as f64;

    /// [`from_parts`](Self::from_parts), checking that every mean is finite and every scale
    /// finite and at least [`SMALLEST_SCALE`](Self::SMALLEST_SCALE), as [`fit`](Self::fit)
    /// makes them.
    pub fn from_parts_checked(mean: [T; I], scale: [T; I]) -> Result<Self, StandardizeError> {
        for (part, values) in [("mean", &mean), ("scale", &scale)] {
            if let Some(column) = values.iter().position(|v| !v.to_f64().is_finite()) {
                let found = values[column].to_f64();
                return Err(StandardizeError::NonFiniteParameter {
                    part,
                    column,
                    found,
                });
            }
        }
        if let Some(column) = scale.iter().position(|&s| s <= T::ZERO) {
            let found = scale[column].to_f64();
            return Err(StandardizeError::NonPositiveScale { column, found });
        }
        if let Some(column) = scale
            .iter()
            .position(|&s| s.to_f64() < Self::SMALLEST_SCALE)
        {
            let found = scale[column].to_f64();
            return Err(StandardizeError::ScaleTooSmall { column, found });
        }
        Ok(Self { mean, scale })
    }

    /// Fits the mean and standard deviation of each input over `rows`: a slice of rows
    /// (`&[[T; I]]`), a `Vec` of them, or any iterator of rows or references to rows, read
    /// once.
    ///
    /// The sums are taken in `f64` (Welford's update, which does not lose the spread of values
    /// far from zero) and the results rounded to `T`. Errors on no rows, a NaN or infinite
    /// value (naming its row and column), or a spread whose variance overflows `f64`.
    pub fn fit<R: Borrow<[T; I]>>(
        rows: impl IntoIterator<Item = R>,
    ) -> Result<Self, StandardizeError> {
        let mut count = 0_u64;
        let mut mean = [0.0_f64; I];
        let mut squares = [0.0_f64; I]; // Σ (x − mean)², updated as the mean moves
        let mut constant = [true; I];
        let mut first = [0.0_f64; I];
        for (row, values) in rows.into_iter().enumerate() {
            count += 1;
            let n = count as f64;
            for (column, &value) in values.borrow().iter().enumerate() {
                let x = value.to_f64();
                if !x.is_finite() {
                    return Err(StandardizeError::NonFinite {
                        row,
                        column,
                        found: x,
                    });
                }
                if count == 1 {
                    first[column] = x;
                } else if x != first[column] {
                    constant[column] = false;
                }
                // Welford: μₙ = μₙ₋₁ + (x − μₙ₋₁)/n, M₂ += (x − μₙ₋₁)(x − μₙ)
                let before = x - mean[column];
                mean[column] += before / n;
                squares[column] += before * (x - mean[column]);
            }
        }
        if count == 0 {
            return Err(StandardizeError::NoRows);
        }
        let mut scale = [T::ONE; I];
        for column in 0..I {
            if constant[column] {
                mean[column] = first[column]; // exact, whatever Welford's rounding
                continue;
            }
            let deviation = ComplexField::sqrt(squares[column] / count as f64); // σ = √(M₂/n)
            let rounded = T::literal(deviation);
            if !deviation.is_finite() || !rounded.to_f64().is_finite() {
                return Err(StandardizeError::SpreadOverflows { column });
            }
            // A spread too small for T (subnormal or zero once rounded) is no spread.
            if rounded.to_f64() >= Self::SMALLEST_SCALE {
                scale[column] = rounded;
            }
        }
        Ok(Self {
            mean: mean.map(T::literal),
            scale,
        })
    }

    /// Fits on the rows of a matrix (one sample per row), such as a
    /// [`Dataset`](crate::data::Dataset)'s training inputs.
    pub fn fit_matrix<const N: usize>(inputs: &SMatrix<T, N, I>) -> Result<Self, StandardizeError> {
        Self::fit((0..N).map(|row| core::array::from_fn::<T, I, _>(|c| inputs[(row, c)])))
    }

    /// The mean `μᵢ` of each input.
    pub const fn mean(&self) -> &[T; I] {
        &self.mean
    }

    /// The scale `σᵢ` of each input (1 for a constant input).
    pub const fn scale(&self) -> &[T; I] {
        &self.scale
    }

    /// One standardised row: `x′ᵢ = (xᵢ − μᵢ) / σᵢ`.
    #[inline]
    pub fn apply(&self, row: &[T; I]) -> [T; I] {
        let mut out = *row;
        self.apply_in_place(&mut out);
        out
    }

    /// Standardises one row in place.
    #[inline]
    pub fn apply_in_place(&self, row: &mut [T; I]) {
        for ((x, &mean), &scale) in row.iter_mut().zip(&self.mean).zip(&self.scale) {
            *x = (*x - mean) / scale; // x′ = (x − μ)/σ
        }
    }

    /// Standardises every row of a batch (one sample per row) in place.
    #[inline]
    pub fn apply_batch<const B: usize>(&self, inputs: &mut SMatrix<T, B, I>) {
        if B == 0 {
            return;
        }
        let columns = inputs.as_mut_slice().chunks_exact_mut(B);
        for ((column, &mean), &scale) in columns.zip(&self.mean).zip(&self.scale) {
            column.iter_mut().for_each(|x| *x = (*x - mean) / scale); // x′ = (x − μ)/σ
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_mean_and_population_deviation_by_two_passes() {
        let rows = [[1.0, -2.0], [4.0, 0.5], [2.5, 7.0], [10.0, 1.0]];
        let fitted = Standardizer::<f64, 2>::fit(rows).unwrap();
        for column in 0..2 {
            let values: Vec<f64> = rows.iter().map(|row| row[column]).collect();
            let mean = values.iter().sum::<f64>() / 4.0;
            let variance = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 4.0;
            assert!((fitted.mean()[column] - mean).abs() < 1e-14);
            assert!((fitted.scale()[column] - variance.sqrt()).abs() < 1e-14);
        }
        // Standardised training rows have mean 0 and deviation 1.
        let standardised: Vec<[f64; 2]> = rows.iter().map(|row| fitted.apply(row)).collect();
        let again = Standardizer::fit(&standardised).unwrap();
        for column in 0..2 {
            assert!(again.mean()[column].abs() < 1e-15);
            assert!((again.scale()[column] - 1.0).abs() < 1e-15);
        }
    }

    #[test]
    fn keeps_the_spread_of_values_far_from_zero() {
        // A naive Σx² − n·μ² loses everything here; Welford keeps it.
        let rows = [[1e9 + 1.0_f64], [1e9 + 2.0], [1e9 + 3.0]];
        let fitted = Standardizer::fit(rows).unwrap();
        assert!((fitted.scale()[0] - (2.0_f64 / 3.0).sqrt()).abs() < 1e-6);
    }

    #[test]
    fn a_constant_column_is_centred_not_divided_by_zero() {
        let rows = [[3.0_f32, 1.0], [3.0, 2.0]];
        let fitted = Standardizer::fit(rows).unwrap();
        assert_eq!(fitted.mean()[0], 3.0);
        assert_eq!(fitted.scale()[0], 1.0);
        assert_eq!(fitted.apply(&[3.0, 1.5]), [0.0, 0.0]);
        assert_eq!(fitted.apply(&[5.0, 2.0]), [2.0, 1.0]);
        let one_row = Standardizer::fit([[7.0_f64, -1.0]]).unwrap();
        assert_eq!(one_row.apply(&[7.0, -1.0]), [0.0, 0.0]);
        // A spread below f32's normal range is no spread either.
        let tiny = Standardizer::<f32, 1>::fit([[0.0], [1e-40]]).unwrap();
        assert_eq!(tiny.scale(), &[1.0]);
    }

    #[test]
    fn refuses_empty_non_finite_and_overflowing_input() {
        let none: [[f64; 2]; 0] = [];
        assert_eq!(Standardizer::fit(none), Err(StandardizeError::NoRows));
        let nan = [[1.0, 2.0], [3.0, f64::NAN]];
        let error = Standardizer::fit(nan).unwrap_err();
        assert!(matches!(
            error,
            StandardizeError::NonFinite {
                row: 1,
                column: 1,
                ..
            }
        ));
        assert_eq!(
            error.to_string(),
            "cannot fit a standardizer: row 1, column 1 is NaN, expected a finite number"
        );
        let huge = [[-1.5e308_f64], [1.5e308]];
        assert_eq!(
            Standardizer::fit(huge),
            Err(StandardizeError::SpreadOverflows { column: 0 })
        );
        // In f32 the sums are in f64, so the widest finite spread still fits.
        let wide_f32 = Standardizer::fit([[-3e38_f32], [3e38]]).unwrap();
        assert_eq!(wide_f32.scale(), &[3e38]);
        assert!(matches!(
            Standardizer::from_parts_checked([0.0_f64], [0.0]),
            Err(StandardizeError::NonPositiveScale { column: 0, .. })
        ));
        let error = Standardizer::from_parts_checked([0.0_f64, 1.0], [1.0, f64::INFINITY]);
        assert_eq!(
            error.unwrap_err().to_string(),
            "invalid standardizer: the scale of column 1 is inf, expected a finite number"
        );
    }

    #[test]
    fn scales_fitting_never_makes_are_refused() {
        // the smallest subnormal f32, and one just below the smallest normal one
        for tiny in [1e-45_f32, f32::MIN_POSITIVE / 2.0] {
            assert_eq!(
                Standardizer::from_parts_checked([0.0_f32, 0.0], [1.0, tiny]),
                Err(StandardizeError::ScaleTooSmall {
                    column: 1,
                    found: f64::from(tiny)
                })
            );
        }
        assert_eq!(
            Standardizer::from_parts_checked([0.0_f64], [1e-300])
                .unwrap_err()
                .to_string(),
            "invalid standardizer: the scale of column 0 is 1e-300, expected at least \
             1.1754943508222875e-38 (the smallest scale fitting makes)"
        );
        // the smallest scale fit gives is accepted, and fit gives it for a spread that small
        let smallest = f32::MIN_POSITIVE;
        assert!(Standardizer::from_parts_checked([0.0_f32], [smallest]).is_ok());
        let fitted = Standardizer::fit([[0.0_f64], [2.0 * f64::from(smallest)]]).unwrap();
        assert_eq!(fitted.scale(), &[f64::from(smallest)]);
        assert!(Standardizer::from_parts_checked(*fitted.mean(), *fitted.scale()).is_ok());
        let below = Standardizer::fit([[0.0_f64], [1e-300]]).unwrap();
        assert_eq!(below.scale(), &[1.0]); // no spread, as far as f32 can tell
    }

    #[test]
    fn rows_matrices_and_batches_agree() {
        let inputs = matrix![1.0, 2.0; 3.0, 5.0; -4.0, 0.0_f64];
        let rows = [[1.0, 2.0], [3.0, 5.0], [-4.0, 0.0_f64]];
        let from_matrix = Standardizer::fit_matrix(&inputs).unwrap();
        let from_vec = Standardizer::fit(rows.to_vec()).unwrap();
        let from_iter = Standardizer::fit(rows.iter()).unwrap();
        assert_eq!(from_matrix, from_vec);
        assert_eq!(from_matrix, from_iter);
        let mut batch = inputs;
        from_matrix.apply_batch(&mut batch);
        for (row, raw) in rows.iter().enumerate() {
            let one = from_matrix.apply(raw);
            assert_eq!(one[0].to_bits(), batch[(row, 0)].to_bits());
            assert_eq!(one[1].to_bits(), batch[(row, 1)].to_bits());
        }
        assert_eq!(
            Standardizer::<f64, 2>::identity().apply(&[3.0, -1.0]),
            [3.0, -1.0]
        );
    }
}
