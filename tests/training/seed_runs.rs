//! The lab's two runs with the seed the examples use (`SEED = 1` in `examples/xor_static.rs`
//! and `examples/linear_static.rs`): 2 → 4 → 4 → 1, sigmoid everywhere, no biases,
//! standard-normal weights, mean squared error, full-batch gradient descent at 0.5 for 50,000
//! epochs. Both sets must be learned to 100 % and the loss must keep falling.

use static_mlp::data::{self, Dataset};
use static_mlp::metrics::accuracy;
use static_mlp::prelude::*;

type SeedNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);

const SEED: u64 = 1;

/// Trains the lab's network; returns the losses at epochs 5,000 and 50,000 and the accuracy.
fn lab_run<const N: usize>(set: &Dataset<f64, N, 2, 1>, rng: &mut StdRng) -> (f64, f64, f64) {
    let mut net = SeedNet::random(Init::StandardNormal, rng);
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    let mut loss_at_5_000 = f64::NAN;
    let mut loss = f64::NAN;
    for epoch in 1..=50_000 {
        loss = net.train_step(&MeanSquaredError, &mut optimizer, &set.inputs, &set.labels);
        if epoch == 5_000 {
            loss_at_5_000 = loss;
        }
    }
    (
        loss_at_5_000,
        loss,
        accuracy(&net.predict(&set.inputs), &set.labels),
    )
}

#[test]
fn xor_easy_is_learned() {
    let (early, last, accuracy) = lab_run(&data::xor_easy(), &mut StdRng::seed_from_u64(SEED));
    assert_eq!(accuracy, 1.0);
    assert!(
        last < early,
        "loss at 50,000 ({last}) is not below the loss at 5,000 ({early})"
    );
}

#[test]
fn linear_set_is_learned() {
    // As in the lab, the points are drawn before the weights, from the same generator.
    let mut rng = StdRng::seed_from_u64(SEED);
    let points = data::linearly_separable::<f64, 100, _>(&mut rng);
    let (early, last, accuracy) = lab_run(&points, &mut rng);
    assert_eq!(accuracy, 1.0);
    assert!(
        last < early,
        "loss at 50,000 ({last}) is not below the loss at 5,000 ({early})"
    );
}

#[test]
fn same_seed_gives_bit_identical_runs() {
    let xor = data::xor_easy::<f64>();
    let run = || {
        let mut net = SeedNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(SEED));
        let mut optimizer = GradientDescent::new(0.5).unwrap();
        for _ in 0..1_000 {
            net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
        }
        net.parameters()
            .flatten()
            .map(|w| w.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
}
