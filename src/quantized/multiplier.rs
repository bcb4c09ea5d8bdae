//! `QuantizedMultiplier`: a positive real factor as TFLite stores it, `M = M0 · 2^shift / 2³¹`.
//!
//! Requantisation multiplies an `i32` accumulator by a real number such as `s_in·s_w / s_out`.
//! TFLite turns that number into an integer `M0` in `[2³⁰, 2³¹)` and a power of two once, when
//! a model is prepared (`QuantizeMultiplier` in `tensorflow/lite/kernels/internal/
//! quantization_util.cc`); inference then only runs
//! [`multiply_by_quantized_multiplier`](super::fixed_point::multiply_by_quantized_multiplier).
//! This file is the one place in the integer path's types that touches floating point, and
//! only while a network is built (calibration or loading), never in `predict_one`.

use crate::quantized::fixed_point::multiply_by_quantized_multiplier;

/// A real multiplier `M ≈ multiplier · 2^shift / 2³¹`, with `multiplier` in `[2³⁰, 2³¹)` (or 0)
/// and `shift` in `−31..=30`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QuantizedMultiplier {
    /// `M0`, TFLite's `quantized_multiplier`: the mantissa as Q0.31.
    pub multiplier: i32,
    /// TFLite's `shift`: positive shifts left, negative right.
    pub shift: i32,
}

/// Why a real number has no [`QuantizedMultiplier`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MultiplierError {
    /// The multiplier is negative, NaN or infinite: scales are positive finite numbers.
    NotPositiveFinite(f64),
    /// The multiplier is `2³¹` or more: TFLite's left shift would overflow.
    TooLarge(f64),
}

impl core::fmt::Display for MultiplierError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::NotPositiveFinite(value) => write!(
                f,
                "expected a positive finite rescaling factor, found {value}"
            ),
            Self::TooLarge(value) => {
                write!(f, "expected a rescaling factor below 2^31, found {value}")
            }
        }
    }
}

impl QuantizedMultiplier {
    /// The multiplier 0 (`M0 = 0, shift = 0`): every product is 0.
    pub const ZERO: Self = Self {
        multiplier: 0,
        shift: 0,
    };

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

    /// `x · M`, rounded as TFLite rounds ([`multiply_by_quantized_multiplier`]).
    #[inline(always)]
    pub const fn apply(self, x: i32) -> i32 {
        multiply_by_quantized_multiplier(x, self.multiplier, self.shift)
    }
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
