//! Sample and class weights in `Fit`: a sample of integer weight `w` trains as `w` copies of
//! it, with each of the three losses, full-batch and on mini-batches; weights of 1 change no
//! bit; weights that cannot be used are refused before training.

use static_mlp::data::{Rows, SampleSet};
use static_mlp::prelude::*;
use static_mlp::train::{ClassWeights, FitError, InvalidWeights, Loss};

fn parameters<N: Parameters<f64>>(net: &N) -> Vec<f64> {
    net.parameters().flatten().copied().collect()
}

/// Trains a copy of `start` full-batch with gradient descent for 60 epochs, twice: on `rows`
/// with `weights` (whole numbers summing to the number of rows), and on the rows repeated as
/// many times as their weights say (so both sets have `n` rows and the same mean loss). The
/// two must end with the same parameters, up to the order in which sums are rounded.
fn weighted_trains_as_repeated<Net, L, const I: usize, const O: usize>(
    start: &Net,
    loss: &L,
    rows: &SampleSet<f64, I, O>,
    weights: &[f64],
) where
    Net: Network<f64, I, O> + Clone,
    L: Loss<Net::OutputActivation>,
{
    let mut repeated = SampleSet::with_capacity(rows.len());
    for (sample, &weight) in weights.iter().enumerate() {
        for _ in 0..weight as usize {
            repeated.push(rows.input(sample), rows.label(sample));
        }
    }
    assert_eq!(repeated.len(), rows.len(), "the weights sum to n");

    let train = |data: &SampleSet<f64, I, O>, weights: Option<&[f64]>| {
        let mut net = start.clone();
        let mut descent = GradientDescent::new(0.5).unwrap();
        let fit = Fit::new(loss, &mut descent).max_epochs(60);
        let fit = match weights {
            Some(weights) => fit.sample_weights(weights),
            None => fit,
        };
        fit.run(&mut net, data).unwrap();
        parameters(&net)
    };
    let (weighted, copies) = (train(rows, Some(weights)), train(&repeated, None));
    assert_ne!(weighted, parameters(start), "training moved the parameters");
    for (w, c) in weighted.iter().zip(&copies) {
        assert!((w - c).abs() < 1e-12, "{w} vs {c}");
    }
}

/// Four rows of two inputs, and their weights: the first counts twice, the third not at all.
const INPUTS: [[f64; 2]; 4] = [[0.0, 1.0], [1.0, 0.5], [0.3, -1.0], [-0.7, 0.2]];
const WEIGHTS: [f64; 4] = [2.0, 1.0, 0.0, 1.0];

#[test]
fn a_weight_of_two_is_two_copies_with_every_loss() {
    let mut rng = StdRng::seed_from_u64(4);

    type Regression = mlp!(f64; 2 => 3 Tanh => 1 Identity);
    let targets = vec![[0.5], [-1.0], [2.0], [0.0]];
    let rows = SampleSet::new(INPUTS.to_vec(), targets).unwrap();
    let net = Regression::random(Init::Xavier, &mut rng);
    weighted_trains_as_repeated(&net, &MeanSquaredError, &rows, &WEIGHTS);

    type Binary = mlp!(f64; 2 => 3 Tanh => 1 Sigmoid);
    let labels = vec![[1.0], [0.0], [1.0], [0.0]];
    let rows = SampleSet::new(INPUTS.to_vec(), labels).unwrap();
    let net = Binary::random(Init::Xavier, &mut rng);
    weighted_trains_as_repeated(&net, &BinaryCrossEntropy, &rows, &WEIGHTS);

    type Classes = mlp!(f64; 2 => 3 Tanh => 3 Softmax);
    let labels = vec![
        [1.0, 0.0, 0.0],
        [0.0, 1.0, 0.0],
        [0.0, 0.0, 1.0],
        [0.0, 1.0, 0.0],
    ];
    let rows = SampleSet::new(INPUTS.to_vec(), labels).unwrap();
    let net = Classes::random(Init::Xavier, &mut rng);
    weighted_trains_as_repeated(&net, &CategoricalCrossEntropy, &rows, &WEIGHTS);
}

#[test]
fn on_a_mini_batch_a_weight_scales_the_samples_gradient() {
    // One mini-batch of all four rows (M = 4) is one step on the mean weighted loss: the same
    // step as full-batch training on the same rows with the same weights.
    type Net = mlp!(f64; 2 => 3 Tanh => 1 Sigmoid);
    let labels = vec![[1.0], [0.0], [1.0], [0.0]];
    let rows = SampleSet::new(INPUTS.to_vec(), labels).unwrap();
    let start = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(9));
    let weights = [0.5, 3.0, 1.5, 0.0];

    let mut batched = start;
    let mut descent = GradientDescent::new(0.5).unwrap();
    let mut shuffle = StdRng::seed_from_u64(1);
    Fit::new(&BinaryCrossEntropy, &mut descent)
        .mini_batches::<4>(&mut shuffle)
        .sample_weights(&weights)
        .max_epochs(1)
        .run(&mut batched, &rows)
        .unwrap();
    let mut full = start;
    let mut descent = GradientDescent::new(0.5).unwrap();
    Fit::new(&BinaryCrossEntropy, &mut descent)
        .sample_weights(&weights)
        .max_epochs(1)
        .run(&mut full, &rows)
        .unwrap();
    for (b, f) in parameters(&batched).iter().zip(&parameters(&full)) {
        assert!((b - f).abs() < 1e-14, "{b} vs {f}");
    }
    assert_ne!(parameters(&full), parameters(&start));
}

#[test]
fn weights_of_one_change_no_bit() {
    type Net = mlp!(f64; 2 => 4 Relu => 2 Softmax);
    let labels = vec![[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]];
    let rows = SampleSet::new(INPUTS.to_vec(), labels).unwrap();
    let start = Net::random(Init::He, &mut StdRng::seed_from_u64(2));
    let train = |weights: Option<&[f64]>| {
        let mut net = start;
        let mut adam = Adam::new(0.01).unwrap();
        let mut shuffle = StdRng::seed_from_u64(7);
        let fit = Fit::new(&CategoricalCrossEntropy, &mut adam)
            .mini_batches::<3>(&mut shuffle)
            .max_epochs(20);
        let fit = match weights {
            Some(weights) => fit.sample_weights(weights),
            None => fit,
        };
        fit.run(&mut net, &rows).unwrap();
        parameters(&net)
    };
    assert_eq!(train(Some(&[1.0; 4])), train(None));
}

#[test]
fn balanced_class_weights_train_as_a_balanced_set() {
    // Class 0 three times, class 1 once: balanced weights n/(k·count) = 4/6 and 4/2. The
    // weighted mean loss (1/4)·(2/3·(ℓ₀ + ℓ₁ + ℓ₂) + 2·ℓ₃) = (1/6)·(ℓ₀ + ℓ₁ + ℓ₂) + (1/2)·ℓ₃ is
    // that of 12 rows holding the first three twice each and the last six times.
    type Net = mlp!(f64; 2 => 3 Tanh => 2 Softmax);
    let labels = vec![[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0]];
    let rows = SampleSet::new(INPUTS.to_vec(), labels).unwrap();
    let weights = ClassWeights::Balanced.per_sample(&rows).unwrap();
    assert_eq!(weights, [2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0, 2.0]);
    let mut repeated = SampleSet::with_capacity(12);
    for (sample, copies) in [2, 2, 2, 6].into_iter().enumerate() {
        for _ in 0..copies {
            repeated.push(rows.input(sample), rows.label(sample));
        }
    }
    let start = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(6));
    let mut weighted = start;
    let mut descent = GradientDescent::new(0.5).unwrap();
    Fit::new(&CategoricalCrossEntropy, &mut descent)
        .sample_weights(&weights)
        .max_epochs(40)
        .run(&mut weighted, &rows)
        .unwrap();
    let mut copies = start;
    let mut descent = GradientDescent::new(0.5).unwrap();
    Fit::new(&CategoricalCrossEntropy, &mut descent)
        .max_epochs(40)
        .run(&mut copies, &repeated)
        .unwrap();
    for (w, c) in parameters(&weighted).iter().zip(&parameters(&copies)) {
        assert!((w - c).abs() < 1e-12, "{w} vs {c}");
    }
}

#[test]
fn weights_that_cannot_be_used_leave_the_network_untouched() {
    type Net = mlp!(f64; 2 => 1 Sigmoid);
    let labels = vec![[1.0], [0.0], [1.0], [0.0]];
    let rows = SampleSet::new(INPUTS.to_vec(), labels).unwrap();
    let start = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(1));
    let cases: [(&[f64], InvalidWeights); 3] = [
        (
            &[1.0, 1.0],
            InvalidWeights::Length {
                expected: 4,
                found: 2,
            },
        ),
        (
            &[1.0, -1.0, 1.0, 1.0],
            InvalidWeights::Value {
                index: 1,
                value: -1.0,
            },
        ),
        (&[0.0; 4], InvalidWeights::AllZero),
    ];
    for (weights, expected) in cases {
        let mut net = start;
        let mut descent = GradientDescent::new(0.5).unwrap();
        let error = Fit::new(&BinaryCrossEntropy, &mut descent)
            .sample_weights(weights)
            .run(&mut net, &rows)
            .unwrap_err();
        assert_eq!(error, FitError::InvalidWeights(expected));
        assert_eq!(parameters(&net), parameters(&start));
    }
}
