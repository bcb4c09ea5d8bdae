//! `QuantizedMultiplier`: a positive real factor as TFLite stores it, `M = M0 · 2^shift / 2³¹`.
//!
//! Requantisation multiplies an `i32` accumulator by a real number such as `s_in·s_w / s_out`.
//! TFLite turns that number into an integer `M0` in `[2³⁰, 2³¹)` and a power of two once, when
//! a model is prepared (`QuantizeMultiplier` in `tensorflow/lite/kernels/internal/
//! quantization_util.cc`); inference then only runs
//! [`multiply_by_quantized_multiplier`](crate::int8::fixed_point::multiply_by_quantized_multiplier).
//! This file is the one place in the integer path's types that touches floating point, and
//! only while a network is built (calibration or loading), never in `predict_one`.

#[cfg(any(not(target_arch = "arm"), test))]
use crate::int8::fixed_point::multiply_by_quantized_multiplier;
use crate::math::message::{Argument, write_message};

/// A real multiplier `M ≈ multiplier · 2^shift / 2³¹`, with `multiplier` in `[2³⁰, 2³¹)` (or 0)
/// and `shift` in `−31..=30`: every value of this type lies in those ranges, so
/// [`apply`](Self::apply) computes what TFLite computes.
///
/// ```
/// use static_mlp::int8::fixed_point::{MultiplierError, QuantizedMultiplier};
///
/// let half = QuantizedMultiplier::new(1 << 30, 0)?; // 2³⁰/2³¹ = 1/2
/// assert_eq!(half.apply(1000), 500);
/// assert_eq!(QuantizedMultiplier::new(1 << 30, -40), Err(MultiplierError::InvalidShift(-40)));
/// # Ok::<(), MultiplierError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QuantizedMultiplier {
    /// `M0`, TFLite's `quantized_multiplier`: the mantissa as Q0.31.
    multiplier: i32,
    /// TFLite's `shift`: positive shifts left, negative right.
    shift: i32,
}

/// Why a real number has no [`QuantizedMultiplier`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MultiplierError {
    /// The multiplier is negative, NaN or infinite: scales are positive finite numbers.
    NotPositiveFinite(f64),
    /// The multiplier is `2³¹` or more: TFLite's left shift would overflow.
    TooLarge(f64),
    /// A mantissa `M0` that is neither 0 nor in `[2³⁰, 2³¹)`.
    InvalidMantissa(i32),
    /// A shift outside `−31..=30`.
    InvalidShift(i32),
}

impl core::fmt::Display for MultiplierError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let (template, found) = match *self {
            Self::NotPositiveFinite(value) => (
                "|a positive finite rescaling factor|#",
                Argument::Float64(value),
            ),
            Self::TooLarge(value) => ("|a rescaling factor below 2^31|#", Argument::Float64(value)),
            Self::InvalidMantissa(value) => (
                "|a multiplier mantissa of 0 or in [2^30, 2^31)|#",
                Argument::Integer(i64::from(value)),
            ),
            Self::InvalidShift(value) => (
                "|a shift in -31..=30|#",
                Argument::Integer(i64::from(value)),
            ),
        };
        write_message(f, template, &[found])
    }
}

impl QuantizedMultiplier {
    /// The multiplier 0 (`M0 = 0, shift = 0`): every product is 0.
    pub const ZERO: Self = Self {
        multiplier: 0,
        shift: 0,
    };

    /// The multiplier `M0 · 2^shift / 2³¹` from its parts, or an error for a mantissa `M0`
    /// that is neither 0 nor in `[2³⁰, 2³¹)`, or a shift outside `−31..=30`.
    pub const fn new(multiplier: i32, shift: i32) -> Result<Self, MultiplierError> {
        if !(multiplier == 0 || multiplier >= 1 << 30) {
            return Err(MultiplierError::InvalidMantissa(multiplier));
        }
        if shift < -31 || shift > 30 {
            return Err(MultiplierError::InvalidShift(shift));
        }
        Ok(Self { multiplier, shift })
    }

    /// [`new`](Self::new) for `const` items, such as the ones
    /// [`bake_quantized`](crate::int8::bake_quantized) writes: invalid parts are a compile
    /// error there.
    ///
    /// # Panics
    ///
    /// If [`new`](Self::new) refuses the parts (at compile time in a `const`).
    pub const fn new_const(multiplier: i32, shift: i32) -> Self {
        match Self::new(multiplier, shift) {
            Ok(multiplier) => multiplier,
            Err(MultiplierError::InvalidShift(_)) => panic!("a shift outside -31..=30"),
            Err(_) => panic!("a multiplier mantissa neither 0 nor in [2^30, 2^31)"),
        }
    }

    /// `M0`, TFLite's `quantized_multiplier`: the mantissa as Q0.31, 0 or in `[2³⁰, 2³¹)`.
    pub const fn multiplier(self) -> i32 {
        self.multiplier
    }

    /// TFLite's `shift`, in `−31..=30`: positive shifts left, negative right.
    pub const fn shift(self) -> i32 {
        self.shift
    }

    /// TFLite's `QuantizeMultiplier(real)`: `q = frexp(real, &shift)`, `M0 = round(q·2³¹)`
    /// (half away from zero); if that rounds up to `2³¹`, `M0 = 2³⁰` and `shift + 1`; a shift
    /// below −31 gives the zero multiplier, as TFLite does.
    pub fn from_real(real: f64) -> Result<Self, MultiplierError> {
        if real.is_nan() || real.is_infinite() || real < 0.0 {
            return Err(MultiplierError::NotPositiveFinite(real));
        }
        if real == 0.0 {
            return Ok(Self::ZERO);
        }
        let (fraction, mut shift) = frexp(real);
        let mut fixed = round_half_away_from_zero(fraction * (1_i64 << 31) as f64) as i64;
        if fixed == 1 << 31 {
            fixed /= 2; // q rounded up to 1: 2³⁰ · 2^(shift+1) is the same number
            shift += 1;
        }
        if shift < -31 {
            return Ok(Self::ZERO); // every bit would be shifted out
        }
        if shift > 30 {
            return Err(MultiplierError::TooLarge(real));
        }
        Ok(Self {
            multiplier: fixed as i32,
            shift,
        })
    }

    /// `x · M`, rounded as TFLite rounds
    /// ([`multiply_by_quantized_multiplier`](crate::int8::fixed_point::multiply_by_quantized_multiplier)).
    #[inline(always)]
    pub const fn apply(self, x: i32) -> i32 {
        // On Arm the ranges this type guarantees allow 32-bit shifts only; elsewhere the total
        // function keeps its i64 shift, which x86-64's vectorised loops need (see there).
        #[cfg(target_arch = "arm")]
        {
            multiply_in_range(x, self.multiplier, self.shift)
        }
        #[cfg(not(target_arch = "arm"))]
        {
            multiply_by_quantized_multiplier(x, self.multiplier, self.shift)
        }
    }
}

/// `value` clamped to `0..=31`.
#[inline(always)]
const fn clamp_to_shift(value: i32) -> u32 {
    if value < 0 {
        0
    } else if value > 31 {
        31
    } else {
        value as u32
    }
}

/// [`multiply_by_quantized_multiplier`](crate::int8::fixed_point::multiply_by_quantized_multiplier)
/// for the parts a [`QuantizedMultiplier`] can hold: `multiplier` 0 or in `[2³⁰, 2³¹)` and
/// `shift` in `−31..=30`. Then both shifts stay below 32, so every shift is a 32-bit one (a
/// Cortex-M core has no 64-bit shift instruction, and at opt-level `z` LLVM calls a library
/// function for one), and `multiplier` is never `i32::MIN`, so the doubling high product
/// cannot saturate. The same bits as the total function for those parts (tested below).
#[cfg_attr(not(target_arch = "arm"), allow(dead_code))]
#[inline(always)]
pub(crate) const fn multiply_in_range(x: i32, multiplier: i32, shift: i32) -> i32 {
    // Both clamped to 0..=31 (a no-op for these shifts), so that the compiler knows they are
    // below 32 and needs no mask for the shifts (on Arm one `USAT` each)
    let left = clamp_to_shift(shift); // 0..=30
    let right = clamp_to_shift(shift.wrapping_neg()); // 0..=31
    // C++'s x·2^left, wrapping
    let shifted = x << left;
    // SaturatingRoundingDoublingHighMul: ⌊(a·b + 2³⁰)/2³¹⌋, never MIN·MIN here
    let high = ((shifted as i64 * multiplier as i64 + (1 << 30)) >> 31) as i32;
    // RoundingDivideByPOT: ties away from zero
    let mask = ((1_u32 << right) - 1) as i32;
    let remainder = high & mask;
    let threshold = (mask >> 1) + (high < 0) as i32;
    (high >> right) + (remainder > threshold) as i32
}

/// C's `frexp` for a positive finite `x`: `(q, e)` with `x = q·2^e` and `q` in `[0.5, 1)`,
/// exactly, by reading the bits (no `libm`).
pub(crate) fn frexp(x: f64) -> (f64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // subnormal: scale into the normal range first (2⁶⁴ is exact)
        let (q, e) = frexp(x * 18_446_744_073_709_551_616.0);
        return (q, e - 64);
    }
    // keep the sign and mantissa, set the exponent so that the value lies in [0.5, 1)
    let q = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (q, biased - 1022)
}

/// C's `round`: to the nearest integer, halves away from zero, exactly (no `libm`).
pub(crate) fn round_half_away_from_zero(x: f64) -> f64 {
    const TWO_TO_52: f64 = 4_503_599_627_370_496.0;
    if !(-TWO_TO_52..=TWO_TO_52).contains(&x) {
        return x; // already an integer (or NaN)
    }
    let truncated = x as i64 as f64; // exact here
    let fraction = x - truncated; // exact: both lie in the same binade or below
    if fraction >= 0.5 {
        truncated + 1.0
    } else if fraction <= -0.5 {
        truncated - 1.0
    } else {
        truncated
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn frexp_splits_exactly() {
        assert_eq!(frexp(1.0), (0.5, 1));
        assert_eq!(frexp(0.75), (0.75, 0));
        assert_eq!(frexp(3.0), (0.75, 2));
        assert_eq!(frexp(f64::MIN_POSITIVE / 4.0), (0.5, -1023));
        let mut rng = StdRng::seed_from_u64(21);
        for _ in 0..10_000 {
            let x: f64 = rng.random_range(1e-300..1e300_f64).abs();
            let (q, e) = frexp(x);
            assert!((0.5..1.0).contains(&q), "{x}: {q}");
            assert_eq!(q * 2_f64.powi(e), x);
        }
    }

    #[test]
    fn round_is_half_away_from_zero() {
        for (x, r) in [
            (0.5, 1.0),
            (-0.5, -1.0),
            (1.5, 2.0),
            (2.5, 3.0),
            (-2.5, -3.0),
            (0.49999999999999994, 0.0),
            (-1.2, -1.0),
            (4e15 + 0.5, 4e15 + 1.0),
            (1e300, 1e300),
        ] {
            assert_eq!(round_half_away_from_zero(x), r, "{x}");
        }
    }

    #[test]
    fn parts_outside_tflites_ranges_are_refused() {
        use MultiplierError::{InvalidMantissa, InvalidShift};
        for (multiplier, shift, expected) in [
            (1 << 30, -40, Err(InvalidShift(-40))),
            (1 << 30, 64, Err(InvalidShift(64))),
            (1 << 30, 31, Err(InvalidShift(31))),
            (1 << 30, -32, Err(InvalidShift(-32))),
            ((1 << 30) - 1, 0, Err(InvalidMantissa((1 << 30) - 1))),
            (-1, 0, Err(InvalidMantissa(-1))),
            (i32::MIN, 0, Err(InvalidMantissa(i32::MIN))),
            (1, 0, Err(InvalidMantissa(1))),
        ] {
            assert_eq!(
                QuantizedMultiplier::new(multiplier, shift),
                expected,
                "{multiplier}, {shift}"
            );
        }
        for (multiplier, shift) in [(1 << 30, -31), (i32::MAX, 30), (0, 0), (0, -31)] {
            let m = QuantizedMultiplier::new(multiplier, shift).unwrap();
            assert_eq!((m.multiplier(), m.shift()), (multiplier, shift));
        }
        // valid parts give TFLite's product: 1000·(2³⁰/2³¹)·2⁻³ = 62.5, a tie, away from 0
        const EIGHTH: QuantizedMultiplier = QuantizedMultiplier::new_const(1 << 30, -3);
        assert_eq!(EIGHTH.apply(1000), 63);
        assert_eq!(EIGHTH.apply(-1000), -63);
    }

    #[test]
    fn the_in_range_product_equals_the_total_one() {
        let mut rng = StdRng::seed_from_u64(23);
        let edges = [
            0,
            1,
            -1,
            i32::MIN,
            i32::MIN + 1,
            i32::MAX,
            i32::MAX - 1,
            1 << 30,
            -(1 << 30),
        ];
        let multipliers = [0, 1 << 30, (1 << 30) + 1, i32::MAX - 1, i32::MAX];
        for shift in -31..=30 {
            for &multiplier in &multipliers {
                for &x in &edges {
                    assert_eq!(
                        multiply_in_range(x, multiplier, shift),
                        multiply_by_quantized_multiplier(x, multiplier, shift),
                        "{x}·{multiplier}·2^{shift}"
                    );
                }
            }
        }
        for _ in 0..500_000 {
            let x = rng.random::<i32>() >> rng.random_range(0..32);
            let multiplier = rng.random_range(1 << 30..=i32::MAX);
            let shift = rng.random_range(-31..=30);
            assert_eq!(
                multiply_in_range(x, multiplier, shift),
                multiply_by_quantized_multiplier(x, multiplier, shift),
                "{x}·{multiplier}·2^{shift}"
            );
            let m = QuantizedMultiplier::new_const(multiplier, shift);
            assert_eq!(
                m.apply(x),
                multiply_by_quantized_multiplier(x, multiplier, shift)
            );
        }
    }

    #[test]
    fn quantize_multiplier_follows_tflite() {
        assert_eq!(
            QuantizedMultiplier::from_real(0.0),
            Ok(QuantizedMultiplier::ZERO)
        );
        assert_eq!(
            QuantizedMultiplier::from_real(0.5),
            Ok(QuantizedMultiplier::new_const(1 << 30, 0))
        );
        assert_eq!(
            QuantizedMultiplier::from_real(1.0),
            Ok(QuantizedMultiplier::new_const(1 << 30, 1))
        );
        // q·2³¹ rounds up to 2³¹: halved, shift + 1
        let just_below_one = 1.0 - 2_f64.powi(-33);
        assert_eq!(
            QuantizedMultiplier::from_real(just_below_one),
            Ok(QuantizedMultiplier::new_const(1 << 30, 1))
        );
        // a tie in the last place rounds away from zero
        let tie = ((1_i64 << 30) as f64 + 0.5) / 2_f64.powi(31);
        assert_eq!(
            QuantizedMultiplier::from_real(tie),
            Ok(QuantizedMultiplier::new_const((1 << 30) + 1, 0))
        );
        // below 2⁻³²: every bit would be shifted out, so TFLite uses the zero multiplier
        assert_eq!(
            QuantizedMultiplier::from_real(2_f64.powi(-40)),
            Ok(QuantizedMultiplier::ZERO)
        );
        assert_eq!(
            QuantizedMultiplier::from_real(2_f64.powi(-32)),
            Ok(QuantizedMultiplier::new_const(1 << 30, -31))
        );
        assert_eq!(
            QuantizedMultiplier::from_real(2_f64.powi(31)),
            Err(MultiplierError::TooLarge(2_f64.powi(31)))
        );
        assert!(matches!(
            QuantizedMultiplier::from_real(-0.25),
            Err(MultiplierError::NotPositiveFinite(_))
        ));
        assert!(matches!(
            QuantizedMultiplier::from_real(f64::NAN),
            Err(MultiplierError::NotPositiveFinite(_))
        ));
        let mut rng = StdRng::seed_from_u64(22);
        for _ in 0..10_000 {
            let real = 2_f64.powi(rng.random_range(-30..20)) * rng.random_range(1.0..2.0);
            let m = QuantizedMultiplier::from_real(real).unwrap();
            assert_eq!(QuantizedMultiplier::new(m.multiplier(), m.shift()), Ok(m));
            assert!((1 << 30..=i32::MAX).contains(&m.multiplier));
            let back = m.multiplier as f64 * 2_f64.powi(m.shift - 31);
            assert!(
                ((back - real) / real).abs() <= 2_f64.powi(-31),
                "{real}: {m:?}"
            );
            // x·M for small x equals the real product rounded, within one step
            let x = rng.random_range(-1_000..1_000);
            if real < 1000.0 {
                assert!((m.apply(x) as f64 - x as f64 * real).abs() <= 1.0);
            }
        }
    }
}
