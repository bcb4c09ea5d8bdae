//! `Q4Input`: the input stage TFLite Micro's int8 LOGISTIC and TANH share, `q − z` rescaled to
//! a Q4.27 fixed-point number (`CalculateArithmeticOpData` in `logistic_common.cc` and
//! `tanh_common.cc`, and the first lines of `reference_integer_ops/logistic.h` / `tanh.h`).
//!
//! The real input is `s·(q − z)`; in Q4.27 (four integer bits, |x| < 16) its raw value is
//! `s·2²⁷·(q − z)`, so TFLite prepares the multiplier `s·2²⁷` once. Inputs whose magnitude is
//! at least the *range radius* (the largest `q − z` that stays below 15 in Q4.27) saturate to
//! the activation's bounds without reaching the fixed-point code.

use crate::int8::fixed_point::multiply_by_quantized_multiplier;
use crate::int8::multiplier::{frexp, round_half_away_from_zero};

/// TFLite Micro's prepared input of an int8 LOGISTIC or TANH.
///
/// Made by [`prepare`](Self::prepare) from a scale and zero point, or, in baked source, by
/// [`new_const`](Self::new_const), which refuses parts the integer path cannot use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Q4Input {
    /// `z`, the input tensor's zero point.
    pub(crate) zero_point: i32,
    /// `round(q·2³¹)` where `s·2²⁷ = q·2^left_shift` (TFLite's `input_multiplier`).
    pub(crate) multiplier: i32,
    /// TFLite's `input_left_shift`.
    pub(crate) left_shift: i32,
    /// TFLite's `input_range_radius`: `|q − z| ≥ radius` saturates.
    pub(crate) range_radius: i32,
}

/// Where an input lands: saturated low, saturated high, or a Q4.27 value in between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Q4 {
    /// `q − z ≤ −radius`: the activation's lowest output.
    Low,
    /// `q − z ≥ radius`: the activation's highest output.
    High,
    /// The raw Q4.27 value of `s·(q − z)`.
    Value(i32),
}

impl Q4Input {
    /// The integer bits of the fixed-point input (`kInputIntegerBits`).
    pub const INTEGER_BITS: i32 = 4;

    /// The input stage from its parts, as [`prepare`](Self::prepare) makes them: a zero point
    /// in `−128..=127`, a multiplier `≥ 0`, a left shift in `−31..=31` and a range radius
    /// `≥ 0`. For baked `const` items.
    ///
    /// # Panics
    ///
    /// If a part is outside its range (at compile time in a `const`).
    pub const fn new_const(
        zero_point: i32,
        multiplier: i32,
        left_shift: i32,
        range_radius: i32,
    ) -> Self {
        assert!(
            zero_point >= -128 && zero_point <= 127,
            "a zero point outside -128..=127"
        );
        assert!(multiplier >= 0, "a negative multiplier");
        assert!(
            left_shift >= -31 && left_shift <= 31,
            "a left shift outside -31..=31"
        );
        assert!(range_radius >= 0, "a negative range radius");
        Self {
            zero_point,
            multiplier,
            left_shift,
            range_radius,
        }
    }

    /// `z`, the input tensor's zero point.
    pub const fn zero_point(&self) -> i32 {
        self.zero_point
    }

    /// TFLite's `input_multiplier`, `round(q·2³¹)` where `s·2²⁷ = q·2^left_shift`.
    pub const fn multiplier(&self) -> i32 {
        self.multiplier
    }

    /// TFLite's `input_left_shift`.
    pub const fn left_shift(&self) -> i32 {
        self.left_shift
    }

    /// TFLite's `input_range_radius`: `|q − z| ≥ radius` saturates.
    pub const fn range_radius(&self) -> i32 {
        self.range_radius
    }

    /// Prepares the input stage for an int8 tensor with scale `scale` and zero point
    /// `zero_point`, as TFLite Micro does: `frexp(s·2²⁷)` (in `f64`, from the `f32` scale),
    /// `M0 = round(q·2³¹)`, and `radius = ⌊15·2²⁷ / 2^left_shift⌋`. A scale so small that
    /// `left_shift` would be below −31 rescales every input to 0: it gets the zero multiplier
    /// and no shift. Uses floating point: call it when a network is built. `None` for a scale
    /// that is not positive and finite.
    pub fn prepare(scale: f32, zero_point: i32) -> Option<Self> {
        let scale = f64::from(scale);
        if scale.is_nan() || scale.is_infinite() || scale <= 0.0 {
            return None;
        }
        let (fraction, left_shift) = frexp(scale * (1_i64 << 27) as f64);
        // TFLite casts without the 2³¹ adjustment QuantizeMultiplier makes; q < 1 − 2⁻³²
        // for every f32 scale, so the cast cannot overflow.
        let multiplier = round_half_away_from_zero(fraction * (1_i64 << 31) as f64) as i64;
        let multiplier = multiplier.min(i32::MAX as i64) as i32;
        let range_radius = input_range_radius(left_shift);
        if left_shift < -31 {
            // s·2²⁷ < 2⁻³²: every |q − z| ≤ 255 rescales to less than 1/2 of a Q4.27 step, so
            // to 0, which the zero multiplier gives without a right shift past 31 (TFLite
            // leaves that shift undefined; QuantizeMultiplier makes the same choice)
            return Some(Self {
                zero_point,
                multiplier: 0,
                left_shift: 0,
                range_radius,
            });
        }
        Some(Self {
            zero_point,
            multiplier,
            left_shift,
            range_radius,
        })
    }

    /// `s·(q − z)` in Q4.27, or the side it saturates to.
    #[inline(always)]
    pub const fn rescale(&self, input: i8) -> Q4 {
        let centred = input as i32 - self.zero_point;
        if centred <= -self.range_radius {
            Q4::Low
        } else if centred >= self.range_radius {
            Q4::High
        } else {
            Q4::Value(multiply_by_quantized_multiplier(
                centred,
                self.multiplier,
                self.left_shift,
            ))
        }
    }
}

/// TFLite's `CalculateInputRadius(4, left_shift, 31)`: `⌊(2⁴ − 1)·2²⁷ / 2^left_shift⌋`,
/// computed exactly in integers (the C++ computes it in `double`, where it is exact too).
const fn input_range_radius(left_shift: i32) -> i32 {
    let max_input_rescaled: i64 =
        ((1 << Q4Input::INTEGER_BITS) - 1) << (31 - Q4Input::INTEGER_BITS);
    let radius = if left_shift >= 63 {
        0
    } else if left_shift >= 0 {
        max_input_rescaled >> left_shift
    } else if left_shift > -31 {
        max_input_rescaled << -left_shift
    } else {
        i64::MAX
    };
    if radius > i32::MAX as i64 {
        i32::MAX
    } else {
        radius as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_const_takes_what_prepare_makes_and_refuses_the_rest() {
        let prepared = Q4Input::prepare(0.05, 4).unwrap();
        let rebuilt = Q4Input::new_const(
            prepared.zero_point(),
            prepared.multiplier(),
            prepared.left_shift(),
            prepared.range_radius(),
        );
        assert_eq!(rebuilt, prepared);
        for parts in [
            (128, 1, 0, 1),
            (0, -1, 0, 1),
            (0, 1, 32, 1),
            (0, 1, -32, 1),
            (0, 1, 0, -1),
        ] {
            let built =
                std::panic::catch_unwind(|| Q4Input::new_const(parts.0, parts.1, parts.2, parts.3));
            assert!(built.is_err(), "{parts:?} was accepted");
        }
    }

    #[test]
    fn radius_is_tflites_double_computation() {
        for left_shift in -40..70 {
            let expected = (15.0 * 2_f64.powi(27) / 2_f64.powi(left_shift))
                .floor()
                .min(i32::MAX as f64);
            assert_eq!(
                input_range_radius(left_shift) as f64,
                expected,
                "{left_shift}"
            );
        }
    }

    #[test]
    fn prepare_and_rescale() {
        // s = 1/16: s·2²⁷ = 2²³ = 0.5·2²⁴
        let input = Q4Input::prepare(1.0 / 16.0, 3).unwrap();
        assert_eq!(
            (input.multiplier, input.left_shift, input.range_radius),
            (1 << 30, 24, 15 * 8)
        );
        assert_eq!(input.rescale(3), Q4::Value(0));
        assert_eq!(input.rescale(4), Q4::Value(1 << 23)); // 1/16 in Q4.27
        assert_eq!(input.rescale(127), Q4::High); // 124 ≥ 120
        assert_eq!(input.rescale(-117), Q4::Low); // −120
        assert_eq!(input.rescale(-116), Q4::Value(-119 << 23));
        assert_eq!(Q4Input::prepare(0.0, 0), None);
        assert_eq!(Q4Input::prepare(f32::NAN, 0), None);
    }

    #[test]
    fn a_tiny_scale_rescales_every_input_to_zero() {
        // s·2²⁷ below 2⁻³¹: |s·(q − z)| < 255·2⁻³¹ of a Q4.27 step, which rounds to 0. 2⁻⁵⁹ is
        // the edge (left_shift −31 exactly); the others would need right shifts of 39 to 150.
        for scale in [2_f32.powi(-59), 1e-20, 1e-30, f32::MIN_POSITIVE, 1e-45] {
            let input = Q4Input::prepare(scale, 5).unwrap();
            assert!((-31..=30).contains(&input.left_shift), "{scale}: {input:?}");
            for q in i8::MIN..=i8::MAX {
                assert_eq!(input.rescale(q), Q4::Value(0), "{scale}, {q}");
            }
        }
    }
}
