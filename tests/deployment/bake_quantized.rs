//! Baked int8 networks: the committed sources compile to `const`s equal to what the loader
//! reads from the `.tflite` files, compute TFLite Micro's golden outputs, and are what
//! `bake_quantized` writes today, byte for byte.

use static_mlp::int8::bake_quantized;
use static_mlp::prelude::*;

use crate::tflite_fixtures::{golden as fixture, rows};

type SineInt8 = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
type LogisticInt8 = mlp_int8!(2 => 8 Relu => 1 Sigmoid);
type TanhInt8 = mlp_int8!(2 => 8 Tanh => 8 Tanh => 1 Identity);

include!("../baked_int8/sine.rs");
include!("../baked_int8/logistic.rs");
include!("../baked_int8/tanh.rs");

const REGENERATE: &str =
    "regenerate with `cargo run --release --example tflite -- --bake MODEL FILE`";

#[test]
fn the_baked_sine_is_the_loaded_one_and_matches_tflm() {
    let (bytes, golden) = fixture("sine");
    let loaded = SineInt8::from_tflite(&bytes).unwrap();
    assert_eq!(SINE_INT8, loaded);
    assert_eq!(
        bake_quantized(&loaded, "SINE_INT8", "SineInt8"),
        include_str!("../baked_int8/sine.rs"),
        "{REGENERATE}"
    );
    let (inputs, tflm) = (rows(&golden["input_int8"]), rows(&golden["tflm_int8"]));
    assert!(!inputs.is_empty() && inputs.len() == tflm.len());
    for (input, expected) in rows(&golden["input_int8"])
        .iter()
        .zip(rows(&golden["tflm_int8"]))
    {
        assert_eq!(SINE_INT8.predict_one([input[0]]).to_vec(), expected);
    }
}

#[test]
fn baked_logistic_and_tanh_kernels_compile_and_match_tflm() {
    let (bytes, golden) = fixture("logistic");
    let loaded = LogisticInt8::from_tflite(&bytes).unwrap();
    assert_eq!(LOGISTIC_INT8, loaded);
    assert_eq!(
        bake_quantized(&loaded, "LOGISTIC_INT8", "LogisticInt8"),
        include_str!("../baked_int8/logistic.rs"),
        "{REGENERATE}"
    );
    let (inputs, tflm) = (rows(&golden["input_int8"]), rows(&golden["tflm_int8"]));
    assert!(!inputs.is_empty() && inputs.len() == tflm.len());
    for (input, expected) in rows(&golden["input_int8"])
        .iter()
        .zip(rows(&golden["tflm_int8"]))
    {
        assert_eq!(
            LOGISTIC_INT8.predict_one([input[0], input[1]]).to_vec(),
            expected
        );
    }
    let (bytes, golden) = fixture("tanh");
    let loaded = TanhInt8::from_tflite(&bytes).unwrap();
    assert_eq!(TANH_INT8, loaded);
    assert_eq!(
        bake_quantized(&loaded, "TANH_INT8", "TanhInt8"),
        include_str!("../baked_int8/tanh.rs"),
        "{REGENERATE}"
    );
    let (inputs, tflm) = (rows(&golden["input_int8"]), rows(&golden["tflm_int8"]));
    assert!(!inputs.is_empty() && inputs.len() == tflm.len());
    for (input, expected) in rows(&golden["input_int8"])
        .iter()
        .zip(rows(&golden["tflm_int8"]))
    {
        assert_eq!(
            TANH_INT8.predict_one([input[0], input[1]]).to_vec(),
            expected
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

/// The per-tensor sine that `benches/no_std_size` compiles beside MicroFlow's.
mod per_tensor {
    use static_mlp::prelude::*;
    type SineInt8 = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
    include!("../baked_int8/sine_per_tensor.rs");

    #[test]
    fn the_size_benchmarks_baked_sine_is_current() {
        let bytes = include_bytes!("../fixtures/tflite/sine_per_tensor.tflite");
        let loaded = SineInt8::from_tflite(bytes).unwrap();
        assert_eq!(SINE_INT8, loaded);
        assert_eq!(
            static_mlp::int8::bake_quantized(&loaded, "SINE_INT8", "SineInt8"),
            include_str!("../baked_int8/sine_per_tensor.rs"),
            "regenerate with `cargo run --release --example tflite -- --bake sine_per_tensor tests/baked_int8/sine_per_tensor.rs`"
        );
    }
}

/// The digits model (64 → 32 ReLU → 10) that the Cortex-M firmware (`examples/cortex_m/`)
/// compiles as a `const`.
mod digits {
    use crate::tflite_fixtures::{golden as fixture, rows};
    use static_mlp::prelude::*;
    type DigitsInt8 = mlp_int8!(64 => 32 Relu => 10 Identity);
    include!("../baked_int8/digits.rs");

    #[test]
    fn the_baked_digits_is_the_loaded_one_and_matches_tflm() {
        let (bytes, golden) = fixture("digits");
        let loaded = DigitsInt8::from_tflite(&bytes).unwrap();
        assert_eq!(DIGITS_INT8, loaded);
        assert_eq!(
            static_mlp::int8::bake_quantized(&loaded, "DIGITS_INT8", "DigitsInt8"),
            include_str!("../baked_int8/digits.rs"),
            "regenerate with `cargo run --release --example tflite -- --bake digits tests/baked_int8/digits.rs`"
        );
        let (inputs, tflm) = (rows(&golden["input_int8"]), rows(&golden["tflm_int8"]));
        assert!(!inputs.is_empty() && inputs.len() == tflm.len());
        for (input, expected) in inputs.iter().zip(tflm) {
            let input: [i8; 64] = input.as_slice().try_into().unwrap();
            assert_eq!(DIGITS_INT8.predict_one(input).to_vec(), expected);
        }
    }

    /// The per-tensor digits, which the Cortex-M table runs beside MicroFlow's.
    mod per_tensor {
        use super::DigitsInt8;
        use crate::tflite_fixtures::{golden as fixture, rows};
        include!("../baked_int8/digits_per_tensor.rs");

        #[test]
        fn the_baked_per_tensor_digits_is_the_loaded_one_and_matches_tflm() {
            let (bytes, golden) = fixture("digits_per_tensor");
            let loaded = DigitsInt8::from_tflite(&bytes).unwrap();
            assert_eq!(DIGITS_INT8, loaded);
            assert_eq!(
                static_mlp::int8::bake_quantized(&loaded, "DIGITS_INT8", "DigitsInt8"),
                include_str!("../baked_int8/digits_per_tensor.rs"),
                "regenerate with `cargo run --release --example tflite -- --bake digits_per_tensor tests/baked_int8/digits_per_tensor.rs`"
            );
            let (inputs, tflm) = (rows(&golden["input_int8"]), rows(&golden["tflm_int8"]));
            assert!(!inputs.is_empty() && inputs.len() == tflm.len());
            for (input, expected) in inputs.iter().zip(tflm) {
                let input: [i8; 64] = input.as_slice().try_into().unwrap();
                assert_eq!(DIGITS_INT8.predict_one(input).to_vec(), expected);
            }
        }
    }
}

/// The per-tensor 64→64→64→10, which the Cortex-M firmware checks and its table runs beside
/// MicroFlow's.
mod wide {
    use crate::tflite_fixtures::{golden as fixture, rows};
    use static_mlp::prelude::*;
    type WideInt8 = mlp_int8!(64 => 64 Relu => 64 Relu => 10 Identity);
    include!("../baked_int8/wide_per_tensor.rs");

    #[test]
    fn the_baked_wide_is_the_loaded_one_and_matches_tflm() {
        let (bytes, golden) = fixture("wide_per_tensor");
        let loaded = WideInt8::from_tflite(&bytes).unwrap();
        assert_eq!(WIDE_INT8, loaded);
        assert_eq!(
            static_mlp::int8::bake_quantized(&loaded, "WIDE_INT8", "WideInt8"),
            include_str!("../baked_int8/wide_per_tensor.rs"),
            "regenerate with `cargo run --release --example tflite -- --bake wide_per_tensor tests/baked_int8/wide_per_tensor.rs`"
        );
        let (inputs, tflm) = (rows(&golden["input_int8"]), rows(&golden["tflm_int8"]));
        assert!(!inputs.is_empty() && inputs.len() == tflm.len());
        for (input, expected) in inputs.iter().zip(tflm) {
            let input: [i8; 64] = input.as_slice().try_into().unwrap();
            assert_eq!(WIDE_INT8.predict_one(input).to_vec(), expected);
        }
    }
}
