//! The number types a network computes in: `f32` and `f64`.

use crate::math::kernels::accelerated::Kernels;
use crate::math::sigmoid::Logistic;
use nalgebra::{ComplexField, RealField};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

pub(crate) mod sealed {
    /// Implemented for `f32` and `f64` only, so that no other crate can implement
    /// [`Scalar`](super::Scalar).
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// A floating-point type a network can be built on: `f32` or `f64`.
///
/// Everything nalgebra needs comes from [`RealField`]; this trait adds the few constants and
/// conversions the crate uses itself. It is sealed: the crate's numerical choices (clamping,
/// initialisation) and its code written for particular CPUs are made for these two types only.
pub trait Scalar: RealField + Copy + sealed::Sealed + Kernels + Logistic {
    /// Zero, usable in `const` items.
    const ZERO: Self;
    /// One, usable in `const` items.
    const ONE: Self;
    /// The type's name as written in Rust: `"f32"` or `"f64"`.
    const NAME: &'static str;
    /// How far binary cross-entropy keeps an output from exactly 0 or 1 before taking its
    /// logarithm, so the loss stays finite: `1e-12` for `f64` (as the lab's numpy code does),
    /// `1e-7` for `f32` (the smallest round number with `1 - ε != 1`).
    const LOG_CLAMP: Self;

    /// Converts an `f64` (typically a literal such as `0.5`), rounding to nearest.
    fn literal(value: f64) -> Self;
    /// Converts to `f64` exactly.
    fn to_f64(self) -> f64;
    /// Draws one value from the standard normal distribution N(0, 1).
    fn sample_standard_normal<R: Rng + ?Sized>(rng: &mut R) -> Self;

    /// `e^x` as softmax computes it: the crate's vectorisable `exp`, within 2 ulp of the
    /// standard library's (1 ulp is the worst seen), or, with the `exact-exp` feature, the
    /// standard library's own. (The sigmoid inlines the same steps, shortened for its own use.)
    fn fast_exp(self) -> Self;

    /// `b + self · a` as the products and `exp` compute it: rounded twice (the product, then
    /// the sum, in that operand order) by default, or once, fused, with the `fma` feature.
    /// Fused is faster on CPUs with FMA instructions and no less exact, but its results differ
    /// from the default's in the last bits; both are the same on every CPU (without FMA
    /// instructions the fused form is computed in software, correctly rounded, and slowly: on
    /// every Cortex-M, the M4F included, whose `VFMA.F32` stable Rust cannot emit in `no_std`).
    #[inline(always)]
    fn multiply_add(self, a: Self, b: Self) -> Self {
        if cfg!(feature = "fma") {
            ComplexField::mul_add(self, a, b)
        } else {
            b + self * a
        }
    }
}

impl Scalar for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const NAME: &'static str = "f32";
    const LOG_CLAMP: Self = 1e-7;

    fn literal(value: f64) -> Self {
        value as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn sample_standard_normal<R: Rng + ?Sized>(rng: &mut R) -> Self {
        StandardNormal.sample(rng)
    }
    #[inline(always)]
    fn fast_exp(self) -> Self {
        if cfg!(feature = "exact-exp") {
            ComplexField::exp(self) // std's exp, or libm's without `std`
        } else {
            crate::math::exp::exp_f32(self)
        }
    }
}

impl Scalar for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const NAME: &'static str = "f64";
    const LOG_CLAMP: Self = 1e-12;

    fn literal(value: f64) -> Self {
        value
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn sample_standard_normal<R: Rng + ?Sized>(rng: &mut R) -> Self {
        StandardNormal.sample(rng)
    }
    #[inline(always)]
    fn fast_exp(self) -> Self {
        if cfg!(feature = "exact-exp") {
            ComplexField::exp(self) // std's exp, or libm's without `std`
        } else {
            crate::math::exp::exp_f64(self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiply_add_is_fused_exactly_when_the_fma_feature_is_on() {
        // (1 + 2^-30)(1 − 2^-30) = 1 − 2^-60, which rounds to 1: unfused, the sum with −1 is 0;
        // fused, it keeps the −2^-60. In f32, the same with 2^-13 and 2^-26.
        let (a, b) = (1.0 + 2.0_f64.powi(-30), 1.0 - 2.0_f64.powi(-30));
        let expected = if cfg!(feature = "fma") {
            -2.0_f64.powi(-60)
        } else {
            0.0
        };
        assert_eq!(a.multiply_add(b, -1.0), expected);
        let (a, b) = (1.0 + 2.0_f32.powi(-13), 1.0 - 2.0_f32.powi(-13));
        let expected = if cfg!(feature = "fma") {
            -2.0_f32.powi(-26)
        } else {
            0.0
        };
        assert_eq!(a.multiply_add(b, -1.0), expected);
    }

    #[test]
    fn f32_round_trips_through_f64() {
        let value = 0.1_f32;
        assert_eq!(f32::literal(value.to_f64()), value);
    }
}
