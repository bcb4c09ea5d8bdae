//! `Adam`: per-parameter step sizes from running moments of the gradient, with optional
//! decoupled weight decay (AdamW).

use super::{InvalidHyperparameter, Optimizer, check_decay, check_non_negative, check_positive};
use crate::math::scalar::Scalar;
use crate::model::parameters::Parameters;

/// Adam (Kingma & Ba, 2015), with optional decoupled weight decay `λ` (AdamW, Loshchilov &
/// Hutter, 2019):
///
/// ```text
/// m ← β₁·m + (1 − β₁)·g               first moment: a running mean of the gradient
/// v ← β₂·v + (1 − β₂)·g²              second moment: a running mean of its square
/// m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   bias correction at step t
/// θ ← θ − η·(m̂ / (√v̂ + ε) + λ·θ)
/// ```
///
/// Both moments are values of the network's type `N`, zero at the start. Weight decay, when
/// set, shrinks every parameter, biases included, as PyTorch's `AdamW` does by default.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::train::Adam;
///
/// type Net = mlp!(f64; 2 => 4 Sigmoid => 1 Sigmoid);
/// let adam: Adam<f64, Net> = Adam::new(0.01)?.with_betas(0.9, 0.99)?.with_weight_decay(1e-4)?;
/// # Ok::<(), static_mlp::train::InvalidHyperparameter>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Adam<T, N> {
    learning_rate: T,
    beta1: T,
    beta2: T,
    epsilon: T,
    weight_decay: T,
    /// `β₁ᵗ` and `β₂ᵗ` after `t` steps, kept as running products.
    beta1_power: T,
    beta2_power: T,
    first_moment: N,
    second_moment: N,
}

impl<T: Scalar, N: Parameters<T>> Adam<T, N> {
    /// Adam with learning rate `η` (finite, greater than 0) and the usual defaults
    /// `β₁ = 0.9`, `β₂ = 0.999`, `ε = 10⁻⁸`, no weight decay.
    ///
    /// `T` and `N` are inferred from where the optimiser is used: `Adam::new(0.01)?` handed to
    /// `Fit::new(…)` or `train_step` for an `f32` network is an `Adam<f32, Net>`. Write the type
    /// only if no network uses it in the same function: `let adam: Adam<f32, Net> = …`.
    pub fn new(learning_rate: T) -> Result<Self, InvalidHyperparameter> {
        check_positive("learning rate", learning_rate)?;
        Ok(Self {
            learning_rate,
            beta1: T::literal(0.9),
            beta2: T::literal(0.999),
            epsilon: T::literal(1e-8),
            weight_decay: T::ZERO,
            beta1_power: T::ONE,
            beta2_power: T::ONE,
            first_moment: N::zeros(),
            second_moment: N::zeros(),
        })
    }

    /// Sets the moments' decay rates `β₁` and `β₂`, each in `[0, 1)`.
    pub fn with_betas(self, beta1: T, beta2: T) -> Result<Self, InvalidHyperparameter> {
        check_decay("beta1", beta1)?;
        check_decay("beta2", beta2)?;
        Ok(Self {
            beta1,
            beta2,
            ..self
        })
    }

    /// Sets `ε`, which keeps the step finite where `v̂` is zero; finite and greater than 0.
    pub fn with_epsilon(self, epsilon: T) -> Result<Self, InvalidHyperparameter> {
        check_positive("epsilon", epsilon)?;
        Ok(Self { epsilon, ..self })
    }

    /// Sets the decoupled weight decay `λ`; finite and at least 0 (0 turns it off).
    pub fn with_weight_decay(self, weight_decay: T) -> Result<Self, InvalidHyperparameter> {
        check_non_negative("weight decay", weight_decay)?;
        Ok(Self {
            weight_decay,
            ..self
        })
    }

    /// The learning rate `η`.
    pub fn learning_rate(&self) -> T {
        self.learning_rate
    }

    /// The decay rates `(β₁, β₂)`.
    pub fn betas(&self) -> (T, T) {
        (self.beta1, self.beta2)
    }

    /// `ε`.
    pub fn epsilon(&self) -> T {
        self.epsilon
    }

    /// The weight decay `λ`.
    pub fn weight_decay(&self) -> T {
        self.weight_decay
    }
}

impl<T: Scalar, N: Parameters<T>> Optimizer<T, N> for Adam<T, N> {
    #[inline]
    fn step(&mut self, network: &mut N, gradient: &N) {
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon);
        let (rate, decay) = (self.learning_rate, self.weight_decay);
        self.beta1_power *= beta1;
        self.beta2_power *= beta2;
        let first_correction = T::ONE - self.beta1_power; // 1 − β₁ᵗ
        let second_correction = T::ONE - self.beta2_power; // 1 − β₂ᵗ

        let slices = network
            .parameters_mut()
            .zip(gradient.parameters())
            .zip(self.first_moment.parameters_mut())
            .zip(self.second_moment.parameters_mut());
        for (((weights, gradients), firsts), seconds) in slices {
            let values = weights.iter_mut().zip(gradients).zip(firsts).zip(seconds);
            for (((w, &g), m), v) in values {
                *m = beta1 * *m + (T::ONE - beta1) * g; // m ← β₁m + (1 − β₁)g
                *v = beta2 * *v + (T::ONE - beta2) * g * g; // v ← β₂v + (1 − β₂)g²
                let m_hat = *m / first_correction;
                let v_hat = *v / second_correction;
                *w -= rate * (m_hat / (v_hat.sqrt() + epsilon) + decay * *w);
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

    /// The weights after each of two steps from `w = (1, 2)` with gradients `(10, −4)` then
    /// `(2, 1)`.
    fn two_steps(mut adam: Adam<f64, Tiny>) -> [SMatrix<f64, 2, 1>; 2] {
        let mut net = Tiny::from_weights(matrix![1.0; 2.0]);
        adam.step(&mut net, &Tiny::from_weights(matrix![10.0; -4.0]));
        let first = *net.weights();
        adam.step(&mut net, &Tiny::from_weights(matrix![2.0; 1.0]));
        [first, *net.weights()]
    }

    fn assert_close(found: SMatrix<f64, 2, 1>, expected: SMatrix<f64, 2, 1>) {
        assert!((found - expected).amax() < 1e-13, "{found} vs {expected}");
    }

    #[test]
    fn steps_match_hand_computation() {
        // Step 1: m̂ = g and v̂ = g², so the step is η·g/(|g| + ε):
        // w = (1 − 0.1·10/(10 + 1e−8), 2 + 0.1·4/(4 + 1e−8)) = (0.9 + 1e−10, 2.1 − 2.5e−10).
        // Step 2 (plain Python floats, from the formulas in the doc comment):
        // m = (1.1, −0.26), v = (0.1039, 0.016984), corrections 0.19 and 0.001999.
        let [first, second] = two_steps(Adam::new(0.1).unwrap());
        assert_close(first, matrix![0.9000000001; 2.09999999975]);
        assert_close(second, matrix![0.81969590236829; 2.146946816709727]);
    }

    #[test]
    fn weight_decay_is_decoupled() {
        // Step 1: w = 1 − 0.1·(10/(10 + 1e−8) + 0.01·1) = 0.899 + 1e−10.
        let adam = Adam::new(0.1).unwrap().with_weight_decay(0.01).unwrap();
        let [first, second] = two_steps(adam);
        assert_close(first, matrix![0.8990000001; 2.09799999975]);
        assert_close(second, matrix![0.81779690236819; 2.142848816709977]);
    }

    #[test]
    fn rejects_bad_settings() {
        let adam = || Adam::<f64, Tiny>::new(0.1).unwrap();
        assert_eq!(
            Adam::<f64, Tiny>::new(0.0).unwrap_err().name,
            "learning rate"
        );
        assert_eq!(adam().with_betas(1.0, 0.999).unwrap_err().name, "beta1");
        assert_eq!(adam().with_betas(0.9, -0.5).unwrap_err().name, "beta2");
        assert_eq!(adam().with_epsilon(0.0).unwrap_err().name, "epsilon");
        let error = adam().with_weight_decay(f64::NAN).unwrap_err();
        assert_eq!(error.name, "weight decay");
        assert!(error.found.is_nan());
        let tuned = adam().with_betas(0.8, 0.99).unwrap().with_epsilon(1e-6);
        assert_eq!(tuned.unwrap().betas(), (0.8, 0.99));
    }
}
