//! How initial weights are drawn.

use crate::math::scalar::Scalar;
use nalgebra::ComplexField;
use rand::{Rng, RngExt};

/// A distribution for initial weights, given a layer's fan-in and fan-out.
///
/// Biases always start at zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Init {
    /// N(0, 1), independent of the layer's size: the lab's choice.
    #[default]
    StandardNormal,
    /// Xavier/Glorot uniform: U(−r, r) with `r = √(6 / (fan_in + fan_out))`. Suits sigmoid
    /// and tanh layers.
    Xavier,
    /// He/Kaiming normal: N(0, 2 / fan_in). Suits ReLU layers.
    He,
}

impl Init {
    /// Draws one weight for a layer with `fan_in` inputs and `fan_out` outputs.
    ///
    /// A scale that would divide by zero — Xavier with `fan_in + fan_out = 0`, He with
    /// `fan_in = 0` — gives `0` (no draw, no panic, nothing infinite). Such a layer has an
    /// empty weight matrix, so the crate itself never asks for these.
    pub fn sample<T: Scalar, R: Rng + ?Sized>(
        self,
        fan_in: usize,
        fan_out: usize,
        rng: &mut R,
    ) -> T {
        // `ComplexField::sqrt` rather than `f64::sqrt`: the latter needs `std` (see the crate docs).
        match self {
            Init::StandardNormal => T::sample_standard_normal(rng),
            Init::Xavier if fan_in + fan_out == 0 => T::ZERO,
            Init::He if fan_in == 0 => T::ZERO,
            Init::Xavier => {
                let limit = ComplexField::sqrt(6.0 / (fan_in + fan_out) as f64);
                T::literal(rng.random_range(-limit..limit))
            }
            Init::He => {
                let deviation = T::literal(ComplexField::sqrt(2.0 / fan_in as f64));
                T::sample_standard_normal(rng) * deviation
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn moments(init: Init, fan_in: usize, fan_out: usize) -> (f64, f64, f64) {
        let mut rng = StdRng::seed_from_u64(7);
        let draws: Vec<f64> = (0..20_000)
            .map(|_| init.sample(fan_in, fan_out, &mut rng))
            .collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        let variance = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / draws.len() as f64;
        let largest = draws.iter().fold(0.0_f64, |m, d| m.max(d.abs()));
        (mean, variance, largest)
    }

    #[test]
    fn standard_normal_has_unit_variance() {
        let (mean, variance, _) = moments(Init::StandardNormal, 3, 5);
        assert!(
            mean.abs() < 0.03 && (variance - 1.0).abs() < 0.05,
            "{mean} {variance}"
        );
    }

    #[test]
    fn xavier_is_bounded_with_glorot_variance() {
        // U(−r, r) has variance r²/3 = 2 / (fan_in + fan_out).
        let (mean, variance, largest) = moments(Init::Xavier, 4, 8);
        assert!(largest <= (6.0_f64 / 12.0).sqrt());
        assert!(
            mean.abs() < 0.01 && (variance - 2.0 / 12.0).abs() < 0.01,
            "{mean} {variance}"
        );
    }

    #[test]
    fn he_has_variance_two_over_fan_in() {
        let (mean, variance, _) = moments(Init::He, 8, 2);
        assert!(
            mean.abs() < 0.02 && (variance - 0.25).abs() < 0.015,
            "{mean} {variance}"
        );
    }

    #[test]
    fn zero_fans_give_zero_not_a_panic_or_infinity() {
        let mut rng = StdRng::seed_from_u64(1);
        assert_eq!(Init::Xavier.sample::<f64, _>(0, 0, &mut rng), 0.0);
        assert_eq!(Init::He.sample::<f32, _>(0, 5, &mut rng), 0.0);
        // One zero fan is fine for Xavier: the other still sets a finite scale.
        let weight: f64 = Init::Xavier.sample(0, 6, &mut rng);
        assert!(weight.abs() <= 1.0, "{weight}");
    }

    #[test]
    fn same_seed_same_weights() {
        let draw = || {
            let mut rng = StdRng::seed_from_u64(42);
            (0..10)
                .map(|_| Init::He.sample::<f64, _>(3, 3, &mut rng).to_bits())
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(), draw());
    }
}
