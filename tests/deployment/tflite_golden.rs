//! Every committed `.tflite` model, loaded into its `mlp_int8!` type, gives TensorFlow Lite
//! Micro's int8 output for every golden input, bit for bit. The goldens were made once by
//! `scripts/fixtures/make_tflite.py` with TFLM's own Python interpreter (see
//! `tests/fixtures/README.md`); desktop LiteRT's outputs, also in the files, are counted
//! against ours to pin how far that runtime is from this crate.

use static_mlp::int8::tflite::FromTflite;
use static_mlp::int8::{QuantizedLayer, QuantizedNetwork};
use static_mlp::mlp_int8;
use static_mlp::model::{Identity, Relu, Sigmoid, Tanh};

use crate::tflite_fixtures::{golden, rows};

/// Loads `name`, checks every output against TFLM's and returns how many outputs differ from
/// each desktop LiteRT run, in the order (XNNPACK default, no delegate, BUILTIN_REF).
fn check<L, const I: usize, const O: usize>(name: &str) -> [usize; 3]
where
    L: QuantizedLayer<I, O> + FromTflite,
{
    let (bytes, golden) = golden(name);
    let network = QuantizedNetwork::<L, I, O>::from_tflite(&bytes).unwrap();
    let inputs = rows(&golden["input_int8"]);
    let tflm = rows(&golden["tflm_int8"]);
    assert!(inputs.len() >= 200, "{name}: {} golden rows", inputs.len());
    assert_eq!(
        tflm.len(),
        inputs.len(),
        "{name}: a TFLM output for every input"
    );
    let mut ours = Vec::new();
    for (row, (input, expected)) in inputs.iter().zip(&tflm).enumerate() {
        let output = network.predict_one(input.as_slice().try_into().unwrap());
        assert_eq!(
            output.as_slice(),
            expected.as_slice(),
            "{name}, golden row {row}, input {input:?}"
        );
        ours.push(output.to_vec());
    }
    // The input and output quantisation the loader read are the file's.
    let input_q = network.input_quantization();
    assert_eq!(
        input_q.scale as f64,
        golden["input_quantization"]["scale"].as_f64().unwrap()
    );
    assert_eq!(
        i64::from(input_q.zero_point),
        golden["input_quantization"]["zero_point"].as_i64().unwrap()
    );
    let output_q = network.output_quantization();
    assert_eq!(
        output_q.scale as f64,
        golden["output_quantization"]["scale"].as_f64().unwrap()
    );
    [
        "litert_default_int8",
        "litert_no_xnnpack_int8",
        "litert_builtin_ref_int8",
    ]
    .map(|key| {
        let theirs = rows(&golden[key]);
        assert_eq!(
            theirs.len(),
            ours.len(),
            "{name}: a {key} output for every input"
        );
        let differing: usize = ours
            .iter()
            .zip(&theirs)
            .map(|(a, b)| a.iter().zip(b).filter(|(x, y)| x != y).count())
            .sum();
        // Ours equal TFLM's, so the count must be the one the script measured against TFLM.
        let recorded = golden["differences_vs_tflm"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(k, _)| k.starts_with(&key[..key.len() - 5]))
            .map(|(_, v)| v["outputs_differing"].as_u64().unwrap() as usize)
            .unwrap();
        assert_eq!(differing, recorded, "{name} against {key}");
        differing
    })
}

#[test]
fn sine_per_channel_matches_tflm() {
    let differing =
        check::<<mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity) as Layers>::Of, 1, 1>("sine");
    assert_eq!(differing, [15, 2, 15]);
}

#[test]
fn sine_per_tensor_matches_tflm() {
    let differing = check::<<mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity) as Layers>::Of, 1, 1>(
        "sine_per_tensor",
    );
    assert_eq!(differing, [28, 1, 28]);
}

#[test]
fn logistic_matches_tflm() {
    let differing = check::<<mlp_int8!(2 => 8 Relu => 1 Sigmoid) as Layers>::Of, 2, 1>("logistic");
    assert_eq!(differing, [0, 0, 0]);
}

#[test]
fn tanh_matches_tflm() {
    let differing =
        check::<<mlp_int8!(2 => 8 Tanh => 8 Tanh => 1 Identity) as Layers>::Of, 2, 1>("tanh");
    assert_eq!(differing, [12, 6, 12]);
}

#[test]
fn digits_matches_tflm() {
    let differing =
        check::<<mlp_int8!(64 => 32 Relu => 10 Identity) as Layers>::Of, 64, 10>("digits");
    assert_eq!(differing, [24, 4, 24]);
}

#[test]
fn digits_per_tensor_matches_tflm() {
    let differing = check::<<mlp_int8!(64 => 32 Relu => 10 Identity) as Layers>::Of, 64, 10>(
        "digits_per_tensor",
    );
    assert_eq!(differing, [26, 5, 26]);
}

#[test]
fn wide_per_tensor_matches_tflm() {
    let differing =
        check::<<mlp_int8!(64 => 64 Relu => 64 Relu => 10 Identity) as Layers>::Of, 64, 10>(
            "wide_per_tensor",
        );
    assert_eq!(differing, [90, 5, 90]);
}

#[test]
fn every_logistic_input_matches_tflm() {
    check::<<mlp_int8!(1 => 1 Sigmoid) as Layers>::Of, 1, 1>("logistic_sweep");
}

#[test]
fn every_tanh_input_matches_tflm() {
    check::<<mlp_int8!(1 => 1 Tanh) as Layers>::Of, 1, 1>("tanh_sweep");
}

/// The layer type inside a `QuantizedNetwork` type, so the tests can name it from the macro.
trait Layers {
    type Of;
}
impl<L, const I: usize, const O: usize> Layers for QuantizedNetwork<L, I, O> {
    type Of = L;
}

#[test]
fn digits_int8_accuracy_on_the_golden_images() {
    let (bytes, golden) = golden("digits");
    type Digits = mlp_int8!(64 => 32 Relu => 10 Identity);
    let network = Digits::from_tflite(&bytes).unwrap();
    let inputs = rows(&golden["input_int8"]);
    let labels: Vec<usize> = golden["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(labels.len(), inputs.len());
    let correct = inputs
        .iter()
        .zip(&labels)
        .filter(|(input, label)| {
            let output = network.predict_one(input.as_slice().try_into().unwrap());
            let best = (0..10)
                .max_by_key(|&k| (output[k], std::cmp::Reverse(k)))
                .unwrap();
            best == **label
        })
        .count();
    let accuracy = correct as f64 / inputs.len() as f64;
    println!("digits int8 accuracy on the 200 golden test images: {accuracy:.4} ({correct}/200)");
    assert!(accuracy >= 0.95, "{accuracy}");
}

#[allow(dead_code)]
fn _activations_in_scope(_: Identity, _: Relu, _: Sigmoid, _: Tanh) {}
