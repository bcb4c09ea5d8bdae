//! `Network`: what a user does with a whole net — predict, measure a loss, train a step.

use crate::math::dispatch::{Work, fastest};
use crate::math::scalar::Scalar;
use crate::metrics::accuracy::argmax;
use crate::model::layer::Layer;
use crate::train::loss::Loss;
use crate::train::optim::Optimizer;
use core::marker::PhantomData;
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
        fastest(Forward {
            network: self,
            inputs,
            output: PhantomData,
        })
    }

    /// The network's output for one sample.
    ///
    /// Each layer's sums run down its weight columns in SIMD lanes instead of sample by
    /// sample, so the result is the row [`predict`](Self::predict) gives for the same input to
    /// rounding (a few ulp), not always to the bit; it is the same bits on every CPU. (Batches
    /// of two or three run their rows this way too where a layer has 8 `f64` or 16 `f32`
    /// inputs or more, so there the rows are `predict_one`'s bits.)
    #[inline]
    fn predict_one(&self, input: [T; I]) -> [T; O] {
        let output = self.predict(&SMatrix::<T, 1, I>::from_row_slice(&input));
        core::array::from_fn(|o| output[o])
    }

    /// The class the network picks for one sample: the index of its largest output
    /// ([`metrics::argmax`](crate::metrics::argmax)), or `None` when no single output is
    /// largest (a NaN, or a tie), so a broken output is never taken for a class.
    ///
    /// ```
    /// use static_mlp::prelude::*;
    ///
    /// type Digits = mlp!(f32; 64 => 16 Relu => 10 Softmax);
    /// let net = Digits::random(Init::He, &mut StdRng::seed_from_u64(3));
    /// let class = net.predict_class([0.5; 64]);
    /// assert!(class.is_some_and(|digit| digit < 10));
    /// assert_eq!(Digits::zeros().predict_class([0.5; 64]), None); // ten equal outputs
    /// ```
    #[inline]
    fn predict_class(&self, input: [T; I]) -> Option<usize> {
        argmax(&self.predict_one(input))
    }

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

impl<T: Scalar, N: Layer<T, I, O>, const I: usize, const O: usize> Network<T, I, O> for N {}

// The work each entry point hands to `fastest`: its arguments, and the code that uses them.

struct Forward<'a, T: Scalar, N, const B: usize, const I: usize, const O: usize> {
    network: &'a N,
    inputs: &'a SMatrix<T, B, I>,
    /// Names `O` in the type, as every width must be (see the `chain` module).
    output: PhantomData<SMatrix<T, B, O>>,
}

impl<T: Scalar, N: Layer<T, I, O>, const B: usize, const I: usize, const O: usize> Work
    for Forward<'_, T, N, B, I, O>
{
    type Scalar = T;
    const SAMPLES: usize = B;
    const FORWARD_ONLY: bool = true;
    type Output = SMatrix<T, B, O>;

    #[inline(always)]
    fn run(self) -> Self::Output {
        self.network.forward(self.inputs)
    }
}

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
