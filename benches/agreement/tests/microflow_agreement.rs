//! How far MicroFlow 0.1.3 and this crate are from TensorFlow Lite Micro on the sine model's
//! 256 int8 inputs (`tests/fixtures/tflite/sine_per_tensor.golden.json`): ours equal TFLM's on
//! every input; MicroFlow's requantisation in `f32` with `roundf` is not TFLM's fixed-point
//! rounding. The same on the digits model (64 → 32 ReLU → 10), converted per-tensor, on its
//! 200 golden test images. `cargo test -p static-mlp-agreement -- --nocapture`
//! prints the counts docs/performance.md quotes.

use microflow::model;
use static_mlp::prelude::*;

#[model("tests/fixtures/tflite/sine_per_tensor.tflite")]
struct MicroflowSine;

type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);

#[model("tests/fixtures/tflite/digits_per_tensor.tflite")]
struct MicroflowDigits;

type Digits = mlp_int8!(64 => 32 Relu => 10 Identity);

/// A golden file's array of int8 rows.
fn rows(golden: &serde_json::Value, key: &str) -> Vec<Vec<i8>> {
    golden[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|v| i8::try_from(v.as_i64().unwrap()).unwrap())
                .collect()
        })
        .collect()
}

fn column(golden: &serde_json::Value, key: &str) -> Vec<i8> {
    golden[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[0].as_i64().unwrap() as i8)
        .collect()
}

#[test]
fn ours_equal_tflm_and_microflow_differs() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/tflite/");
    let text = std::fs::read_to_string(format!("{root}sine_per_tensor.golden.json")).unwrap();
    let golden: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (inputs, tflm) = (column(&golden, "input_int8"), column(&golden, "tflm_int8"));
    let litert = column(&golden, "litert_default_int8");
    let ours = Sine::from_tflite(include_bytes!(
        "../../../tests/fixtures/tflite/sine_per_tensor.tflite"
    ))
    .unwrap();
    let output = ours.output_quantization();
    let (mut ours_differ, mut microflow_differ, mut microflow_litert_differ, mut largest) =
        (0, 0, 0, 0);
    for ((&x, &expected), &desktop) in inputs.iter().zip(&tflm).zip(&litert) {
        if ours.predict_one([x])[0] != expected {
            ours_differ += 1;
        }
        // MicroFlow returns the dequantised f32; its int8 value is y/s + z exactly
        let y = MicroflowSine::predict_quantized(nalgebra::matrix![x])[(0, 0)];
        let q = (y / output.scale).round() as i32 + output.zero_point;
        if q != i32::from(expected) {
            microflow_differ += 1;
            largest = largest.max((q - i32::from(expected)).abs());
        }
        if q != i32::from(desktop) {
            microflow_litert_differ += 1;
        }
    }
    println!(
        "sine_per_tensor, 256 inputs: static-mlp differs from TFLM on {ours_differ}; MicroFlow on {microflow_differ} (largest {largest} LSB), and from desktop LiteRT (XNNPACK) on {microflow_litert_differ}"
    );
    assert_eq!(ours_differ, 0);
    assert_eq!(microflow_differ, 28);
}

#[test]
fn on_digits_ours_equal_tflm_and_microflow_differs() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/tflite/");
    let text = std::fs::read_to_string(format!("{root}digits_per_tensor.golden.json")).unwrap();
    let golden: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (inputs, tflm) = (rows(&golden, "input_int8"), rows(&golden, "tflm_int8"));
    let litert = rows(&golden, "litert_default_int8");
    assert_eq!(inputs.len(), 200);
    assert_eq!(tflm.len(), inputs.len());
    let ours = Digits::from_tflite(include_bytes!(
        "../../../tests/fixtures/tflite/digits_per_tensor.tflite"
    ))
    .unwrap();
    let output = ours.output_quantization();
    let (mut ours_differ, mut rows_differ, mut outputs_differ, mut largest) = (0, 0, 0, 0);
    let (mut same_class, mut litert_rows_differ) = (0, 0);
    for ((input, expected), desktop) in inputs.iter().zip(&tflm).zip(&litert) {
        let x: [i8; 64] = input.as_slice().try_into().unwrap();
        if ours.predict_one(x).as_slice() != expected.as_slice() {
            ours_differ += 1;
        }
        // MicroFlow returns the dequantised f32s; their int8 values are y/s + z exactly
        let y =
            MicroflowDigits::predict_quantized(nalgebra::SMatrix::<i8, 1, 64>::from_row_slice(&x));
        let q: Vec<i32> = y
            .iter()
            .map(|&v| (v / output.scale).round() as i32 + output.zero_point)
            .collect();
        let differ = q
            .iter()
            .zip(expected)
            .filter(|(a, b)| **a != i32::from(**b))
            .count();
        if q.iter().zip(desktop).any(|(a, b)| *a != i32::from(*b)) {
            litert_rows_differ += 1;
        }
        if differ > 0 {
            rows_differ += 1;
            outputs_differ += differ;
        }
        for (a, b) in q.iter().zip(expected) {
            largest = largest.max((a - i32::from(*b)).abs());
        }
        // The class each predicts, ties toward the lower index.
        let class = |v: &[i32]| {
            (0..10)
                .max_by_key(|&k| (v[k], std::cmp::Reverse(k)))
                .unwrap()
        };
        let expected: Vec<i32> = expected.iter().map(|&v| i32::from(v)).collect();
        if class(&q) == class(&expected) {
            same_class += 1;
        }
    }
    println!(
        "digits_per_tensor, 200 images: static-mlp differs from TFLM on {ours_differ} rows; MicroFlow on {rows_differ} rows ({outputs_differ} of 2000 outputs, largest {largest} LSB), predicts TFLM's class on {same_class}, and differs from desktop LiteRT (XNNPACK) on {litert_rows_differ} rows"
    );
    assert_eq!(ours_differ, 0);
    assert_eq!((rows_differ, outputs_differ), (16, 26));
    assert_eq!((same_class, litert_rows_differ), (200, 0));
}
