//! Cost functions `C(a, y)` and the output delta `δᴸ = ∂C/∂zᴸ` that starts backpropagation.
//!
//! Mean squared error and binary cross-entropy are means over every output of every sample,
//! the convention of the lab's numpy code, PyTorch, dfdx and candle: for a batch of `n` samples
//! with one output each, mean squared error has `∂C/∂a = 2(a − y)/n`, and binary cross-entropy
//! after a sigmoid has `∂C/∂z = (a − y)/n`. Categorical cross-entropy sums over a sample's
//! classes and takes the mean over samples (PyTorch's `cross_entropy`): after a softmax,
//! `∂C/∂z = (a − y)/n` with `n` the number of samples.

use crate::math::kernels;
use crate::math::scalar::Scalar;
use crate::model::activation::Activation;
use crate::model::activation::Sigmoid;
use crate::model::activation::Softmax;
use core::ops::RangeInclusive;
use nalgebra::SMatrix;

/// A cost function that can start backpropagation through an output layer with activation `A`.
///
/// The loss computes `δᴸ = ∂C/∂zᴸ` itself rather than `∂C/∂aᴸ`, so that a loss can fuse its
/// gradient with the output activation where that is more accurate, as binary cross-entropy
/// does with a sigmoid. A loss that makes no sense for an activation simply does not implement
/// `Loss` for it, and pairing them is a compile error.
#[diagnostic::on_unimplemented(
    message = "the loss `{Self}` cannot be used with a `{A}` output layer",
    label = "this loss does not fit the network's output activation",
    note = "binary cross-entropy needs a `Sigmoid` output layer (outputs must lie in (0, 1)); mean squared error works with any",
    note = "categorical cross-entropy needs a `Softmax` output layer (each sample's outputs must be probabilities summing to 1), as in `mlp!(f32; 16 => 32 Relu => 10 Softmax)`"
)]
pub trait Loss<A: Activation> {
    /// The cost `C` of a batch of outputs `a` against labels `y`.
    fn value<T: Scalar, const B: usize, const O: usize>(
        &self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
    ) -> T;

    /// `δᴸ = ∂C/∂zᴸ`, the gradient with respect to the output layer's pre-activations.
    fn output_delta<T: Scalar, const B: usize, const O: usize>(
        &self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
    ) -> SMatrix<T, B, O>;

    /// The label values this loss accepts; [`Fit`](crate::train::Fit) rejects a data set with a
    /// label outside it before training starts. Any finite value unless a loss narrows it.
    fn label_range(&self) -> RangeInclusive<f64> {
        f64::MIN..=f64::MAX
    }
}

/// Mean squared error `C = mean((a − y)²)`, the lab's loss. Works with any output activation:
/// its gradient `∂C/∂a = 2(a − y)/n` goes through the activation's
/// [`pre_activation_gradient`](Activation::pre_activation_gradient), which is the element-wise
/// `⊙ f'(z)` for most and the full Jacobian-vector product for [`Softmax`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MeanSquaredError;

impl<A: Activation> Loss<A> for MeanSquaredError {
    #[inline(always)]
    fn value<T: Scalar, const B: usize, const O: usize>(
        &self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
    ) -> T {
        let count = T::literal((B * O) as f64);
        (outputs - labels).norm_squared() / count
    }

    #[inline(always)]
    fn output_delta<T: Scalar, const B: usize, const O: usize>(
        &self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
    ) -> SMatrix<T, B, O> {
        let count = T::literal((B * O) as f64);
        let two = T::literal(2.0);
        // ∂C/∂a = 2(a − y)/n; δᴸ = ∂C/∂a ⊙ f'(zᴸ) (for softmax, the Jacobian-vector product)
        let output_gradient = kernels::zip_map(outputs, labels, |a, y| two * (a - y) / count);
        A::pre_activation_gradient(&output_gradient, outputs)
    }
}

/// Binary cross-entropy `C = −mean(y·ln a + (1 − y)·ln(1 − a))`, for labels in `[0, 1]`.
///
/// It is implemented only for a [`Sigmoid`] output layer, whose outputs lie in `(0, 1)`. Its
/// gradient is the fused `δᴸ = (a − y)/n`, which stays finite when the sigmoid saturates at
/// exactly 0 or 1; the value clamps `a` to `[ε, 1 − ε]` ([`Scalar::LOG_CLAMP`]) before taking
/// logarithms, so it stays finite too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BinaryCrossEntropy;

impl Loss<Sigmoid> for BinaryCrossEntropy {
    #[inline(always)]
    fn value<T: Scalar, const B: usize, const O: usize>(
        &self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
    ) -> T {
        let count = T::literal((B * O) as f64);
        let (low, high) = (T::LOG_CLAMP, T::ONE - T::LOG_CLAMP);
        let total = outputs.zip_fold(labels, T::ZERO, |sum, a, y| {
            let a = a.clamp(low, high);
            sum + y * a.ln() + (T::ONE - y) * (T::ONE - a).ln()
        });
        -total / count
    }

    #[inline(always)]
    fn output_delta<T: Scalar, const B: usize, const O: usize>(
        &self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
    ) -> SMatrix<T, B, O> {
        let count = T::literal((B * O) as f64);
        // δᴸ = (a − y)/n: ∂C/∂a = (a − y)/(n·a(1 − a)) times σ'(z) = a(1 − a)
        kernels::zip_map(outputs, labels, |a, y| (a - y) / count)
    }

    /// Labels are probabilities: `[0, 1]`.
    fn label_range(&self) -> RangeInclusive<f64> {
        0.0..=1.0
    }
}

/// Categorical cross-entropy `C = −(1/n)·Σ_samples Σₖ yₖ·ln aₖ`, for a [`Softmax`] output and
/// labels that are one-hot rows or probability distributions (each value in `[0, 1]`).
///
/// It is implemented only for a softmax output layer. Its gradient is fused with the softmax:
/// `δᴸ = (a·Σⱼ yⱼ − y)/n`, which is `(a − y)/n` for a row of labels summing to 1 and is the
/// exact gradient of the value for any row. It never divides by `a`, so it is finite whatever
/// the logits: the softmax shifts each row by its largest logit before exponentiating (the
/// log-sum-exp trick), so logits of ±10⁴ give outputs of exactly 0 and 1 and a delta of at most
/// `1/n` in size.
///
/// The value only sees the probabilities `a`, not the logits: where a probability has
/// underflowed to exactly 0 it is taken as the smallest positive normal number before the
/// logarithm, so the loss stays finite, at most `−ln(2⁻¹⁰²²) ≈ 708.4` (`f64`) or
/// `−ln(2⁻¹²⁶) ≈ 87.3` (`f32`) per sample and label unit. This only changes the value when a
/// labelled class's logit trails the largest by more than about 745 (`f64`) or 87 (`f32`);
/// the gradient is exact there too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CategoricalCrossEntropy;

/// The smallest positive normal number of `T`: `2⁻¹⁰²²` or `2⁻¹²⁶`.
#[inline(always)]
fn smallest_normal<T: Scalar>() -> T {
    if size_of::<T>() == size_of::<f32>() {
        T::literal(f64::from(f32::MIN_POSITIVE))
    } else {
        T::literal(f64::MIN_POSITIVE)
    }
}

impl Loss<Softmax> for CategoricalCrossEntropy {
    #[inline(always)]
    fn value<T: Scalar, const B: usize, const O: usize>(
        &self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
    ) -> T {
        let samples = T::literal(B as f64);
        let tiny = smallest_normal::<T>();
        // Σ yₖ·ln aₖ, with 0·ln 0 read as 0 (a clamped a is finite, so 0·ln a = 0)
        let total = outputs.zip_fold(labels, T::ZERO, |sum, a, y| {
            sum + y * (if a > tiny { a } else { tiny }).ln()
        });
        -total / samples
    }

    #[inline(always)]
    fn output_delta<T: Scalar, const B: usize, const O: usize>(
        &self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
    ) -> SMatrix<T, B, O> {
        if B == 0 {
            return *outputs;
        }
        let samples = T::literal(B as f64);
        let mut label_sums = [T::ZERO; B];
        for column in labels.as_slice().chunks_exact(B) {
            for (sum, &y) in label_sums.iter_mut().zip(column) {
                *sum += y; // Σⱼ yⱼ, 1 for a one-hot row
            }
        }
        // δᴸ = (a·Σⱼ yⱼ − y)/n: ∂C/∂a = −y/(n·a) times softmax's Jacobian
        let mut delta = *outputs;
        for (d, y) in delta
            .as_mut_slice()
            .chunks_exact_mut(B)
            .zip(labels.as_slice().chunks_exact(B))
        {
            for ((d, &y), &sum) in d.iter_mut().zip(y).zip(&label_sums) {
                *d = (*d * sum - y) / samples;
            }
        }
        delta
    }

    /// Labels are probabilities: `[0, 1]` (one-hot rows, or distributions over the classes).
    fn label_range(&self) -> RangeInclusive<f64> {
        0.0..=1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::Identity;

    #[test]
    fn mse_is_mean_of_squares() {
        let a = matrix![1.0; 3.0];
        let y = matrix![0.0; 1.0];
        assert_eq!(Loss::<Identity>::value(&MeanSquaredError, &a, &y), 2.5);
        let delta = Loss::<Identity>::output_delta(&MeanSquaredError, &a, &y);
        assert_eq!(delta, matrix![1.0; 2.0]);
    }

    #[test]
    fn bce_stays_finite_when_outputs_saturate() {
        let a = matrix![0.0; 1.0; 1.0_f64];
        let y = matrix![1.0; 0.0; 1.0];
        let value = BinaryCrossEntropy.value(&a, &y);
        assert!(value.is_finite() && value > 0.0, "{value}");
        let delta = BinaryCrossEntropy.output_delta(&a, &y);
        assert_eq!(delta, matrix![-1.0 / 3.0; 1.0 / 3.0; 0.0]);

        let a32 = matrix![0.0_f32; 1.0];
        let y32 = matrix![1.0_f32; 0.0];
        assert!(BinaryCrossEntropy.value(&a32, &y32).is_finite());
    }

    /// Categorical cross-entropy of the logits `z`, computed independently by log-sum-exp:
    /// `−Σₖ yₖ·(zₖ − m − ln Σⱼ e^(zⱼ − m))`.
    fn cce_by_log_sum_exp(z: &[f64], y: &[f64]) -> f64 {
        let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let log_sum = z.iter().map(|z| (z - m).exp()).sum::<f64>().ln();
        -z.iter()
            .zip(y)
            .map(|(z, y)| y * (z - m - log_sum))
            .sum::<f64>()
    }

    fn softmax<const B: usize, const O: usize>(z: SMatrix<f64, B, O>) -> SMatrix<f64, B, O> {
        let mut a = z;
        Softmax::apply_rows(&mut a);
        a
    }

    #[test]
    fn cce_matches_log_sum_exp_and_delta_is_a_minus_y_over_n() {
        let z = matrix![0.2, -1.0, 3.0; 1.5, 0.5, -0.5];
        let y = matrix![0.0, 0.0, 1.0; 0.2, 0.8, 0.0];
        let a = softmax(z);
        let expected = (cce_by_log_sum_exp(&[0.2, -1.0, 3.0], &[0.0, 0.0, 1.0])
            + cce_by_log_sum_exp(&[1.5, 0.5, -0.5], &[0.2, 0.8, 0.0]))
            / 2.0;
        let value = CategoricalCrossEntropy.value(&a, &y);
        assert!((value - expected).abs() < 1e-14, "{value} vs {expected}");
        let delta = CategoricalCrossEntropy.output_delta(&a, &y);
        assert_eq!(delta, (a - y) / 2.0);
    }

    #[test]
    fn cce_is_finite_at_logits_of_ten_thousand() {
        // The labelled class trails by 2·10⁴: the true loss is 2·10⁴, beyond what the
        // probabilities can show; the value is capped but finite and the gradient is exact.
        let z = matrix![1e4, -1e4; -1e4, 1e4];
        let y = matrix![0.0, 1.0; 0.0, 1.0];
        let a = softmax(z);
        assert_eq!(a, matrix![1.0, 0.0; 0.0, 1.0]);
        let value = CategoricalCrossEntropy.value(&a, &y);
        assert!(value.is_finite(), "{value}");
        assert!(
            (value - (-f64::MIN_POSITIVE.ln()) / 2.0).abs() < 1e-12,
            "{value}"
        );
        let delta = CategoricalCrossEntropy.output_delta(&a, &y);
        assert_eq!(delta, matrix![0.5, -0.5; 0.0, 0.0]);

        let z32 = matrix![1e4_f32, -1e4, 0.0];
        let mut a32 = z32;
        Softmax::apply_rows(&mut a32);
        let y32 = matrix![0.0_f32, 1.0, 0.0];
        let value = CategoricalCrossEntropy.value(&a32, &y32);
        assert!(value.is_finite() && value > 80.0, "{value}");
        let delta = CategoricalCrossEntropy.output_delta(&a32, &y32);
        assert_eq!(delta, matrix![1.0_f32, -1.0, 0.0]);
    }

    #[test]
    fn mse_through_softmax_uses_the_jacobian() {
        // C = mean((a − y)²) with a = softmax(z); central differences in z.
        let z = matrix![0.4, -0.3, 1.1];
        let y = matrix![1.0, 0.0, 0.0];
        let delta = Loss::<Softmax>::output_delta(&MeanSquaredError, &softmax(z), &y);
        for k in 0..3 {
            let h = 1e-6;
            let (mut above, mut below) = (z, z);
            above[k] += h;
            below[k] -= h;
            let cost = |z| Loss::<Softmax>::value(&MeanSquaredError, &softmax(z), &y);
            let numeric = (cost(above) - cost(below)) / (2.0 * h);
            assert!(
                (numeric - delta[k]).abs() < 1e-9,
                "{k}: {numeric} vs {}",
                delta[k]
            );
        }
    }

    #[test]
    fn bce_of_a_half_is_ln_two() {
        let a = matrix![0.5; 0.5_f64];
        let y = matrix![0.0; 1.0];
        let value = BinaryCrossEntropy.value(&a, &y);
        assert!((value - core::f64::consts::LN_2).abs() < 1e-15);
    }
}
