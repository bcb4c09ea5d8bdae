//! `Network`: what a user does with a whole net to use it — predict a batch, one sample, a class.

use crate::math::argmax::class_of;
use crate::math::dispatch::{Work, fastest};
use crate::math::scalar::Scalar;
use crate::model::layer::Layer;
use core::marker::PhantomData;
use nalgebra::SMatrix;

/// Prediction for any [`Layer`], which in practice means a network built by
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

    /// The class the network picks for one sample. With two outputs or more, the index of its
    /// largest output ([`metrics::argmax`](crate::metrics::argmax)), or `None` when no single
    /// output is largest (a NaN, or a tie), so a broken output is never taken for a class. With
    /// one output (a binary classifier), class 1 for an output above 0.5 and class 0 at or below
    /// it, as [`metrics::accuracy`](crate::metrics::accuracy) counts it; `None` for a NaN.
    ///
    /// ```
    /// use static_mlp::prelude::*;
    ///
    /// type Digits = mlp!(f32; 64 => 16 Relu => 10 Softmax);
    /// let net = Digits::random(Init::He, &mut StdRng::seed_from_u64(3));
    /// let class = net.predict_class([0.5; 64]);
    /// assert!(class.is_some_and(|digit| digit < 10));
    /// assert_eq!(Digits::zeros().predict_class([0.5; 64]), None); // ten equal outputs
    ///
    /// // One sigmoid output.
    /// type Binary = mlp!(f64; 1 => 1 Sigmoid);
    /// let mut net = Binary::zeros();
    /// for values in net.parameters_mut() {
    ///     values.fill(2.0); // weight 2, bias 2: σ(2·x + 2)
    /// }
    /// assert_eq!(net.predict_class([0.0]), Some(1));
    /// assert_eq!(net.predict_class([-2.0]), Some(0));
    /// assert_eq!(net.predict_class([-1.0]), Some(0)); // exactly 0.5
    /// ```
    #[inline]
    fn predict_class(&self, input: [T; I]) -> Option<usize> {
        class_of(&self.predict_one(input))
    }
}

impl<T: Scalar, N: Layer<T, I, O>, const I: usize, const O: usize> Network<T, I, O> for N {}

// The work `predict` hands to `fastest`: its arguments, and the code that uses them.

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
