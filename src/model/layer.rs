//! The `Layer` trait: what a building block (and so a whole network) computes.

use crate::math::scalar::Scalar;
use crate::model::activation::Activation;
use crate::model::parameters::Parameters;
use nalgebra::SMatrix;

/// A differentiable map from batches of `I` inputs to batches of `O` outputs.
///
/// A single [`Dense`](crate::model::Dense) layer implements it, and so does a [`Chain`](crate::model::Chain)
/// of them: a whole network is a layer. Batches are matrices with one sample per row, so an
/// input batch of `B` samples is an `SMatrix<T, B, I>`, and the batch size is a type too.
///
/// Users rarely call these methods directly: the [`Network`](crate::model::Network) trait, implemented
/// for every layer, offers `predict` and `train_step` on top of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a layer from {I} inputs to {O} outputs of `{T}`",
    label = "this layer's widths or scalar type do not fit here",
    note = "in a chain, each layer's input width must equal the output width of the layer before it",
    note = "a network computes in one scalar type, the one in its `mlp!(f32; …)`: its optimiser's learning rate and its data must be of that type too"
)]
pub trait Layer<T: Scalar, const I: usize, const O: usize>: Parameters<T> {
    /// The activation of the last layer: losses fuse their gradient with it.
    type OutputActivation: Activation;

    /// What the forward pass keeps for the backward pass: every layer's activations, for a
    /// batch of `B` samples.
    type Cache<const B: usize>;

    /// The outputs for a batch of inputs (inference: keeps nothing).
    fn forward<const B: usize>(&self, inputs: &SMatrix<T, B, I>) -> SMatrix<T, B, O>;

    /// The forward pass for training: every layer's activations `aˡ`, the output among them.
    fn forward_cached<const B: usize>(&self, inputs: &SMatrix<T, B, I>) -> Self::Cache<B>;

    /// The output activations `aᴸ` inside a cache.
    fn output<const B: usize>(cache: &Self::Cache<B>) -> &SMatrix<T, B, O>;

    /// Backpropagates `delta = ∂C/∂zᴸ`, the gradient of the cost with respect to the last
    /// layer's pre-activations. Writes `∂C/∂θ` for every parameter into `gradient` and returns
    /// `∂C/∂x`, the gradient with respect to `inputs`.
    fn backward<const B: usize>(
        &self,
        inputs: &SMatrix<T, B, I>,
        cache: &Self::Cache<B>,
        delta: &SMatrix<T, B, O>,
        gradient: &mut Self,
    ) -> SMatrix<T, B, I>;
}
