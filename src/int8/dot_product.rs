//! The int32 sums `Σ_d w[o][d]·x[d]` of a fully connected layer, two products an instruction on
//! Cortex-M cores with the DSP extension.
//!
//! Everywhere the sum is a plain loop ([`portable`]). On a Cortex-M4 or M7 (the `arm_dsp` cfg
//! that `build.rs` sets for `thumbv7em` targets, or whenever the `dsp` target feature is on)
//! it is computed with two Thumb-2 instructions, as Arm's CMSIS-NN does:
//!
//! - `SXTB16 r, w` sign-extends bytes 0 and 2 of `w` into the two halfwords of `r`, and
//!   `SXTB16 r, w, ROR #8` bytes 1 and 3: four int8 weights `w0 w1 w2 w3`, read as one word,
//!   become the pairs `(w0, w2)` and `(w1, w3)`;
//! - `SMLAD acc, a, b, acc` adds both halfword products, `a.lo·b.lo + a.hi·b.hi`, to `acc`.
//!
//! So the weights stay int8 in flash in TFLite's `[out][in]` order, and the input is widened
//! once per layer into the same pairs ([`Widened`]): each group of four inputs becomes the
//! halfwords `x0 x2 x1 x3`. A row then costs one load, two `SXTB16` and two `SMLAD` per four
//! weights, plus the loads of the widened input. The inputs that do not fill a group of four
//! are summed one at a time.
//!
//! Integer sums are exact: `SMLAD` wraps modulo 2³² as `wrapping_add` does (the layer's
//! constructor proves the true sum fits an `i32` anyway), so every order of summation gives
//! the same bits. The pair arithmetic is written once ([`packed`]) over the two instructions as
//! a trait: [`Emulated`] computes them in portable Rust, which the tests run against the plain
//! loop on any machine, and `Dsp` issues the instructions, its inner loop in assembly in the
//! order of the trait's default loop. On the target, the firmware's checks compare `Dsp` with
//! TFLite Micro's outputs and with sums of its own (`examples/cortex_m/`).

// Without the DSP extension only the portable loop runs; the packed sums are then tested only.
#![cfg_attr(not(any(arm_dsp, test)), allow(dead_code))]

/// The input of a layer widened to int16 pairs in the order the weights' `SXTB16` produces:
/// for each group of four inputs `x0 x1 x2 x3`, the halfwords `x0 x2 x1 x3`, that is the
/// words `(x0, x2)` and `(x1, x3)`. Only the first `4·⌊I/4⌋` halfwords are used.
#[repr(C, align(4))]
#[derive(Clone, Copy, Debug)]
pub(crate) struct Widened<const I: usize>([i16; I]);

impl<const I: usize> Widened<I> {
    /// All zero, to be filled by [`widen`].
    #[inline(always)]
    pub(crate) const fn new() -> Self {
        Self([0; I])
    }

    /// Word `k` (`k < 2·⌊I/4⌋`): the halfwords `2k` (low) and `2k + 1` (high).
    #[inline(always)]
    fn word(&self, k: usize) -> u32 {
        (self.0[2 * k] as u16 as u32) | ((self.0[2 * k + 1] as u16 as u32) << 16)
    }

    /// Sets word `k`.
    #[inline(always)]
    fn set_word(&mut self, k: usize, word: u32) {
        self.0[2 * k] = word as u16 as i16;
        self.0[2 * k + 1] = (word >> 16) as u16 as i16;
    }
}

/// The two Thumb-2 DSP instructions the packed sums are made of, and the load of four weights.
pub(crate) trait PairInstructions {
    /// Four int8 values as one little-endian word, the first in the low byte.
    fn word(bytes: &[i8; 4]) -> u32;
    /// `SXTB16 r, w`: bytes 0 and 2 of `w`, sign-extended into the low and high halfwords.
    fn sign_extend_bytes_0_2(word: u32) -> u32;
    /// `SXTB16 r, w, ROR #8`: bytes 1 and 3 of `w`, sign-extended into the two halfwords.
    fn sign_extend_bytes_1_3(word: u32) -> u32;
    /// `SMLAD acc, a, b, acc`: `acc + a.lo·b.lo + a.hi·b.hi`, the halfwords signed, wrapping.
    fn multiply_add_pairs(a: u32, b: u32, accumulator: i32) -> i32;

    /// `sum` plus the products of each eight weights `eights[e]` with the widened words
    /// `4e..4e + 4`: the inner loop, two groups a step. `Dsp` writes it in assembly, so
    /// that it costs the same at every optimisation level (at `z` LLVM unrolls nothing and
    /// counts the loop with indices).
    #[inline(always)]
    fn multiply_add_eights<const I: usize>(
        eights: &[[[i8; 4]; 2]],
        widened: &Widened<I>,
        sum: i32,
    ) -> i32
    where
        Self: Sized,
    {
        let mut sum = sum;
        for (e, [first, second]) in eights.iter().enumerate() {
            sum = group::<Self, I>(first, widened, 4 * e, sum);
            sum = group::<Self, I>(second, widened, 4 * e + 2, sum);
        }
        sum
    }
}

/// The two instructions in portable Rust, to the bit.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Emulated;

impl PairInstructions for Emulated {
    #[inline(always)]
    fn word(bytes: &[i8; 4]) -> u32 {
        u32::from_le_bytes(bytes.map(|b| b as u8))
    }

    #[inline(always)]
    fn sign_extend_bytes_0_2(word: u32) -> u32 {
        let low = word as u8 as i8 as i16 as u16 as u32;
        let high = (word >> 16) as u8 as i8 as i16 as u16 as u32;
        low | (high << 16)
    }

    #[inline(always)]
    fn sign_extend_bytes_1_3(word: u32) -> u32 {
        Self::sign_extend_bytes_0_2(word.rotate_right(8))
    }

    #[inline(always)]
    fn multiply_add_pairs(a: u32, b: u32, accumulator: i32) -> i32 {
        let low = (a as i16 as i32) * (b as i16 as i32);
        let high = ((a >> 16) as i16 as i32) * ((b >> 16) as i16 as i32);
        accumulator.wrapping_add(low).wrapping_add(high)
    }
}

/// The instructions themselves (Cortex-M4, M7 and other cores with the DSP extension).
#[cfg(arm_dsp)]
pub(crate) struct Dsp;

#[cfg(arm_dsp)]
impl PairInstructions for Dsp {
    #[inline(always)]
    fn word(bytes: &[i8; 4]) -> u32 {
        // SAFETY: four readable bytes. One `LDR`: Armv7-M loads a word from any address (a
        // row of `I` weights starts wherever `I` puts it), where LLVM would otherwise assemble
        // the word from four byte loads. Little-endian, as every Cortex-M here is.
        unsafe { core::ptr::read_unaligned(bytes.as_ptr().cast::<u32>()) }
    }

    #[inline(always)]
    fn sign_extend_bytes_0_2(word: u32) -> u32 {
        let result: u32;
        // SAFETY: one register-to-register instruction of the DSP extension, which `arm_dsp`
        // guarantees; no memory, no stack, no flags.
        unsafe {
            core::arch::asm!(
                "sxtb16 {r}, {w}",
                r = lateout(reg) result,
                w = in(reg) word,
                options(pure, nomem, nostack, preserves_flags),
            );
        }
        result
    }

    #[inline(always)]
    fn sign_extend_bytes_1_3(word: u32) -> u32 {
        let result: u32;
        // SAFETY: as above.
        unsafe {
            core::arch::asm!(
                "sxtb16 {r}, {w}, ror #8",
                r = lateout(reg) result,
                w = in(reg) word,
                options(pure, nomem, nostack, preserves_flags),
            );
        }
        result
    }

    #[inline(always)]
    fn multiply_add_eights<const I: usize>(
        eights: &[[[i8; 4]; 2]],
        widened: &Widened<I>,
        sum: i32,
    ) -> i32 {
        let count = eights.len();
        if count == 0 {
            return sum;
        }
        // the words read, 4·count of them, are the halfwords 0..8·count of `widened`
        assert!(8 * count <= I);
        let mut sum = sum;
        // SAFETY: reads `8·count` bytes of weights from `eights` and `4·count` words from
        // `widened` (in bounds, checked above; its words are 4-byte aligned, as LDM needs);
        // writes only the registers named. The loop runs `count ≥ 1` times. LDR takes the
        // weights at any alignment on Armv7-M.
        unsafe {
            core::arch::asm!(
                "2:",
                "ldm {x}!, {{r2, r3, r4, r5}}",
                "ldr {w}, [{weights}], #4",
                "sxtb16 {t}, {w}",
                "smlad {sum}, {t}, r2, {sum}",
                "sxtb16 {t}, {w}, ror #8",
                "smlad {sum}, {t}, r3, {sum}",
                "ldr {w}, [{weights}], #4",
                "sxtb16 {t}, {w}",
                "smlad {sum}, {t}, r4, {sum}",
                "sxtb16 {t}, {w}, ror #8",
                "smlad {sum}, {t}, r5, {sum}",
                "subs {count}, {count}, #1",
                "bne 2b",
                weights = inout(reg) eights.as_ptr() => _,
                x = inout(reg) widened.0.as_ptr() => _,
                count = inout(reg) count => _,
                sum = inout(reg) sum,
                w = out(reg) _,
                t = out(reg) _,
                out("r2") _,
                out("r3") _,
                out("r4") _,
                out("r5") _,
                options(readonly, nostack),
            );
        }
        sum
    }

    #[inline(always)]
    fn multiply_add_pairs(a: u32, b: u32, accumulator: i32) -> i32 {
        let result: i32;
        // SAFETY: as above, except that SMLAD may set the sticky Q flag on overflow (which
        // nothing reads), so the flags are not declared preserved.
        unsafe {
            core::arch::asm!(
                "smlad {r}, {a}, {b}, {acc}",
                r = lateout(reg) result,
                a = in(reg) a,
                b = in(reg) b,
                acc = in(reg) accumulator,
                options(pure, nomem, nostack),
            );
        }
        result
    }
}

/// The input widened into pairs ([`Widened`]) by the instructions `P`, written into
/// `widened` (the caller's buffer: returned by value, it would be copied at opt-level `z`).
#[inline(always)]
pub(crate) fn widen<P: PairInstructions, const I: usize>(
    input: &[i8; I],
    widened: &mut Widened<I>,
) {
    for (g, group) in input.as_chunks::<4>().0.iter().enumerate() {
        let word = P::word(group);
        widened.set_word(2 * g, P::sign_extend_bytes_0_2(word));
        widened.set_word(2 * g + 1, P::sign_extend_bytes_1_3(word));
    }
}

/// `start + Σ_d row[d]·input[d]`, wrapping, with the instructions `P`: four weights at a time
/// against the widened input, then the last `I mod 4` one at a time.
#[inline(always)]
pub(crate) fn packed<P: PairInstructions, const I: usize>(
    row: &[i8; I],
    input: &[i8; I],
    widened: &Widened<I>,
    start: i32,
) -> i32 {
    let (groups, tail) = row.as_chunks::<4>();
    let (pairs, odd) = groups.as_chunks::<2>();
    let mut sum = P::multiply_add_eights(pairs, widened, start);
    if let [last] = odd {
        sum = group::<P, I>(last, widened, 4 * pairs.len(), sum);
    }
    for (&w, &x) in tail.iter().zip(input.as_chunks::<4>().1) {
        sum = sum.wrapping_add(w as i32 * x as i32);
    }
    sum
}

/// `sum` plus the products of four weights with the widened words `k` and `k + 1`.
#[inline(always)]
fn group<P: PairInstructions, const I: usize>(
    four: &[i8; 4],
    widened: &Widened<I>,
    k: usize,
    sum: i32,
) -> i32 {
    let word = P::word(four);
    let sum = P::multiply_add_pairs(P::sign_extend_bytes_0_2(word), widened.word(k), sum);
    P::multiply_add_pairs(P::sign_extend_bytes_1_3(word), widened.word(k + 1), sum)
}

/// `start + Σ_d row[d]·input[d]`, wrapping: the plain loop.
#[cfg_attr(arm_dsp, allow(dead_code))]
#[inline(always)]
pub(crate) fn portable<const I: usize>(row: &[i8; I], input: &[i8; I], start: i32) -> i32 {
    // Eight products a step, written out: at opt-level `s` or `z` LLVM unrolls no loop, and
    // a step per product spends more on counting than on the sum.
    let ((row_eights, row_rest), (input_eights, input_rest)) =
        (row.as_chunks::<8>(), input.as_chunks::<8>());
    let mut sum = start;
    for (w, x) in row_eights.iter().zip(input_eights) {
        sum = sum
            .wrapping_add(w[0] as i32 * x[0] as i32)
            .wrapping_add(w[1] as i32 * x[1] as i32)
            .wrapping_add(w[2] as i32 * x[2] as i32)
            .wrapping_add(w[3] as i32 * x[3] as i32)
            .wrapping_add(w[4] as i32 * x[4] as i32)
            .wrapping_add(w[5] as i32 * x[5] as i32)
            .wrapping_add(w[6] as i32 * x[6] as i32)
            .wrapping_add(w[7] as i32 * x[7] as i32);
    }
    for (&w, &x) in row_rest.iter().zip(input_rest) {
        sum = sum.wrapping_add(w as i32 * x as i32);
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    /// The sum in i64, without wrapping: what both loops must give when it fits an i32.
    fn exact<const I: usize>(row: &[i8; I], input: &[i8; I], start: i32) -> i64 {
        row.iter()
            .zip(input)
            .map(|(&w, &x)| i64::from(w) * i64::from(x))
            .sum::<i64>()
            + i64::from(start)
    }

    #[test]
    fn the_emulated_instructions_do_what_the_architecture_manual_says() {
        // SXTB16: bytes 0 and 2, sign-extended; with ROR #8 bytes 1 and 3
        assert_eq!(Emulated::sign_extend_bytes_0_2(0x80_7F_01_FF), 0x007F_FFFF);
        assert_eq!(Emulated::sign_extend_bytes_1_3(0x80_7F_01_FF), 0xFF80_0001);
        // SMLAD: both signed halfword products added, wrapping
        let pair = |low: i16, high: i16| (low as u16 as u32) | ((high as u16 as u32) << 16);
        assert_eq!(
            Emulated::multiply_add_pairs(pair(-128, 127), pair(-128, -128), 5),
            5 + 16_384 - 16_256
        );
        assert_eq!(
            Emulated::multiply_add_pairs(pair(-32_768, -32_768), pair(-32_768, -32_768), 0),
            i32::MIN // 2³¹ wraps, as SMLAD's result does (it only sets the Q flag)
        );
        assert_eq!(
            Emulated::multiply_add_pairs(pair(1, 0), pair(1, 0), i32::MAX),
            i32::MIN
        );
    }

    #[test]
    fn widening_puts_each_group_in_the_order_of_the_weights_pairs() {
        let mut widened = Widened::new();
        widen::<Emulated, 9>(&[1, -2, 3, -128, 5, 6, 127, 8, 9], &mut widened);
        assert_eq!(&widened.0[..8], &[1, 3, -2, -128, 5, 127, 6, 8]);
    }

    /// The packed sum against the plain loop and exact arithmetic, on random rows and inputs of
    /// width `I` (each value −128, 127, 0 or random, so extremes and zero points occur often).
    fn agree<const I: usize>(rng: &mut StdRng) {
        let value = |rng: &mut StdRng| match rng.random_range(0..8) {
            0 => i8::MIN,
            1 => i8::MAX,
            2 => 0,
            _ => rng.random::<i8>(),
        };
        for _ in 0..300 {
            let row: [i8; I] = core::array::from_fn(|_| value(rng));
            let input: [i8; I] = core::array::from_fn(|_| value(rng));
            let start = match rng.random_range(0..4) {
                0 => i32::MAX,
                1 => i32::MIN,
                _ => rng.random_range(-1_000_000..1_000_000),
            };
            let mut widened = Widened::new();
            widen::<Emulated, I>(&input, &mut widened);
            let plain = portable(&row, &input, start);
            assert_eq!(packed::<Emulated, I>(&row, &input, &widened, start), plain);
            assert_eq!(i64::from(plain), exact(&row, &input, start) as i32 as i64);
        }
    }

    #[test]
    fn the_packed_sum_equals_the_plain_loop_for_every_width_remainder() {
        let mut rng = StdRng::seed_from_u64(31);
        macro_rules! widths {
            ($($i:literal)*) => { $( agree::<$i>(&mut rng); )* };
        }
        widths!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 15 16 17 31 32 33 63 64 65 100 128);
    }
}
