//! The backward pass agrees with central finite differences of the loss, for every activation
//! on each hidden layer, every activation at the output with mean squared error, and binary
//! cross-entropy (which requires a sigmoid output), with and without biases, in `f64`; and a
//! softmax output with categorical cross-entropy and with mean squared error (through
//! softmax's Jacobian), and a softmax hidden layer.

use static_mlp::nalgebra::SMatrix;
use static_mlp::prelude::*;
use static_mlp::rand::RngExt;
use static_mlp::{model::Activation, model::BiasMode, train::Loss};

const BATCH: usize = 6;

/// A 3 → 5 → 4 → 2 network with activation `H1` and `H2` on the hidden layers and `A` at the
/// output.
type Net<H1, H2, A, Bias> = Chain<
    Dense<f64, 3, 5, H1, Bias>,
    Chain<Dense<f64, 5, 4, H2, Bias>, Dense<f64, 4, 2, A, Bias>, 4>,
    5,
>;

fn parameter(net: &mut impl Parameters<f64>, index: usize) -> &mut f64 {
    net.parameters_mut()
        .flat_map(|slice| slice.iter_mut())
        .nth(index)
        .unwrap()
}

/// Largest relative error between backpropagation and central differences for a 3 → 5 → 4 → 2
/// network with activations `H1`, `H2` on the hidden layers and `A` at the output.
fn check<H1, H2, A, Bias, L>(loss: L, seed: u64) -> f64
where
    H1: Activation,
    H2: Activation,
    A: Activation,
    Bias: BiasMode,
    L: Loss<A>,
{
    let mut rng = StdRng::seed_from_u64(seed);
    let mut net = Net::<H1, H2, A, Bias>::random(Init::Xavier, &mut rng);
    // Biases start at zero; give them values so their gradients are tested away from zero.
    if Bias::ENABLED {
        for slice in net.parameters_mut().skip(1).step_by(2) {
            slice
                .iter_mut()
                .for_each(|b| *b = rng.random_range(-0.5..0.5));
        }
    }
    worst_error(net, loss, &mut rng)
}

/// Largest relative error between backpropagation and central differences for `net` on a
/// random batch drawn from `rng`.
fn worst_error<N: Network<f64, 3, O>, L: Loss<N::OutputActivation>, const O: usize>(
    mut net: N,
    loss: L,
    rng: &mut StdRng,
) -> f64 {
    let inputs = SMatrix::<f64, BATCH, 3>::from_fn(|_, _| rng.random_range(-1.0..1.0));
    let labels = SMatrix::<f64, BATCH, O>::from_fn(|_, _| rng.random_range(0.0..1.0));

    let (_, gradient) = net.gradient(&loss, &inputs, &labels);
    let analytic: Vec<f64> = gradient.parameters().flatten().copied().collect();
    let step = 1e-6;
    let mut worst: f64 = 0.0;
    for (index, &backprop) in analytic.iter().enumerate() {
        let original = *parameter(&mut net, index);
        *parameter(&mut net, index) = original + step;
        let above = net.loss(&loss, &inputs, &labels);
        *parameter(&mut net, index) = original - step;
        let below = net.loss(&loss, &inputs, &labels);
        *parameter(&mut net, index) = original;
        let numeric = (above - below) / (2.0 * step);
        // Relative to the larger of the two, with a floor for gradients that are (nearly) zero.
        let error = (numeric - backprop).abs() / numeric.abs().max(backprop.abs()).max(1e-3);
        // `f64::max` would drop a NaN: refuse it here, so a NaN gradient fails the test.
        assert!(
            error.is_finite(),
            "parameter {index}: backprop {backprop}, numeric {numeric}"
        );
        worst = worst.max(error);
    }
    worst
}

/// Four seeds, with and without biases.
fn assert_gradients_match<H1, H2, A, L>(loss: L)
where
    H1: Activation,
    H2: Activation,
    A: Activation,
    L: Loss<A> + Copy,
{
    for seed in 0..4 {
        let with_bias = check::<H1, H2, A, WithBias, L>(loss, seed);
        let without_bias = check::<H1, H2, A, NoBias, L>(loss, seed);
        let worst = with_bias.max(without_bias);
        assert!(
            worst <= 1e-6,
            "hidden {} and {}, output {}, seed {seed}: relative error {worst:.2e}",
            H1::NAME,
            H2::NAME,
            A::NAME
        );
    }
}

// Each activation's derivative enters backpropagation in one place: the delta of the layer it
// ends (`Chain::backward` for a hidden layer, `Loss::output_delta` at the output). So the cases
// below put every activation once on the first hidden layer, once on the second and once at the
// output — each case a different arrangement — instead of compiling all 25 combinations: the
// same code paths with ten network types (with and without biases) instead of fifty.

#[test]
fn sigmoid_relu_leaky_relu() {
    assert_gradients_match::<Sigmoid, Relu, LeakyRelu, _>(MeanSquaredError);
}

#[test]
fn relu_leaky_relu_tanh() {
    assert_gradients_match::<Relu, LeakyRelu, Tanh, _>(MeanSquaredError);
}

#[test]
fn leaky_relu_tanh_identity() {
    assert_gradients_match::<LeakyRelu, Tanh, Identity, _>(MeanSquaredError);
}

#[test]
fn tanh_identity_sigmoid_with_both_losses() {
    assert_gradients_match::<Tanh, Identity, Sigmoid, _>(MeanSquaredError);
    assert_gradients_match::<Tanh, Identity, Sigmoid, _>(BinaryCrossEntropy);
}

#[test]
fn identity_sigmoid_relu() {
    assert_gradients_match::<Identity, Sigmoid, Relu, _>(MeanSquaredError);
}

#[test]
fn wide_layers_use_the_tiled_products() {
    // Widths above 16 take the register-tiled kernels in both the forward products and δ·Wᵀ.
    type Wide = mlp!(f64; 3 => 20 Tanh => 18 LeakyRelu => 2 Sigmoid);
    for seed in 0..2 {
        let mut rng = StdRng::seed_from_u64(seed);
        let net = Wide::random(Init::Xavier, &mut rng);
        for loss_error in [
            worst_error(net, MeanSquaredError, &mut rng),
            worst_error(net, BinaryCrossEntropy, &mut rng),
        ] {
            assert!(
                loss_error <= 1e-6,
                "seed {seed}: relative error {loss_error:.2e}"
            );
        }
    }
}

#[test]
fn softmax_output_and_softmax_hidden_layer() {
    // A softmax output with categorical cross-entropy and with mean squared error (through
    // softmax's Jacobian), and a softmax hidden layer. The labels are random values in [0, 1],
    // rows not summing to 1: the fused delta is exact for those too.
    for seed in 0..3 {
        let errors = [
            check::<Tanh, Relu, Softmax, WithBias, _>(CategoricalCrossEntropy, seed),
            check::<Relu, Tanh, Softmax, NoBias, _>(CategoricalCrossEntropy, seed),
            check::<Tanh, Relu, Softmax, WithBias, _>(MeanSquaredError, seed),
            check::<Softmax, Relu, Identity, WithBias, _>(MeanSquaredError, seed),
        ];
        for (case, error) in errors.into_iter().enumerate() {
            assert!(
                error <= 1e-6,
                "case {case}, seed {seed}: relative error {error:.2e}"
            );
        }
    }
    // Four classes, and one-hot labels.
    type FourClasses = mlp!(f64; 3 => 6 Tanh => 4 Softmax);
    for seed in 0..3 {
        let mut rng = StdRng::seed_from_u64(seed);
        let net = FourClasses::random(Init::Xavier, &mut rng);
        let error = worst_error(net, CategoricalCrossEntropy, &mut rng);
        assert!(error <= 1e-6, "seed {seed}: relative error {error:.2e}");
        let inputs = SMatrix::<f64, BATCH, 3>::from_fn(|_, _| rng.random_range(-1.0..1.0));
        let labels = SMatrix::<f64, BATCH, 4>::from_fn(|r, c| f64::from(u8::from(r % 4 == c)));
        let (_, gradient) = net.gradient(&CategoricalCrossEntropy, &inputs, &labels);
        let mut shifted = net;
        let step = 1e-6;
        for (index, &backprop) in gradient.parameters().flatten().enumerate() {
            let mut at = |delta: f64| {
                *parameter(&mut shifted, index) += delta;
                let value = shifted.loss(&CategoricalCrossEntropy, &inputs, &labels);
                *parameter(&mut shifted, index) -= delta;
                value
            };
            let numeric = (at(step) - at(-step)) / (2.0 * step);
            let error = (numeric - backprop).abs() / numeric.abs().max(backprop.abs()).max(1e-3);
            assert!(
                error <= 1e-6,
                "one-hot, seed {seed}, parameter {index}: {error:.2e}"
            );
        }
    }
}
