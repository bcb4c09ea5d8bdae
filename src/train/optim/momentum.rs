//! `Momentum`: gradient descent that keeps a velocity, classical or Nesterov.

use super::{InvalidHyperparameter, Optimizer, check_decay, check_positive};
use crate::math::scalar::Scalar;
use crate::model::parameters::Parameters;

/// Gradient descent with momentum `μ`, in the form PyTorch and Keras use:
///
/// ```text
/// v ← μ·v + g
/// θ ← θ − η·v              classical
/// θ ← θ − η·(g + μ·v)      Nesterov: the step looks ahead along the new velocity
/// ```
///
/// The velocity `v` is a value of the network's type `N`, zero at the start, so the first step
/// is plain gradient descent's. With `μ = 0` every step is.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::train::Momentum;
///
/// type Net = mlp!(f64; 2 => 4 Sigmoid => 1 Sigmoid);
/// let mut optimizer: Momentum<f64, Net> = Momentum::nesterov(0.5, 0.9)?;
/// # Ok::<(), static_mlp::train::InvalidHyperparameter>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Momentum<T, N> {
    learning_rate: T,
    momentum: T,
    nesterov: bool,
    velocity: N,
}

impl<T: Scalar, N: Parameters<T>> Momentum<T, N> {
    /// Classical momentum with learning rate `η` (finite, greater than 0) and momentum `μ`
    /// (in `[0, 1)`; 0.9 is the usual choice).
    pub fn new(learning_rate: T, momentum: T) -> Result<Self, InvalidHyperparameter> {
        check_positive("learning rate", learning_rate)?;
        check_decay("momentum", momentum)?;
        Ok(Self {
            learning_rate,
            momentum,
            nesterov: false,
            velocity: N::zeros(),
        })
    }

    /// Nesterov momentum, with the same settings as [`new`](Self::new).
    pub fn nesterov(learning_rate: T, momentum: T) -> Result<Self, InvalidHyperparameter> {
        Ok(Self {
            nesterov: true,
            ..Self::new(learning_rate, momentum)?
        })
    }

    /// The learning rate `η`.
    pub fn learning_rate(&self) -> T {
        self.learning_rate
    }

    /// The momentum `μ`.
    pub fn momentum(&self) -> T {
        self.momentum
    }

    /// Whether steps use Nesterov's look-ahead.
    pub fn is_nesterov(&self) -> bool {
        self.nesterov
    }

    /// The velocity `v`, shaped like the network.
    pub fn velocity(&self) -> &N {
        &self.velocity
    }
}

impl<T: Scalar, N: Parameters<T>> Optimizer<T, N> for Momentum<T, N> {
    #[inline]
    fn step(&mut self, network: &mut N, gradient: &N) {
        let (rate, momentum, nesterov) = (self.learning_rate, self.momentum, self.nesterov);
        let slices = network
            .parameters_mut()
            .zip(gradient.parameters())
            .zip(self.velocity.parameters_mut());
        for ((weights, gradients), velocities) in slices {
            for ((w, &g), v) in weights.iter_mut().zip(gradients).zip(velocities) {
                *v = momentum * *v + g; // v ← μ·v + g
                let direction = if nesterov { g + momentum * *v } else { *v };
                *w -= rate * direction; // θ ← θ − η·v, or θ − η·(g + μ·v)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::Identity;
    use crate::model::dense::Dense;
    use crate::model::dense::NoBias;
    use nalgebra::SMatrix;

    type Tiny = Dense<f64, 2, 1, Identity, NoBias>;

    /// Two steps from `w = (1, 2)` with gradients `(10, −4)` then `(2, 1)`, `η = 0.5`, `μ = 0.9`.
    fn two_steps(mut optimizer: Momentum<f64, Tiny>) -> SMatrix<f64, 2, 1> {
        let mut net = Tiny::from_weights(matrix![1.0; 2.0]);
        optimizer.step(&mut net, &Tiny::from_weights(matrix![10.0; -4.0]));
        optimizer.step(&mut net, &Tiny::from_weights(matrix![2.0; 1.0]));
        *net.weights()
    }

    fn assert_close(found: SMatrix<f64, 2, 1>, expected: SMatrix<f64, 2, 1>) {
        assert!((found - expected).amax() < 1e-12, "{found} vs {expected}");
    }

    #[test]
    fn classical_step_matches_hand_computation() {
        // Step 1: v = (10, −4),  w = (1 − 5, 2 + 2) = (−4, 4).
        // Step 2: v = (9 + 2, −3.6 + 1) = (11, −2.6),  w = (−4 − 5.5, 4 + 1.3) = (−9.5, 5.3).
        let optimizer = Momentum::new(0.5, 0.9).unwrap();
        assert_close(two_steps(optimizer), matrix![-9.5; 5.3]);
    }

    #[test]
    fn nesterov_step_matches_hand_computation() {
        // Step 1: v = (10, −4), g + μv = (19, −7.6),  w = (1 − 9.5, 2 + 3.8) = (−8.5, 5.8).
        // Step 2: v = (11, −2.6), g + μv = (11.9, −1.34),  w = (−8.5 − 5.95, 5.8 + 0.67).
        let optimizer = Momentum::nesterov(0.5, 0.9).unwrap();
        assert_close(two_steps(optimizer), matrix![-14.45; 6.47]);
    }

    #[test]
    fn zero_momentum_is_gradient_descent() {
        // w = (1 − 5 − 1, 2 + 2 − 0.5)
        let optimizer = Momentum::new(0.5, 0.0).unwrap();
        assert_close(two_steps(optimizer), matrix![-5.0; 3.5]);
    }

    #[test]
    fn rejects_bad_settings() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let error = Momentum::<f64, Tiny>::new(bad, 0.9).unwrap_err();
            assert_eq!(error.name, "learning rate");
        }
        for bad in [-0.1, 1.0, f64::NAN] {
            let error = Momentum::<f64, Tiny>::nesterov(0.1, bad).unwrap_err();
            assert_eq!(error.name, "momentum");
        }
    }
}
