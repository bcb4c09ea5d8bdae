//! Fixed-seed random cases for the loaders' property tests: every run draws the same inputs, and
//! a failing case names its number and input.
//!
//! Each case has a generator of its own, seeded from the test's seed and the case's number, so a
//! failure is reproduced by running the test again: no file records it, nothing shrinks it.

#![allow(dead_code)] // each test file uses some of these helpers

use rand::rngs::StdRng;
use rand::{Rng, RngExt, SeedableRng};
use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

/// Runs `check` on `cases` inputs drawn by `generate`; if a check panics, prints which case and
/// input it was before passing the panic on.
pub fn check_cases<I: Debug>(
    seed: u64,
    cases: u64,
    generate: impl Fn(&mut StdRng) -> I,
    check: impl Fn(&I),
) {
    for case in 0..cases {
        let mut random = StdRng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(case));
        let input = generate(&mut random);
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&input))) {
            eprintln!("case {case} of {cases} (seed {seed}) failed on {input:#?}");
            resume_unwind(panic);
        }
    }
}

/// Up to 599 random bytes: the input of the "arbitrary bytes" tests.
pub fn any_bytes(random: &mut StdRng) -> Vec<u8> {
    bytes(random, 0..600)
}

/// Between `lengths.start` and `lengths.end - 1` random bytes.
pub fn bytes(random: &mut StdRng, lengths: std::ops::Range<usize>) -> Vec<u8> {
    let length = random.random_range(lengths);
    (0..length).map(|_| random.random()).collect()
}

/// Any `f64`, with the values that break parsers and arithmetic drawn often: half the time one
/// of the special values below, otherwise random bits (any sign, exponent and mantissa).
pub fn any_f64(random: &mut StdRng) -> f64 {
    const SPECIAL: [f64; 12] = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN_POSITIVE,
        5e-324, // the smallest subnormal
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
    ];
    if random.random() {
        SPECIAL[random.random_range(0..SPECIAL.len())]
    } else {
        f64::from_bits(random.next_u64())
    }
}

/// Any `i64`, its extremes and zero drawn often.
pub fn any_i64(random: &mut StdRng) -> i64 {
    match random.random_range(0..4) {
        0 => [0, 1, -1, i64::MIN, i64::MAX][random.random_range(0..5)],
        _ => random.random(),
    }
}

/// Any `usize`, small values (which land inside short files without the modulo) drawn often.
pub fn any_usize(random: &mut StdRng) -> usize {
    if random.random() {
        random.random_range(0..1_000)
    } else {
        random.next_u64() as usize
    }
}
