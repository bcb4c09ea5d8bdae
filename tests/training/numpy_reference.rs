//! The lab's runs from fixed weights, checked against the numpy reference
//! (`../shared/bench/seed_numpy.py`): same initial weights, same training run, to rounding.
//!
//! The weights are those `seed_numpy.py --seed 1 --print-weights` draws; the expected losses are
//! what `seed_numpy.py --data xor --quiet` and `seed_numpy.py --variant relu --quiet` print
//! (numpy 2.4.6, float64).

use static_mlp::metrics::accuracy;
use static_mlp::nalgebra::SMatrix;
use static_mlp::prelude::*;
use static_mlp::{data, model::Activation, train::Loss};

type SeedNet<A> = Chain<
    Dense<f64, 2, 4, A, NoBias>,
    Chain<Dense<f64, 4, 4, A, NoBias>, Dense<f64, 4, 1, Sigmoid, NoBias>, 4>,
    4,
>;

/// The matrix whose rows are `rows`.
fn from_rows<const R: usize, const C: usize>(rows: [[f64; C]; R]) -> SMatrix<f64, R, C> {
    SMatrix::from_fn(|r, c| rows[r][c])
}

#[rustfmt::skip] // one row of weights per line
fn seed_network<A: Activation>() -> SeedNet<A> {
    let w1: SMatrix<f64, 2, 4> = from_rows([
        [0.345584192064786, 0.8216181435011584, 0.33043707618338714, -1.303157231604361],
        [0.9053558666731177, 0.4463745723640113, -0.5369532353602852, 0.5811181041963531],
    ]);
    let w2: SMatrix<f64, 4, 4> = from_rows([
        [0.36457239618607573, 0.294132496655526, 0.02842224131579679, 0.5467129866124469],
        [-0.7364540870016669, -0.16290994799305278, -0.48211931267997826, 0.5988462126346276],
        [0.03972210748165899, -0.2924567509650886, -0.7819084623568421, -0.2571922406188707],
        [0.008142180518343508, -0.2756029052993704, 1.2940638143982073, 1.0067243153057943],
    ]);
    let w3: SMatrix<f64, 4, 1> = from_rows([
        [-2.7111624789659685],
        [-1.8890132459676727],
        [-0.17477209205516195],
        [-0.42219041157635356],
    ]);
    Chain::new(
        Dense::from_weights(w1),
        Chain::new(Dense::from_weights(w2), Dense::from_weights(w3)),
    )
}

fn train<A: Activation, L: Loss<Sigmoid>>(loss: L, learning_rate: f64) -> (f64, f64) {
    let xor = data::xor_easy::<f64>();
    let mut net = seed_network::<A>();
    let mut optimizer = GradientDescent::new(learning_rate).unwrap();
    for _ in 0..50_000 {
        net.train_step(&loss, &mut optimizer, &xor.inputs, &xor.labels);
    }
    let outputs = net.predict(&xor.inputs);
    (
        loss.value(&outputs, &xor.labels),
        accuracy(&outputs, &xor.labels),
    )
}

fn assert_relatively_close(found: f64, expected: f64, tolerance: f64) {
    let relative = ((found - expected) / expected).abs();
    // `--nocapture` shows the figure the README quotes.
    println!("final loss {found:.15e}, numpy {expected:.15e}, relative error {relative:.1e}");
    assert!(
        relative <= tolerance,
        "found {found:.15e}, numpy {expected:.15e}, relative error {relative:.2e}"
    );
}

#[test]
fn sigmoid_mse_run_matches_numpy() {
    let (loss, accuracy) = train::<Sigmoid, _>(MeanSquaredError, 0.5);
    assert_relatively_close(loss, 6.461519711737e-05, 1e-9);
    assert_eq!(accuracy, 1.0);
}

#[test]
fn relu_bce_run_matches_numpy() {
    let (loss, accuracy) = train::<Relu, _>(BinaryCrossEntropy, 0.1);
    assert_relatively_close(loss, 3.316583491327e-02, 1e-9);
    assert_eq!(accuracy, 1.0);
}
