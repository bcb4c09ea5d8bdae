//! A TensorFlow Lite int8 model run by this crate: loads the hello_world-style sine model
//! (`tests/fixtures/tflite/sine.tflite`, 1 → 16 → 16 → 1 ReLU) into its `mlp_int8!` type and
//! prints a few predictions in int8 and in real numbers. `-- --bake MODEL FILE` writes one of
//! the committed models (`sine`, `sine_per_tensor`, `logistic`, `tanh`, `digits`,
//! `digits_per_tensor`, `wide_per_tensor`) as a baked `const`
//! instead: that is how the files in `tests/baked_int8/` were made.
//!
//!     cargo run --release --example tflite
//!     cargo run --release --example tflite -- --bake sine tests/baked_int8/sine.rs

use static_mlp::int8::bake_quantized;
use static_mlp::prelude::*;

type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
type Logistic = mlp_int8!(2 => 8 Relu => 1 Sigmoid);
type Tanh2 = mlp_int8!(2 => 8 Tanh => 8 Tanh => 1 Identity);
type Digits = mlp_int8!(64 => 32 Relu => 10 Identity);
type Wide = mlp_int8!(64 => 64 Relu => 64 Relu => 10 Identity);

const SINE: &[u8] = include_bytes!("../tests/fixtures/tflite/sine.tflite");
const SINE_PER_TENSOR: &[u8] = include_bytes!("../tests/fixtures/tflite/sine_per_tensor.tflite");
const LOGISTIC: &[u8] = include_bytes!("../tests/fixtures/tflite/logistic.tflite");
const TANH: &[u8] = include_bytes!("../tests/fixtures/tflite/tanh.tflite");
const DIGITS: &[u8] = include_bytes!("../tests/fixtures/tflite/digits.tflite");
const DIGITS_PER_TENSOR: &[u8] =
    include_bytes!("../tests/fixtures/tflite/digits_per_tensor.tflite");
const WIDE_PER_TENSOR: &[u8] = include_bytes!("../tests/fixtures/tflite/wide_per_tensor.tflite");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, model, path] = arguments.as_slice() {
        if flag != "--bake" {
            return Err(
                "usage: tflite [--bake sine|sine_per_tensor|logistic|tanh|digits|digits_per_tensor|wide_per_tensor FILE]".into(),
            );
        }
        let source = match model.as_str() {
            "sine" => bake_quantized(&Sine::from_tflite(SINE)?, "SINE_INT8", "SineInt8"),
            "sine_per_tensor" => bake_quantized(
                &Sine::from_tflite(SINE_PER_TENSOR)?,
                "SINE_INT8",
                "SineInt8",
            ),
            "logistic" => bake_quantized(
                &Logistic::from_tflite(LOGISTIC)?,
                "LOGISTIC_INT8",
                "LogisticInt8",
            ),
            "tanh" => bake_quantized(&Tanh2::from_tflite(TANH)?, "TANH_INT8", "TanhInt8"),
            "digits" => bake_quantized(&Digits::from_tflite(DIGITS)?, "DIGITS_INT8", "DigitsInt8"),
            "digits_per_tensor" => bake_quantized(
                &Digits::from_tflite(DIGITS_PER_TENSOR)?,
                "DIGITS_INT8",
                "DigitsInt8",
            ),
            "wide_per_tensor" => bake_quantized(
                &Wide::from_tflite(WIDE_PER_TENSOR)?,
                "WIDE_INT8",
                "WideInt8",
            ),
            _ => {
                return Err(format!(
                    "unknown model {model}: expected sine, sine_per_tensor, logistic, tanh, digits, digits_per_tensor or wide_per_tensor"
                )
                .into());
            }
        };
        std::fs::write(path, source)?;
        println!("wrote {path}");
        return Ok(());
    }
    if !arguments.is_empty() {
        return Err("usage: tflite [--bake sine|sine_per_tensor|logistic|tanh|digits|digits_per_tensor|wide_per_tensor FILE]".into());
    }
    let sine = Sine::from_tflite(SINE)?;
    println!("sine.tflite as mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity):");
    for q in [-128_i8, -64, 0, 64, 127] {
        let [y] = sine.predict_one([q]);
        let x = sine.input_quantization().dequantize(q);
        let real = sine.output_quantization().dequantize(y);
        println!(
            "  int8 {q:4} (x = {x:.3}) -> int8 {y:4} (y = {real:+.3}, sin x = {:+.3})",
            x.sin()
        );
    }
    let [y] = sine.predict_one_f32([1.5]);
    println!(
        "  predict_one_f32([1.5]) = {y:.4} (sin 1.5 = {:.4})",
        1.5_f32.sin()
    );
    Ok(())
}
