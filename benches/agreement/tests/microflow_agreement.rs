//! How far MicroFlow 0.1.3 and this crate are from TensorFlow Lite Micro on the sine model's
//! 256 int8 inputs (`tests/fixtures/tflite/sine_per_tensor.golden.json`): ours equal TFLM's on
//! every input; MicroFlow's requantisation in `f32` with `roundf` is not TFLM's fixed-point
//! rounding. `cargo test -p static-mlp-agreement -- --nocapture`
//! prints the counts docs/performance.md quotes.

use microflow::model;
use static_mlp::prelude::*;

#[model("tests/fixtures/tflite/sine_per_tensor.tflite")]
struct MicroflowSine;

type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);

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
