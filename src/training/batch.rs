//! Batching: how one epoch of [`Fit`](crate::Fit) walks the data set — as one full batch, or
//! as shuffled mini-batches of a fixed size `M`.

use crate::data::Dataset;
use crate::math::loss::Loss;
use crate::math::scalar::Scalar;
use crate::training::network::Network;
use crate::training::optim::Optimizer;
use nalgebra::SMatrix;
use rand::Rng;
use rand::seq::SliceRandom;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::FullBatch {}
    impl<const M: usize> Sealed for super::MiniBatches<'_, M> {}
}

/// One epoch of training: [`FullBatch`] or [`MiniBatches`]. Sealed: the crate's two are all.
pub trait Batching: sealed::Sealed {
    /// Trains `network` on every sample of `data` once. `order` holds the sample indices in
    /// some order; `Fit` makes it once, before the first epoch, and mini-batches shuffle it
    /// in place, so no epoch allocates.
    fn train_epoch<T, Net, L, P, const N: usize, const I: usize, const O: usize>(
        &mut self,
        network: &mut Net,
        loss: &L,
        optimizer: &mut P,
        data: &Dataset<T, N, I, O>,
        order: &mut [usize; N],
    ) where
        T: Scalar,
        Net: Network<T, I, O>,
        L: Loss<Net::OutputActivation>,
        P: Optimizer<T, Net> + ?Sized;
}

/// The whole data set is one batch: one gradient step per epoch, the lab's way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FullBatch;

impl Batching for FullBatch {
    #[inline]
    fn train_epoch<T, Net, L, P, const N: usize, const I: usize, const O: usize>(
        &mut self,
        network: &mut Net,
        loss: &L,
        optimizer: &mut P,
        data: &Dataset<T, N, I, O>,
        _order: &mut [usize; N],
    ) where
        T: Scalar,
        Net: Network<T, I, O>,
        L: Loss<Net::OutputActivation>,
        P: Optimizer<T, Net> + ?Sized,
    {
        let (_, gradient) = network.gradient(loss, &data.inputs, &data.labels);
        optimizer.step(network, &gradient);
    }
}

/// Mini-batches of `M` samples, in an order reshuffled every epoch from the caller's `Rng`.
///
/// An epoch of `N` samples makes `⌊N/M⌋` steps on batches of exactly `M` samples (statically
/// shaped `M × I` matrices), then, when `M` does not divide `N`, **one more step on the
/// remaining `N mod M` samples at their real size**: nothing is dropped or padded. That short
/// batch's gradient is the mean of its samples' one-sample gradients, which is exactly the
/// gradient of the loss over those samples, because both losses are means over samples.
pub struct MiniBatches<'r, const M: usize> {
    rng: &'r mut dyn Rng,
}

impl<'r, const M: usize> MiniBatches<'r, M> {
    /// Mini-batches of `M` samples (`M ≥ 1`, checked at compile time), shuffled by `rng`.
    pub fn new(rng: &'r mut dyn Rng) -> Self {
        const { assert!(M > 0, "mini-batches need at least one sample (M > 0)") };
        Self { rng }
    }
}

impl<const M: usize> Batching for MiniBatches<'_, M> {
    fn train_epoch<T, Net, L, P, const N: usize, const I: usize, const O: usize>(
        &mut self,
        network: &mut Net,
        loss: &L,
        optimizer: &mut P,
        data: &Dataset<T, N, I, O>,
        order: &mut [usize; N],
    ) where
        T: Scalar,
        Net: Network<T, I, O>,
        L: Loss<Net::OutputActivation>,
        P: Optimizer<T, Net> + ?Sized,
    {
        order.shuffle(self.rng);
        let mut batches = order.chunks_exact(M);
        for batch in &mut batches {
            let inputs: SMatrix<T, M, I> = gather(&data.inputs, batch);
            let labels: SMatrix<T, M, O> = gather(&data.labels, batch);
            let (_, gradient) = network.gradient(loss, &inputs, &labels);
            optimizer.step(network, &gradient);
        }
        let short = batches.remainder();
        if !short.is_empty() {
            let gradient = mean_gradient(network, loss, data, short);
            optimizer.step(network, &gradient);
        }
    }
}

/// The rows of `matrix` named by `rows`, as a `B`-row matrix.
fn gather<T: Scalar, const N: usize, const B: usize, const C: usize>(
    matrix: &SMatrix<T, N, C>,
    rows: &[usize],
) -> SMatrix<T, B, C> {
    SMatrix::from_fn(|row, column| matrix[(rows[row], column)])
}

/// The gradient of the loss over the samples `rows`: `(1/r)·Σ ∂Cᵢ/∂θ`, one sample at a time.
fn mean_gradient<T, Net, L, const N: usize, const I: usize, const O: usize>(
    network: &Net,
    loss: &L,
    data: &Dataset<T, N, I, O>,
    rows: &[usize],
) -> Net
where
    T: Scalar,
    Net: Network<T, I, O>,
    L: Loss<Net::OutputActivation>,
{
    let scale = T::ONE / T::literal(rows.len() as f64);
    let mut mean = Net::zeros();
    for &row in rows {
        let inputs: SMatrix<T, 1, I> = gather(&data.inputs, &[row]);
        let labels: SMatrix<T, 1, O> = gather(&data.labels, &[row]);
        let (_, gradient) = network.gradient(loss, &inputs, &labels);
        for (sums, values) in mean.parameters_mut().zip(gradient.parameters()) {
            for (sum, &value) in sums.iter_mut().zip(values) {
                *sum += scale * value;
            }
        }
    }
    mean
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::activation::Identity;
    use crate::math::loss::MeanSquaredError;
    use crate::model::dense::Dense;
    use crate::model::dense::NoBias;
    use crate::model::parameters::Parameters;
    use crate::training::optim::GradientDescent;
    use nalgebra::matrix;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    type Line = Dense<f64, 1, 1, Identity, NoBias>;

    /// Five samples `x = 1..5` with label 0, so the MSE gradient for weight `w` over a batch
    /// is `2w·mean(x²)`.
    fn five() -> Dataset<f64, 5, 1, 1> {
        Dataset {
            inputs: matrix![1.0; 2.0; 3.0; 4.0; 5.0],
            labels: SMatrix::zeros(),
        }
    }

    #[test]
    fn short_batch_gradient_is_the_gradient_over_its_samples() {
        let net = Line::from_weights(matrix![0.5]);
        let data = five();
        let mean = mean_gradient(&net, &MeanSquaredError, &data, &[1, 4, 2]);
        let batch = matrix![2.0; 5.0; 3.0];
        let (_, direct) = net.gradient(&MeanSquaredError, &batch, &SMatrix::zeros());
        assert!((mean.weights() - direct.weights()).amax() < 1e-14 * 38.0 / 3.0);
        // 2·0.5·(4 + 25 + 9)/3, by hand.
        assert!((mean.weights()[0] - 38.0 / 3.0).abs() < 1e-13);
    }

    #[test]
    fn an_epoch_visits_every_sample_once_in_a_fresh_order() {
        // With w = 0 the gradient is 0 and the weight never moves, so the epoch's trace of
        // gathered batches can be read from the order buffer.
        let data = five();
        let mut net = Line::zeros();
        let mut optimizer = GradientDescent::new(0.1).unwrap();
        let mut rng = StdRng::seed_from_u64(5);
        let mut order = core::array::from_fn(|i| i);
        let mut seen = Vec::new();
        for _ in 0..4 {
            MiniBatches::<2>::new(&mut rng).train_epoch(
                &mut net,
                &MeanSquaredError,
                &mut optimizer,
                &data,
                &mut order,
            );
            let mut sorted = order;
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2, 3, 4], "a permutation of the samples");
            seen.push(order);
        }
        seen.dedup();
        assert!(seen.len() > 1, "the order is reshuffled: {seen:?}");
    }

    #[test]
    fn one_epoch_makes_full_steps_then_the_short_step() {
        // Batches of 2 over five samples: steps on (x₁, x₂), (x₃, x₄), then x₅ alone.
        // Gradient descent with η: w ← w − η·2w·mean(x²) = w·(1 − 2η·mean(x²)).
        let data = five();
        let mut net = Line::from_weights(matrix![1.0]);
        let mut optimizer = GradientDescent::new(0.01).unwrap();
        let mut rng = StdRng::seed_from_u64(11);
        let mut order = core::array::from_fn(|i| i);
        MiniBatches::<2>::new(&mut rng).train_epoch(
            &mut net,
            &MeanSquaredError,
            &mut optimizer,
            &data,
            &mut order,
        );
        let mut expected = 1.0;
        let squares = |rows: &[usize]| {
            rows.iter()
                .map(|&r| ((r + 1) * (r + 1)) as f64)
                .sum::<f64>()
                / rows.len() as f64
        };
        for rows in order.chunks(2) {
            expected *= 1.0 - 2.0 * 0.01 * squares(rows);
        }
        assert!((net.weights()[0] - expected).abs() < 1e-15);
    }
}
