//! The lab's baked float nets against the host's bits: `XOR_NET` (f64, 2-4-4-1 sigmoid) and
//! `LAB_NET` (f32, 2-4-4-1 ReLU with a sigmoid output) on a 13 × 13 grid of inputs. f64 has no
//! hardware on any Cortex-M here (the M4F's FPU is single precision), so it runs in software;
//! the same net in f32 is measured beside it for the ratio.

use core::hint::black_box;

use static_mlp::prelude::*;

use super::Outcome;
use crate::measure::{instructions, peak_stack};
use crate::nets::expected::float::{GRID, LAB_NET_F32_BITS, XOR_NET_F64_BITS};
use crate::nets::float::*;

const POINTS: usize = GRID.len();

fn grid_f32() -> [[f32; 2]; POINTS] {
    GRID.map(|[a, b]| [a as f32, b as f32])
}

/// Runs `predict` on every point, and counts the outputs whose bits are the expected ones.
fn check<X: Copy, Y: Copy + PartialEq>(
    name: &'static str,
    inputs: &[X; POINTS],
    expected: &[Y; POINTS],
    predict: impl Fn(X) -> Y,
    zero: Y,
) -> Outcome {
    let mut outputs = [zero; POINTS];
    let ((), spent) = instructions(|| {
        for (output, input) in outputs.iter_mut().zip(inputs) {
            *output = predict(black_box(*input));
        }
    });
    let (_, stack) = peak_stack(|| predict(black_box(inputs[0])));
    Outcome {
        name,
        equal: outputs.iter().zip(expected).filter(|(a, b)| a == b).count(),
        total: POINTS,
        instructions: spent / POINTS as u64,
        per: "prediction",
        stack,
    }
}

/// `XOR_NET`'s weights rounded to f32: the same net in single precision (not compared; it
/// gives the cost of f64 beside f32).
fn xor_net_f32() -> XorNetF32 {
    let mut net = XorNetF32::zeros();
    for (to, from) in net.parameters_mut().zip(XOR_NET.parameters()) {
        for (t, f) in to.iter_mut().zip(from) {
            *t = *f as f32;
        }
    }
    net
}

/// The two checks, and the instructions per prediction of `XOR_NET` in f32.
pub fn run() -> ([Outcome; 2], u64) {
    let f64_net = check(
        "f64 XOR_NET 2-4-4-1",
        &GRID,
        &XOR_NET_F64_BITS,
        |x| black_box(&XOR_NET).predict_one(x)[0].to_bits(),
        0,
    );
    let f32_net = check(
        "f32 LAB_NET 2-4-4-1",
        &grid_f32(),
        &LAB_NET_F32_BITS,
        |x| black_box(&LAB_NET).predict_one(x)[0].to_bits(),
        0,
    );
    let net = xor_net_f32();
    let points = grid_f32();
    let ((), spent) = instructions(|| {
        for x in &points {
            black_box(black_box(&net).predict_one(black_box(*x)));
        }
    });
    ([f64_net, f32_net], spent / POINTS as u64)
}
