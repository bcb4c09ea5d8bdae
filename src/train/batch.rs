//! Batching: how one epoch of [`Fit`](crate::train::Fit) walks the data set — as one full batch, or
//! as shuffled mini-batches of a fixed size `M`.

use crate::data::Rows;
use crate::data::WholeBatch;
use crate::data::gather::{CHUNK, gather};
use crate::math::scalar::Scalar;
use crate::model::layer::Layer;
use crate::model::network::Network;
use crate::model::parameters::Parameters;
use crate::train::loss::Loss;
use crate::train::optim::Optimizer;
use crate::train::sample_weights::RowWeighted;
use crate::train::step::gradient_only;
use nalgebra::SMatrix;
use rand::Rng;
use rand::seq::SliceRandom;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::FullBatch {}
    impl<const M: usize> Sealed for super::MiniBatches<'_, M> {}

    /// The last argument of [`Batching::train_epoch`](super::Batching): only this crate can
    /// make one, so only this crate can call it.
    #[derive(Debug)]
    pub struct Internal(pub(crate) ());
}

/// The [`sealed::Internal`] the crate's own code passes to [`Batching::train_epoch`].
pub(crate) const INTERNAL: sealed::Internal = sealed::Internal(());

/// The most stack a whole const-length set's activations may take before it is walked in
/// chunks instead (256 KiB): the lab's sets stay one batch, a large `Dataset` never
/// overflows the stack.
pub(crate) const WHOLE_BATCH_BYTES: usize = 256 * 1024;

/// Whether a whole batch of `N` samples through `Net` fits in [`WHOLE_BATCH_BYTES`].
pub(crate) const fn fits_whole<
    T: Scalar,
    Net: Layer<T, I, O>,
    const N: usize,
    const I: usize,
    const O: usize,
>() -> bool {
    size_of::<Net::Cache<N>>() + size_of::<SMatrix<T, N, O>>() <= WHOLE_BATCH_BYTES
}

/// One epoch of training: [`FullBatch`] or [`MiniBatches`]. Sealed: the crate's two are all,
/// and only [`Fit`](crate::train::Fit) (and [`History::record_step`](crate::experiments::History::record_step))
/// calls them.
pub trait Batching: sealed::Sealed {
    /// Trains `network` on every sample of `data` once. `order` holds the sample indices in
    /// some order (as many as `data` has samples); `Fit` makes it once, before the first
    /// epoch, and mini-batches shuffle it in place, so no epoch allocates. `weights`, if any,
    /// hold one weight per sample: sample `s`'s loss counts `weights[s]` times.
    ///
    /// Not callable outside the crate: it trusts `order` and `weights` (`Fit` checks them)
    /// and would panic on an index past the data's end.
    #[allow(clippy::too_many_arguments)] // the last is the seal, not an input
    fn train_epoch<T, Net, L, P, D, const I: usize, const O: usize>(
        &mut self,
        network: &mut Net,
        loss: &L,
        optimizer: &mut P,
        data: &D,
        order: &mut [usize],
        weights: Option<&[f64]>,
        _: sealed::Internal,
    ) where
        T: Scalar,
        Net: Network<T, I, O>,
        L: Loss<Net::OutputActivation>,
        P: Optimizer<T, Net> + ?Sized,
        D: Rows<T, I, O> + ?Sized;
}

/// The whole data set is one batch: one gradient step per epoch, the lab's way.
///
/// A small const-length [`Dataset`](crate::data::Dataset) is one `N × I` matrix, as it
/// always was; any other set's gradient is summed over chunks of 64 samples, each weighted
/// by its share of the set (`∂C/∂θ = Σₖ (nₖ/n)·∂Cₖ/∂θ`, the same mean), so the stack holds
/// one chunk at a time. With sample weights every set is walked in chunks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FullBatch;

impl Batching for FullBatch {
    #[inline]
    fn train_epoch<T, Net, L, P, D, const I: usize, const O: usize>(
        &mut self,
        network: &mut Net,
        loss: &L,
        optimizer: &mut P,
        data: &D,
        _order: &mut [usize],
        weights: Option<&[f64]>,
        _: sealed::Internal,
    ) where
        T: Scalar,
        Net: Network<T, I, O>,
        L: Loss<Net::OutputActivation>,
        P: Optimizer<T, Net> + ?Sized,
        D: Rows<T, I, O> + ?Sized,
    {
        let gradient = full_gradient(network, loss, data, weights);
        optimizer.step(network, &gradient);
    }
}

/// The gradient of the loss over every sample of `data`, weighted by `weights` if any: one
/// matrix product for a small const-length set without weights, chunks of [`CHUNK`]
/// otherwise.
pub(crate) fn full_gradient<T, Net, L, D, const I: usize, const O: usize>(
    network: &Net,
    loss: &L,
    data: &D,
    weights: Option<&[f64]>,
) -> Net
where
    T: Scalar,
    Net: Network<T, I, O>,
    L: Loss<Net::OutputActivation>,
    D: Rows<T, I, O> + ?Sized,
{
    if weights.is_none()
        && let Some(gradient) = data.visit_whole(WholeGradient { network, loss })
    {
        return gradient;
    }
    let samples = data.len();
    let mut total = Net::zeros();
    let full = samples / CHUNK * CHUNK;
    let share = T::literal(CHUNK as f64 / samples as f64); // nₖ/n
    for start in (0..full).step_by(CHUNK) {
        let gradient =
            rows_gradient::<T, Net, L, D, CHUNK, I, O>(network, loss, data, weights, |row| {
                start + row
            });
        add_scaled(&mut total, &gradient, share);
    }
    let one = T::ONE / T::literal(samples as f64);
    for sample in full..samples {
        let gradient =
            rows_gradient::<T, Net, L, D, 1, I, O>(network, loss, data, weights, |_| sample);
        add_scaled(&mut total, &gradient, one);
    }
    total
}

/// The gradient of the loss over the `B` samples `sample(0), …, sample(B − 1)`, each sample's
/// loss scaled by its weight when there are `weights`.
#[inline]
fn rows_gradient<T, Net, L, D, const B: usize, const I: usize, const O: usize>(
    network: &Net,
    loss: &L,
    data: &D,
    weights: Option<&[f64]>,
    sample: impl Fn(usize) -> usize,
) -> Net
where
    T: Scalar,
    Net: Network<T, I, O>,
    L: Loss<Net::OutputActivation>,
    D: Rows<T, I, O> + ?Sized,
{
    let (inputs, labels) = gather::<T, D, B, I, O>(data, &sample);
    match weights {
        None => gradient_only(network, loss, &inputs, &labels),
        Some(weights) => {
            let rows: [f64; B] = core::array::from_fn(|row| weights[sample(row)]);
            let weighted = RowWeighted {
                loss,
                weights: &rows,
            };
            gradient_only(network, &weighted, &inputs, &labels)
        }
    }
}

/// `total ← total + scale·gradient`, parameter by parameter.
fn add_scaled<T: Scalar, Net: Parameters<T>>(total: &mut Net, gradient: &Net, scale: T) {
    for (sums, values) in total.parameters_mut().zip(gradient.parameters()) {
        for (sum, &value) in sums.iter_mut().zip(values) {
            *sum += scale * value;
        }
    }
}

/// A whole small `Dataset`'s gradient in one pass.
struct WholeGradient<'a, Net, L> {
    network: &'a Net,
    loss: &'a L,
}

impl<T, Net, L, const I: usize, const O: usize> WholeBatch<T, I, O> for WholeGradient<'_, Net, L>
where
    T: Scalar,
    Net: Network<T, I, O>,
    L: Loss<Net::OutputActivation>,
{
    type Output = Net;

    fn visit<const N: usize>(
        self,
        inputs: &SMatrix<T, N, I>,
        labels: &SMatrix<T, N, O>,
    ) -> Option<Net> {
        if !fits_whole::<T, Net, N, I, O>() {
            return None;
        }
        Some(whole_gradient(self.network, self.loss, inputs, labels))
    }
}

/// The gradient over a whole small set, in a stack frame of its own that is entered only when
/// its `N`-row activations fit (see `evaluation::whole_evaluation`).
#[inline(never)]
fn whole_gradient<T, Net, L, const N: usize, const I: usize, const O: usize>(
    network: &Net,
    loss: &L,
    inputs: &SMatrix<T, N, I>,
    labels: &SMatrix<T, N, O>,
) -> Net
where
    T: Scalar,
    Net: Network<T, I, O>,
    L: Loss<Net::OutputActivation>,
{
    gradient_only(network, loss, inputs, labels)
}

/// Mini-batches of `M` samples, in an order reshuffled every epoch from the caller's `Rng`.
///
/// An epoch of `N` samples makes `⌊N/M⌋` steps on batches of exactly `M` samples (statically
/// shaped `M × I` matrices gathered from the set's rows), then, when `M` does not divide `N`,
/// **one more step on the remaining `N mod M` samples at their real size**: nothing is
/// dropped or padded. That short batch's gradient is the mean of its samples' one-sample
/// gradients, which is exactly the gradient of the loss over those samples, because both
/// losses are means over samples.
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
    fn train_epoch<T, Net, L, P, D, const I: usize, const O: usize>(
        &mut self,
        network: &mut Net,
        loss: &L,
        optimizer: &mut P,
        data: &D,
        order: &mut [usize],
        weights: Option<&[f64]>,
        _: sealed::Internal,
    ) where
        T: Scalar,
        Net: Network<T, I, O>,
        L: Loss<Net::OutputActivation>,
        P: Optimizer<T, Net> + ?Sized,
        D: Rows<T, I, O> + ?Sized,
    {
        order.shuffle(self.rng);
        let mut batches = order.chunks_exact(M);
        for batch in &mut batches {
            let gradient =
                rows_gradient::<T, Net, L, D, M, I, O>(network, loss, data, weights, |row| {
                    batch[row]
                });
            optimizer.step(network, &gradient);
        }
        let short = batches.remainder();
        if !short.is_empty() {
            let gradient = mean_gradient(network, loss, data, short, weights);
            optimizer.step(network, &gradient);
        }
    }
}

/// The gradient of the loss over the samples `rows`: `(1/r)·Σ ∂Cᵢ/∂θ`, one sample at a time
/// (each `Cᵢ` weighted when there are `weights`).
fn mean_gradient<T, Net, L, D, const I: usize, const O: usize>(
    network: &Net,
    loss: &L,
    data: &D,
    rows: &[usize],
    weights: Option<&[f64]>,
) -> Net
where
    T: Scalar,
    Net: Network<T, I, O>,
    L: Loss<Net::OutputActivation>,
    D: Rows<T, I, O> + ?Sized,
{
    let scale = T::ONE / T::literal(rows.len() as f64);
    let mut mean = Net::zeros();
    for &row in rows {
        let gradient =
            rows_gradient::<T, Net, L, D, 1, I, O>(network, loss, data, weights, |_| row);
        add_scaled(&mut mean, &gradient, scale);
    }
    mean
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Dataset;
    use crate::model::activation::Identity;
    use crate::model::dense::Dense;
    use crate::model::dense::NoBias;
    use crate::train::loss::MeanSquaredError;
    use crate::train::optim::GradientDescent;
    use crate::train::step::Train;
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
        let mean = mean_gradient(&net, &MeanSquaredError, &data, &[1, 4, 2], None);
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
        let mut order: [usize; 5] = core::array::from_fn(|i| i);
        let mut seen = Vec::new();
        for _ in 0..4 {
            MiniBatches::<2>::new(&mut rng).train_epoch(
                &mut net,
                &MeanSquaredError,
                &mut optimizer,
                &data,
                &mut order,
                None,
                INTERNAL,
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
        let mut order: [usize; 5] = core::array::from_fn(|i| i);
        MiniBatches::<2>::new(&mut rng).train_epoch(
            &mut net,
            &MeanSquaredError,
            &mut optimizer,
            &data,
            &mut order,
            None,
            INTERNAL,
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
