//! `Chain`: two layers in sequence, and the one type-level trick the crate relies on.

use crate::math::scalar::Scalar;
use crate::model::activation::Activation;
use crate::model::init::Init;
use crate::model::layer::Layer;
use crate::model::parameters::Parameters;
use nalgebra::SMatrix;
use rand::Rng;

/// Two layers in sequence: `first` maps `I → H`, then `rest` maps `H → O`.
///
/// `H`, the width where they meet, is part of the type; this is the one type-level trick the
/// crate relies on:
///
/// # Why `H` is in the type
///
/// A network `2 → 4 → 4 → 1` is a chain of layers in which every layer's output width is the
/// next one's input width. We want the compiler to check that, so the widths must be types
/// (const generics) and the chain must only be a [`Layer`] when its parts agree:
///
/// ```text
/// impl Layer<T, I, O> for Chain<First, Rest, H>
/// where First: Layer<T, I, H>,   // first maps I → H
///       Rest:  Layer<T, H, O>,   // rest maps H → O, so the widths meet at H
/// ```
///
/// `I` and `O` are fixed by the trait being implemented, but the hidden width `H` would appear
/// only in the `where` clause, and stable Rust rejects an impl parameter that nothing in the
/// impl's header fixes (error E0207). So `H` is written into the chain's own type:
/// `Chain<First, Rest, H>`. With every width in some impl's header, the compiler can solve for
/// all of them, and a chain whose parts disagree simply has no `Layer` impl.
///
/// Chains nest to the right: `2 → 4 → 4 → 1` is
/// `Chain<Dense<_, 2, 4>, Chain<Dense<_, 4, 4>, Dense<_, 4, 1>, 4>, 4>`. Nobody needs to write
/// that: the [`mlp!`](crate::mlp) macro writes it from the list of widths, each width once, so
/// the macro cannot produce a mismatch. Building a chain by hand goes through the checked
/// constructor [`Chain::new`], which reports a mismatch at the call that caused it.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Chain<First, Rest, const H: usize> {
    first: First,
    rest: Rest,
}

impl<First, Rest, const H: usize> Chain<First, Rest, H> {
    /// Chains two layers, checking at compile time that `first`'s output width equals
    /// `rest`'s input width.
    pub const fn new<T: Scalar, const I: usize, const O: usize>(first: First, rest: Rest) -> Self
    where
        First: Layer<T, I, H>,
        Rest: Layer<T, H, O>,
    {
        Self { first, rest }
    }

    /// Joins two parts without a width check, for other layer families (the quantised
    /// layers' checked constructor is `Chain::new_quantized`, in the `int8` module).
    pub(crate) const fn from_parts_unchecked(first: First, rest: Rest) -> Self {
        Self { first, rest }
    }

    /// The first layer.
    pub const fn first(&self) -> &First {
        &self.first
    }

    /// The layers after the first.
    pub const fn rest(&self) -> &Rest {
        &self.rest
    }
}

impl<T: Scalar, First, Rest, const H: usize> Parameters<T> for Chain<First, Rest, H>
where
    First: Parameters<T>,
    Rest: Parameters<T>,
{
    fn zeros() -> Self {
        Self {
            first: First::zeros(),
            rest: Rest::zeros(),
        }
    }

    fn random<R: Rng + ?Sized>(init: Init, rng: &mut R) -> Self {
        let first = First::random(init, rng);
        let rest = Rest::random(init, rng);
        Self { first, rest }
    }

    fn parameters(&self) -> impl Iterator<Item = &[T]> {
        self.first.parameters().chain(self.rest.parameters())
    }

    fn parameters_mut(&mut self) -> impl Iterator<Item = &mut [T]> {
        self.first
            .parameters_mut()
            .chain(self.rest.parameters_mut())
    }
}

impl<T: Scalar, First, Rest, const I: usize, const H: usize, const O: usize> Layer<T, I, O>
    for Chain<First, Rest, H>
where
    First: Layer<T, I, H>,
    Rest: Layer<T, H, O>,
{
    type OutputActivation = Rest::OutputActivation;
    type Cache<const B: usize> = (First::Cache<B>, Rest::Cache<B>);

    #[inline(always)]
    fn forward<const B: usize>(&self, inputs: &SMatrix<T, B, I>) -> SMatrix<T, B, O> {
        self.rest.forward(&self.first.forward(inputs))
    }

    #[inline(always)]
    fn forward_cached<const B: usize>(&self, inputs: &SMatrix<T, B, I>) -> Self::Cache<B> {
        let first = self.first.forward_cached(inputs);
        let rest = self.rest.forward_cached(First::output(&first));
        (first, rest)
    }

    #[inline(always)]
    fn output<const B: usize>((_, rest): &Self::Cache<B>) -> &SMatrix<T, B, O> {
        Rest::output(rest)
    }

    #[inline(always)]
    fn backward<const B: usize>(
        &self,
        inputs: &SMatrix<T, B, I>,
        (first_cache, rest_cache): &Self::Cache<B>,
        delta: &SMatrix<T, B, O>,
        gradient: &mut Self,
    ) -> SMatrix<T, B, I> {
        let hidden = First::output(first_cache); // aˡ, the activations where the layers meet
        // ∂C/∂aˡ = δˡ⁺¹·Wˡ⁺¹ᵀ
        let hidden_gradient = self
            .rest
            .backward(hidden, rest_cache, delta, &mut gradient.rest);
        // δˡ = ∂C/∂aˡ ⊙ f'(zˡ) (the Jacobian-vector product for a row-wise activation)
        let hidden_delta =
            First::OutputActivation::pre_activation_gradient(&hidden_gradient, hidden);
        self.first
            .backward(inputs, first_cache, &hidden_delta, &mut gradient.first)
    }
}
