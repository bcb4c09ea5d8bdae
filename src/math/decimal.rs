//! Numbers in error messages without `core`'s wide formatting: [`Decimal`] writes a float
//! with enough significant digits to read back to the same float — 9 for an `f32`, 17 for an
//! `f64`, correctly rounded from the float's exact value, trailing zeros dropped — in plain
//! notation from 10⁻⁶ to 10³⁹ (`0.00390625`, `3000000000`, `0.100000001` for the `f32`
//! nearest 0.1) and as `{:e}` beyond (`1.40129846e-45`); [`WideInteger`] writes an `i128`
//! with the same few lines of integer arithmetic. The crate's error messages print their
//! scales, factors, sums and losses through them, so that a firmware printing an error links
//! neither `core`'s float formatting (10–16 KB of flash on a Cortex-M4F) nor its 128-bit
//! division (docs/guide/microcontrollers.md has the measurements).
//!
//! This is not the shortest decimal `{}` writes (`0.1` for that `f32`): finding the shortest
//! needs the two half-way points to the neighbouring floats carried beside the value, which
//! costs more code than an error message is worth on a microcontroller. A float `v = m·2^e`
//! is the fraction `r/s` of two integers held in a small big integer; scaled by a power of
//! ten into `[0.1, 1)`, its digits come one at a time (`r ← 10·r`, the digit is how many `s`
//! fit), and the remainder rounds the last one (half way to an even digit, as `core` does).
//! Why 9 and 17 digits suffice: decimals with that many digits lie closer together than
//! neighbouring floats, so the correctly rounded decimal is within half a float's spacing of
//! the float it came from and reads back to it. The unit tests read the text back with
//! `str::parse` over every power of two and 350,000 random bit patterns, subnormals and
//! extremes included, and compare the digits with `core`'s `{:.8e}` / `{:.16e}`.

use core::cmp::Ordering;
use core::fmt;

// The big-integer steps and `write_decimal` are `#[inline(never)]`: this is code for error
// messages, where size counts and speed does not.

/// A float written with enough significant digits to read back to itself (flags such as width
/// and precision are ignored).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Decimal {
    /// A single-precision value, written with up to 9 significant digits.
    F32(f32),
    /// A double-precision value, written with up to 17 significant digits.
    F64(f64),
}

/// An `i128` written as `{}` writes it, without `core`'s 128-bit division.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WideInteger(pub(crate) i128);

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // sign, biased exponent, fraction; the format's largest biased exponent, fraction bits
        // and digits
        let (negative, biased, fraction, all_ones, fraction_bits, precision) = match *self {
            Decimal::F32(value) => {
                let bits = value.to_bits();
                let fraction = u64::from(bits & 0x7f_ffff);
                (bits >> 31 == 1, (bits >> 23) & 0xff, fraction, 0xff, 23, 9)
            }
            Decimal::F64(value) => {
                let bits = value.to_bits();
                let biased = ((bits >> 52) & 0x7ff) as u32;
                (
                    bits >> 63 == 1,
                    biased,
                    bits & 0xf_ffff_ffff_ffff,
                    0x7ff,
                    52,
                    17,
                )
            }
        };
        if biased == all_ones {
            return f.write_str(match (fraction != 0, negative) {
                (true, _) => "NaN",
                (false, false) => "inf",
                (false, true) => "-inf",
            });
        }
        // value = mantissa · 2^exponent (a subnormal has no implicit bit and the smallest
        // exponent)
        let smallest = 1 - (all_ones >> 1) as i32 - fraction_bits;
        let (mantissa, exponent) = match biased {
            0 => (fraction, smallest),
            _ => (fraction | 1 << fraction_bits, smallest - 1 + biased as i32),
        };
        write_decimal(f, negative, u128::from(mantissa), exponent, precision)
    }
}

impl fmt::Display for WideInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_decimal(f, self.0 < 0, self.0.unsigned_abs(), 0, DIGITS)
    }
}

/// 36 × 32 bits: the numbers below stay under 2¹¹⁵².
const LIMBS: usize = 36;

/// The most digits written: the 39 of `i128::MIN`.
const DIGITS: usize = 39;

/// An unsigned integer of `LIMBS` 32-bit limbs, least significant first.
#[derive(Clone, Copy)]
struct Big {
    limbs: [u32; LIMBS],
}

impl Big {
    fn from_u128(value: u128) -> Self {
        let mut limbs = [0; LIMBS];
        limbs[0] = value as u32;
        limbs[1] = (value >> 32) as u32;
        limbs[2] = (value >> 64) as u32;
        limbs[3] = (value >> 96) as u32;
        Big { limbs }
    }

    /// `self · factor`; a carry out of the last limb is dropped (the callers stay below).
    #[inline(never)]
    fn multiply_small(&mut self, factor: u32) {
        let mut carry = 0_u64;
        for limb in &mut self.limbs {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
    }

    /// `self · 2^exponent`, in factors that fit a limb.
    #[inline(never)]
    fn multiply_power_of_two(&mut self, mut exponent: u32) {
        while exponent > 0 {
            let step = exponent.min(31);
            self.multiply_small(1 << step);
            exponent -= step;
        }
    }

    /// `self − other`, for `self ≥ other`.
    #[inline(never)]
    fn subtract(&mut self, other: &Big) {
        let mut borrow = 0_i64;
        for (a, b) in self.limbs.iter_mut().zip(&other.limbs) {
            let difference = i64::from(*a) - i64::from(*b) - borrow;
            *a = difference as u32;
            borrow = i64::from(difference < 0);
        }
    }

    #[inline(never)]
    fn compare(&self, other: &Big) -> Ordering {
        self.limbs.iter().rev().cmp(other.limbs.iter().rev())
    }
}

/// Writes `±mantissa · 2^exponent` with at most `precision` (≤ 39) significant digits,
/// correctly rounded (half way to an even digit), trailing zeros dropped, in plain notation
/// from 10⁻⁶ to 10³⁹ and in scientific notation beyond.
#[inline(never)]
fn write_decimal(
    f: &mut fmt::Formatter<'_>,
    negative: bool,
    mantissa: u128,
    exponent: i32,
    precision: usize,
) -> fmt::Result {
    if negative {
        f.write_str("-")?;
    }
    if mantissa == 0 {
        return f.write_str("0");
    }
    // value = r/s
    let mut r = Big::from_u128(mantissa);
    let mut s = Big::from_u128(1);
    if exponent >= 0 {
        r.multiply_power_of_two(exponent.unsigned_abs());
    } else {
        s.multiply_power_of_two(exponent.unsigned_abs());
    }
    // k with 10^(k−1) ≤ value < 10^k, by powers of ten one at a time (at most 324 steps:
    // this is an error message, not a hot path)
    let mut k = 0;
    while r.compare(&s) == Ordering::Less {
        r.multiply_small(10);
        k -= 1;
    }
    while r.compare(&s) != Ordering::Less {
        s.multiply_small(10);
        k += 1;
    }
    // value = 0.d₁d₂… · 10^k
    let mut digits = [0_u8; DIGITS];
    let count = precision.min(DIGITS);
    for slot in digits.iter_mut().take(count) {
        r.multiply_small(10);
        while r.compare(&s) != Ordering::Less {
            r.subtract(&s);
            *slot += 1;
        }
    }
    // The remainder r/s of the last digit: round up above one half, and at one half to an
    // even digit (as `core` rounds), carrying through nines (all nines become 1 and one more
    // digit before the point).
    r.multiply_small(2);
    let odd = count
        .checked_sub(1)
        .and_then(|i| digits.get(i))
        .copied()
        .unwrap_or(0)
        % 2
        == 1;
    let half = r.compare(&s);
    if half == Ordering::Greater || (half == Ordering::Equal && odd) {
        let mut i = count;
        loop {
            let Some(digit) = i.checked_sub(1).and_then(|j| digits.get_mut(j)) else {
                digits[0] = 1;
                k += 1;
                break;
            };
            i -= 1;
            if *digit == 9 {
                *digit = 0;
            } else {
                *digit += 1;
                break;
            }
        }
    }
    let mut count = count;
    while count > 1 && digits.get(count - 1) == Some(&0) {
        count -= 1;
    }
    // Plain notation from 10⁻⁶ up to 39 digits before the point (every `i128`): digit j
    // stands for 10^(k−1−j), the point goes before digit k, and the places outside the
    // digits written are zeros (`0.00…` before, `…000` up to the point). Beyond, scientific
    // notation as `{:e}` writes it: `1.5e-7`.
    let k = k as isize;
    let scientific = !(-5..=DIGITS as isize).contains(&k);
    let (start, end, point) = match scientific {
        true => (0, count as isize, 1),
        false => (k.min(1) - 1, k.max(count as isize), k),
    };
    for j in start..end {
        if j == point {
            f.write_str(".")?;
        }
        let digit = usize::try_from(j)
            .ok()
            .and_then(|j| digits.get(j).filter(|_| j < count));
        let digit = usize::from(digit.copied().unwrap_or(0));
        f.write_str(DIGIT_TEXT.get(digit..=digit).unwrap_or("?"))?;
    }
    if scientific {
        f.write_str("e")?;
        fmt::Display::fmt(&(k - 1), f)?;
    }
    Ok(())
}

/// The ten digits (taken with `get`, which has no panic path).
const DIGIT_TEXT: &str = "0123456789";

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::{Decimal, WideInteger};

    #[test]
    fn wide_integers_are_written_as_display_writes_them() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut values = vec![
            0,
            1,
            -1,
            9,
            10,
            99,
            100,
            i128::MAX,
            i128::MIN,
            i128::from(i64::MIN),
        ];
        for _ in 0..20_000 {
            let high = xorshift(&mut state);
            let low = xorshift(&mut state);
            let value = (i128::from(high) << 64 | i128::from(low)) >> (high % 127);
            values.extend([value, i128::from(low as i64), i128::from(low as i32)]);
        }
        for power in 0..39 {
            let ten = 10_i128.pow(power);
            values.extend([ten - 1, ten, ten + 1, -ten]);
        }
        for value in values {
            assert_eq!(WideInteger(value).to_string(), value.to_string());
        }
    }

    /// A fixed-seed xorshift, so the sweep is the same on every run.
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// A written decimal as its significant digits and the power of ten of the first:
    /// `-0.00125` and `1.25e-3` are both `("125", -3)`.
    fn normalize(text: &str) -> (String, i32) {
        let text = text.trim_start_matches('-');
        let (number, exponent) = text.split_once('e').unwrap_or((text, "0"));
        let exponent: i32 = exponent.parse().unwrap();
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let all = format!("{whole}{fraction}");
        let leading = all.len() - all.trim_start_matches('0').len();
        let digits = all
            .trim_start_matches('0')
            .trim_end_matches('0')
            .to_string();
        (digits, exponent + whole.len() as i32 - 1 - leading as i32)
    }

    /// Reads back to the same bits, in at most `precision` significant digits, and is the
    /// correctly rounded decimal `core` writes with `{:.N$e}`.
    fn check(text: &str, reference: &str, precision: usize, same: bool) {
        assert!(same, "{text} does not read back to its value");
        let (digits, exponent) = normalize(text);
        assert!(digits.len() <= precision, "{text}");
        assert_eq!(
            (digits, exponent),
            normalize(reference),
            "{text} against {reference}"
        );
        // plain notation from 10⁻⁶ to 10³⁹, scientific beyond
        let plain = (-6..39).contains(&exponent);
        assert_eq!(!text.contains('e'), plain, "{text}");
    }

    fn check_f32(value: f32) {
        let text = Decimal::F32(value).to_string();
        let back: f32 = text.parse().unwrap();
        if value.is_finite() && value != 0.0 {
            let same = back.to_bits() == value.to_bits();
            check(&text, &format!("{:.8e}", f64::from(value)), 9, same);
        } else {
            assert_eq!(text, value.to_string());
        }
    }

    fn check_f64(value: f64) {
        let text = Decimal::F64(value).to_string();
        let back: f64 = text.parse().unwrap();
        if value.is_finite() && value != 0.0 {
            check(
                &text,
                &format!("{value:.16e}"),
                17,
                back.to_bits() == value.to_bits(),
            );
        } else {
            assert_eq!(text, value.to_string());
        }
    }

    #[test]
    fn special_values_and_scales_are_written_in_full() {
        let cases: [(f32, &str); 15] = [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (0.1, "0.100000001"),
            (1.0 / 256.0, "0.00390625"),
            (1.0 / 128.0, "0.0078125"),
            (-3.5e-7, "-3.49999993e-7"),
            (1e-6, "9.99999997e-7"),
            (f32::MAX, "340282347000000000000000000000000000000"),
            (f32::from_bits(1), "1.40129846e-45"),
            (f32::NAN, "NaN"),
            (f32::INFINITY, "inf"),
            (f32::NEG_INFINITY, "-inf"),
            (123_456_790.0, "123456792"),
            (3.0e9, "3000000000"),
        ];
        for (value, text) in cases {
            assert_eq!(Decimal::F32(value).to_string(), text);
            check_f32(value);
        }
        let cases: [(f64, &str); 9] = [
            (0.0, "0"),
            (0.1, "0.10000000000000001"),
            (0.5, "0.5"),
            (3.0e9, "3000000000"),
            (2_147_483_648.5, "2147483648.5"),
            (1e23, "99999999999999992"),
            (1e-300, "1e-300"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "NaN"),
        ];
        for (value, text) in cases {
            if value == 1e23 {
                // 1e23 is 99999999999999991611392: its 17 digits, then six places
                assert_eq!(Decimal::F64(value).to_string(), format!("{text}000000"));
            } else {
                assert_eq!(Decimal::F64(value).to_string(), text);
            }
            check_f64(value);
        }
        for value in [
            f32::MIN,
            f32::MIN_POSITIVE,
            f32::from_bits(1),
            f32::EPSILON,
            9.999_999e9,
        ] {
            check_f32(value);
        }
        for value in [
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::from_bits(1),
            f64::from_bits(0x000f_ffff_ffff_ffff),
            9_007_199_254_740_993.0,
            0.3,
        ] {
            check_f64(value);
        }
    }

    #[test]
    fn every_power_of_two_and_its_neighbours_read_back_to_themselves() {
        for biased in 0..=0xff_u32 {
            for fraction in [0, 1, 2, 0x40_0000, 0x7f_fffe, 0x7f_ffff] {
                for sign in [0, 1 << 31] {
                    check_f32(f32::from_bits(sign | biased << 23 | fraction));
                }
            }
        }
        for biased in 0..=0x7ff_u64 {
            for fraction in [0, 1, 2, 1 << 51, (1 << 52) - 2, (1 << 52) - 1] {
                check_f64(f64::from_bits(biased << 52 | fraction));
            }
        }
    }

    #[test]
    fn random_bit_patterns_read_back_to_themselves() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..100_000 {
            check_f32(f32::from_bits(xorshift(&mut state) as u32));
        }
        for _ in 0..100_000 {
            check_f64(f64::from_bits(xorshift(&mut state)));
        }
        // subnormals of both widths
        for _ in 0..50_000 {
            check_f32(f32::from_bits(xorshift(&mut state) as u32 & 0x807f_ffff));
            check_f64(f64::from_bits(xorshift(&mut state) & 0x800f_ffff_ffff_ffff));
        }
        // numbers near the scales a model holds: 1e-6 to 1e2
        for _ in 0..50_000 {
            let exponent = (xorshift(&mut state) % 27) as i32 - 20;
            let fraction = (xorshift(&mut state) % (1 << 23)) as u32;
            check_f32(f32::from_bits(((127 + exponent) as u32) << 23 | fraction));
        }
    }
}
