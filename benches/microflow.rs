//! One prediction of the hello_world-style sine model (1 → 16 → 16 → 1 ReLU, int8), by this
//! crate and by MicroFlow 0.1.3, in the same run. Both run the same file,
//! `tests/fixtures/tflite/sine_per_tensor.tflite` (MicroFlow does not compile per-channel
//! weights, the converter's default, so this is the per-tensor conversion of the same model);
//! this crate also runs the per-channel `sine.tflite`.
//!
//! - `int8`: an int8 input. Ours returns the int8 output (`predict_one`); MicroFlow has no
//!   int8-out call, so `predict_quantized` returns the output dequantised to `f32`.
//! - `f32`: a real input and output, quantised and dequantised at the edges (`predict_one_f32`,
//!   MicroFlow's `predict`).
//!
//!     cargo bench --bench microflow

use criterion::{Criterion, criterion_group, criterion_main};
use microflow::model;
use static_mlp::prelude::*;
use std::hint::black_box;

// The path is read by the macro at compile time, relative to the workspace root.
#[model("tests/fixtures/tflite/sine_per_tensor.tflite")]
struct MicroflowSine;

type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);

fn sine(c: &mut Criterion) {
    let per_tensor = Sine::from_tflite(include_bytes!(
        "../tests/fixtures/tflite/sine_per_tensor.tflite"
    ))
    .unwrap();
    let per_channel =
        Sine::from_tflite(include_bytes!("../tests/fixtures/tflite/sine.tflite")).unwrap();

    let mut group = c.benchmark_group("sine_int8");
    group.bench_function("static_mlp_per_tensor", |b| {
        b.iter(|| per_tensor.predict_one(black_box([-64])))
    });
    group.bench_function("static_mlp_per_channel", |b| {
        b.iter(|| per_channel.predict_one(black_box([-64])))
    });
    group.bench_function("microflow_per_tensor", |b| {
        b.iter(|| MicroflowSine::predict_quantized(nalgebra::matrix![black_box(-64_i8)]))
    });
    group.finish();

    let mut group = c.benchmark_group("sine_f32");
    group.bench_function("static_mlp_per_tensor", |b| {
        b.iter(|| per_tensor.predict_one_f32(black_box([1.5])))
    });
    group.bench_function("microflow_per_tensor", |b| {
        b.iter(|| MicroflowSine::predict(nalgebra::matrix![black_box(1.5_f32)]))
    });
    group.finish();
}

criterion_group!(benches, sine);
criterion_main!(benches);
