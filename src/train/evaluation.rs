//! `Evaluation`: a network's loss and accuracy on a data set, from one forward pass.

use crate::data::gather::{CHUNK, gather};
use crate::data::{Rows, WholeBatch};
use crate::math::scalar::Scalar;
use crate::metrics::accuracy::{accuracy, class_accuracy};
use crate::model::activation::{AccuracyMeasure, Activation};
use crate::model::network::Network;
use crate::train::batch::fits_whole;
use crate::train::loss::Loss;
use nalgebra::{ComplexField, SMatrix};

/// How well a network does on a data set: what [`Fit`](crate::train::Fit) reports after each epoch,
/// and what a callback can compute on a validation set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation<T> {
    /// The cost over the whole set.
    pub loss: T,
    /// The accuracy, counted as the output layer's activation says
    /// ([`Activation::ACCURACY`]): for a softmax output the fraction of samples whose largest
    /// output is their class ([`metrics::class_accuracy`](crate::metrics::class_accuracy)),
    /// for a sigmoid (and by default) the fraction of outputs on the same side of 0.5 as
    /// their 0/1 labels ([`metrics::accuracy`](crate::metrics::accuracy)), and `None` for an
    /// identity (regression) output: use [`measure_regression`](crate::metrics::measure_regression)
    /// (MAE, RMSE and R² per output) there.
    pub accuracy: Option<T>,
}

/// The loss and accuracy of `network` on every sample of `data`.
///
/// `data` is any set of [`Rows`]: a small const-length [`Dataset`](crate::data::Dataset) is
/// one forward pass, as it always was; any other set is walked in chunks of 64 samples, so
/// the stack holds one chunk's activations whatever the set's length. The chunks' losses are
/// combined by their share of the set (both losses are means), in `f64`.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::{data, train::evaluate};
///
/// let net: mlp!(f64; 2 => 3 Sigmoid => 1 Sigmoid) = Parameters::zeros(); // every output is σ(0) = 0.5
/// let result = evaluate(&net, &MeanSquaredError, &data::xor_easy());
/// assert_eq!(result.loss, 0.25);
/// ```
pub fn evaluate<T, Net, L, D, const I: usize, const O: usize>(
    network: &Net,
    loss: &L,
    data: &D,
) -> Evaluation<T>
where
    T: Scalar,
    Net: Network<T, I, O>,
    L: Loss<Net::OutputActivation>,
    D: Rows<T, I, O> + ?Sized,
{
    if let Some(whole) = data.visit_whole(WholeEvaluation { network, loss }) {
        return whole;
    }
    let samples = data.len();
    let mut totals = Totals::default();
    let full = samples / CHUNK * CHUNK;
    for start in (0..full).step_by(CHUNK) {
        let (inputs, labels) = gather::<T, D, CHUNK, I, O>(data, |row| start + row);
        totals.add(&network.predict(&inputs), &labels, loss);
    }
    for sample in full..samples {
        let (inputs, labels) = gather::<T, D, 1, I, O>(data, |_| sample);
        totals.add(&network.predict(&inputs), &labels, loss);
    }
    totals.evaluation::<T, Net::OutputActivation>(samples, O)
}

/// Sums over chunks: the loss weighted by each chunk's number of outputs, and the outputs
/// (or, for an argmax accuracy, the samples) counted right.
#[derive(Default)]
struct Totals {
    weighted_loss: f64,
    correct: f64,
}

/// The accuracy of one batch as activation `A` counts it, and what it is a fraction of (its
/// outputs, or its samples for an argmax).
fn batch_accuracy<T: Scalar, A: Activation, const B: usize, const O: usize>(
    outputs: &SMatrix<T, B, O>,
    labels: &SMatrix<T, B, O>,
) -> Option<(T, usize)> {
    match A::ACCURACY {
        AccuracyMeasure::Threshold => Some((accuracy(outputs, labels), B * O)),
        AccuracyMeasure::Argmax => Some((class_accuracy(outputs, labels), B)),
        AccuracyMeasure::NotApplicable => None,
    }
}

impl Totals {
    #[inline]
    fn add<T: Scalar, A, L: Loss<A>, const B: usize, const O: usize>(
        &mut self,
        outputs: &SMatrix<T, B, O>,
        labels: &SMatrix<T, B, O>,
        loss: &L,
    ) where
        A: Activation,
    {
        let count = (B * O) as f64;
        self.weighted_loss += loss.value(outputs, labels).to_f64() * count;
        if let Some((fraction, of)) = batch_accuracy::<T, A, B, O>(outputs, labels) {
            // `ComplexField::round`: `f64::round` is not in `core` (nalgebra takes it from libm).
            self.correct += ComplexField::round(fraction.to_f64() * of as f64);
        }
    }

    /// The means over `samples` samples of `width` outputs; 0 of each for an empty set.
    fn evaluation<T: Scalar, A: Activation>(&self, samples: usize, width: usize) -> Evaluation<T> {
        let outputs = (samples * width).max(1) as f64;
        let counted = match A::ACCURACY {
            AccuracyMeasure::Argmax => samples.max(1) as f64,
            _ => outputs,
        };
        Evaluation {
            loss: T::literal(self.weighted_loss / outputs),
            accuracy: (A::ACCURACY != AccuracyMeasure::NotApplicable)
                .then(|| T::literal(self.correct / counted)),
        }
    }
}

/// A whole small `Dataset` in one forward pass.
struct WholeEvaluation<'a, Net, L> {
    network: &'a Net,
    loss: &'a L,
}

impl<T, Net, L, const I: usize, const O: usize> WholeBatch<T, I, O> for WholeEvaluation<'_, Net, L>
where
    T: Scalar,
    Net: Network<T, I, O>,
    L: Loss<Net::OutputActivation>,
{
    type Output = Evaluation<T>;

    fn visit<const N: usize>(
        self,
        inputs: &SMatrix<T, N, I>,
        labels: &SMatrix<T, N, O>,
    ) -> Option<Evaluation<T>> {
        if !fits_whole::<T, Net, N, I, O>() {
            return None;
        }
        Some(whole_evaluation(self.network, self.loss, inputs, labels))
    }
}

/// One forward pass over a whole small set. A function of its own, never inlined, so that its
/// `N`-row matrices are in its own stack frame, entered only when they fit (an unoptimised
/// build keeps every local of a function in its frame, taken branch or not).
#[inline(never)]
fn whole_evaluation<T, Net, L, const N: usize, const I: usize, const O: usize>(
    network: &Net,
    loss: &L,
    inputs: &SMatrix<T, N, I>,
    labels: &SMatrix<T, N, O>,
) -> Evaluation<T>
where
    T: Scalar,
    Net: Network<T, I, O>,
    L: Loss<Net::OutputActivation>,
{
    let outputs = network.predict(inputs);
    Evaluation {
        loss: loss.value(&outputs, labels),
        accuracy: batch_accuracy::<T, Net::OutputActivation, N, O>(&outputs, labels)
            .map(|(fraction, _)| fraction),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Dataset, Rows, SampleSlice};
    use crate::model::activation::{Identity, Sigmoid, Softmax};
    use crate::model::dense::Dense;
    use crate::model::dense::NoBias;
    use crate::train::loss::{CategoricalCrossEntropy, MeanSquaredError};

    #[test]
    fn matches_loss_and_accuracy_computed_by_hand() {
        // Outputs x·w = (0.8, 0.3, 0.6) against labels (1, 0, 0): squared errors 0.04, 0.09,
        // 0.36 (mean 0.49/3). An identity output is a regression output: no accuracy.
        let net: Dense<f64, 1, 1, Identity, NoBias> = Dense::from_weights(matrix![1.0]);
        let data = Dataset {
            inputs: matrix![0.8; 0.3; 0.6],
            labels: matrix![1.0; 0.0; 0.0],
        };
        let result = evaluate(&net, &MeanSquaredError, &data);
        assert!((result.loss - 0.49 / 3.0).abs() < 1e-15);
        assert_eq!(result.accuracy, None);

        // The same outputs through a sigmoid's measure: the third is on the wrong side of 0.5.
        let logit = |p: f64| (p / (1.0 - p)).ln();
        let net: Dense<f64, 1, 1, Sigmoid, NoBias> = Dense::from_weights(matrix![1.0]);
        let data = Dataset {
            inputs: matrix![logit(0.8); logit(0.3); logit(0.6)],
            labels: data.labels,
        };
        assert_eq!(
            evaluate(&net, &MeanSquaredError, &data).accuracy,
            Some(2.0 / 3.0)
        );
    }

    #[test]
    fn a_softmax_output_is_counted_by_its_largest_output() {
        // Logits (2, 1, 0) → (0.67, 0.24, 0.09) for class 0: right by argmax and all three
        // outputs on the right side of 0.5; (1, 1.1, 1) → (0.32, 0.36, 0.32) for class 1:
        // right by argmax, though its 0.36 is below 0.5. Argmax: 2 of 2; thresholds: 5 of 6.
        let net: Dense<f64, 3, 3, Softmax, NoBias> = Dense::from_weights(SMatrix::identity());
        let data = Dataset {
            inputs: matrix![2.0, 1.0, 0.0; 1.0, 1.1, 1.0],
            labels: matrix![1.0, 0.0, 0.0; 0.0, 1.0, 0.0],
        };
        let result = evaluate(&net, &CategoricalCrossEntropy, &data);
        assert_eq!(result.accuracy, Some(1.0));
        let outputs = net.predict(&data.inputs);
        assert_eq!(accuracy(&outputs, &data.labels), 5.0 / 6.0);

        // In chunks (64 + 64 + 22 single rows), the same fraction of the same 150 samples.
        let inputs: Vec<[f64; 3]> = (0..150).map(|k| data.input(k % 2)).collect();
        let mut labels: Vec<[f64; 3]> = (0..150).map(|k| data.label(k % 2)).collect();
        labels[149] = [0.0, 0.0, 1.0]; // sample 149 (logits 1, 1.1, 1) is now wrong
        let rows = SampleSlice::new(&inputs, &labels).unwrap();
        let chunked = evaluate(&net, &CategoricalCrossEntropy, &rows);
        assert_eq!(chunked.accuracy, Some(149.0 / 150.0));
    }

    #[test]
    fn chunks_give_the_whole_sets_loss_and_accuracy() {
        // 150 samples (two chunks of 64 and 22 single samples) against the same set as one
        // const-length batch.
        use crate::model::activation::Tanh;
        type Net = crate::mlp!(f64; 2 => 5 Tanh => 1 Sigmoid);
        use crate::model::init::Init;
        use crate::model::parameters::Parameters;
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(4);
        let net = Net::random(Init::Xavier, &mut rng);
        let points = crate::data::linearly_separable::<f64, 150, _>(&mut rng);
        let whole = evaluate(&net, &MeanSquaredError, &points);
        let inputs: Vec<[f64; 2]> = (0..150).map(|k| points.input(k)).collect();
        let labels: Vec<[f64; 1]> = (0..150).map(|k| points.label(k)).collect();
        let rows = SampleSlice::new(&inputs, &labels).unwrap();
        let chunked = evaluate(&net, &MeanSquaredError, &rows);
        assert!(
            (whole.loss - chunked.loss).abs() < 1e-15,
            "{whole:?} {chunked:?}"
        );
        assert_eq!(whole.accuracy, chunked.accuracy);
    }
}
