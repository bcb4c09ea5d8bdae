//! Momentum, Adam and iRPROP− train XOR-easy to 100% accuracy in fewer epochs than plain
//! gradient descent, from the same starting weights.
//!
//! The settings are the `train` example's (it prints the same table with
//! `cargo run --release --example train -- --compare`): the lab's 2-4-4-1 sigmoid network
//! without biases, mean squared error, full batch, standard-normal weights from seed 1.

#[allow(dead_code)] // the example uses more of this file than the test does
#[path = "../../examples/train/optimizers.rs"]
mod optimizers;

use optimizers::{Choice, XorNet, epochs_to_full_accuracy};
use static_mlp::data;
use static_mlp::metrics::accuracy;
use static_mlp::prelude::*;

/// The `train` example's default seed.
const SEED: u64 = 1;
const MAX_EPOCHS: usize = 20_000;

#[test]
fn momentum_adam_and_rprop_reach_full_accuracy_before_plain_gradient_descent() {
    let epochs = Choice::ALL.map(|choice| {
        let epochs = epochs_to_full_accuracy(choice, SEED, MAX_EPOCHS);
        (
            choice,
            epochs.unwrap_or_else(|| panic!("{choice:?} stalled")),
        )
    });
    let [(_, sgd), faster @ ..] = epochs;
    println!("{epochs:?}");
    for (choice, count) in faster {
        assert!(count < sgd, "{choice:?} took {count} epochs, SGD {sgd}");
    }
}

#[test]
fn epochs_to_full_accuracy_counts_like_a_hand_written_loop() {
    // iRPROP− by hand: train_step, then the accuracy of the new weights, until it is 1.
    let xor = data::xor_easy::<f64>();
    let mut net = XorNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(SEED));
    let mut rprop = Rprop::new();
    let mut epochs = 0;
    while accuracy(&net.predict(&xor.inputs), &xor.labels) < 1.0 {
        net.train_step(&MeanSquaredError, &mut rprop, &xor.inputs, &xor.labels);
        epochs += 1;
        assert!(epochs < MAX_EPOCHS);
    }
    assert_eq!(
        epochs_to_full_accuracy(Choice::Rprop, SEED, MAX_EPOCHS),
        Some(epochs)
    );
}
