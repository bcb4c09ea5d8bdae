//! Every committed int8 model against TensorFlow Lite Micro's outputs, bit for bit: the baked
//! `const`s of `tests/baked_int8/` on the golden inputs of `tests/fixtures/tflite/`; and layers
//! of the widths those models lack against sums computed here.

use core::hint::black_box;

use static_mlp::int8::fixed_point::QuantizedMultiplier;
use static_mlp::int8::{QuantizedDense, QuantizedLayer, QuantizedNetwork};
use static_mlp::model::Identity;

use super::Outcome;
use crate::measure::{instructions, peak_stack};
use crate::nets::expected::int8 as golden;
use crate::nets::int8::*;

/// The largest golden set (sine's 256 inputs).
const MOST_ROWS: usize = 256;

/// Runs `network` on every input, then compares with TFLM's outputs.
fn check<L: QuantizedLayer<I, O>, const I: usize, const O: usize>(
    name: &'static str,
    network: &QuantizedNetwork<L, I, O>,
    inputs: &[[i8; I]],
    tflm: &[[i8; O]],
) -> Outcome {
    assert!(inputs.len() == tflm.len() && inputs.len() <= MOST_ROWS);
    let mut outputs = [[0_i8; O]; MOST_ROWS];
    let ((), spent) = instructions(|| {
        for (output, input) in outputs.iter_mut().zip(inputs) {
            *output = black_box(network).predict_one(black_box(*input));
        }
    });
    let (_, stack) = peak_stack(|| black_box(network).predict_one(black_box(inputs[0])));
    let equal = outputs.iter().zip(tflm).filter(|(a, b)| a == b).count();
    if let Some((row, (got, want))) = outputs
        .iter()
        .zip(tflm)
        .enumerate()
        .find(|(_, (a, b))| a != b)
    {
        cortex_m_semihosting::hprintln!("  {}: row {} gives {:?}, TFLM {:?}", name, row, got, want);
    }
    Outcome {
        name,
        equal,
        total: tflm.len(),
        instructions: spent / inputs.len() as u64,
        per: "prediction",
        stack,
    }
}

/// xorshift32: the next of a fixed sequence.
fn next(state: &mut u32) -> u32 {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    *state
}

/// An int8 value, −128, 127 and 0 more often than the others.
fn value(state: &mut u32) -> i8 {
    match next(state) % 8 {
        0 => i8::MIN,
        1 => i8::MAX,
        2 => 0,
        _ => next(state) as i8,
    }
}

/// The multiplier 1 (`2³⁰ · 2¹ / 2³¹`): the output is the int32 sum itself, clamped to int8.
const ONE: QuantizedMultiplier = QuantizedMultiplier::new_const(1 << 30, 1);
/// Random layers of each width.
const LAYERS: usize = 20;
/// Rows of each layer.
const ROWS: usize = 3;

/// `LAYERS` random layers `I → 3` (identity, zero points 0, multiplier 1) on random inputs: each
/// bias is chosen so that the right sum gives a known output in `−100..=100` and any other sum
/// another output. Returns how many layers gave every output right.
fn width<const I: usize>(state: &mut u32) -> usize {
    let mut equal = 0;
    for _ in 0..LAYERS {
        let weights: [[i8; I]; ROWS] =
            core::array::from_fn(|_| core::array::from_fn(|_| value(state)));
        let input: [i8; I] = core::array::from_fn(|_| value(state));
        let wanted: [i8; ROWS] = core::array::from_fn(|_| ((next(state) % 201) as i32 - 100) as i8);
        let bias: [i32; ROWS] = core::array::from_fn(|o| {
            let sum: i32 = weights[o]
                .iter()
                .zip(&input)
                .map(|(&w, &x)| i32::from(w) * i32::from(x))
                .sum();
            i32::from(wanted[o]) - sum
        });
        let layer = QuantizedDense::<I, ROWS, Identity>::new(weights, bias, [ONE; ROWS], 0, 0, ());
        if black_box(&layer).forward(black_box(&input)) == wanted {
            equal += 1;
        } else {
            cortex_m_semihosting::hprintln!(
                "  width {}: {:?} for {:?}",
                I,
                layer.forward(&input),
                wanted
            );
        }
    }
    equal
}

/// The widths the committed models lack (they have 1, 2, 8, 16, 32 and 64 inputs): rows that
/// start at every byte alignment, a group of four left after the groups of eight, and one to
/// three inputs after the groups of four.
fn widths() -> Outcome {
    let mut state = 0x2545_F491;
    let mut equal = 0;
    let mut total = 0;
    let ((), spent) = instructions(|| {
        macro_rules! widths {
            ($($i:literal)*) => { $( equal += width::<$i>(&mut state); total += LAYERS; )* };
        }
        widths!(3 4 5 6 7 9 12 13 15 20 27 28 36 44 63);
    });
    let layer = QuantizedDense::<63, ROWS, Identity>::new(
        [[1; 63]; ROWS],
        [0; ROWS],
        [ONE; ROWS],
        0,
        0,
        (),
    );
    let (_, stack) = peak_stack(|| black_box(&layer).forward(black_box(&[1; 63])));
    Outcome {
        name: "int8 layers 3..63 wide, random, vs sums",
        equal,
        total,
        instructions: spent / total as u64,
        per: "layer built and run",
        stack,
    }
}

pub fn run() -> [Outcome; 7] {
    [
        check(
            "int8 sine 1-16-16-1",
            &SINE_INT8,
            &golden::SINE_INPUTS,
            &golden::SINE_TFLM,
        ),
        check(
            "int8 sine per-tensor",
            &per_tensor::SINE_INT8,
            &golden::SINE_PER_TENSOR_INPUTS,
            &golden::SINE_PER_TENSOR_TFLM,
        ),
        check(
            "int8 logistic 2-8-1",
            &LOGISTIC_INT8,
            &golden::LOGISTIC_INPUTS,
            &golden::LOGISTIC_TFLM,
        ),
        check(
            "int8 tanh 2-8-8-1",
            &TANH_INT8,
            &golden::TANH_INPUTS,
            &golden::TANH_TFLM,
        ),
        check(
            "int8 digits 64-32-10",
            &DIGITS_INT8,
            &golden::DIGITS_INPUTS,
            &golden::DIGITS_TFLM,
        ),
        check(
            "int8 64-64-64-10 per-tensor",
            &WIDE_INT8,
            &golden::WIDE_PER_TENSOR_INPUTS,
            &golden::WIDE_PER_TENSOR_TFLM,
        ),
        widths(),
    ]
}
