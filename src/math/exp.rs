//! A branch-free `exp` that compilers can vectorise, within 2 ulp of the standard library's
//! (1 ulp is the worst seen).
//!
//! The standard library's `exp` is a call into libm, one element at a time, and it dominates
//! a small network's training step (the sigmoid). This one is plain arithmetic, bit
//! manipulation and one table lookup, with no branches and no calls, so a loop applying it over
//! a matrix becomes SIMD code: SSE2 by default, AVX2 or AVX-512 in the crate's dispatched step.
//!
//! The method is the one of glibc's `exp`, written so that few operations wait on each other:
//! 1. `x = k·ln(2)/N + r` with `k` an integer and `|r| ≤ ln(2)/2N`, `N` = 256 for `f64` and
//!    128 for `f32` (Cody–Waite: `ln(2)/N` split in a high part, whose product with `k` is
//!    exact, and the rest, so `r` is exact to a few ulps of itself);
//! 2. `e^x = 2^(k/N)·e^r`: `2^(k/N)` is a table entry `2^(j/N)`, `j = k mod N`, with `k div N`
//!    added to its exponent bits; `e^r ≈ 1 + r + c₂r² + c₃r³ + c₄r⁴` for `f64` and `1 + r + c₂r²`
//!    for `f32`, fitted on that interval (below 0.06 ulp before rounding);
//! 3. the result is `s + s·t(r)`, where `t(r) = e^r − 1`, and `s = 2^(k/N)` is built as
//!    `2^(k/N − m)·2^m` with `m` half of `k div N`, both factors normal numbers, so that results
//!    near overflow and in the subnormal range come out right. Elsewhere the product with `2^m`
//!    is exact, so `exp` gives the bits of `s + s·t(r)` itself.
//!
//! The table and the constants are `exp_table.rs`, written by `scripts/fit_exp.py`.
//!
//! Arguments beyond the range where `e^x` is finite and non-zero are clamped first, so the result
//! is `+∞` above it and `0` below; NaN stays NaN. `tests` below bound the error against the
//! standard library's `exp` over the whole range.
//!
//! Every multiply-then-add is a [`Scalar::multiply_add`]: two roundings by default, one (fused)
//! with the `fma` feature, which shortens the chain of dependent operations. The bound holds
//! for both.

use crate::math::exp_table::{
    F32_POLYNOMIAL, F32_POWERS, F32_STEP_HIGH, F32_STEP_LOW, F32_STEPS_PER_LN2, F64_POLYNOMIAL,
    F64_POWERS, F64_STEP_HIGH, F64_STEP_LOW, F64_STEPS_PER_LN2,
};
use crate::math::scalar::Scalar;

/// `x = k·ln(2)/256 + r`: `k` as a two's complement integer, and `r`. Exact for `|x| ≤ 746`.
#[inline(always)]
pub(super) fn reduce_f64(x: f64) -> (u64, f64) {
    const SHIFTER: f64 = 6_755_399_441_055_744.0; // 1.5·2^52: adding it rounds to an integer
    // The sum with SHIFTER holds k in its low mantissa bits.
    // Each `a.multiply_add(b, c)` is `c + a·b`, fused with the `fma` feature (see `Scalar`).
    let shifted = x.multiply_add(F64_STEPS_PER_LN2, SHIFTER);
    let k = shifted - SHIFTER;
    let k_bits = shifted.to_bits().wrapping_sub(SHIFTER.to_bits());
    // (x − k·high) − k·low, the first difference exact.
    let r = (-k).multiply_add(F64_STEP_LOW, (-k).multiply_add(F64_STEP_HIGH, x));
    (k_bits, r)
}

/// `2^(k/256 − m)` for `k` from [`reduce_f64`], or `2^(k/256)` for `m = 0`: the table entry
/// with `k div 256 − m` added to its exponent.
#[inline(always)]
pub(super) fn power_f64(k_bits: u64, m: u64) -> f64 {
    let entry = F64_POWERS[(k_bits % 256) as usize];
    let exponent = ((k_bits as i64) >> 8) as u64;
    f64::from_bits(entry.wrapping_add(exponent.wrapping_sub(m) << 52))
}

/// `e^r − 1 ≈ r + c₂r² + r³·(c₃ + c₄r)` for `|r| ≤ ln(2)/512`: the two halves side by side.
#[inline(always)]
pub(super) fn expm1_small_f64(r: f64) -> f64 {
    let c = F64_POLYNOMIAL;
    let r2 = r * r;
    r2.multiply_add(c[0], r) + (r2 * r) * r.multiply_add(c[2], c[1])
}

/// `e^x` for `f64`, within 2 ulp of `f64::exp` (see the module docs).
#[inline(always)]
pub(crate) fn exp_f64(x: f64) -> f64 {
    // Beyond these e^x overflows to +∞ or underflows to 0; comparisons leave NaN as it is.
    let x = if x > 709.8 { 709.8 } else { x };
    let x = if x < -746.0 { -746.0 } else { x };
    let (k, r) = reduce_f64(x);
    // 2^(k/N) = 2^(k/N − m)·2^m, m half of k div N, both factors normal.
    let m = (((k as i64) >> 8) >> 1) as u64;
    let s = power_f64(k, m);
    let two_to_m = f64::from_bits(m.wrapping_add(1023) << 52);
    expm1_small_f64(r).multiply_add(s, s) * two_to_m // (s + s·t(r))·2^m
}

/// `x = k·ln(2)/128 + r`: `k` as a two's complement integer, and `r`. Exact for `|x| ≤ 104`.
#[inline(always)]
pub(super) fn reduce_f32(x: f32) -> (u32, f32) {
    const SHIFTER: f32 = 12_582_912.0; // 1.5·2^23
    let shifted = x.multiply_add(F32_STEPS_PER_LN2, SHIFTER);
    let k = shifted - SHIFTER;
    let k_bits = shifted.to_bits().wrapping_sub(SHIFTER.to_bits());
    let r = (-k).multiply_add(F32_STEP_LOW, (-k).multiply_add(F32_STEP_HIGH, x));
    (k_bits, r)
}

/// `2^(k/128 − m)` for `k` from [`reduce_f32`].
#[inline(always)]
pub(super) fn power_f32(k_bits: u32, m: u32) -> f32 {
    let entry = F32_POWERS[(k_bits % 128) as usize];
    let exponent = ((k_bits as i32) >> 7) as u32;
    f32::from_bits(entry.wrapping_add(exponent.wrapping_sub(m) << 23))
}

/// `e^r − 1 ≈ r + c₂r²` for `|r| ≤ ln(2)/256`.
#[inline(always)]
pub(super) fn expm1_small_f32(r: f32) -> f32 {
    (r * r).multiply_add(F32_POLYNOMIAL[0], r)
}

/// `e^x` for `f32`, within 2 ulp of `f32::exp` (see the module docs).
#[inline(always)]
pub(crate) fn exp_f32(x: f32) -> f32 {
    let x = if x > 88.8 { 88.8 } else { x };
    let x = if x < -104.0 { -104.0 } else { x };
    let (k, r) = reduce_f32(x);
    let m = (((k as i32) >> 7) >> 1) as u32;
    let s = power_f32(k, m);
    let two_to_m = f32::from_bits(m.wrapping_add(127) << 23);
    expm1_small_f32(r).multiply_add(s, s) * two_to_m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place between two finite doubles of the same sign.
    fn ulps_f64(a: f64, b: f64) -> u64 {
        if a == b {
            return 0;
        }
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    /// `e^x` for an `f32`, from the standard library's `f64` exp: correctly rounded but for
    /// the rarest double roundings.
    fn reference_f32(x: f32) -> f32 {
        f64::from(x).exp() as f32
    }

    fn ulps_f32(a: f32, b: f32) -> u32 {
        if a == b {
            return 0;
        }
        (a.to_bits() as i32 - b.to_bits() as i32).unsigned_abs()
    }

    /// A deterministic sweep of `count` points over `[low, high]`, plus a jitter so the points
    /// do not all share a few low mantissa bits.
    fn sweep(low: f64, high: f64, count: u32) -> impl Iterator<Item = f64> {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        (0..=count).map(move |i| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let jitter = (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            (low + (high - low) * (f64::from(i) + jitter) / f64::from(count)).clamp(low, high)
        })
    }

    #[test]
    fn f64_is_within_two_ulp_over_the_whole_range() {
        let mut worst = (0, 0.0);
        for x in sweep(-745.0, 709.78, 2_000_000).chain(sweep(-1.0, 1.0, 200_000)) {
            let error = ulps_f64(exp_f64(x), x.exp());
            if error > worst.0 {
                worst = (error, x);
            }
        }
        eprintln!("f64 exp: worst {} ulp, at x = {:e}", worst.0, worst.1);
        assert!(worst.0 <= 2, "{} ulp at x = {:e}", worst.0, worst.1);
    }

    #[test]
    fn f32_is_within_two_ulp_over_the_whole_range() {
        let mut worst = (0, 0.0);
        for x in sweep(-103.0, 88.72, 2_000_000).chain(sweep(-1.0, 1.0, 200_000)) {
            let x = x as f32;
            let error = ulps_f32(exp_f32(x), reference_f32(x));
            if error > worst.0 {
                worst = (error, x);
            }
        }
        eprintln!("f32 exp: worst {} ulp, at x = {:e}", worst.0, worst.1);
        assert!(worst.0 <= 2, "{} ulp at x = {:e}", worst.0, worst.1);
    }

    #[test]
    fn edges_overflow_underflow_and_nan() {
        // The largest argument with a finite result, and the next double above it.
        let largest = 709.782_712_893_384_f64;
        assert!(exp_f64(largest).is_finite() && ulps_f64(exp_f64(largest), largest.exp()) <= 2);
        for x in [
            f64::from_bits(largest.to_bits() + 1),
            709.79,
            710.0,
            1e10,
            f64::INFINITY,
        ] {
            assert_eq!(exp_f64(x), f64::INFINITY, "exp({x})");
        }
        // The smallest subnormal, and below the argument that rounds to it, 0.
        assert_eq!(exp_f64(-745.133_219_101_941_1), f64::from_bits(1));
        for x in [-745.2, -746.0, -1e10, f64::NEG_INFINITY] {
            assert_eq!(exp_f64(x), 0.0, "exp({x})");
        }
        assert!(exp_f64(f64::NAN).is_nan());
        assert_eq!(exp_f64(0.0), 1.0);
        assert_eq!(exp_f64(-0.0), 1.0);
        for x in [1e-300, -1e-300, 1e-20, -1e-20, f64::from_bits(1)] {
            assert_eq!(exp_f64(x), 1.0, "exp({x:e})");
        }
        // Where 2^(k/N) leaves the normal range by its exponent alone (k div N = ±1022).
        for x in [-708.4, -708.39, 708.0, 709.0, 709.5] {
            assert!(ulps_f64(exp_f64(x), x.exp()) <= 2, "exp({x})");
        }

        let largest = 88.722_83_f32;
        assert!(
            exp_f32(largest).is_finite() && ulps_f32(exp_f32(largest), reference_f32(largest)) <= 2
        );
        for x in [
            f32::from_bits(largest.to_bits() + 1),
            89.0,
            1e10,
            f32::INFINITY,
        ] {
            assert_eq!(exp_f32(x), f32::INFINITY, "exp({x})");
        }
        assert_eq!(exp_f32(-103.972_08), f32::from_bits(1));
        for x in [-104.0, -1e10, f32::NEG_INFINITY] {
            assert_eq!(exp_f32(x), 0.0, "exp({x})");
        }
        assert!(exp_f32(f32::NAN).is_nan());
        assert_eq!(exp_f32(0.0), 1.0);
        assert_eq!(exp_f32(-0.0), 1.0);
        for x in [1e-30, -1e-30, f32::from_bits(1)] {
            assert_eq!(exp_f32(x), 1.0, "exp({x:e})");
        }
    }

    #[test]
    fn subnormal_results_are_close() {
        // Below e^−708 results are subnormal: fewer bits, so compare absolutely in units of the
        // smallest subnormal.
        let smallest = f64::from_bits(1);
        for x in sweep(-745.1, -708.0, 100_000) {
            let error = (exp_f64(x) - x.exp()).abs() / smallest;
            assert!(error <= 2.0, "{error} subnormal units at x = {x}");
        }
        let smallest = f32::from_bits(1);
        for x in sweep(-103.9, -87.3, 100_000) {
            let x = x as f32;
            let error = (exp_f32(x) - reference_f32(x)).abs() / smallest;
            assert!(error <= 2.0, "{error} subnormal units at x = {x}");
        }
    }
}
