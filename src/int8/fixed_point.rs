//! TFLite's integer primitives, exactly as `gemmlowp/fixedpoint/fixedpoint.h` and
//! `tensorflow/lite/kernels/internal/common.h` compute them.
//!
//! A value `x` of type `i32` read as Q0.31 stands for `x / 2³¹`. Every function here is plain
//! integer arithmetic: shifts, `i64` products, comparisons. Where C++ would overflow a signed
//! integer (undefined behaviour there, two's-complement wrap-around on every compiler TFLite
//! runs on), these functions wrap, so they give the bits TFLite Micro gives. Every public
//! function here is total: where TFLite leaves a shift out of range undefined, the result is
//! the exactly rounded (or saturated) value, and no argument panics, in debug builds or
//! release. The functions whose integer bit count must lie in a range (gemmlowp's `exp`,
//! `logistic`, `tanh`) are used through [`LogisticKernel`](crate::int8::LogisticKernel) and
//! [`TanhKernel`](crate::int8::TanhKernel).

pub use crate::int8::multiplier::{MultiplierError, QuantizedMultiplier};

/// `SaturatingRoundingDoublingHighMul(a, b)`: `a·b / 2³¹` rounded to nearest with ties toward
/// +∞ (`⌊(a·b + 2³⁰) / 2³¹⌋`), and `i32::MIN · i32::MIN` saturated to `i32::MAX` (ARM's
/// `VQRDMULH`).
///
/// As gemmlowp writes it: `(a·b + nudge) / 2³¹` with `nudge = 2³⁰` when `a·b ≥ 0`, else
/// `1 − 2³⁰`, the division truncating toward zero as C++'s does.
#[inline(always)]
pub const fn saturating_rounding_doubling_high_mul(a: i32, b: i32) -> i32 {
    if a == i32::MIN && b == i32::MIN {
        return i32::MAX; // (−1)·(−1) = 1 is not in [−1, 1)
    }
    // gemmlowp's nudge-and-truncate, (a·b + (a·b ≥ 0 ? 2³⁰ : 1 − 2³⁰)) / 2³¹ rounded toward
    // zero, is ⌊(a·b + 2³⁰)/2³¹⌋ for every product: one add and an arithmetic shift (the tests
    // check the two against each other and against exact arithmetic).
    let product = a as i64 * b as i64;
    ((product + (1 << 30)) >> 31) as i32 // fits: |a·b| ≤ 2⁶², so the result is below 2³¹
}

/// `RoundingDivideByPOT(x, exponent)`: `x / 2^exponent` rounded to nearest, ties away from
/// zero (a rounding arithmetic right shift).
///
/// TFLite defines it for `exponent` in `0..=31`; here every exponent has the exactly rounded
/// result: above 31 that is 0, except `i32::MIN / 2³²`, the tie −1/2, which gives −1.
#[inline(always)]
pub const fn rounding_divide_by_power_of_two(x: i32, exponent: u32) -> i32 {
    if exponent > 31 {
        // |x| ≤ 2³¹, so |x / 2^exponent| ≤ 1/2
        return if exponent == 32 && x == i32::MIN {
            -1
        } else {
            0
        };
    }
    let mask = ((1_i64 << exponent) - 1) as i32;
    let remainder = x & mask;
    // threshold = mask/2, plus one for negative x, so that a tie rounds away from zero
    let threshold = (mask >> 1) + (x < 0) as i32;
    (x >> exponent) + (remainder > threshold) as i32
}

/// `MultiplyByQuantizedMultiplier(x, quantized_multiplier, shift)`: `x · M0/2³¹ · 2^shift`
/// with TFLite's double rounding (the default build, without `TFLITE_SINGLE_ROUNDING`):
///
/// `RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x · 2^max(shift, 0), M0), max(−shift, 0))`.
///
/// `x · 2^shift` wraps as C++'s `x * (1 << left_shift)` does. TFLite defines it for `shift`
/// in −31..=30, the range [`QuantizedMultiplier`] guarantees; outside it the result is still
/// defined: a left shift of 32 or more wraps `x` to 0, and a right shift of 32 or more rounds
/// as [`rounding_divide_by_power_of_two`] does.
#[inline(always)]
pub const fn multiply_by_quantized_multiplier(
    x: i32,
    quantized_multiplier: i32,
    shift: i32,
) -> i32 {
    // x·2^left mod 2³² is 0 for every left ≥ 32; 32 keeps the i64 shift below 64
    let left_shift = if shift > 32 {
        32
    } else if shift > 0 {
        shift as u32
    } else {
        0
    };
    let right_shift = if shift > 0 { 0 } else { shift.unsigned_abs() };
    rounding_divide_by_power_of_two(
        // x·2^left, wrapped to i32 as C++ wraps it. Shifted as i64 because LLVM lowers a
        // vector of variable i32 left shifts on SSE2 with a float-exponent trick (cvttps2dq),
        // and the integer path must not touch the FPU; i64 shifts stay integer instructions.
        saturating_rounding_doubling_high_mul(
            (x as i64).wrapping_shl(left_shift) as i32,
            quantized_multiplier,
        ),
        right_shift,
    )
}

/// gemmlowp's `SaturatingRoundingMultiplyByPOT<exponent>(x)`: `x · 2^exponent`, saturating
/// for a positive exponent, rounding to nearest (ties away from zero) for a negative one.
/// Defined for every exponent: from 31 up, every nonzero `x` saturates.
#[inline(always)]
pub const fn saturating_rounding_multiply_by_power_of_two(x: i32, exponent: i32) -> i32 {
    if exponent >= 31 {
        if x > 0 {
            i32::MAX
        } else if x < 0 {
            i32::MIN
        } else {
            0
        }
    } else if exponent > 0 {
        let threshold = (1_i32 << (31 - exponent)) - 1;
        if x > threshold {
            i32::MAX
        } else if x < -threshold {
            i32::MIN
        } else {
            x << exponent
        }
    } else if exponent < 0 {
        rounding_divide_by_power_of_two(x, exponent.unsigned_abs())
    } else {
        x
    }
}

/// gemmlowp's `Rescale<destination_integer_bits>(x)` for a value with `source_integer_bits`:
/// the same real number in another Q format, `x · 2^(source − destination)`, saturating.
/// Defined for every pair of integer bit counts.
#[inline(always)]
pub const fn rescale(x: i32, source_integer_bits: i32, destination_integer_bits: i32) -> i32 {
    saturating_rounding_multiply_by_power_of_two(
        x,
        source_integer_bits.saturating_sub(destination_integer_bits),
    )
}

/// gemmlowp's `RoundingHalfSum(a, b)`: `(a + b)/2` rounded to nearest, ties away from zero.
#[inline(always)]
pub const fn rounding_half_sum(a: i32, b: i32) -> i32 {
    let sum = a as i64 + b as i64;
    let sign = if sum >= 0 { 1 } else { -1 };
    ((sum + sign) / 2) as i32
}

/// gemmlowp's fixed-point `exp(x)` for `x` in `[−1/4, 0)`, in Q0.31 in and out: a Taylor
/// expansion around `−1/8`, `e^(−1/8)·(1 + y + y²/2 + y³/6 + y⁴/24)` with `y = x + 1/8`
/// (`exp_on_interval_between_negative_one_quarter_and_0_excl`).
#[inline(always)]
const fn exp_on_interval_between_negative_one_quarter_and_0_excl(a: i32) -> i32 {
    const CONSTANT_TERM: i32 = 1_895_147_668; // e^(−1/8) in Q0.31
    const ONE_THIRD: i32 = 715_827_883; // 1/3 in Q0.31
    let mul = saturating_rounding_doubling_high_mul;
    let x = a.wrapping_add(1 << 28); // y = a + 1/8
    let x2 = mul(x, x);
    let x3 = mul(x2, x);
    let x4 = mul(x2, x2);
    let x4_over_4 = saturating_rounding_multiply_by_power_of_two(x4, -2);
    // (y⁴/4 + y³)/3 + y², halved: y⁴/24 + y³/6 + y²/2
    let polynomial = saturating_rounding_multiply_by_power_of_two(
        mul(x4_over_4.wrapping_add(x3), ONE_THIRD).wrapping_add(x2),
        -1,
    );
    CONSTANT_TERM.wrapping_add(mul(CONSTANT_TERM, x.wrapping_add(polynomial)))
}

/// gemmlowp's `exp_on_negative_values(a)`: `e^a` for `a ≤ 0` given with `integer_bits`
/// integer bits (`0..=29`, unchecked: crate-internal), result in Q0.31. `a` is split into a multiple of 1/4 and a rest in
/// `[−1/4, 0)`; the rest goes through the Taylor expansion and each set bit of the multiple
/// multiplies in a constant `e^(−2^k)` (the barrel shifter).
#[inline(always)]
pub(crate) const fn exp_on_negative_values(a: i32, integer_bits: i32) -> i32 {
    let fractional_bits = 31 - integer_bits;
    let one_quarter = 1_i32 << (fractional_bits - 2);
    let mask = one_quarter - 1;
    let a_mod_quarter_minus_one_quarter = (a & mask).wrapping_sub(one_quarter);
    let mut result = exp_on_interval_between_negative_one_quarter_and_0_excl(rescale(
        a_mod_quarter_minus_one_quarter,
        integer_bits,
        0,
    ));
    let remainder = a_mod_quarter_minus_one_quarter.wrapping_sub(a);
    // e^(−2^k) in Q0.31 for k = −2 … 4
    const BARREL: [(i32, i32); 7] = [
        (-2, 1_672_461_947),
        (-1, 1_302_514_674),
        (0, 790_015_084),
        (1, 290_630_308),
        (2, 39_332_535),
        (3, 720_401),
        (4, 242),
    ];
    let mut k = 0;
    while k < BARREL.len() {
        let (exponent, multiplier) = BARREL[k];
        if integer_bits > exponent && remainder & (1 << (fractional_bits + exponent)) != 0 {
            result = saturating_rounding_doubling_high_mul(result, multiplier);
        }
        k += 1;
    }
    if integer_bits > 5 && a < -(1 << (36 - integer_bits)) {
        result = 0; // below −32, e^a is 0 in Q0.31
    }
    if a == 0 {
        result = i32::MAX; // e^0 = 1, the largest Q0.31 value
    }
    result
}

/// The Newton–Raphson reciprocal both gemmlowp functions below share: `x ≈ 1/((1 + a)/2)` in
/// Q2.29 after three steps from `48/17 − 32/17·d`, for `a` in Q0.31.
#[inline(always)]
const fn newton_raphson_reciprocal_of_half_one_plus(a: i32) -> i32 {
    const CONSTANT_48_OVER_17: i32 = 1_515_870_810; // Q2.29
    const CONSTANT_NEG_32_OVER_17: i32 = -1_010_580_540; // Q2.29
    const ONE_Q2_29: i32 = 1 << 29;
    let mul = saturating_rounding_doubling_high_mul;
    let half_denominator = rounding_half_sum(a, i32::MAX); // d = (a + 1)/2, Q0.31
    let mut x = CONSTANT_48_OVER_17.wrapping_add(mul(half_denominator, CONSTANT_NEG_32_OVER_17));
    let mut step = 0;
    while step < 3 {
        let one_minus_half_denominator_times_x = ONE_Q2_29.wrapping_sub(mul(half_denominator, x));
        // x ← x + x·(1 − d·x), the product in Q4.27 rescaled to Q2.29
        x = x.wrapping_add(rescale(mul(x, one_minus_half_denominator_times_x), 4, 2));
        step += 1;
    }
    x
}

/// gemmlowp's `one_over_one_plus_x_for_x_in_0_1(a)`: `1/(1 + a)` for `a` in (0, 1), Q0.31.
#[inline(always)]
pub const fn one_over_one_plus_x_for_x_in_0_1(a: i32) -> i32 {
    // ExactMulByPot<-1> reads the Q2.29 reciprocal of d as Q1.30 (halving it), then Rescale<0>
    rescale(newton_raphson_reciprocal_of_half_one_plus(a), 1, 0)
}

/// gemmlowp's `one_minus_x_over_one_plus_x_for_x_in_0_1(a)`: `(1 − a)/(1 + a)`, Q0.31.
#[inline(always)]
pub const fn one_minus_x_over_one_plus_x_for_x_in_0_1(a: i32) -> i32 {
    // (1 − a)/(1 + a) = 1/d − 1 with d = (1 + a)/2
    rescale(
        newton_raphson_reciprocal_of_half_one_plus(a).wrapping_sub(1 << 29),
        2,
        0,
    )
}

/// gemmlowp's `logistic(a)`: `1/(1 + e^(−a))` for `a` with `integer_bits` integer bits, result
/// in Q0.31. `1/2` at zero; `1 − logistic(|a|)` for negative `a`.
#[inline(always)]
pub(crate) const fn logistic(a: i32, integer_bits: i32) -> i32 {
    if a == 0 {
        return 1 << 30; // 1/2
    }
    let absolute = if a > 0 { a } else { a.wrapping_neg() };
    let positive = one_over_one_plus_x_for_x_in_0_1(exp_on_negative_values(
        absolute.wrapping_neg(),
        integer_bits,
    ));
    if a > 0 {
        positive
    } else {
        i32::MAX.wrapping_sub(positive)
    }
}

/// gemmlowp's `tanh(a)`: `(1 − e^(−2|a|))/(1 + e^(−2|a|))` with the sign of `a`, for `a` with
/// `integer_bits` integer bits, result in Q0.31.
#[inline(always)]
pub(crate) const fn tanh(a: i32, integer_bits: i32) -> i32 {
    if a == 0 {
        return 0;
    }
    let negative = if a < 0 { a } else { a.wrapping_neg() }; // −|a|
    // ExactMulByPot<1>: the same raw value read with one more integer bit is 2·(−|a|)
    let t = one_minus_x_over_one_plus_x_for_x_in_0_1(exp_on_negative_values(
        negative,
        integer_bits + 1,
    ));
    if a < 0 { t.wrapping_neg() } else { t }
}

#[cfg(test)]
mod tests {
    //! Each primitive against an independent re-derivation in exact `i128` arithmetic from its
    //! definition (the rounding rule, not gemmlowp's code), on edge cases and on random values.
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    /// `a·b/2³¹` rounded to nearest, ties toward +∞, `MIN·MIN` saturated.
    fn doubling_high_mul_exact(a: i32, b: i32) -> i32 {
        if a == i32::MIN && b == i32::MIN {
            return i32::MAX;
        }
        let product = a as i128 * b as i128;
        (product + (1 << 30)).div_euclid(1 << 31) as i32 // ⌊(a·b + 2³⁰)/2³¹⌋
    }

    /// `x/2^e` rounded to nearest, ties away from zero.
    fn divide_by_power_of_two_exact(x: i32, e: u32) -> i32 {
        if e == 0 {
            return x;
        }
        if e > 100 {
            return 0; // |x| < 2³², far below half of 2¹⁰⁰
        }
        let magnitude = ((x as i128).abs() + (1 << (e - 1))) >> e;
        (if x < 0 { -magnitude } else { magnitude }) as i32
    }

    /// TFLite's double rounding, composed from the two exact definitions above.
    fn multiply_exact(x: i32, m: i32, shift: i32) -> i32 {
        let left = shift.max(0) as u32;
        let right = (-shift).max(0) as u32;
        let shifted = ((x as i128) << left) as i32; // C++'s wrap-around
        divide_by_power_of_two_exact(doubling_high_mul_exact(shifted, m), right)
    }

    fn interesting() -> Vec<i32> {
        let mut values = vec![
            0,
            1,
            -1,
            2,
            -2,
            3,
            -3,
            i32::MIN,
            i32::MIN + 1,
            i32::MAX,
            i32::MAX - 1,
        ];
        for k in 0..31 {
            for v in [1_i32 << k, (1 << k) - 1, (1 << k) + 1] {
                values.extend([v, -v]);
            }
        }
        values
    }

    #[test]
    fn doubling_high_mul_saturates_only_min_times_min() {
        assert_eq!(
            saturating_rounding_doubling_high_mul(i32::MIN, i32::MIN),
            i32::MAX
        );
        assert_eq!(
            saturating_rounding_doubling_high_mul(i32::MIN, i32::MAX),
            -i32::MAX
        );
        assert_eq!(
            saturating_rounding_doubling_high_mul(i32::MAX, i32::MAX),
            i32::MAX - 1
        );
        assert_eq!(saturating_rounding_doubling_high_mul(i32::MIN, 1), -1);
        // ties: ±1/2 of the last place goes up (toward +∞), as VQRDMULH does
        assert_eq!(saturating_rounding_doubling_high_mul(1 << 30, 1), 1);
        assert_eq!(saturating_rounding_doubling_high_mul(-(1 << 30), 1), 0);
        assert_eq!(saturating_rounding_doubling_high_mul(3 << 29, 2), 2); // 1.5 → 2
        assert_eq!(saturating_rounding_doubling_high_mul(-(3 << 29), 2), -1); // −1.5 → −1
    }

    /// gemmlowp's own formulation, as written in fixedpoint.h.
    fn doubling_high_mul_gemmlowp(a: i32, b: i32) -> i32 {
        if a == i32::MIN && b == i32::MIN {
            return i32::MAX;
        }
        let product = a as i64 * b as i64;
        let nudge: i64 = if product >= 0 { 1 << 30 } else { 1 - (1 << 30) };
        ((product + nudge) / (1_i64 << 31)) as i32
    }

    #[test]
    fn doubling_high_mul_matches_the_exact_rounding() {
        let values = interesting();
        for &a in &values {
            for &b in &values {
                assert_eq!(
                    saturating_rounding_doubling_high_mul(a, b),
                    doubling_high_mul_exact(a, b),
                    "{a}·{b}"
                );
                assert_eq!(
                    saturating_rounding_doubling_high_mul(a, b),
                    doubling_high_mul_gemmlowp(a, b),
                    "{a}·{b}"
                );
            }
        }
        let mut rng = StdRng::seed_from_u64(11);
        for _ in 0..200_000 {
            let (a, b) = (rng.random::<i32>(), rng.random::<i32>());
            assert_eq!(
                saturating_rounding_doubling_high_mul(a, b),
                doubling_high_mul_gemmlowp(a, b),
                "{a}·{b}"
            );
            assert_eq!(
                saturating_rounding_doubling_high_mul(a, b),
                doubling_high_mul_exact(a, b),
                "{a}·{b}"
            );
        }
    }

    #[test]
    fn divide_by_power_of_two_rounds_ties_away_from_zero() {
        assert_eq!(rounding_divide_by_power_of_two(3, 1), 2); // 1.5
        assert_eq!(rounding_divide_by_power_of_two(-3, 1), -2); // −1.5
        assert_eq!(rounding_divide_by_power_of_two(1, 1), 1); // 0.5
        assert_eq!(rounding_divide_by_power_of_two(-1, 1), -1); // −0.5
        assert_eq!(rounding_divide_by_power_of_two(5, 2), 1); // 1.25
        assert_eq!(rounding_divide_by_power_of_two(-5, 2), -1);
        assert_eq!(rounding_divide_by_power_of_two(i32::MIN, 31), -1);
        assert_eq!(rounding_divide_by_power_of_two(i32::MAX, 31), 1);
        assert_eq!(rounding_divide_by_power_of_two(1 << 29, 31), 0); // 0.25
        assert_eq!(rounding_divide_by_power_of_two(7, 0), 7);
        for &x in &interesting() {
            for e in 0..=31 {
                assert_eq!(
                    rounding_divide_by_power_of_two(x, e),
                    divide_by_power_of_two_exact(x, e),
                    "{x} / 2^{e}"
                );
            }
        }
        let mut rng = StdRng::seed_from_u64(12);
        for _ in 0..200_000 {
            let (x, e) = (rng.random::<i32>(), rng.random_range(0..=31));
            assert_eq!(
                rounding_divide_by_power_of_two(x, e),
                divide_by_power_of_two_exact(x, e),
                "{x} / 2^{e}"
            );
        }
    }

    #[test]
    fn multiply_by_quantized_multiplier_is_the_two_roundings_in_turn() {
        let mut rng = StdRng::seed_from_u64(13);
        let multipliers = [1 << 30, (1 << 30) + 1, i32::MAX, 1_518_500_250, 0];
        for &x in &interesting() {
            for &m in &multipliers {
                for shift in -31..=30 {
                    assert_eq!(
                        multiply_by_quantized_multiplier(x, m, shift),
                        multiply_exact(x, m, shift),
                        "{x}·{m}·2^{shift}"
                    );
                }
            }
        }
        for _ in 0..200_000 {
            let x = rng.random::<i32>() >> rng.random_range(0..31);
            let m = rng.random_range(1 << 30..=i32::MAX);
            let shift = rng.random_range(-31..=30);
            let got = multiply_by_quantized_multiplier(x, m, shift);
            assert_eq!(got, multiply_exact(x, m, shift), "{x}·{m}·2^{shift}");
            // where nothing wraps, it is within one step of the exact product x·m·2^shift/2³¹
            if shift <= 0 || (x as i64) << shift == ((x as i64) << shift) as i32 as i64 {
                let exact = (x as f64) * (m as f64) * 2_f64.powi(shift - 31);
                assert!(
                    (got as f64 - exact).abs() <= 1.0,
                    "{x}·{m}·2^{shift}: {got} vs {exact}"
                );
            }
        }
    }

    #[test]
    fn shifts_out_of_tflites_range_give_the_exact_result_without_panicking() {
        for &x in &interesting() {
            for e in (32..=70).chain([100, 1000, u32::MAX]) {
                assert_eq!(
                    rounding_divide_by_power_of_two(x, e),
                    divide_by_power_of_two_exact(x, e),
                    "{x} / 2^{e}"
                );
            }
            for m in [1 << 30, i32::MAX] {
                for shift in (-100..-31).chain(31..=100).chain([i32::MIN, i32::MAX]) {
                    // x·2^left wraps to 0 from 32 up; a right shift past 31 rounds to 0 or −1
                    let left = shift.clamp(0, 100) as u32;
                    let right = shift.saturating_neg().clamp(0, 1000) as u32;
                    let shifted = ((x as i128) << left.min(100)) as i32;
                    let expected =
                        divide_by_power_of_two_exact(doubling_high_mul_exact(shifted, m), right);
                    assert_eq!(
                        multiply_by_quantized_multiplier(x, m, shift),
                        expected,
                        "{x}·{m}·2^{shift}"
                    );
                }
            }
            for e in [31, 32, 64, 1000, i32::MAX] {
                assert_eq!(
                    saturating_rounding_multiply_by_power_of_two(x, e),
                    x.signum() * i32::MAX - (x < 0) as i32,
                    "{x}·2^{e}"
                );
                assert_eq!(
                    saturating_rounding_multiply_by_power_of_two(x, -e),
                    divide_by_power_of_two_exact(x, e.unsigned_abs()),
                    "{x}·2^-{e}"
                );
            }
            assert_eq!(rescale(x, i32::MIN, 1), rescale(x, -1000, 0));
            assert_eq!(rescale(x, i32::MAX, -1), rescale(x, 1000, 0));
        }
        assert_eq!(rounding_divide_by_power_of_two(5, 32), 0);
        assert_eq!(rounding_divide_by_power_of_two(i32::MIN, 32), -1); // −1/2, away from 0
        assert_eq!(rounding_divide_by_power_of_two(i32::MIN, 33), 0);
    }

    #[test]
    fn multiply_by_power_of_two_saturates_and_rounds() {
        assert_eq!(
            saturating_rounding_multiply_by_power_of_two(1 << 29, 1),
            1 << 30
        );
        assert_eq!(
            saturating_rounding_multiply_by_power_of_two(1 << 30, 1),
            i32::MAX
        );
        assert_eq!(
            saturating_rounding_multiply_by_power_of_two(-(1 << 30), 1),
            i32::MIN
        ); // below −(2³⁰ − 1): saturates
        assert_eq!(
            saturating_rounding_multiply_by_power_of_two(-(1 << 30) + 1, 1),
            i32::MIN + 2
        );
        assert_eq!(saturating_rounding_multiply_by_power_of_two(6, -2), 2); // 1.5 → 2
        assert_eq!(saturating_rounding_multiply_by_power_of_two(-6, -2), -2);
        assert_eq!(saturating_rounding_multiply_by_power_of_two(-6, 0), -6);
        let mut rng = StdRng::seed_from_u64(14);
        for _ in 0..100_000 {
            let (x, e) = (
                rng.random::<i32>() >> rng.random_range(0..31),
                rng.random_range(1..=8),
            );
            let exact = (x as i128) << e;
            let threshold = (1_i128 << (31 - e)) - 1;
            let expected = if x as i128 > threshold {
                i32::MAX
            } else if (x as i128) < -threshold {
                i32::MIN
            } else {
                exact as i32
            };
            assert_eq!(
                saturating_rounding_multiply_by_power_of_two(x, e),
                expected,
                "{x}·2^{e}"
            );
            assert_eq!(
                saturating_rounding_multiply_by_power_of_two(x, -e),
                divide_by_power_of_two_exact(x, e as u32)
            );
        }
    }

    #[test]
    fn rounding_half_sum_rounds_ties_away_from_zero() {
        assert_eq!(rounding_half_sum(1, 2), 2);
        assert_eq!(rounding_half_sum(-1, -2), -2);
        assert_eq!(rounding_half_sum(i32::MAX, i32::MAX), i32::MAX);
        assert_eq!(rounding_half_sum(i32::MIN, i32::MIN), i32::MIN);
        assert_eq!(rounding_half_sum(0, i32::MAX), 1 << 30);
    }

    /// Q0.31 (or Qm) raw value → real.
    fn real(raw: i32, integer_bits: i32) -> f64 {
        raw as f64 / 2_f64.powi(31 - integer_bits)
    }

    #[test]
    fn exp_logistic_and_tanh_are_close_to_the_real_functions() {
        // gemmlowp's accuracy: a few units in the 2⁻³¹ place, far below int8's 2⁻⁸.
        let mut worst = [0.0_f64; 3];
        for step in 0..4096 {
            let raw = -(step * ((15 << 27) / 4096)); // a from 0 down to −15 in Q4.27
            let e = real(exp_on_negative_values(raw, 4), 0);
            worst[0] = worst[0].max((e - real(raw, 4).exp()).abs());
            for a in [raw, -raw] {
                let x = real(a, 4);
                worst[1] = worst[1].max((real(logistic(a, 4), 0) - 1.0 / (1.0 + (-x).exp())).abs());
                worst[2] = worst[2].max((real(tanh(a, 4), 0) - x.tanh()).abs());
            }
        }
        for (name, error) in ["exp", "logistic", "tanh"].iter().zip(worst) {
            assert!(error < 1e-6, "{name}: worst error {error}");
        }
        assert_eq!(logistic(0, 4), 1 << 30);
        assert_eq!(tanh(0, 4), 0);
        assert_eq!(exp_on_negative_values(0, 4), i32::MAX);
    }

    #[test]
    fn logistic_is_symmetric_and_tanh_odd() {
        for raw in (1..(15 << 27)).step_by(1_000_003) {
            assert_eq!(logistic(-raw, 4), i32::MAX - logistic(raw, 4));
            assert_eq!(tanh(-raw, 4), -tanh(raw, 4));
        }
    }
}
