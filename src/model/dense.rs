//! `Dense`: one fully connected layer, `a = f(x·W + b)`.

use crate::math::kernels;
use crate::math::scalar::Scalar;
use crate::model::activation::Activation;
use crate::model::activation::Sigmoid;
use crate::model::init::Init;
use crate::model::layer::Layer;
use crate::model::parameters::Parameters;
use core::marker::PhantomData;
use nalgebra::{ArrayStorage, RowSVector, SMatrix};
use rand::Rng;

/// Whether a [`Dense`] layer adds a bias: [`WithBias`] (the default) or [`NoBias`].
pub trait BiasMode: Copy + Default + core::fmt::Debug + 'static {
    /// `true` when the layer adds and trains its bias.
    const ENABLED: bool;
}

/// The layer adds a trained bias vector `b`: `z = x·W + b`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WithBias;

/// The layer has no bias: `z = x·W`, as in the lab's network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoBias;

impl BiasMode for WithBias {
    const ENABLED: bool = true;
}
impl BiasMode for NoBias {
    const ENABLED: bool = false;
}

/// A fully connected layer from `I` inputs to `O` outputs: `z = x·W + b`, `a = f(z)`.
///
/// Samples are rows, so the weights `W` are `I × O` (row `i` holds input `i`'s weights, as in
/// the lab's numpy code) and the bias `b` is a row vector of `O` values. A [`NoBias`] layer
/// keeps `b` at zero and never trains it.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Dense<T: Scalar, const I: usize, const O: usize, A = Sigmoid, Bias = WithBias> {
    weights: SMatrix<T, I, O>,
    bias: RowSVector<T, O>,
    #[cfg_attr(feature = "serde", serde(skip))]
    kind: PhantomData<(A, Bias)>,
}

impl<T: Scalar, const I: usize, const O: usize, A: Activation, Bias: BiasMode>
    Dense<T, I, O, A, Bias>
{
    /// A layer with the given weights (`I × O`, input index = row) and a zero bias.
    pub const fn from_weights(weights: SMatrix<T, I, O>) -> Self {
        let bias = RowSVector::from_array_storage(ArrayStorage([[T::ZERO]; O]));
        Self {
            weights,
            bias,
            kind: PhantomData,
        }
    }

    /// The weights `W`, `I × O`.
    pub const fn weights(&self) -> &SMatrix<T, I, O> {
        &self.weights
    }

    /// The bias `b` (all zero for a [`NoBias`] layer).
    pub const fn bias(&self) -> &RowSVector<T, O> {
        &self.bias
    }

    /// `z = x·W + b` for a batch.
    #[inline(always)]
    fn pre_activation<const B: usize>(&self, inputs: &SMatrix<T, B, I>) -> SMatrix<T, B, O> {
        let mut z = kernels::mul(inputs, &self.weights);
        if Bias::ENABLED {
            // one column of `z` per output, as an array: no loop over one sample
            let (columns, _) = z.as_mut_slice().as_chunks_mut::<B>();
            for (column, &b) in columns.iter_mut().zip(self.bias.as_slice()) {
                for z in column {
                    *z += b;
                }
            }
        }
        z
    }
}

impl<T: Scalar, const I: usize, const O: usize, A: Activation> Dense<T, I, O, A, WithBias> {
    /// A layer with the given weights (`I × O`) and bias (`1 × O`).
    pub const fn from_parts(weights: SMatrix<T, I, O>, bias: RowSVector<T, O>) -> Self {
        Self {
            weights,
            bias,
            kind: PhantomData,
        }
    }
}

impl<T: Scalar, const I: usize, const O: usize, A: Activation, Bias: BiasMode> Parameters<T>
    for Dense<T, I, O, A, Bias>
{
    fn zeros() -> Self {
        Self::from_weights(SMatrix::zeros())
    }

    fn random<R: Rng + ?Sized>(init: Init, rng: &mut R) -> Self {
        // Drawn row by row (input by input), the order the lab's numpy code draws in.
        let mut weights = SMatrix::zeros();
        for i in 0..I {
            for o in 0..O {
                weights[(i, o)] = init.sample(I, O, rng);
            }
        }
        Self::from_weights(weights)
    }

    fn parameters(&self) -> impl Iterator<Item = &[T]> {
        let bias = Bias::ENABLED.then_some(self.bias.as_slice());
        core::iter::once(self.weights.as_slice()).chain(bias)
    }

    fn parameters_mut(&mut self) -> impl Iterator<Item = &mut [T]> {
        let bias = Bias::ENABLED.then_some(self.bias.as_mut_slice());
        core::iter::once(self.weights.as_mut_slice()).chain(bias)
    }
}

impl<T: Scalar, const I: usize, const O: usize, A: Activation, Bias: BiasMode> Layer<T, I, O>
    for Dense<T, I, O, A, Bias>
{
    type OutputActivation = A;
    type Cache<const B: usize> = SMatrix<T, B, O>;

    #[inline(always)]
    fn forward<const B: usize>(&self, inputs: &SMatrix<T, B, I>) -> SMatrix<T, B, O> {
        let mut activations = self.pre_activation(inputs);
        A::apply_rows(&mut activations); // a = f(x·W + b), row by row for softmax
        activations
    }

    #[inline(always)]
    fn forward_cached<const B: usize>(&self, inputs: &SMatrix<T, B, I>) -> SMatrix<T, B, O> {
        self.forward(inputs)
    }

    #[inline(always)]
    fn output<const B: usize>(cache: &SMatrix<T, B, O>) -> &SMatrix<T, B, O> {
        cache
    }

    #[inline(always)]
    fn backward<const B: usize>(
        &self,
        inputs: &SMatrix<T, B, I>,
        _cache: &SMatrix<T, B, O>,
        delta: &SMatrix<T, B, O>,
        gradient: &mut Self,
    ) -> SMatrix<T, B, I> {
        gradient.weights = kernels::transpose_mul(inputs, delta); // ∂C/∂W = xᵀ·δ
        if Bias::ENABLED {
            gradient.bias = kernels::column_sums(delta); // ∂C/∂b = Σ over samples of δ
        }
        kernels::mul_transpose(delta, &self.weights) // ∂C/∂x = δ·Wᵀ
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::Identity;
    use nalgebra::Matrix1x2;

    #[test]
    fn forward_is_x_times_w_plus_b() {
        let layer: Dense<f64, 2, 2, Identity> =
            Dense::from_parts(matrix![1.0, 2.0; 3.0, 4.0], matrix![0.5, -0.5]);
        let out = layer.forward(&Matrix1x2::new(1.0, 1.0));
        assert_eq!(out, matrix![4.5, 5.5]);
    }

    #[test]
    fn no_bias_layer_has_only_weights_as_parameters() {
        let layer: Dense<f64, 2, 3, Identity, NoBias> = Dense::zeros();
        assert_eq!(layer.parameter_count(), 6);
        let biased: Dense<f64, 2, 3, Identity, WithBias> = Dense::zeros();
        assert_eq!(biased.parameter_count(), 9);
    }

    #[test]
    fn backward_gives_xt_delta_and_delta_wt() {
        let layer: Dense<f64, 2, 1, Identity> = Dense::from_weights(matrix![2.0; 3.0]);
        let x = matrix![1.0, 10.0; 2.0, 20.0];
        let delta = matrix![1.0; -1.0];
        let mut gradient = Dense::zeros();
        let dx = layer.backward(&x, &layer.forward_cached(&x), &delta, &mut gradient);
        assert_eq!(gradient.weights, matrix![-1.0; -10.0]);
        assert_eq!(gradient.bias, matrix![0.0]);
        assert_eq!(dx, matrix![2.0, 3.0; -2.0, -3.0]);
    }
}
