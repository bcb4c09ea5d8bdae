//! Every committed int8 model against TensorFlow Lite Micro's outputs, bit for bit: the baked
//! `const`s of `tests/baked_int8/` on the golden inputs of `tests/fixtures/tflite/`.

use core::hint::black_box;

use static_mlp::int8::{QuantizedLayer, QuantizedNetwork};

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

pub fn run() -> [Outcome; 5] {
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
    ]
}
