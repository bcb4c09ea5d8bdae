//! `Network`: what a user does with a whole net — predict, measure a loss, train a step.

use crate::{Layer, Loss, Optimizer, Scalar};
use nalgebra::SMatrix;

/// Prediction and training for any [`Layer`], which in practice means a network built by
/// [`mlp!`](crate::mlp).
///
/// It is implemented for every layer; bring it into scope with `use static_mlp::prelude::*`.
/// The input width `I`, output width `O` and batch size `B` are all checked at compile time:
/// an input or label matrix of the wrong shape does not compile.
pub trait Network<T: Scalar, const I: usize, const O: usize>: Layer<T, I, O> {
    /// The network's outputs for a batch of `B` inputs, one sample per row.
    #[inline]
    fn predict<const B: usize>(&self, inputs: &SMatrix<T, B, I>) -> SMatrix<T, B, O> {
        self.forward(inputs)
    }

    /// The network's output for one sample.
    #[inline]
    fn predict_one(&self, input: [T; I]) -> [T; O] {
        let output = self.forward(&SMatrix::<T, 1, I>::from_fn(|_, i| input[i]));
        core::array::from_fn(|o| output[o])
    }

    /// The cost of the network's outputs on `inputs` against `labels`.
    fn loss<L: Loss<Self::OutputActivation>, const B: usize>(
        &self,
        loss: &L,
        inputs: &SMatrix<T, B, I>,
        labels: &SMatrix<T, B, O>,
    ) -> T {
        loss.value(&self.forward(inputs), labels)
    }

    /// The cost and its gradient `∂C/∂θ` (a value shaped like the network) on one batch:
    /// a forward pass, the output delta, and backpropagation.
    #[inline]
    fn gradient<L: Loss<Self::OutputActivation>, const B: usize>(
        &self,
        loss: &L,
        inputs: &SMatrix<T, B, I>,
        labels: &SMatrix<T, B, O>,
    ) -> (T, Self) {
        let cache = self.forward_cached(inputs);
        let outputs = Self::output(&cache);
        let delta = loss.output_delta(outputs, labels); // δᴸ = ∂C/∂zᴸ
        let mut gradient = Self::zeros();
        self.backward(inputs, &cache, &delta, &mut gradient);
        (loss.value(outputs, labels), gradient)
    }

    /// One training step on one batch: gradient, then the optimiser's update. Returns the
    /// cost before the update (the one the gradient was taken at).
    #[inline]
    fn train_step<L, P, const B: usize>(
        &mut self,
        loss: &L,
        optimizer: &mut P,
        inputs: &SMatrix<T, B, I>,
        labels: &SMatrix<T, B, O>,
    ) -> T
    where
        L: Loss<Self::OutputActivation>,
        P: Optimizer<T, Self>,
    {
        let (cost, gradient) = self.gradient(loss, inputs, labels);
        optimizer.step(self, &gradient);
        cost
    }
}

impl<T: Scalar, N: Layer<T, I, O>, const I: usize, const O: usize> Network<T, I, O> for N {}
