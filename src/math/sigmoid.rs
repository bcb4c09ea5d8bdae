//! The logistic sigmoid `σ(z) = 1 / (1 + e^(−z))`, with its `exp` inlined and shortened.
//!
//! A small network's one-sample prediction is a chain: each layer's sigmoids wait for the
//! layer's sums, and the next layer's sums for them. So what a sigmoid costs there is its
//! latency, the longest chain of operations that wait on each other, and most of it is `exp`'s.
//! For `|z|` up to [`F64_FAST_LIMIT`] (`f64`) or [`F32_FAST_LIMIT`] (`f32`) `e^(−z)` is a normal
//! number, so the sigmoid skips what [`exp`](crate::math::exp) does for the ends of its range
//! (the clamp, the product with `2^m`), and adds the `1` of `1 + e^(−z)` to the table entry
//! `s = 2^(k/N)` while the polynomial is still being computed:
//!
//! `1 + e^(−z) = (1 + s) + s·t(r)`, with `−z = k·ln(2)/N + r` and `t(r) ≈ e^r − 1`
//!
//! (the same reduction, table and polynomial as `exp`'s). Outside that range, and for NaN,
//! it is `1 / (1 + exp(−z))` with the crate's `exp`. [`Logistic::logistic_all`], what a layer
//! calls on its outputs, checks the whole slice first and runs the short form on every value
//! when all are in range, so the loop has no branch and becomes SIMD code; each value gets the
//! bits [`Logistic::logistic`] gives it alone, on every CPU.
//!
//! With the `exact-exp` feature both are `1 / (1 + e^(−z))` with the standard library's `exp`.

use crate::math::exp::{
    exp_f32, exp_f64, expm1_small_f32, expm1_small_f64, power_f32, power_f64, reduce_f32,
    reduce_f64,
};
use crate::math::scalar::Scalar;
use nalgebra::ComplexField;

/// Up to this `|z|` the `f64` sigmoid takes its short form: `e^(−z)` is a normal number.
pub(crate) const F64_FAST_LIMIT: f64 = 708.0;
/// Up to this `|z|` the `f32` sigmoid takes its short form.
pub(crate) const F32_FAST_LIMIT: f32 = 87.0;

/// The logistic sigmoid for a number type: one value, and a slice in place.
pub trait Logistic: Sized + Copy {
    /// `σ(z) = 1 / (1 + e^(−z))`.
    fn logistic(self) -> Self;

    /// `v ← σ(v)` for every value, each with the bits of [`logistic`](Self::logistic).
    fn logistic_all(values: &mut [Self]);
}

/// `σ(z)` for `|z| ≤ F64_FAST_LIMIT`.
#[inline(always)]
fn logistic_short_f64(z: f64) -> f64 {
    let (k, r) = reduce_f64(-z);
    let s = power_f64(k, 0);
    1.0 / expm1_small_f64(r).multiply_add(s, 1.0 + s) // 1 / ((1 + s) + s·t(r))
}

/// `σ(z)` for `|z| ≤ F32_FAST_LIMIT`.
#[inline(always)]
fn logistic_short_f32(z: f32) -> f32 {
    let (k, r) = reduce_f32(-z);
    let s = power_f32(k, 0);
    1.0 / expm1_small_f32(r).multiply_add(s, 1.0 + s)
}

impl Logistic for f64 {
    #[inline(always)]
    fn logistic(self) -> f64 {
        if cfg!(feature = "exact-exp") {
            1.0 / (1.0 + ComplexField::exp(-self))
        } else if (-F64_FAST_LIMIT..=F64_FAST_LIMIT).contains(&self) {
            logistic_short_f64(self)
        } else {
            1.0 / (1.0 + exp_f64(-self))
        }
    }

    #[inline(always)]
    fn logistic_all(values: &mut [f64]) {
        let mut short = !cfg!(feature = "exact-exp");
        for &z in values.iter() {
            short &= (-F64_FAST_LIMIT..=F64_FAST_LIMIT).contains(&z);
        }
        if short {
            for z in values {
                *z = logistic_short_f64(*z);
            }
        } else {
            for z in values {
                *z = z.logistic();
            }
        }
    }
}

impl Logistic for f32 {
    #[inline(always)]
    fn logistic(self) -> f32 {
        if cfg!(feature = "exact-exp") {
            1.0 / (1.0 + ComplexField::exp(-self))
        } else if (-F32_FAST_LIMIT..=F32_FAST_LIMIT).contains(&self) {
            logistic_short_f32(self)
        } else {
            1.0 / (1.0 + exp_f32(-self))
        }
    }

    #[inline(always)]
    fn logistic_all(values: &mut [f32]) {
        let mut short = !cfg!(feature = "exact-exp");
        for &z in values.iter() {
            short &= (-F32_FAST_LIMIT..=F32_FAST_LIMIT).contains(&z);
        }
        if short {
            for z in values {
                *z = logistic_short_f32(*z);
            }
        } else {
            for z in values {
                *z = z.logistic();
            }
        }
    }
}
