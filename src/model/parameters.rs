//! The trainable numbers of a network, seen as a list of slices.

use crate::math::scalar::Scalar;
use crate::model::init::Init;
use rand::Rng;

/// Access to a network's parameters (weights and biases) as contiguous slices.
///
/// A gradient has exactly the shape of the network it belongs to, so it is stored as a value of
/// the network's own type; optimisers walk the network and its gradient side by side through
/// [`parameters_mut`](Self::parameters_mut) and [`parameters`](Self::parameters). The slices
/// come in the same order for every value of a type, and their number and lengths are fixed
/// by the type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no parameters of type `{T}`: its scalar type is another",
    label = "this network's scalar type is not `{T}`",
    note = "a network computes in one scalar type, the one in its `mlp!(f32; …)`: an optimiser made with a `{T}` learning rate cannot train another; write the rate as a plain literal (`Adam::new(0.01)`) so it takes the network's type"
)]
pub trait Parameters<T: Scalar>: Sized {
    /// A network of the same shape with every parameter zero.
    fn zeros() -> Self;

    /// A network with weights drawn by `init` from `rng` and biases set to zero.
    ///
    /// The same `rng` state gives bit-identical weights.
    fn random<R: Rng + ?Sized>(init: Init, rng: &mut R) -> Self;

    /// The parameter slices, in a fixed order: for each layer, its weights
    /// (column-major, as nalgebra stores them), then its bias if it has one.
    fn parameters(&self) -> impl Iterator<Item = &[T]>;

    /// The same slices as [`parameters`](Self::parameters), mutable.
    fn parameters_mut(&mut self) -> impl Iterator<Item = &mut [T]>;

    /// The number of trainable parameters.
    fn parameter_count(&self) -> usize {
        self.parameters().map(<[T]>::len).sum()
    }
}
