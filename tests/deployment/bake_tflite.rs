//! `bake_tflite`, the build-script bake of a `.tflite` file: for every committed int8 model it
//! writes, after its one-line `// From` comment, exactly the committed baked source, and that
//! source, compiled here, is the network `from_tflite` loads from the same file — every
//! weight, bias, multiplier and zero point (`PartialEq`) and every output, on every input of
//! the one- and two-input models, on the golden rows of the digits models and on random digits.

use static_mlp::int8::tflite::{FromTflite, TfliteError};
use static_mlp::int8::{QuantizedLayer, QuantizedNetwork};
use static_mlp::io::build_script::bake_tflite_to;
use static_mlp::io::rust_source::Bake;
use static_mlp::prelude::*;

use crate::cases::check_cases;
use crate::scratch::Scratch;
use crate::tflite_fixtures::{golden, rows};
use rand::RngExt;

type SineInt8 = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
type LogisticInt8 = mlp_int8!(2 => 8 Relu => 1 Sigmoid);
type TanhInt8 = mlp_int8!(2 => 8 Tanh => 8 Tanh => 1 Identity);
type DigitsInt8 = mlp_int8!(64 => 32 Relu => 10 Identity);
type WideInt8 = mlp_int8!(64 => 64 Relu => 64 Relu => 10 Identity);

mod per_channel {
    use super::SineInt8;
    include!("../baked_int8/sine.rs");
}
mod per_tensor {
    use super::SineInt8;
    include!("../baked_int8/sine_per_tensor.rs");
}
include!("../baked_int8/logistic.rs");
include!("../baked_int8/tanh.rs");
include!("../baked_int8/digits.rs");
mod digits_per_tensor {
    use super::DigitsInt8;
    include!("../baked_int8/digits_per_tensor.rs");
}
include!("../baked_int8/wide_per_tensor.rs");

/// Bakes `tests/fixtures/tflite/{model}.tflite` with `bake_tflite_to` and returns what it
/// wrote after the first line, checking that line names the file.
fn baked_by_build_script<L, const I: usize, const O: usize>(
    model: &str,
    const_name: &str,
    type_name: &str,
    load: fn(&[u8]) -> Result<QuantizedNetwork<L, I, O>, TfliteError>,
) -> String
where
    L: QuantizedLayer<I, O> + Bake,
{
    let scratch = Scratch::new("bake-tflite");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tflite")
        .join(format!("{model}.tflite"));
    let destination = scratch.path().join("baked.rs");
    bake_tflite_to(&source, const_name, type_name, load, &destination).unwrap();
    let written = std::fs::read_to_string(&destination).unwrap();
    let (first, rest) = written.split_once('\n').unwrap();
    assert_eq!(
        first,
        format!("// From {:?}.", source.display().to_string())
    );
    rest.to_string()
}

fn loaded<L, const I: usize, const O: usize>(model: &str) -> QuantizedNetwork<L, I, O>
where
    L: QuantizedLayer<I, O> + FromTflite,
{
    QuantizedNetwork::from_tflite(&golden(model).0).unwrap()
}

#[test]
fn the_sines_baked_by_the_build_script_are_the_loaded_ones_on_every_input() {
    for (model, baked, committed) in [
        (
            "sine",
            per_channel::SINE_INT8,
            include_str!("../baked_int8/sine.rs"),
        ),
        (
            "sine_per_tensor",
            per_tensor::SINE_INT8,
            include_str!("../baked_int8/sine_per_tensor.rs"),
        ),
    ] {
        assert_eq!(
            baked_by_build_script(model, "SINE_INT8", "SineInt8", SineInt8::from_tflite),
            committed,
            "{model}"
        );
        let loaded: SineInt8 = loaded(model);
        assert_eq!(baked, loaded, "{model}");
        for x in i8::MIN..=i8::MAX {
            assert_eq!(
                baked.predict_one([x]),
                loaded.predict_one([x]),
                "{model} {x}"
            );
        }
    }
}

#[test]
fn logistic_and_tanh_baked_by_the_build_script_are_the_loaded_ones_on_every_input() {
    assert_eq!(
        baked_by_build_script(
            "logistic",
            "LOGISTIC_INT8",
            "LogisticInt8",
            LogisticInt8::from_tflite
        ),
        include_str!("../baked_int8/logistic.rs")
    );
    assert_eq!(
        baked_by_build_script("tanh", "TANH_INT8", "TanhInt8", TanhInt8::from_tflite),
        include_str!("../baked_int8/tanh.rs")
    );
    let logistic: LogisticInt8 = loaded("logistic");
    let tanh: TanhInt8 = loaded("tanh");
    assert_eq!(LOGISTIC_INT8, logistic);
    assert_eq!(TANH_INT8, tanh);
    for a in i8::MIN..=i8::MAX {
        for b in i8::MIN..=i8::MAX {
            assert_eq!(
                LOGISTIC_INT8.predict_one([a, b]),
                logistic.predict_one([a, b])
            );
            assert_eq!(TANH_INT8.predict_one([a, b]), tanh.predict_one([a, b]));
        }
    }
}

/// For the models with golden rows: `bake_tflite_to` writes the committed source (`committed`),
/// the `const` compiled from it (`baked`) is the network `load` reads from the file, and the two
/// give the same outputs on every golden row.
fn check_bake_on_goldens<L, const I: usize, const O: usize>(
    model: &str,
    (const_name, type_name): (&str, &str),
    load: fn(&[u8]) -> Result<QuantizedNetwork<L, I, O>, TfliteError>,
    committed: &str,
    baked: &QuantizedNetwork<L, I, O>,
) -> QuantizedNetwork<L, I, O>
where
    L: QuantizedLayer<I, O> + Bake + PartialEq + core::fmt::Debug,
{
    assert_eq!(
        baked_by_build_script(model, const_name, type_name, load),
        committed,
        "{model}"
    );
    let loaded = load(&golden(model).0).unwrap();
    assert_eq!(*baked, loaded, "{model}");
    let goldens = rows(&golden(model).1["input_int8"]);
    assert!(!goldens.is_empty(), "{model}");
    for row in goldens {
        let input: [i8; I] = row.try_into().unwrap();
        assert_eq!(
            baked.predict_one(input),
            loaded.predict_one(input),
            "{model}"
        );
    }
    loaded
}

#[test]
fn the_digits_baked_by_the_build_script_are_the_loaded_one() {
    let digits = check_bake_on_goldens(
        "digits",
        ("DIGITS_INT8", "DigitsInt8"),
        DigitsInt8::from_tflite,
        include_str!("../baked_int8/digits.rs"),
        &DIGITS_INT8,
    );
    check_cases(
        11,
        500,
        |random| -> [i8; 64] { std::array::from_fn(|_| random.random()) },
        |row| assert_eq!(DIGITS_INT8.predict_one(*row), digits.predict_one(*row)),
    );
}

#[test]
fn the_per_tensor_digits_baked_by_the_build_script_are_the_loaded_one() {
    check_bake_on_goldens(
        "digits_per_tensor",
        ("DIGITS_INT8", "DigitsInt8"),
        DigitsInt8::from_tflite,
        include_str!("../baked_int8/digits_per_tensor.rs"),
        &digits_per_tensor::DIGITS_INT8,
    );
}

#[test]
fn the_wide_net_baked_by_the_build_script_is_the_loaded_one() {
    check_bake_on_goldens(
        "wide_per_tensor",
        ("WIDE_INT8", "WideInt8"),
        WideInt8::from_tflite,
        include_str!("../baked_int8/wide_per_tensor.rs"),
        &WIDE_INT8,
    );
}
