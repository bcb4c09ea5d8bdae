//! Numbers in error messages without `core`'s wide formatting: `ShortestDecimal` writes a
//! float as `{}` writes it — the shortest decimal that reads back to the same float, in plain
//! notation (`0.00390625`, `3000000000`) — with integer arithmetic only, and `WideInteger`
//! writes an `i64` or `i128` with 32-bit divisions. The crate's error messages print their
//! scales, factors and sums through them, so that a firmware printing an error links neither
//! `core`'s float formatting (10–16 KB of flash on a Cortex-M4F) nor its 128-bit division
//! (docs/guide/microcontrollers.md has the measurements).
//!
//! The digits come from the free-format algorithm of Steele and White as Burger and Dybvig
//! state it (the one `core` falls back to, "Dragon"), on a fixed-size big integer: the value
//! and the half-way points to its neighbours are scaled to integers, and digits are produced
//! until the number written so far lies strictly (or, for an even mantissa, inclusively)
//! inside the interval that rounds to the float. Its unit test compares it with `{}` on
//! every power of two, every subnormal boundary and a sweep of random bit patterns.

use core::cmp::Ordering;
use core::fmt;

// Every function here is `#[inline(never)]`: this is code for error messages, where size
// counts and speed does not, and inlined at opt-level 3 it took 4 KB instead of 1.

/// A float to be written as `{}` writes it (flags such as width and precision are ignored).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ShortestDecimal {
    /// A single-precision value, written with as few digits as read back to it as an `f32`.
    F32(f32),
    /// A double-precision value, written with as few digits as read back to it as an `f64`.
    F64(f64),
}

/// 40 × 32 bits: the scaled numbers of an `f64` stay below 2¹¹⁴⁰.
const LIMBS: usize = 40;

/// An unsigned integer of `LIMBS` 32-bit limbs, least significant first; the limbs from
/// `used` on are 0. The loops run to `used`, a number known only at run time, which also
/// keeps an optimiser from unrolling them 40 times over.
#[derive(Clone, Copy)]
struct Big {
    limbs: [u32; LIMBS],
    used: usize,
}

impl Big {
    fn from_u64(value: u64) -> Self {
        let mut limbs = [0; LIMBS];
        limbs[0] = value as u32;
        limbs[1] = (value >> 32) as u32;
        Big { limbs, used: 2 }
    }

    fn limb(&self, i: usize) -> u32 {
        self.limbs.get(i).copied().unwrap_or(0)
    }

    #[inline(never)]
    fn multiply_small(&mut self, factor: u32) {
        let mut carry = 0_u64;
        for limb in self.limbs.iter_mut().take(self.used) {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if let Some(limb) = self.limbs.get_mut(self.used).filter(|_| carry != 0) {
            *limb = carry as u32;
            self.used += 1;
        }
    }

    #[inline(never)]
    fn multiply_power_of_two(&mut self, bits: u32) {
        let (words, bits) = ((bits / 32) as usize, bits % 32);
        let used = (self.used + words + 1).min(LIMBS);
        for i in (0..used).rev() {
            let high = if i >= words { self.limb(i - words) } else { 0 };
            let low = if i > words {
                self.limb(i - words - 1)
            } else {
                0
            };
            if let Some(limb) = self.limbs.get_mut(i) {
                *limb = if bits == 0 {
                    high
                } else {
                    (high << bits) | (low >> (32 - bits))
                };
            }
        }
        self.used = used;
    }

    #[inline(never)]
    fn multiply_power_of_ten(&mut self, mut exponent: u32) {
        while exponent >= 9 {
            self.multiply_small(1_000_000_000);
            exponent -= 9;
        }
        self.multiply_small(10_u32.pow(exponent));
    }

    /// `self + other` against `than`, without forming the sum: `than − other − self` limb by
    /// limb from the least significant, keeping the borrow (0, 1 or 2) and whether any limb
    /// was not 0.
    #[inline(never)]
    fn compare_sum(&self, other: &Big, than: &Big) -> Ordering {
        let mut borrow = 0_i64;
        let mut nonzero = false;
        for i in 0..self.used.max(other.used).max(than.used) {
            let mut limb = i64::from(than.limb(i))
                - i64::from(self.limb(i))
                - i64::from(other.limb(i))
                - borrow;
            borrow = 0;
            while limb < 0 {
                limb += 1 << 32;
                borrow += 1;
            }
            nonzero |= limb != 0;
        }
        match (borrow > 0, nonzero) {
            (true, _) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => Ordering::Equal,
        }
    }

    /// `self − other`, for `self ≥ other`.
    #[inline(never)]
    fn subtract(&mut self, other: &Big) {
        let mut borrow = 0_i64;
        for (i, a) in self.limbs.iter_mut().enumerate().take(self.used) {
            let difference = i64::from(*a) - i64::from(other.limb(i)) - borrow;
            *a = difference as u32;
            borrow = i64::from(difference < 0);
        }
    }

    #[inline(never)]
    fn compare(&self, other: &Big) -> Ordering {
        for i in (0..self.used.max(other.used)).rev() {
            match self.limb(i).cmp(&other.limb(i)) {
                Ordering::Equal => {}
                unequal => return unequal,
            }
        }
        Ordering::Equal
    }
}

/// Writes the decimal digits of `mantissa · 2^exponent` (`mantissa > 0`) into `digits` and
/// returns how many, and `k` such that the value is `0.d₁d₂… · 10^k`. `lower_closer`: the
/// float below is nearer than the one above (a power of two above the smallest exponent).
#[inline(never)]
fn shortest_digits(
    mantissa: u64,
    exponent: i32,
    lower_closer: bool,
    digits: &mut [u8; 20],
) -> (usize, i32) {
    // value = r/s, the half-way points to the neighbours (r − m⁻)/s and (r + m⁺)/s.
    let (mut r, mut s, mut plus, mut minus);
    let lower = if lower_closer { 2 } else { 1 };
    if exponent >= 0 {
        let unit = exponent as u32;
        r = Big::from_u64(mantissa);
        r.multiply_power_of_two(unit + lower);
        s = Big::from_u64(1 << lower);
        plus = Big::from_u64(1);
        plus.multiply_power_of_two(unit + lower - 1);
        minus = Big::from_u64(1);
        minus.multiply_power_of_two(unit);
    } else {
        r = Big::from_u64(mantissa << lower);
        s = Big::from_u64(1);
        s.multiply_power_of_two(exponent.unsigned_abs() + lower);
        plus = Big::from_u64(1 << (lower - 1));
        minus = Big::from_u64(1);
    }
    // An even mantissa rounds to itself from a half-way point: the interval is closed.
    let inclusive = mantissa.is_multiple_of(2);
    let beyond_high = |r: &Big, plus: &Big, s: &Big| match r.compare_sum(plus, s) {
        Ordering::Greater => true,
        Ordering::Equal => inclusive,
        Ordering::Less => false,
    };
    // k from below: value ≥ 2^bits, and 78913/2¹⁸ is log₁₀ 2 to within 8·10⁻⁷, so this is at
    // most the smallest k with value < 10^k; the loop then raises it.
    let bits = exponent + (64 - mantissa.leading_zeros() as i32) - 1;
    let mut k = (bits * 78913).div_euclid(1 << 18);
    if k >= 0 {
        s.multiply_power_of_ten(k as u32);
    } else {
        r.multiply_power_of_ten(k.unsigned_abs());
        plus.multiply_power_of_ten(k.unsigned_abs());
        minus.multiply_power_of_ten(k.unsigned_abs());
    }
    while beyond_high(&r, &plus, &s) {
        s.multiply_small(10);
        k += 1;
    }
    let mut count = 0;
    loop {
        r.multiply_small(10);
        plus.multiply_small(10);
        minus.multiply_small(10);
        let mut digit = 0;
        while r.compare(&s) != Ordering::Less {
            r.subtract(&s);
            digit += 1;
        }
        // At most 17 digits come from an `f64`; the check only spares a panic path.
        let Some(slot) = digits.get_mut(count) else {
            return (count, k);
        };
        *slot = digit;
        count += 1;
        let low = match r.compare(&minus) {
            Ordering::Less => true,
            Ordering::Equal => inclusive,
            Ordering::Greater => false,
        };
        let high = beyond_high(&r, &plus, &s);
        if low || high {
            // Both ends in reach: the nearer one, upwards from exactly half way, as `core`.
            if high && (!low || r.compare_sum(&r, &s) != Ordering::Less) {
                // Carry through trailing nines; all nines become 1 and one more digit.
                let mut i = count;
                loop {
                    if i == 0 {
                        digits[0] = 1;
                        count = 1;
                        k += 1;
                        break;
                    }
                    i -= 1;
                    if let Some(digit) = digits.get_mut(i).filter(|digit| **digit != 9) {
                        *digit += 1;
                        count = i + 1;
                        break;
                    }
                }
            }
            return (count, k);
        }
    }
}

/// Enough zeros for any run `{}` writes of an `f64` at a time.
const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn write_zeros(f: &mut fmt::Formatter<'_>, mut count: usize) -> fmt::Result {
    while count > 0 {
        let run = count.min(ZEROS.len());
        f.write_str(ZEROS.get(..run).unwrap_or(ZEROS))?;
        count -= run;
    }
    Ok(())
}

/// An `i64` or `i128` written as `{}` writes it, in decimal, by 32-bit divisions of 16-bit
/// halves, so that printing one does not link `core`'s 128-bit formatting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WideInteger(pub(crate) i128);

impl fmt::Display for WideInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < 0 {
            f.write_str("-")?;
        }
        // Eight 16-bit halves, most significant first; each pass divides them all by 10 and
        // gives the next digit from the right.
        let bytes = self.0.unsigned_abs().to_be_bytes();
        let mut halves = [0_u32; 8];
        for (half, pair) in halves.iter_mut().zip(bytes.chunks_exact(2)) {
            *half = u32::from(pair[0]) << 8 | u32::from(pair[1]);
        }
        let mut digits = [0_u8; 40];
        let mut start = digits.len();
        loop {
            let mut remainder = 0;
            for half in &mut halves {
                let value = remainder << 16 | *half;
                *half = value / 10;
                remainder = value % 10;
            }
            if let Some(slot) = start.checked_sub(1).and_then(|i| digits.get_mut(i)) {
                *slot = remainder as u8;
                start -= 1;
            }
            if halves.iter().all(|half| *half == 0) {
                break;
            }
        }
        write_digits(f, digits.get(start..).unwrap_or(&[]))
    }
}

/// The ten digits, each one `&str` (slicing `"0123456789"` would bring a panic path).
const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

fn write_digits(f: &mut fmt::Formatter<'_>, digits: &[u8]) -> fmt::Result {
    for &digit in digits {
        f.write_str(DIGITS.get(usize::from(digit)).copied().unwrap_or("?"))?;
    }
    Ok(())
}

impl fmt::Display for ShortestDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // sign, biased exponent, fraction; the format's fraction bits and exponent bias
        let (negative, biased, fraction, fraction_bits, bias, all_ones) = match *self {
            ShortestDecimal::F32(value) => {
                let bits = value.to_bits();
                (
                    bits >> 31 == 1,
                    ((bits >> 23) & 0xff) as i32,
                    u64::from(bits & 0x7f_ffff),
                    23,
                    127,
                    0xff,
                )
            }
            ShortestDecimal::F64(value) => {
                let bits = value.to_bits();
                (
                    bits >> 63 == 1,
                    ((bits >> 52) & 0x7ff) as i32,
                    bits & 0xf_ffff_ffff_ffff,
                    52,
                    1023,
                    0x7ff,
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
        if negative {
            f.write_str("-")?;
        }
        if biased == 0 && fraction == 0 {
            return f.write_str("0");
        }
        let (mantissa, exponent) = if biased == 0 {
            (fraction, 1 - bias - fraction_bits)
        } else {
            (fraction | 1 << fraction_bits, biased - bias - fraction_bits)
        };
        let lower_closer = fraction == 0 && biased > 1;
        let mut digits = [0; 20];
        let (count, k) = shortest_digits(mantissa, exponent, lower_closer, &mut digits);
        let digits = digits.get(..count).unwrap_or(&[]);
        if k <= 0 {
            f.write_str("0.")?;
            write_zeros(f, k.unsigned_abs() as usize)?;
            write_digits(f, digits)
        } else if let Some((whole, fraction)) = digits.split_at_checked(k as usize) {
            write_digits(f, whole)?;
            if !fraction.is_empty() {
                f.write_str(".")?;
            }
            write_digits(f, fraction)
        } else {
            write_digits(f, digits)?;
            write_zeros(f, k as usize - count)
        }
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::{ShortestDecimal, WideInteger};

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

    fn check_f32(value: f32) {
        assert_eq!(
            ShortestDecimal::F32(value).to_string(),
            value.to_string(),
            "bits {:#010x}",
            value.to_bits()
        );
    }

    fn check_f64(value: f64) {
        assert_eq!(
            ShortestDecimal::F64(value).to_string(),
            value.to_string(),
            "bits {:#018x}",
            value.to_bits()
        );
    }

    #[test]
    fn special_values_and_scales_are_written_as_display_writes_them() {
        for value in [
            0.0_f32,
            -0.0,
            1.0,
            0.1,
            1.0 / 256.0,
            1.0 / 128.0,
            0.003_921_568_6,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MAX,
            f32::MIN_POSITIVE,
            f32::from_bits(1),
            f32::EPSILON,
            -1e-45,
            9.999_999e9,
            123_456_790.0,
        ] {
            check_f32(value);
        }
        for value in [
            0.0_f64,
            -0.0,
            0.1,
            3.0e9,
            2_147_483_648.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::from_bits(1),
            5e-324,
            1e23,
            9_007_199_254_740_993.0,
            f64::NAN,
            f64::NEG_INFINITY,
        ] {
            check_f64(value);
        }
        assert_eq!(ShortestDecimal::F32(1.0 / 256.0).to_string(), "0.00390625");
        assert_eq!(ShortestDecimal::F64(3.0e9).to_string(), "3000000000");
    }

    #[test]
    fn every_power_of_two_and_its_neighbours_are_written_as_display_writes_them() {
        for biased in 0..=0xff_u32 {
            for fraction in [0, 1, 2, 0x40_0000, 0x7f_fffe, 0x7f_ffff] {
                check_f32(f32::from_bits(biased << 23 | fraction));
            }
        }
        for biased in 0..=0x7ff_u64 {
            for fraction in [0, 1, 2, 1 << 51, (1 << 52) - 2, (1 << 52) - 1] {
                check_f64(f64::from_bits(biased << 52 | fraction));
            }
        }
    }

    #[test]
    fn a_sweep_of_random_bit_patterns_is_written_as_display_writes_it() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..100_000 {
            check_f32(f32::from_bits(xorshift(&mut state) as u32));
        }
        for _ in 0..30_000 {
            check_f64(f64::from_bits(xorshift(&mut state)));
        }
        // numbers near the scales a model holds: 1e-6 to 1e2, short and long
        for _ in 0..50_000 {
            let exponent = (xorshift(&mut state) % 27) as i32 - 20;
            let fraction = (xorshift(&mut state) % (1 << 23)) as u32;
            check_f32(f32::from_bits(((127 + exponent) as u32) << 23 | fraction));
        }
        for digits in 1..=9_u32 {
            for exponent in -12..=12 {
                let value: f32 = format!("{}e{exponent}", 10_u32.pow(digits) - 1)
                    .parse()
                    .unwrap();
                check_f32(value);
            }
        }
    }
}
