//! Cost functions `C(a, y)` and the output delta `δᴸ = ∂C/∂zᴸ` that starts backpropagation.
//!
//! Both losses are means over every output of every sample, the convention of the lab's numpy
//! code, PyTorch, dfdx and candle: for a batch of `n` samples with one output each, mean squared
//! error has `∂C/∂a = 2(a − y)/n`, and binary cross-entropy after a sigmoid has
//! `∂C/∂z = (a − y)/n`.

use crate::math::activation::Activation;
use crate::math::activation::Sigmoid;
use crate::math::kernels;
use crate::math::scalar::Scalar;
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
    note = "binary cross-entropy needs a `Sigmoid` output layer (outputs must lie in (0, 1)); mean squared error works with any"
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

    /// The label values this loss accepts; [`Fit`](crate::Fit) rejects a data set with a
    /// label outside it before training starts. Any finite value unless a loss narrows it.
    fn label_range(&self) -> RangeInclusive<f64> {
        f64::MIN..=f64::MAX
    }
}

/// Mean squared error `C = mean((a − y)²)`, the lab's loss. Works with any output activation.
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
        // δᴸ = ∂C/∂a ⊙ f'(zᴸ) = 2(a − y)/n ⊙ f'(zᴸ)
        kernels::zip_map(outputs, labels, |a, y| {
            two * (a - y) / count * A::derivative(a)
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::activation::Identity;
    use nalgebra::matrix;

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

    #[test]
    fn bce_of_a_half_is_ln_two() {
        let a = matrix![0.5; 0.5_f64];
        let y = matrix![0.0; 1.0];
        let value = BinaryCrossEntropy.value(&a, &y);
        assert!((value - core::f64::consts::LN_2).abs() < 1e-15);
    }
}
