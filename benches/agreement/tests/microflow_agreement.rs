//! How far MicroFlow 0.1.3 and this crate are from TensorFlow Lite Micro on the sine model's
//! 256 int8 inputs (`tests/fixtures/tflite/sine_per_tensor.golden.json`): ours equal TFLM's on
//! every input; MicroFlow's requantisation in `f32` with `roundf` is not TFLM's fixed-point
//! rounding. The same on the digits model (64 → 32 ReLU → 10) and on the wider 64 → 64 ReLU →
//! 64 ReLU → 10, both converted per-tensor, on their 200 golden test images. `cargo test -p static-mlp-agreement -- --nocapture`
//! prints the counts docs/performance.md quotes.

use microflow::model;
use static_mlp::prelude::*;

#[model("tests/fixtures/tflite/sine_per_tensor.tflite")]
struct MicroflowSine;

type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);

#[model("tests/fixtures/tflite/digits_per_tensor.tflite")]
struct MicroflowDigits;

type Digits = mlp_int8!(64 => 32 Relu => 10 Identity);

#[model("tests/fixtures/tflite/wide_per_tensor.tflite")]
struct MicroflowWide;

type Wide = mlp_int8!(64 => 64 Relu => 64 Relu => 10 Identity);

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

/// How one implementation's int8 outputs compare with TFLM's on a model's golden rows.
#[derive(Debug, PartialEq)]
struct Agreement {
    /// Rows where this crate's outputs differ from TFLM's.
    ours_rows_differ: usize,
    /// Rows, and outputs, where MicroFlow's differ from TFLM's, and by how many steps at most.
    microflow_rows_differ: usize,
    microflow_outputs_differ: usize,
    largest: i32,
    /// Rows where MicroFlow predicts TFLM's class (ties toward the lower index).
    same_class: usize,
    /// Rows where MicroFlow's outputs differ from desktop LiteRT's (XNNPACK).
    litert_rows_differ: usize,
}

/// Compares this crate's `ours` and MicroFlow's `microflow` (dequantised `f32`s) with TFLM on
/// the 200 golden images of `tests/fixtures/tflite/{name}.golden.json`, 64 inputs, 10 outputs.
fn agreement(
    name: &str,
    ours: impl Fn([i8; 64]) -> [i8; 10],
    output: static_mlp::int8::QuantizationParameters,
    microflow: impl Fn(nalgebra::SMatrix<i8, 1, 64>) -> nalgebra::SMatrix<f32, 1, 10>,
) -> Agreement {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/tflite/");
    let text = std::fs::read_to_string(format!("{root}{name}.golden.json")).unwrap();
    let golden: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (inputs, tflm) = (rows(&golden, "input_int8"), rows(&golden, "tflm_int8"));
    let litert = rows(&golden, "litert_default_int8");
    assert_eq!(inputs.len(), 200);
    assert_eq!(tflm.len(), inputs.len());
    let mut found = Agreement {
        ours_rows_differ: 0,
        microflow_rows_differ: 0,
        microflow_outputs_differ: 0,
        largest: 0,
        same_class: 0,
        litert_rows_differ: 0,
    };
    for ((input, expected), desktop) in inputs.iter().zip(&tflm).zip(&litert) {
        let x: [i8; 64] = input.as_slice().try_into().unwrap();
        if ours(x).as_slice() != expected.as_slice() {
            found.ours_rows_differ += 1;
        }
        // MicroFlow returns the dequantised f32s; their int8 values are y/s + z exactly
        let y = microflow(nalgebra::SMatrix::<i8, 1, 64>::from_row_slice(&x));
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
            found.litert_rows_differ += 1;
        }
        if differ > 0 {
            found.microflow_rows_differ += 1;
            found.microflow_outputs_differ += differ;
        }
        for (a, b) in q.iter().zip(expected) {
            found.largest = found.largest.max((a - i32::from(*b)).abs());
        }
        // The class each predicts, ties toward the lower index.
        let class = |v: &[i32]| {
            (0..10)
                .max_by_key(|&k| (v[k], std::cmp::Reverse(k)))
                .unwrap()
        };
        let expected: Vec<i32> = expected.iter().map(|&v| i32::from(v)).collect();
        if class(&q) == class(&expected) {
            found.same_class += 1;
        }
    }
    println!(
        "{name}, 200 images: static-mlp differs from TFLM on {} rows; MicroFlow on {} rows ({} of 2000 outputs, largest {} LSB), predicts TFLM's class on {}, and differs from desktop LiteRT (XNNPACK) on {} rows",
        found.ours_rows_differ,
        found.microflow_rows_differ,
        found.microflow_outputs_differ,
        found.largest,
        found.same_class,
        found.litert_rows_differ
    );
    found
}

#[test]
fn on_digits_ours_equal_tflm_and_microflow_differs() {
    let ours = Digits::from_tflite(include_bytes!(
        "../../../tests/fixtures/tflite/digits_per_tensor.tflite"
    ))
    .unwrap();
    let found = agreement(
        "digits_per_tensor",
        |x| ours.predict_one(x),
        ours.output_quantization(),
        MicroflowDigits::predict_quantized,
    );
    assert_eq!(
        found,
        Agreement {
            ours_rows_differ: 0,
            microflow_rows_differ: 16,
            microflow_outputs_differ: 26,
            largest: 1,
            same_class: 200,
            litert_rows_differ: 0,
        }
    );
}

#[test]
fn on_the_wide_net_ours_equal_tflm_and_microflow_differs() {
    let ours = Wide::from_tflite(include_bytes!(
        "../../../tests/fixtures/tflite/wide_per_tensor.tflite"
    ))
    .unwrap();
    let found = agreement(
        "wide_per_tensor",
        |x| ours.predict_one(x),
        ours.output_quantization(),
        MicroflowWide::predict_quantized,
    );
    // One row's step changes MicroFlow's class; it equals desktop LiteRT's on every row.
    assert_eq!(
        found,
        Agreement {
            ours_rows_differ: 0,
            microflow_rows_differ: 57,
            microflow_outputs_differ: 90,
            largest: 1,
            same_class: 199,
            litert_rows_differ: 0,
        }
    );
}
