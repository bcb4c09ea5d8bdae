//! IEEE half precision (`F16`) and bfloat16 (`BF16`) numbers widened to `f64`, exactly.
//!
//! Both are 16-bit floats: a sign bit, then exponent and mantissa bits — 5 and 10 for half
//! precision, 8 and 7 for bfloat16, which is the top half of an `f32`. Every such number is an
//! `f64` (and an `f32`), so widening never rounds.

/// The half-precision number with these bits, as an `f64`.
pub(crate) fn f16_to_f64(bits: u16) -> f64 {
    let negative = bits & 0x8000 != 0;
    let exponent = (bits >> 10) & 0x1F;
    let mantissa = u64::from(bits & 0x3FF);
    let magnitude = match exponent {
        // Subnormal (and zero): mantissa · 2^-24, a power-of-two scaling, exact.
        0 => mantissa as f64 * f64::from_bits(0x3E70_0000_0000_0000),
        0x1F if mantissa == 0 => f64::INFINITY,
        0x1F => f64::NAN,
        // Normal: the same number with the exponent rebiased (15 → 1023) and the mantissa
        // moved to the top of f64's 52 bits.
        _ => f64::from_bits(((u64::from(exponent) + 1023 - 15) << 52) | (mantissa << 42)),
    };
    if negative { -magnitude } else { magnitude }
}

/// The bfloat16 number with these bits, as an `f64`.
pub(crate) fn bf16_to_f64(bits: u16) -> f64 {
    f64::from(f32::from_bits(u32::from(bits) << 16))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(-1)^sign · 2^(exponent − bias) · (1 + mantissa / 2^width)`, the definition, for
    /// every finite pattern of a format with these field widths.
    fn by_definition(bits: u16, exponent_bits: u32, mantissa_bits: u32) -> f64 {
        let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
        let exponent = i32::from((bits >> mantissa_bits) & ((1 << exponent_bits) - 1));
        let mantissa = f64::from(bits & ((1 << mantissa_bits) - 1));
        let bias = (1 << (exponent_bits - 1)) - 1;
        let fraction = mantissa / 2f64.powi(mantissa_bits as i32);
        if exponent == 0 {
            sign * 2f64.powi(1 - bias) * fraction
        } else {
            sign * 2f64.powi(exponent - bias) * (1.0 + fraction)
        }
    }

    #[test]
    fn every_half_precision_number_widens_to_its_value() {
        for bits in 0..=u16::MAX {
            let widened = f16_to_f64(bits);
            match (bits >> 10) & 0x1F {
                0x1F if bits & 0x3FF == 0 => {
                    assert_eq!(
                        widened,
                        if bits & 0x8000 != 0 {
                            f64::NEG_INFINITY
                        } else {
                            f64::INFINITY
                        }
                    )
                }
                0x1F => assert!(widened.is_nan(), "{bits:#06x}"),
                _ => {
                    let expected = by_definition(bits, 5, 10);
                    assert_eq!(widened.to_bits(), expected.to_bits(), "{bits:#06x}");
                }
            }
        }
        // A few known values: the largest, the smallest normal and subnormal, 1/3 rounded.
        assert_eq!(f16_to_f64(0x7BFF), 65504.0);
        assert_eq!(f16_to_f64(0x0400), 2f64.powi(-14));
        assert_eq!(f16_to_f64(0x0001), 2f64.powi(-24));
        assert_eq!(f16_to_f64(0x3555), 0.333251953125);
        assert_eq!(f16_to_f64(0x8000).to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn every_bfloat16_number_widens_to_its_value() {
        for bits in 0..=u16::MAX {
            let widened = bf16_to_f64(bits);
            if (bits >> 7) & 0xFF == 0xFF {
                assert!(widened.is_nan() || widened.is_infinite(), "{bits:#06x}");
            } else {
                let expected = by_definition(bits, 8, 7);
                assert_eq!(widened.to_bits(), expected.to_bits(), "{bits:#06x}");
            }
        }
        assert_eq!(bf16_to_f64(0x3F80), 1.0);
        assert_eq!(bf16_to_f64(0x7F80), f64::INFINITY);
        assert_eq!(bf16_to_f64(0x3DCD), 205.0 / 2048.0); // 0.1 rounded to bfloat16
    }
}
