//! A branch-free `exp` that compilers can vectorise, within 2 ulp of the standard library's
//! (1 ulp is the worst seen).
//!
//! The standard library's `exp` is a call into libm, one element at a time, and it dominates
//! a small network's training step (the sigmoid). This one is plain arithmetic and bit
//! manipulation with no branches and no calls, so a loop applying it over a matrix becomes
//! SIMD code: SSE2 by default, AVX2 or AVX-512 in the crate's dispatched step.
//!
//! The method is the textbook one:
//! 1. `x = n·ln 2 + r` with `n` an integer and `|r| ≤ ln(2)/2` (Cody–Waite: `ln 2` split in a
//!    high and a low part, so `r` is exact to a few ulps);
//! 2. `e^r` by a polynomial of degree 11 for `f64` and 6 for `f32`, fitted to `e^r` on that
//!    interval by `scripts/fit_exp.py` (below 0.1 ulp before rounding), its higher terms by
//!    Estrin's scheme so that few operations wait on each other;
//! 3. `e^x = e^r · 2^n`, with `2^n` built from exponent bits, as `2^(n−m)·2^m` so that results
//!    near overflow and in the subnormal range come out right.
//!
//! Arguments beyond the range where `e^x` is finite and non-zero are clamped first, so the result
//! is `+∞` above it and `0` below; NaN stays NaN. `tests` below bound the error against the
//! standard library's `exp` over the whole range.
//!
//! Every multiply-then-add is a [`Scalar::multiply_add`]: two roundings by default, one (fused)
//! with the `fma` feature, which shortens the chain of dependent operations. The bound holds
//! for both.

use crate::math::scalar::Scalar;

/// `e^x` for `f64`, within 2 ulp of `f64::exp` (see the module docs).
#[inline(always)]
pub(crate) fn exp_f64(x: f64) -> f64 {
    const LOG2_E: f64 = core::f64::consts::LOG2_E;
    const LN2_HIGH: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000); // ln 2 to 32 bits, so n·LN2_HIGH is exact
    const LN2_LOW: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76); // ln 2 − LN2_HIGH
    const SHIFTER: f64 = 6_755_399_441_055_744.0; // 1.5·2^52: adding it rounds to an integer
    // e^r ≈ 1 + r + r²·tail(r), fitted by scripts/fit_exp.py (0.04 ulp before rounding).
    const TAIL: [f64; 10] = [
        0.5000000000000012,
        0.16666666666666483,
        0.04166666666651632,
        0.008333333333451433,
        0.0013888888946678828,
        0.00019841269597118904,
        2.480149034623507e-05,
        2.755750728541229e-06,
        2.7631125446226205e-07,
        2.50246452096493e-08,
    ];

    // Beyond these e^x overflows to +∞ or underflows to 0; comparisons leave NaN as it is.
    let x = if x > 709.8 { 709.8 } else { x };
    let x = if x < -746.0 { -746.0 } else { x };

    // 1. x = n·ln 2 + r. The sum with SHIFTER holds n in its low mantissa bits.
    // Each `a.multiply_add(b, c)` is `c + a·b`, fused with the `fma` feature (see `Scalar`).
    let shifted = x.multiply_add(LOG2_E, SHIFTER);
    let n = shifted - SHIFTER;
    let n_bits = shifted.to_bits().wrapping_sub(SHIFTER.to_bits()); // n as a two's complement i64
    let r = (-n).multiply_add(LN2_LOW, (-n).multiply_add(LN2_HIGH, x)); // (x − n·ln2_high) − n·ln2_low

    // 2. e^r = 1 + r·(1 + r·tail(r)): the tail by Estrin's scheme, whose longest chain of
    //    dependent operations is 4 instead of Horner's 9; the last two steps by Horner's rule,
    //    which keeps the result within 1 ulp.
    let c = TAIL;
    let (r2, r4) = (r * r, r * r * (r * r));
    let pair = |k: usize| c[k + 1].multiply_add(r, c[k]); // c[k] + c[k+1]·r
    let low = pair(2).multiply_add(r2, pair(0));
    let high = pair(6).multiply_add(r2, pair(4));
    let tail = pair(8).multiply_add(r4 * r4, high.multiply_add(r4, low)); // low + high·r⁴ + pair(8)·r⁸
    let p = r.multiply_add(r.multiply_add(tail, 1.0), 1.0); // 1 + r·(1 + r·tail)

    // 3. 2^n = 2^(n−m)·2^m, both factors normal numbers even at the ends of the range.
    let m: u64 = if n > 1000.0 {
        54
    } else if n < -1000.0 {
        54_u64.wrapping_neg()
    } else {
        0
    };
    let power_of_two = |e: u64| f64::from_bits(e.wrapping_add(1023) << 52);
    p * power_of_two(n_bits.wrapping_sub(m)) * power_of_two(m)
}

/// `e^x` for `f32`, within 2 ulp of `f32::exp` (see the module docs).
#[inline(always)]
pub(crate) fn exp_f32(x: f32) -> f32 {
    const LOG2_E: f32 = core::f32::consts::LOG2_E;
    const LN2_HIGH: f32 = 0.693_145_75; // ln 2 rounded to 16 bits
    const LN2_LOW: f32 = 1.428_606_8e-6; // ln 2 − LN2_HIGH
    const SHIFTER: f32 = 12_582_912.0; // 1.5·2^23
    // e^r ≈ 1 + r + r²·tail(r), fitted by scripts/fit_exp.py (0.06 ulp before rounding).
    const TAIL: [f32; 5] = [
        0.49999988,
        0.16666518,
        0.041669533,
        0.008368916,
        0.0013751407,
    ];

    let x = if x > 88.8 { 88.8 } else { x };
    let x = if x < -104.0 { -104.0 } else { x };

    let shifted = x.multiply_add(LOG2_E, SHIFTER);
    let n = shifted - SHIFTER;
    let n_bits = shifted.to_bits().wrapping_sub(SHIFTER.to_bits());
    let r = (-n).multiply_add(LN2_LOW, (-n).multiply_add(LN2_HIGH, x));

    let c = TAIL;
    let r2 = r * r;
    let low = c[1].multiply_add(r, c[0]);
    let high = c[3].multiply_add(r, c[2]);
    let tail = c[4].multiply_add(r2 * r2, high.multiply_add(r2, low));
    let p = r.multiply_add(r.multiply_add(tail, 1.0), 1.0);

    let m: u32 = if n > 120.0 {
        24
    } else if n < -120.0 {
        24_u32.wrapping_neg()
    } else {
        0
    };
    let power_of_two = |e: u32| f32::from_bits(e.wrapping_add(127) << 23);
    p * power_of_two(n_bits.wrapping_sub(m)) * power_of_two(m)
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
        assert!(worst.0 <= 2, "{} ulp at x = {:e}", worst.0, worst.1);
    }

    #[test]
    fn f32_is_within_two_ulp_over_the_whole_range() {
        let mut worst = (0, 0.0);
        for x in sweep(-103.0, 88.72, 2_000_000).chain(sweep(-1.0, 1.0, 200_000)) {
            let x = x as f32;
            let error = ulps_f32(exp_f32(x), x.exp());
            if error > worst.0 {
                worst = (error, x);
            }
        }
        assert!(worst.0 <= 2, "{} ulp at x = {:e}", worst.0, worst.1);
    }

    #[test]
    fn edges_overflow_underflow_and_nan() {
        for x in [709.79, 710.0, 1e10, f64::INFINITY] {
            assert_eq!(exp_f64(x), f64::INFINITY, "exp({x})");
        }
        for x in [-746.0, -1e10, f64::NEG_INFINITY] {
            assert_eq!(exp_f64(x), 0.0, "exp({x})");
        }
        assert!(exp_f64(f64::NAN).is_nan());
        assert_eq!(exp_f64(0.0), 1.0);
        assert!(ulps_f64(exp_f64(709.78), 709.78_f64.exp()) <= 2);
        assert_eq!(exp_f32(89.0), f32::INFINITY);
        assert_eq!(exp_f32(-104.0), 0.0);
        assert!(exp_f32(f32::NAN).is_nan());
        assert_eq!(exp_f32(0.0), 1.0);
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
    }
}
