//! `Train`: what a user does with a whole net to train it — measure a loss, take its
//! gradient, make one training step.

use crate::math::dispatch::{Work, fastest};
use crate::math::scalar::Scalar;
use crate::model::layer::Layer;
use crate::model::network::Network;
use crate::train::loss::Loss;
use crate::train::optim::Optimizer;
use nalgebra::SMatrix;

/// The cost, its gradient and one training step on one batch, for any [`Layer`], which in
/// practice means a network built by [`mlp!`](crate::mlp).
///
/// It is implemented for every network; bring it into scope with `use
/// static_mlp::prelude::*`. The batch size `B` and both widths are checked at compile time: an
/// input or label matrix of the wrong shape does not compile. A whole run over a data set,
/// with batches and stopping rules, is [`Fit`](crate::train::Fit).
pub trait Train<T: Scalar, const I: usize, const O: usize>: Network<T, I, O> {
    /// The cost of the network's outputs on `inputs` against `labels`.
    fn loss<L: Loss<Self::OutputActivation>, const B: usize>(
        &self,
        loss: &L,
        inputs: &SMatrix<T, B, I>,
        labels: &SMatrix<T, B, O>,
    ) -> T {
        loss.value(&self.predict(inputs), labels)
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
        fastest(Gradient {
            network: self,
            loss,
            inputs,
            labels,
        })
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
        fastest(TrainStep {
            network: self,
            loss,
            optimizer,
            inputs,
            labels,
        })
    }
}

impl<T: Scalar, N: Layer<T, I, O>, const I: usize, const O: usize> Train<T, I, O> for N {}

// The work each entry point hands to `fastest`: its arguments, and the code that uses them.

struct Gradient<'a, T: Scalar, N, L, const B: usize, const I: usize, const O: usize> {
    network: &'a N,
    loss: &'a L,
    inputs: &'a SMatrix<T, B, I>,
    labels: &'a SMatrix<T, B, O>,
}

impl<T, N, L, const B: usize, const I: usize, const O: usize> Work
    for Gradient<'_, T, N, L, B, I, O>
where
    T: Scalar,
    N: Layer<T, I, O>,
    L: Loss<N::OutputActivation>,
{
    type Scalar = T;
    const SAMPLES: usize = B;
    type Output = (T, N);

    #[inline(always)]
    fn run(self) -> (T, N) {
        self.backpropagate::<true>()
    }
}

impl<T, N, L, const B: usize, const I: usize, const O: usize> Gradient<'_, T, N, L, B, I, O>
where
    T: Scalar,
    N: Layer<T, I, O>,
    L: Loss<N::OutputActivation>,
{
    /// The gradient, and the cost when `COST` (zero otherwise: the batch loops that only
    /// want the gradient skip the loss's `ln`s, which nothing else needs).
    #[inline(always)]
    fn backpropagate<const COST: bool>(self) -> (T, N) {
        let Self {
            network,
            loss,
            inputs,
            labels,
        } = self;
        let cache = network.forward_cached(inputs);
        let outputs = N::output(&cache);
        let delta = loss.output_delta(outputs, labels); // δᴸ = ∂C/∂zᴸ
        let mut gradient = N::zeros();
        network.backward(inputs, &cache, &delta, &mut gradient);
        let cost = if COST {
            loss.value(outputs, labels)
        } else {
            T::ZERO
        };
        (cost, gradient)
    }
}

/// The gradient alone, for the epoch loops of [`batch`](crate::train::batch), which have
/// no use for each batch's cost (`Fit` measures the loss once per epoch).
#[inline]
pub(crate) fn gradient_only<T, N, L, const B: usize, const I: usize, const O: usize>(
    network: &N,
    loss: &L,
    inputs: &SMatrix<T, B, I>,
    labels: &SMatrix<T, B, O>,
) -> N
where
    T: Scalar,
    N: Layer<T, I, O>,
    L: Loss<N::OutputActivation>,
{
    fastest(GradientOnly(Gradient {
        network,
        loss,
        inputs,
        labels,
    }))
}

struct GradientOnly<'a, T: Scalar, N, L, const B: usize, const I: usize, const O: usize>(
    Gradient<'a, T, N, L, B, I, O>,
);

impl<T, N, L, const B: usize, const I: usize, const O: usize> Work
    for GradientOnly<'_, T, N, L, B, I, O>
where
    T: Scalar,
    N: Layer<T, I, O>,
    L: Loss<N::OutputActivation>,
{
    type Scalar = T;
    const SAMPLES: usize = B;
    type Output = N;

    #[inline(always)]
    fn run(self) -> N {
        self.0.backpropagate::<false>().1
    }
}

struct TrainStep<'a, T: Scalar, N, L, P, const B: usize, const I: usize, const O: usize> {
    network: &'a mut N,
    loss: &'a L,
    optimizer: &'a mut P,
    inputs: &'a SMatrix<T, B, I>,
    labels: &'a SMatrix<T, B, O>,
}

impl<T, N, L, P, const B: usize, const I: usize, const O: usize> Work
    for TrainStep<'_, T, N, L, P, B, I, O>
where
    T: Scalar,
    N: Layer<T, I, O>,
    L: Loss<N::OutputActivation>,
    P: Optimizer<T, N>,
{
    type Scalar = T;
    const SAMPLES: usize = B;
    type Output = T;

    #[inline(always)]
    fn run(self) -> T {
        let Self {
            network,
            loss,
            optimizer,
            inputs,
            labels,
        } = self;
        let (cost, gradient) = Gradient {
            network: &*network,
            loss,
            inputs,
            labels,
        }
        .run();
        optimizer.step(network, &gradient);
        cost
    }
}
