//! Baked int8 networks: the committed sources compile to `const`s equal to what the loader
//! reads from the `.tflite` files, compute TFLite Micro's golden outputs, and are what
//! `bake_quantized` writes today, byte for byte.

use static_mlp::int8::tflite::TfliteError;
use static_mlp::int8::{QuantizedLayer, QuantizedNetwork, bake_quantized};
use static_mlp::io::rust_source::Bake;
use static_mlp::prelude::*;

use crate::tflite_fixtures::{golden as fixture, rows};

type SineInt8 = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
type LogisticInt8 = mlp_int8!(2 => 8 Relu => 1 Sigmoid);
type TanhInt8 = mlp_int8!(2 => 8 Tanh => 8 Tanh => 1 Identity);
type DigitsInt8 = mlp_int8!(64 => 32 Relu => 10 Identity);
type WideInt8 = mlp_int8!(64 => 64 Relu => 64 Relu => 10 Identity);

include!("../baked_int8/sine.rs");
include!("../baked_int8/logistic.rs");
include!("../baked_int8/tanh.rs");
include!("../baked_int8/digits.rs");
include!("../baked_int8/wide_per_tensor.rs");

/// Checks the baked `const` of `tests/baked_int8/{model}.rs` (`source`, that file's text): it
/// equals what `load` reads from `tests/fixtures/tflite/{model}.tflite`, it is what
/// `bake_quantized` writes today, byte for byte, and it gives TFLM's output on every golden row.
fn check_baked<L, const I: usize, const O: usize>(
    model: &str,
    baked: &QuantizedNetwork<L, I, O>,
    source: &str,
    (const_name, type_name): (&str, &str),
    load: fn(&[u8]) -> Result<QuantizedNetwork<L, I, O>, TfliteError>,
) where
    L: QuantizedLayer<I, O> + Bake + PartialEq + core::fmt::Debug,
{
    let (bytes, golden) = fixture(model);
    let loaded = load(&bytes).unwrap();
    assert_eq!(*baked, loaded, "{model}");
    assert_eq!(
        bake_quantized(&loaded, const_name, type_name),
        source,
        "regenerate with `cargo run --release --example tflite -- --bake {model} \
         tests/baked_int8/{model}.rs`"
    );
    let (inputs, tflm) = (rows(&golden["input_int8"]), rows(&golden["tflm_int8"]));
    assert!(!inputs.is_empty() && inputs.len() == tflm.len(), "{model}");
    for (input, expected) in inputs.iter().zip(tflm) {
        let input: [i8; I] = input.as_slice().try_into().unwrap();
        assert_eq!(baked.predict_one(input).to_vec(), expected, "{model}");
    }
}

#[test]
fn the_baked_sine_is_the_loaded_one_and_matches_tflm() {
    let source = include_str!("../baked_int8/sine.rs");
    let names = ("SINE_INT8", "SineInt8");
    check_baked("sine", &SINE_INT8, source, names, SineInt8::from_tflite);
}

#[test]
fn baked_logistic_and_tanh_kernels_compile_and_match_tflm() {
    let source = include_str!("../baked_int8/logistic.rs");
    let names = ("LOGISTIC_INT8", "LogisticInt8");
    check_baked(
        "logistic",
        &LOGISTIC_INT8,
        source,
        names,
        LogisticInt8::from_tflite,
    );
    let source = include_str!("../baked_int8/tanh.rs");
    let names = ("TANH_INT8", "TanhInt8");
    check_baked("tanh", &TANH_INT8, source, names, TanhInt8::from_tflite);
}

/// The digits model (64 → 32 ReLU → 10) that the Cortex-M firmware (`examples/cortex_m/`)
/// compiles as a `const`.
#[test]
fn the_baked_digits_is_the_loaded_one_and_matches_tflm() {
    let source = include_str!("../baked_int8/digits.rs");
    let names = ("DIGITS_INT8", "DigitsInt8");
    check_baked(
        "digits",
        &DIGITS_INT8,
        source,
        names,
        DigitsInt8::from_tflite,
    );
}

/// The per-tensor 64→64→64→10, which the Cortex-M firmware checks and its table runs beside
/// MicroFlow's.
#[test]
fn the_baked_wide_is_the_loaded_one_and_matches_tflm() {
    let source = include_str!("../baked_int8/wide_per_tensor.rs");
    let names = ("WIDE_INT8", "WideInt8");
    check_baked(
        "wide_per_tensor",
        &WIDE_INT8,
        source,
        names,
        WideInt8::from_tflite,
    );
}

/// The per-tensor sine and digits, which `benches/no_std_size` and the Cortex-M table compile
/// beside MicroFlow's (the same constant names, so a module of their own).
mod per_tensor {
    use super::{DigitsInt8, SineInt8, check_baked};
    include!("../baked_int8/sine_per_tensor.rs");
    include!("../baked_int8/digits_per_tensor.rs");

    #[test]
    fn the_baked_per_tensor_sine_and_digits_are_the_loaded_ones_and_match_tflm() {
        let source = include_str!("../baked_int8/sine_per_tensor.rs");
        let names = ("SINE_INT8", "SineInt8");
        check_baked(
            "sine_per_tensor",
            &SINE_INT8,
            source,
            names,
            SineInt8::from_tflite,
        );
        let source = include_str!("../baked_int8/digits_per_tensor.rs");
        let names = ("DIGITS_INT8", "DigitsInt8");
        check_baked(
            "digits_per_tensor",
            &DIGITS_INT8,
            source,
            names,
            DigitsInt8::from_tflite,
        );
    }
}

#[test]
fn a_calibrated_network_bakes_too() {
    type Net = mlp!(f32; 2 => 4 Relu => 1 Sigmoid);
    let net = Net::random(Init::He, &mut StdRng::seed_from_u64(9));
    let inputs = static_mlp::data::xor_easy::<f32>().inputs;
    let int8: mlp_int8!(2 => 4 Relu => 1 Sigmoid) =
        static_mlp::int8::quantize(&net, &inputs).unwrap();
    let source = bake_quantized(&int8, "NET", "Net");
    assert!(source.starts_with("// An int8 network (2 inputs, 1 outputs)"));
    assert!(source.contains("::static_mlp::model::Chain::new_quantized("));
    assert!(source.contains("::static_mlp::int8::LogisticKernel { input: "));
}
