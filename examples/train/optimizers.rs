//! The example's four optimisers behind one type, and the epochs-to-100% comparison.
//!
//! `tests/training/optimizer_comparison.rs` includes this file too, so the table the example prints
//! and the claim the test checks come from the same code and settings.

use static_mlp::prelude::*;
use static_mlp::{data, train::InvalidHyperparameter};

/// The lab's network: 2 → 4 → 4 → 1, sigmoid everywhere, no biases.
pub type XorNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);

/// An optimiser the example can train with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Plain gradient descent, the lab's.
    Sgd,
    /// Gradient descent with classical momentum 0.9.
    Momentum,
    /// Adam with its usual β₁, β₂ and ε.
    Adam,
    /// iRPROP− with FANN's step factors.
    Rprop,
}

impl Choice {
    /// All four, in the order of the table.
    pub const ALL: [Choice; 4] = [Choice::Sgd, Choice::Momentum, Choice::Adam, Choice::Rprop];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Choice::Sgd => "sgd",
            Choice::Momentum => "momentum",
            Choice::Adam => "adam",
            Choice::Rprop => "rprop",
        }
    }

    /// The choice named `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|choice| choice.name() == name)
    }

    /// The learning rate used unless one is given (for iRPROP−, its first step size).
    pub fn default_learning_rate(self) -> f64 {
        match self {
            Choice::Sgd | Choice::Momentum => 0.5,
            Choice::Adam => 0.05,
            Choice::Rprop => 0.1,
        }
    }

    /// The optimiser, with `learning_rate` checked by its constructor.
    pub fn build(self, learning_rate: f64) -> Result<AnyOptimizer, InvalidHyperparameter> {
        Ok(match self {
            Choice::Sgd => AnyOptimizer::Sgd(GradientDescent::new(learning_rate)?),
            Choice::Momentum => AnyOptimizer::Momentum(Momentum::new(learning_rate, 0.9)?),
            Choice::Adam => AnyOptimizer::Adam(Adam::new(learning_rate)?),
            Choice::Rprop => AnyOptimizer::Rprop(Rprop::new().with_initial_step(learning_rate)?),
        })
    }
}

/// One of the four optimisers, chosen at run time without a heap allocation: each variant
/// holds its state inline, and `step` forwards to it.
#[derive(Clone, Debug)]
pub enum AnyOptimizer {
    /// Plain gradient descent.
    Sgd(GradientDescent<f64>),
    /// Momentum.
    Momentum(Momentum<f64, XorNet>),
    /// Adam.
    Adam(Adam<f64, XorNet>),
    /// iRPROP−.
    Rprop(Rprop<f64, XorNet>),
}

impl Optimizer<f64, XorNet> for AnyOptimizer {
    fn step(&mut self, network: &mut XorNet, gradient: &XorNet) {
        match self {
            AnyOptimizer::Sgd(optimizer) => optimizer.step(network, gradient),
            AnyOptimizer::Momentum(optimizer) => optimizer.step(network, gradient),
            AnyOptimizer::Adam(optimizer) => optimizer.step(network, gradient),
            AnyOptimizer::Rprop(optimizer) => optimizer.step(network, gradient),
        }
    }
}

/// Epochs of full-batch training (mean squared error, default learning rate) until every
/// XOR-easy point is classified correctly, from the weights `seed` draws; `None` if that takes
/// more than `max_epochs`.
pub fn epochs_to_full_accuracy(choice: Choice, seed: u64, max_epochs: usize) -> Option<usize> {
    let xor = data::xor_easy::<f64>();
    let mut net = XorNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(seed));
    let mut optimizer = choice
        .build(choice.default_learning_rate())
        .expect("the default learning rates are valid");
    let summary = Fit::new(&MeanSquaredError, &mut optimizer)
        .max_epochs(max_epochs)
        .target_accuracy(1.0)
        .expect("1.0 is a valid target")
        .run(&mut net, &xor)
        .expect("XOR-easy is valid and these settings do not diverge");
    (summary.accuracy == Some(1.0)).then_some(summary.epochs)
}
