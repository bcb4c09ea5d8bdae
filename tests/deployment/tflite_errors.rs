//! The `.tflite` loader's typed errors, each made by a file that is wrong in one way, with the
//! message it gives; and the loader against random and mutated bytes (it returns `Ok` or
//! `Err`, never panics, and what it accepts computes without panicking).

use rand::RngExt;
use static_mlp::int8::tflite::TfliteError;
use static_mlp::prelude::*;

use crate::cases::{any_bytes, check_cases};
use crate::mutations::{mutated, mutations};

/// The seed of the random cases: every run tries the same inputs, so a failure in CI
/// reproduces anywhere.
const SEED: u64 = 20_261_203;

type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
type Logistic = mlp_int8!(2 => 8 Relu => 1 Sigmoid);

const SINE: &[u8] = include_bytes!("../fixtures/tflite/sine.tflite");
const LOGISTIC: &[u8] = include_bytes!("../fixtures/tflite/logistic.tflite");
const TANH: &[u8] = include_bytes!("../fixtures/tflite/tanh.tflite");

fn message<L, const I: usize, const O: usize>(bytes: &[u8]) -> String
where
    L: static_mlp::int8::QuantizedLayer<I, O> + static_mlp::int8::tflite::FromTflite,
{
    match static_mlp::int8::QuantizedNetwork::<L, I, O>::from_tflite(bytes) {
        Ok(_) => panic!("the file loaded as a type it does not fit"),
        Err(error) => error.to_string(),
    }
}

trait Layers {
    type Of;
}
impl<L, const I: usize, const O: usize> Layers for static_mlp::int8::QuantizedNetwork<L, I, O> {
    type Of = L;
}

#[test]
fn each_mismatch_with_the_type_says_what_was_expected_and_found() {
    type Wider = <mlp_int8!(1 => 32 Relu => 16 Relu => 1 Identity) as Layers>::Of;
    assert_eq!(
        message::<Wider, 1, 1>(SINE),
        "layer 1 weights: expected shape [32, 1], found [16, 1]"
    );
    type TwoInputs = <mlp_int8!(2 => 16 Relu => 16 Relu => 1 Identity) as Layers>::Of;
    assert_eq!(
        message::<TwoInputs, 2, 1>(SINE),
        "layer 1 input: expected shape [1, 2], found [1, 1]"
    );
    type NoRelu = <mlp_int8!(1 => 16 Identity => 16 Relu => 1 Identity) as Layers>::Of;
    assert_eq!(
        message::<NoRelu, 1, 1>(SINE),
        "layer 1: expected fused activation NONE, found RELU"
    );
    type Shorter = <mlp_int8!(1 => 16 Relu => 1 Identity) as Layers>::Of;
    assert_eq!(
        message::<Shorter, 1, 1>(SINE),
        "layer 2: expected fused activation NONE, found RELU"
    );
    type Longer = <mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity => 1 Identity) as Layers>::Of;
    assert_eq!(
        message::<Longer, 1, 1>(SINE),
        "layer 4: expected FULLY_CONNECTED, found the end of the model"
    );
    type NoSigmoid = <mlp_int8!(2 => 8 Relu => 1 Identity) as Layers>::Of;
    assert_eq!(
        message::<NoSigmoid, 2, 1>(LOGISTIC),
        "operator 2: expected the end of the model after the type's last layer, found 1 more operator(s)"
    );
    type TanhNotSigmoid = <mlp_int8!(2 => 8 Relu => 1 Tanh) as Layers>::Of;
    assert_eq!(
        message::<TanhNotSigmoid, 2, 1>(LOGISTIC),
        "operator 2: expected TANH, found LOGISTIC"
    );
    type SigmoidNotTanh = <mlp_int8!(2 => 8 Sigmoid => 8 Tanh => 1 Identity) as Layers>::Of;
    assert_eq!(
        message::<SigmoidNotTanh, 2, 1>(TANH),
        "operator 1: expected LOGISTIC, found TANH"
    );
}

/// Overwrites the little-endian `u32` at `at`.
fn patched(bytes: &[u8], at: usize, value: &[u8]) -> Vec<u8> {
    let mut copy = bytes.to_vec();
    copy[at..at + value.len()].copy_from_slice(value);
    copy
}

#[test]
fn files_that_are_not_models_or_are_cut_short_are_refused() {
    assert!(matches!(
        Sine::from_tflite(b""),
        Err(TfliteError::NotATfliteFile {
            found: [0, 0, 0, 0]
        })
    ));
    let wrong_identifier = patched(SINE, 4, b"TFL2");
    assert_eq!(
        Sine::from_tflite(&wrong_identifier)
            .unwrap_err()
            .to_string(),
        "not a TFLite file: expected \"TFL3\" at byte 4, found [84, 70, 76, 50]"
    );
    // the root offset pointing past the end
    let beyond = patched(SINE, 0, &u32::MAX.to_le_bytes());
    assert!(matches!(
        Sine::from_tflite(&beyond),
        Err(TfliteError::Malformed(_))
    ));
    for cut in [8, 64, SINE.len() / 2, SINE.len() - 1] {
        let result = Sine::from_tflite(&SINE[..cut]);
        assert!(result.is_err(), "a file cut at {cut} bytes loaded");
    }
}

#[test]
fn an_unsupported_operator_is_named() {
    // Find the LOGISTIC operator code's int32 builtin_code (14) in the logistic model and turn
    // it into SOFTMAX (25). The last match is taken: the operator codes follow the buffers.
    let mut found = None;
    for at in 0..LOGISTIC.len() - 4 {
        if LOGISTIC[at..at + 4] == 14_i32.to_le_bytes() {
            found = Some(at);
        }
    }
    let at = found.expect("the LOGISTIC builtin code");
    // TFLite takes the larger of the deprecated byte (still 14) and the int32, so this is
    // SOFTMAX now.
    let bytes = patched(LOGISTIC, at, &25_i32.to_le_bytes());
    let error = Logistic::from_tflite(&bytes).unwrap_err();
    assert!(
        matches!(
            error,
            TfliteError::UnsupportedOperator {
                operator: 2,
                code: 25
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "operator 2: expected FULLY_CONNECTED, LOGISTIC or TANH, found SOFTMAX (builtin code 25)"
    );
}

/// Loads `bytes` as every committed model's type; what loads must run on every input.
fn load_all(bytes: &[u8]) {
    if let Ok(net) = Sine::from_tflite(bytes) {
        for q in i8::MIN..=i8::MAX {
            net.predict_one([q]);
        }
        net.predict_one_f32([f32::NAN]);
    }
    if let Ok(net) = Logistic::from_tflite(bytes) {
        net.predict_one([i8::MIN, i8::MAX]);
    }
    if let Ok(net) = <mlp_int8!(2 => 8 Tanh => 8 Tanh => 1 Identity)>::from_tflite(bytes) {
        net.predict_one([i8::MAX, i8::MIN]);
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    check_cases(SEED, 1_000, any_bytes, |bytes| {
        load_all(bytes);
        let mut with_identifier = bytes.clone();
        if with_identifier.len() >= 8 {
            with_identifier[4..8].copy_from_slice(b"TFL3");
        }
        load_all(&with_identifier);
    });
}

#[test]
fn mutated_models_never_panic() {
    let generate = |random: &mut StdRng| (random.random_range(0..3_usize), mutations(random));
    check_cases(SEED, 1_000, generate, |(model, mutations)| {
        load_all(&mutated([SINE, LOGISTIC, TANH][*model].to_vec(), mutations));
    });
}
