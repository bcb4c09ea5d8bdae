//! Optimisers: how a gradient changes the parameters.
//!
//! [`GradientDescent`] is the lab's; [`Momentum`] (with optional Nesterov), [`Adam`] and
//! [`Rprop`] (iRPROP−) each live in their own file below. An optimiser with state keeps it as
//! values of the network's own type `N`, made once by [`Parameters::zeros`], and a step walks
//! the network, its gradient and that state slice by slice in lockstep: no step allocates.
//! Every constructor checks its settings and returns [`InvalidHyperparameter`] for one that
//! is out of range.

use crate::math::decimal::Decimal;
use crate::math::scalar::Scalar;
use crate::model::parameters::Parameters;
use core::fmt;

mod adam;
mod momentum;
mod rprop;

pub use adam::Adam;
pub use momentum::Momentum;
pub use rprop::Rprop;

/// Updates a network's parameters from their gradient, `θ ← update(θ, ∂C/∂θ)`.
///
/// An optimiser with state (momentum, Adam's moments) keeps it as values shaped like the
/// network `N`, created once, so a step never allocates.
///
/// An optimiser's settings (the learning rate above all) are numbers of the network's own
/// scalar type `T`: an `f32` network takes `GradientDescent::new(0.1_f32)`, or just
/// `GradientDescent::new(0.1)`, whose literal becomes `f32` from the network it trains.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot train this network: its numbers are not the network's `{T}`",
    label = "this optimiser's scalar type is not the network's",
    note = "an optimiser's learning rate has the network's scalar type: for an `{T}` network, write the rate as a plain literal (`Adam::new(0.01)`) or as a `{T}` (`0.01_{T}`)"
)]
pub trait Optimizer<T: Scalar, N: Parameters<T>> {
    /// Applies one update to `network` given `gradient`, which has the network's shape.
    fn step(&mut self, network: &mut N, gradient: &N);
}

/// Plain gradient descent, `θ ← θ − η·∂C/∂θ`: the lab's optimiser.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradientDescent<T> {
    learning_rate: T,
}

impl<T: Scalar> GradientDescent<T> {
    /// Gradient descent with learning rate `η`, which must be finite and positive.
    pub fn new(learning_rate: T) -> Result<Self, InvalidHyperparameter> {
        check_positive("learning rate", learning_rate)?;
        Ok(Self { learning_rate })
    }

    /// The learning rate `η`.
    pub fn learning_rate(&self) -> T {
        self.learning_rate
    }
}

impl<T: Scalar, N: Parameters<T>> Optimizer<T, N> for GradientDescent<T> {
    #[inline(always)]
    fn step(&mut self, network: &mut N, gradient: &N) {
        let rate = self.learning_rate;
        for (weights, gradients) in network.parameters_mut().zip(gradient.parameters()) {
            for (w, &g) in weights.iter_mut().zip(gradients) {
                *w -= rate * g; // θ ← θ − η·∂C/∂θ
            }
        }
    }
}

/// A training setting outside its valid range, such as a learning rate of zero or a target
/// accuracy above 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InvalidHyperparameter {
    /// Which setting, e.g. `"learning rate"`.
    pub name: &'static str,
    /// What it must be, e.g. `"finite and greater than 0"`.
    pub expected: &'static str,
    /// The value that was given.
    pub found: f64,
}

impl fmt::Display for InvalidHyperparameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {}: expected {}, found {}",
            self.name,
            self.expected,
            Decimal::F64(self.found)
        )
    }
}

impl core::error::Error for InvalidHyperparameter {}

/// Accepts `value` if it is finite and greater than zero.
pub(crate) fn check_positive<T: Scalar>(
    name: &'static str,
    value: T,
) -> Result<(), InvalidHyperparameter> {
    check(name, value, "finite and greater than 0", |v| v > 0.0)
}

/// Accepts `value` if it is finite and zero or more.
pub(crate) fn check_non_negative<T: Scalar>(
    name: &'static str,
    value: T,
) -> Result<(), InvalidHyperparameter> {
    check(name, value, "finite and at least 0", |v| v >= 0.0)
}

/// Accepts `value` if it lies in `[0, 1)`, the range of a decay rate such as momentum or β.
pub(crate) fn check_decay<T: Scalar>(
    name: &'static str,
    value: T,
) -> Result<(), InvalidHyperparameter> {
    check(name, value, "at least 0 and less than 1", |v| {
        (0.0..1.0).contains(&v)
    })
}

/// Accepts `value` if it is finite and `valid`; otherwise says it was `expected`.
pub(crate) fn check<T: Scalar>(
    name: &'static str,
    value: T,
    expected: &'static str,
    valid: impl Fn(f64) -> bool,
) -> Result<(), InvalidHyperparameter> {
    let found = value.to_f64();
    if found.is_finite() && valid(found) {
        Ok(())
    } else {
        Err(InvalidHyperparameter {
            name,
            expected,
            found,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::Identity;
    use crate::model::dense::Dense;
    use crate::model::dense::NoBias;

    #[test]
    fn step_subtracts_rate_times_gradient() {
        let mut layer: Dense<f64, 2, 1, Identity, NoBias> = Dense::from_weights(matrix![1.0; 2.0]);
        let gradient = Dense::from_weights(matrix![10.0; -4.0]);
        GradientDescent::new(0.5)
            .unwrap()
            .step(&mut layer, &gradient);
        assert_eq!(*layer.weights(), matrix![-4.0; 4.0]);
    }

    #[test]
    fn rejects_bad_learning_rates() {
        for bad in [0.0, -0.1, f64::NAN, f64::INFINITY] {
            let error = GradientDescent::new(bad).unwrap_err();
            assert_eq!(error.name, "learning rate");
            assert!(
                error.to_string().starts_with(
                    "invalid learning rate: expected finite and greater than 0, found"
                )
            );
        }
        assert!(GradientDescent::new(1e-3_f32).is_ok());
    }

    #[test]
    fn decay_rates_lie_in_zero_to_one() {
        for good in [0.0, 0.5, 0.999] {
            assert!(check_decay("momentum", good).is_ok());
        }
        for bad in [-0.1, 1.0, 1.5, f64::NAN, f64::NEG_INFINITY] {
            let error = check_decay("momentum", bad).unwrap_err();
            assert_eq!(error.expected, "at least 0 and less than 1");
        }
        assert!(check_non_negative("weight decay", 0.0).is_ok());
        assert!(check_non_negative("weight decay", -1e-9).is_err());
        assert!(check_non_negative("weight decay", f64::INFINITY).is_err());
    }
}
