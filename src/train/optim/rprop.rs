//! `Rprop`: resilient propagation (iRPROP−), steps sized per weight from the gradient's sign.

use super::{InvalidHyperparameter, Optimizer, check, check_non_negative, check_positive};
use crate::math::scalar::Scalar;
use crate::model::parameters::Parameters;

/// iRPROP− (Igel & Hüsken, 2000), the default training algorithm of the FANN C library.
///
/// Only the gradient's sign is used. Each weight has its own step size `Δ`, which grows while
/// the gradient keeps its sign and shrinks when the sign flips (the last step jumped over a
/// minimum); after a flip the weight waits one step:
///
/// ```text
/// if g·g_prev > 0:  Δ ← min(η⁺·Δ, Δmax)
/// if g·g_prev < 0:  Δ ← max(η⁻·Δ, Δmin),  g ← 0
/// θ ← θ − sign(g)·Δ,  g_prev ← g
/// ```
///
/// Defaults: `η⁺ = 1.2`, `η⁻ = 0.5`, `Δ₀ = 0.1`, `Δ ∈ [10⁻⁶, 50]` (Riedmiller's; FANN uses a
/// floor of 0). The step sizes and the previous gradient are values of the network's type `N`.
/// Rprop is a full-batch method: with mini-batches the gradient's sign is noisy and the step
/// sizes shrink for the wrong reasons.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::train::Rprop;
///
/// type Net = mlp!(f64; 2 => 4 Sigmoid => 1 Sigmoid);
/// let rprop: Rprop<f64, Net> = Rprop::new().with_step_limits(0.0, 10.0)?;
/// # Ok::<(), static_mlp::train::InvalidHyperparameter>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Rprop<T, N> {
    increase: T,
    decrease: T,
    smallest_step: T,
    largest_step: T,
    step_sizes: N,
    previous_gradient: N,
}

impl<T: Scalar, N: Parameters<T>> Rprop<T, N> {
    /// iRPROP− with the defaults above. It has no learning rate to choose.
    pub fn new() -> Self {
        let mut step_sizes = N::zeros();
        fill(&mut step_sizes, T::literal(0.1));
        Self {
            increase: T::literal(1.2),
            decrease: T::literal(0.5),
            smallest_step: T::literal(1e-6),
            largest_step: T::literal(50.0),
            step_sizes,
            previous_gradient: N::zeros(),
        }
    }

    /// Sets every weight's first step `Δ₀`; finite and greater than 0. Call it before training:
    /// it resets the step sizes.
    pub fn with_initial_step(mut self, initial_step: T) -> Result<Self, InvalidHyperparameter> {
        check_positive("initial step", initial_step)?;
        fill(&mut self.step_sizes, initial_step);
        Ok(self)
    }

    /// Sets the factors `η⁺` (greater than 1) and `η⁻` (between 0 and 1) that grow and
    /// shrink a step.
    pub fn with_factors(self, increase: T, decrease: T) -> Result<Self, InvalidHyperparameter> {
        check(
            "increase factor",
            increase,
            "finite and greater than 1",
            |v| v > 1.0,
        )?;
        check(
            "decrease factor",
            decrease,
            "greater than 0 and less than 1",
            |v| v > 0.0 && v < 1.0,
        )?;
        Ok(Self {
            increase,
            decrease,
            ..self
        })
    }

    /// Sets the range `[Δmin, Δmax]` that step sizes are clamped to: `Δmin` finite and at
    /// least 0, `Δmax` finite and greater than `Δmin`.
    pub fn with_step_limits(self, smallest: T, largest: T) -> Result<Self, InvalidHyperparameter> {
        check_non_negative("smallest step", smallest)?;
        let floor = smallest.to_f64();
        check(
            "largest step",
            largest,
            "finite and greater than the smallest step",
            |v| v > floor,
        )?;
        Ok(Self {
            smallest_step: smallest,
            largest_step: largest,
            ..self
        })
    }

    /// The factors `(η⁺, η⁻)`.
    pub fn factors(&self) -> (T, T) {
        (self.increase, self.decrease)
    }

    /// The clamp range `(Δmin, Δmax)`.
    pub fn step_limits(&self) -> (T, T) {
        (self.smallest_step, self.largest_step)
    }

    /// Every weight's current step size `Δ`, shaped like the network.
    pub fn step_sizes(&self) -> &N {
        &self.step_sizes
    }
}

impl<T: Scalar, N: Parameters<T>> Default for Rprop<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Scalar, N: Parameters<T>> Optimizer<T, N> for Rprop<T, N> {
    #[inline]
    fn step(&mut self, network: &mut N, gradient: &N) {
        let (increase, decrease) = (self.increase, self.decrease);
        let (smallest, largest) = (self.smallest_step, self.largest_step);
        let slices = network
            .parameters_mut()
            .zip(gradient.parameters())
            .zip(self.step_sizes.parameters_mut())
            .zip(self.previous_gradient.parameters_mut());
        for (((weights, gradients), steps), previous) in slices {
            let values = weights.iter_mut().zip(gradients).zip(steps).zip(previous);
            for (((w, &g), step), previous) in values {
                let agreement = g * *previous;
                let g = if agreement > T::ZERO {
                    *step = (*step * increase).min(largest); // Δ ← min(η⁺Δ, Δmax)
                    g
                } else if agreement < T::ZERO {
                    *step = (*step * decrease).max(smallest); // Δ ← max(η⁻Δ, Δmin)
                    T::ZERO // the sign flipped: forget this gradient and wait a step
                } else {
                    *step = step.clamp(smallest, largest); // a first Δ₀ obeys the limits too
                    g
                };
                *w -= sign(g) * *step; // θ ← θ − sign(g)·Δ
                *previous = g;
            }
        }
    }
}

/// −1, 0 or 1. (`f64::signum` gives 1 for +0, which would move a weight with no gradient.)
fn sign<T: Scalar>(value: T) -> T {
    if value > T::ZERO {
        T::ONE
    } else if value < T::ZERO {
        -T::ONE
    } else {
        T::ZERO
    }
}

/// Sets every parameter of `network` to `value`.
fn fill<T: Scalar, N: Parameters<T>>(network: &mut N, value: T) {
    for slice in network.parameters_mut() {
        slice.fill(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::Identity;
    use crate::model::dense::Dense;
    use crate::model::dense::NoBias;

    type Tiny = Dense<f64, 2, 1, Identity, NoBias>;

    #[test]
    fn a_first_step_outside_the_limits_is_clamped() {
        let mut net = Tiny::from_weights(matrix![0.0; 0.0]);
        let mut rprop = Rprop::new().with_initial_step(100.0).unwrap();
        rprop.step(&mut net, &gradient(1.0, -1.0));
        assert_eq!(*net.weights(), matrix![-50.0; 50.0]); // Δmax = 50
    }

    fn gradient(g0: f64, g1: f64) -> Tiny {
        Tiny::from_weights(matrix![g0; g1])
    }

    #[test]
    fn steps_match_hand_computation() {
        let mut rprop = Rprop::new();
        let mut net = Tiny::from_weights(matrix![1.0; 2.0]);
        let mut after = |g0, g1| {
            rprop.step(&mut net, &gradient(g0, g1));
            (*net.weights(), *rprop.step_sizes().weights())
        };
        // 1: no previous gradient, each weight moves Δ₀ = 0.1 against its gradient's sign.
        assert_eq!(after(10.0, -4.0), (matrix![0.9; 2.1], matrix![0.1; 0.1]));
        // 2: w₀ keeps its sign, Δ₀ = 0.12 and moves; w₁ flips, Δ₁ = 0.05 and waits.
        let (w, step) = after(3.0, 5.0);
        assert!((w - matrix![0.78; 2.1]).amax() < 1e-15, "{w}");
        assert!((step - matrix![0.12; 0.05]).amax() < 1e-15, "{step}");
        // 3: w₀ flips, Δ₀ = 0.06 and waits; w₁ waited last step, so it moves by Δ₁ = 0.05.
        let (w, step) = after(-1.0, 7.0);
        assert!((w - matrix![0.78; 2.05]).amax() < 1e-15, "{w}");
        assert!((step - matrix![0.06; 0.05]).amax() < 1e-15, "{step}");
        // 4: w₀ waited, moves by 0.06 against −1; w₁ keeps its sign, Δ₁ = 0.06.
        let (w, step) = after(-1.0, 7.0);
        assert!((w - matrix![0.84; 1.99]).amax() < 1e-15, "{w}");
        assert!((step - matrix![0.06; 0.06]).amax() < 1e-15, "{step}");
    }

    #[test]
    fn step_sizes_are_clamped_and_a_zero_gradient_does_not_move() {
        let mut rprop = Rprop::new()
            .with_initial_step(1.0)
            .unwrap()
            .with_step_limits(0.3, 1.1)
            .unwrap();
        let mut net = Tiny::from_weights(matrix![0.0; 0.0]);
        for _ in 0..3 {
            rprop.step(&mut net, &gradient(-1.0, 0.0)); // Δ₀: 1, then min(1.2, 1.1) twice
        }
        assert!((net.weights() - matrix![3.2; 0.0]).amax() < 1e-15);
        for g in [1.0, -1.0, 1.0, -1.0] {
            rprop.step(&mut net, &gradient(g, 0.0)); // flips: 1.1 → 0.55 → 0.3 (the floor)
        }
        assert_eq!(*rprop.step_sizes().weights(), matrix![0.3; 1.0]);
    }

    #[test]
    fn rejects_bad_settings() {
        let rprop = Rprop::<f64, Tiny>::new;
        assert_eq!(
            rprop().with_initial_step(0.0).unwrap_err().name,
            "initial step"
        );
        assert_eq!(
            rprop().with_factors(1.0, 0.5).unwrap_err().name,
            "increase factor"
        );
        assert_eq!(
            rprop().with_factors(1.2, 1.0).unwrap_err().name,
            "decrease factor"
        );
        assert_eq!(
            rprop().with_step_limits(-1.0, 1.0).unwrap_err().name,
            "smallest step"
        );
        let error = rprop().with_step_limits(0.5, 0.5).unwrap_err();
        assert_eq!(error.name, "largest step");
        assert_eq!(
            error.to_string(),
            "invalid largest step: expected finite and greater than the smallest step, found 0.5"
        );
        assert!(rprop().with_step_limits(0.0, f64::INFINITY).is_err());
    }
}
