//! Sample and class weights: how much each sample counts in the loss a network is trained on.
//!
//! A weight `wₛ ≥ 0` per sample turns a loss `C = (1/n)·Σₛ ℓₛ` into `C = (1/n)·Σₛ wₛ·ℓₛ` (the
//! convention of Keras's `sample_weight`), for each of the three losses: a sample of weight 2
//! counts as two copies of it, one of weight 0 not at all. [`Fit::sample_weights`] trains with
//! them; [`ClassWeights`] makes them from a weight per class, given or "balanced" so that
//! every class weighs the same in total, however few its samples.
//!
//! [`Fit::sample_weights`]: crate::train::Fit::sample_weights

use crate::data::Rows;
use crate::math::decimal::Decimal;
use crate::math::scalar::Scalar;
use crate::metrics::argmax;
use crate::model::activation::Activation;
use crate::train::loss::Loss;
use core::fmt;
use nalgebra::SMatrix;

/// A weight per class, to make one weight per sample from: each sample weighs its class's
/// weight.
///
/// A sample's class is its label's largest value, or with one output, whether the label is
/// above 0.5 (class 1) or not (class 0).
///
/// ```
/// use static_mlp::data::SampleSlice;
/// use static_mlp::train::ClassWeights;
///
/// // Three samples of class 0 and one of class 1: n = 4 samples, k = 2 classes.
/// let inputs = [[0.0]; 4];
/// let labels = [[0.0], [0.0], [0.0], [1.0]];
/// let rows = SampleSlice::new(&inputs, &labels)?;
/// let weights = ClassWeights::Balanced.per_sample(&rows)?;
/// // n / (k · count): 4 / (2 · 3) for class 0, 4 / (2 · 1) for class 1.
/// assert_eq!(weights, [4.0 / 6.0, 4.0 / 6.0, 4.0 / 6.0, 2.0]);
/// let weights = ClassWeights::Given(&[1.0, 5.0]).per_sample(&rows)?;
/// assert_eq!(weights, [1.0, 1.0, 1.0, 5.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ClassWeights<'a> {
    /// `n / (k · countₖ)` for a class of `countₖ` of the `n` samples, `k` being the number of
    /// classes that have samples (scikit-learn's `class_weight="balanced"`): every class then
    /// weighs `n / k` in total, and the weights average 1 over the samples.
    Balanced,
    /// These weights, class `c` weighing `weights[c]`: one per output (two for a network with
    /// one output), each finite and at least 0.
    Given(&'a [f64]),
}

impl ClassWeights<'_> {
    /// One weight per sample of `data`, its class's, written into `weights` (which must hold
    /// one entry per sample): the way without `std`.
    ///
    /// # Errors
    ///
    /// [`InvalidWeights`] if `weights` has another length, a label has no single class, or a
    /// given list has another length than the number of classes or a weight that is not
    /// finite or is negative.
    pub fn fill<T, D, const I: usize, const O: usize>(
        &self,
        data: &D,
        weights: &mut [f64],
    ) -> Result<(), InvalidWeights>
    where
        T: Scalar,
        D: Rows<T, I, O> + ?Sized,
    {
        let samples = data.len();
        if weights.len() != samples {
            return Err(InvalidWeights::Length {
                expected: samples,
                found: weights.len(),
            });
        }
        let classes = if O == 1 { 2 } else { O };
        for sample in 0..samples {
            if class_of(&data.label(sample)).is_none() {
                return Err(InvalidWeights::NoClass { sample });
            }
        }
        match self {
            Self::Given(given) => {
                if given.len() != classes {
                    return Err(InvalidWeights::ClassCount {
                        expected: classes,
                        found: given.len(),
                    });
                }
                check_values(given)?;
                for (sample, weight) in weights.iter_mut().enumerate() {
                    *weight = given[class_of(&data.label(sample)).unwrap_or_default()];
                }
            }
            Self::Balanced => {
                // One pass per class: no count array whose length is the class count.
                let count = |class| {
                    (0..samples)
                        .filter(|&s| class_of(&data.label(s)) == Some(class))
                        .count()
                };
                let present = (0..classes).filter(|&class| count(class) > 0).count();
                for class in 0..classes {
                    let in_class = count(class);
                    if in_class == 0 {
                        continue;
                    }
                    let weight = samples as f64 / (present as f64 * in_class as f64);
                    for (sample, slot) in weights.iter_mut().enumerate() {
                        if class_of(&data.label(sample)) == Some(class) {
                            *slot = weight;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// One weight per sample of `data`, its class's, in a new `Vec`; see
    /// [`fill`](Self::fill).
    #[cfg(feature = "std")]
    pub fn per_sample<T, D, const I: usize, const O: usize>(
        &self,
        data: &D,
    ) -> Result<std::vec::Vec<f64>, InvalidWeights>
    where
        T: Scalar,
        D: Rows<T, I, O> + ?Sized,
    {
        let mut weights = std::vec![0.0; data.len()];
        self.fill(data, &mut weights)?;
        Ok(weights)
    }
}

/// The class of a label row: its largest value's index, or for a single value whether it is
/// above 0.5.
fn class_of<T: Scalar, const O: usize>(label: &[T; O]) -> Option<usize> {
    match label.as_slice() {
        [single] => Some(usize::from(single.to_f64() > 0.5)),
        _ => argmax(label),
    }
}

/// Weights that cannot be trained with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum InvalidWeights {
    /// Another number of sample weights than samples.
    Length {
        /// The number of samples.
        expected: usize,
        /// The number of weights.
        found: usize,
    },
    /// A weight that is NaN, infinite or negative.
    Value {
        /// Its index in the list.
        index: usize,
        /// The weight.
        value: f64,
    },
    /// Every sample weight is 0: there is nothing to train on.
    AllZero,
    /// A list of class weights whose length is not the number of classes.
    ClassCount {
        /// The number of classes: the outputs, or 2 for one output.
        expected: usize,
        /// The number of class weights.
        found: usize,
    },
    /// A label with no single class (a tie for the largest value), so no class weight.
    NoClass {
        /// The sample.
        sample: usize,
    },
}

impl fmt::Display for InvalidWeights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Length { expected, found } => write!(
                f,
                "{found} sample weights: expected one per sample, {expected}"
            ),
            Self::Value { index, value } => write!(
                f,
                "weight {index} is {}: expected a finite number, at least 0",
                Decimal::F64(*value)
            ),
            Self::AllZero => write!(f, "every sample weight is 0: expected some above 0"),
            Self::ClassCount { expected, found } => write!(
                f,
                "{found} class weights: expected one per class, {expected}"
            ),
            Self::NoClass { sample } => write!(
                f,
                "sample {sample}'s label has no single class (a tie for its largest value), so \
                 no class weight"
            ),
        }
    }
}

impl core::error::Error for InvalidWeights {}

/// Every weight finite and at least 0.
fn check_values(weights: &[f64]) -> Result<(), InvalidWeights> {
    match weights
        .iter()
        .enumerate()
        .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
    {
        Some((index, &value)) => Err(InvalidWeights::Value { index, value }),
        None => Ok(()),
    }
}

/// The checks [`Fit`](crate::train::Fit) makes of sample weights before training: one per
/// sample, each finite and at least 0, not all 0.
pub(crate) fn check_sample_weights(weights: &[f64], samples: usize) -> Result<(), InvalidWeights> {
    if weights.len() != samples {
        return Err(InvalidWeights::Length {
            expected: samples,
            found: weights.len(),
        });
    }
    check_values(weights)?;
    if weights.iter().all(|&w| w == 0.0) {
        return Err(InvalidWeights::AllZero);
    }
    Ok(())
}

/// A loss whose sample `r` (row `r` of a batch) weighs `weights[r]`: `C = (1/B)·Σᵣ wᵣ·ℓᵣ`
/// and `δᵣ = wᵣ·δᵣ` (each loss's delta row depends on its own sample only). `weights` holds
/// exactly one weight per row of the batches it is given.
pub(crate) struct RowWeighted<'a, L> {
    pub(crate) loss: &'a L,
    pub(crate) weights: &'a [f64],
}

impl<A: Activation, L: Loss<A>> Loss<A> for RowWeighted<'_, L> {
    fn value<T: Scalar, const B: usize, const O: usize>(
        &self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
    ) -> T {
        let mut total = T::ZERO;
        for (row, &weight) in self.weights.iter().enumerate().take(B) {
            let output: SMatrix<T, 1, O> = outputs.fixed_rows::<1>(row).into_owned();
            let label: SMatrix<T, 1, O> = labels.fixed_rows::<1>(row).into_owned();
            total += T::literal(weight) * self.loss.value(&output, &label);
        }
        total / T::literal(B as f64)
    }

    #[inline]
    fn output_delta<T: Scalar, const B: usize, const O: usize>(
        &self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
    ) -> SMatrix<T, B, O> {
        let mut delta = self.loss.output_delta(outputs, labels);
        for (row, &weight) in self.weights.iter().enumerate().take(B) {
            let weight = T::literal(weight);
            for column in 0..O {
                delta[(row, column)] *= weight;
            }
        }
        delta
    }

    fn label_range(&self) -> core::ops::RangeInclusive<f64> {
        self.loss.label_range()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::SampleSlice;
    use crate::model::activation::{Identity, Sigmoid, Softmax};
    use crate::train::loss::{BinaryCrossEntropy, CategoricalCrossEntropy, MeanSquaredError};

    /// [`ClassWeights::fill`], the way without `std`, into a new `Vec`.
    fn per_sample<const O: usize>(
        weights: ClassWeights<'_>,
        rows: &SampleSlice<'_, f64, 1, O>,
    ) -> Result<Vec<f64>, InvalidWeights> {
        let mut filled = vec![0.0; rows.len()];
        weights.fill(rows, &mut filled)?;
        Ok(filled)
    }

    #[test]
    fn a_weighted_loss_scales_each_samples_share() {
        // Two samples of MSE: ℓ₁ = (1 − 0)² = 1, ℓ₂ = (3 − 1)² = 4; weights 2 and 0.5.
        let a = matrix![1.0; 3.0];
        let y = matrix![0.0; 1.0];
        let weighted = RowWeighted {
            loss: &MeanSquaredError,
            weights: &[2.0, 0.5],
        };
        // (2·1 + 0.5·4)/2 = 2
        assert_eq!(Loss::<Identity>::value(&weighted, &a, &y), 2.0);
        // Unweighted δ = 2(a − y)/2 = (1, 2); weighted (2, 1).
        assert_eq!(
            Loss::<Identity>::output_delta(&weighted, &a, &y),
            matrix![2.0; 1.0]
        );

        // Binary cross-entropy: δ = w(a − y)/n.
        let a = matrix![0.25; 0.5];
        let y = matrix![1.0; 0.0];
        let weighted = RowWeighted {
            loss: &BinaryCrossEntropy,
            weights: &[3.0, 0.0],
        };
        let delta: SMatrix<f64, 2, 1> = Loss::<Sigmoid>::output_delta(&weighted, &a, &y);
        assert_eq!(delta, matrix![3.0 * -0.75 / 2.0; 0.0]);
        // C = 3·(−ln 0.25)/2
        let value = Loss::<Sigmoid>::value(&weighted, &a, &y);
        assert!((value - 3.0 * 4.0_f64.ln() / 2.0).abs() < 1e-15, "{value}");

        // Categorical cross-entropy: δ = w(a − y)/n per row.
        let a = matrix![0.5, 0.5; 0.25, 0.75];
        let y = matrix![1.0, 0.0; 0.0, 1.0];
        let weighted = RowWeighted {
            loss: &CategoricalCrossEntropy,
            weights: &[1.0, 4.0],
        };
        let delta = Loss::<Softmax>::output_delta(&weighted, &a, &y);
        assert_eq!(delta, matrix![-0.25, 0.25; 0.5, -0.5]);
        // C = (−ln 0.5 − 4·ln 0.75)/2
        let value = Loss::<Softmax>::value(&weighted, &a, &y);
        let expected = (2.0_f64.ln() - 4.0 * 0.75_f64.ln()) / 2.0;
        assert!((value - expected).abs() < 1e-15, "{value}");
    }

    #[test]
    fn class_weights_are_given_or_balanced() {
        // Classes 0, 2, 2, 2, 1, 2: n = 6, k = 3, counts 1, 1, 4.
        let inputs = [[0.0_f64]; 6];
        let labels = [
            [1.0, 0.0, 0.0],
            [0.0, 0.0, 1.0],
            [0.0, 0.0, 1.0],
            [0.0, 0.0, 1.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.2, 0.8],
        ];
        let rows = SampleSlice::new(&inputs, &labels).unwrap();
        let weights = per_sample(ClassWeights::Balanced, &rows).unwrap();
        let (rare, common) = (6.0 / 3.0, 6.0 / 12.0);
        assert_eq!(weights, [rare, common, common, common, rare, common]);
        let given = per_sample(ClassWeights::Given(&[1.0, 2.0, 3.0]), &rows);
        assert_eq!(given.unwrap(), [1.0, 3.0, 3.0, 3.0, 2.0, 3.0]);

        // A class with no samples does not count in k: two classes of three present.
        let two = SampleSlice::new(&inputs[..2], &labels[..2]).unwrap();
        assert_eq!(
            per_sample(ClassWeights::Balanced, &two).unwrap(),
            [1.0, 1.0]
        );
    }

    #[test]
    fn weights_that_cannot_be_used_are_errors() {
        let inputs = [[0.0_f64]; 2];
        let labels = [[0.5, 0.5], [1.0, 0.0]];
        let rows = SampleSlice::new(&inputs, &labels).unwrap();
        assert_eq!(
            per_sample(ClassWeights::Balanced, &rows),
            Err(InvalidWeights::NoClass { sample: 0 })
        );
        let labels = [[0.0, 1.0], [1.0, 0.0]];
        let rows = SampleSlice::new(&inputs, &labels).unwrap();
        assert_eq!(
            per_sample(ClassWeights::Given(&[1.0]), &rows),
            Err(InvalidWeights::ClassCount {
                expected: 2,
                found: 1
            })
        );
        let error = per_sample(ClassWeights::Given(&[1.0, -2.0]), &rows).unwrap_err();
        assert_eq!(
            error.to_string(),
            "weight 1 is -2: expected a finite number, at least 0"
        );
        assert_eq!(
            ClassWeights::Balanced.fill(&rows, &mut [0.0; 3]),
            Err(InvalidWeights::Length {
                expected: 2,
                found: 3
            })
        );
        assert_eq!(
            check_sample_weights(&[0.0, 0.0], 2),
            Err(InvalidWeights::AllZero)
        );
        assert!(matches!(
            check_sample_weights(&[1.0, f64::NAN], 2),
            Err(InvalidWeights::Value { index: 1, .. })
        ));
        assert_eq!(check_sample_weights(&[0.0, 0.5], 2), Ok(()));
    }
}
