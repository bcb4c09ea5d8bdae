//! Saving and loading end to end: the round trip is exact, and every way a file can be wrong
//! gives its own typed error with a readable message (never a panic, never a half-loaded net).

use serde_json::{Value, json};
use static_mlp::data;
use static_mlp::io::json::{LoadError, SaveError};
use static_mlp::prelude::*;
use std::fs;
use std::path::Path;

type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
type LabNet = mlp!(f32, no_bias; 2 => 4 Relu => 4 Relu => 1 Sigmoid);

use crate::scratch::Scratch;

/// An XOR net trained for a few hundred steps, so its weights are not round numbers.
fn trained_xor() -> XorNet {
    let xor = data::xor_easy::<f64>();
    let mut net = XorNet::random(Init::Xavier, &mut StdRng::seed_from_u64(3));
    let mut optimizer = GradientDescent::new(2.0).unwrap();
    for _ in 0..300 {
        net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
    }
    net
}

fn bits<T: Copy + Into<f64>>(values: impl IntoIterator<Item = T>) -> Vec<u64> {
    values.into_iter().map(|v| v.into().to_bits()).collect()
}

/// The saved file of a trained XOR net, as a JSON value to edit.
fn xor_file() -> Value {
    serde_json::from_slice(&trained_xor().to_json().unwrap()).unwrap()
}

/// Loads an edited file as `N`.
fn load_value<N: JsonFile>(value: &Value) -> Result<N, LoadError> {
    N::from_json(&serde_json::to_vec(value).unwrap())
}

fn write(path: &Path, bytes: &[u8]) {
    fs::write(path, bytes).unwrap();
}

#[test]
fn round_trip_is_bit_for_bit() {
    let scratch = Scratch::new("round-trip");
    let directory = scratch.path();
    let net = trained_xor();
    let path = directory.join("xor.json");
    net.save(&path).unwrap();
    let loaded = XorNet::load(&path).unwrap();
    let original: Vec<f64> = net.parameters().flatten().copied().collect();
    let reloaded: Vec<f64> = loaded.parameters().flatten().copied().collect();
    assert_eq!(bits(original), bits(reloaded));
    let xor = data::xor_easy::<f64>();
    assert_eq!(
        bits(net.predict(&xor.inputs).iter().copied()),
        bits(loaded.predict(&xor.inputs).iter().copied())
    );

    // f32, no bias, mixed activations.
    let lab = LabNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(9));
    let path = directory.join("lab.json");
    lab.save(&path).unwrap();
    assert_eq!(LabNet::load(&path).unwrap(), lab);
    // Only the temporary-free result is left in the directory.
    let mut names: Vec<_> = fs::read_dir(directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["lab.json", "xor.json"]);
}

#[test]
fn the_file_records_the_architecture_for_people_too() {
    let file = xor_file();
    assert_eq!(file["format"], "static-mlp network");
    assert_eq!(file["version"], 1);
    assert_eq!(
        file["architecture"]["layers"][1],
        json!({"inputs": 4, "outputs": 4, "activation": "sigmoid", "bias": true})
    );
    assert_eq!(file["architecture"]["scalar"], "f64");
    assert_eq!(
        file["network"]["rest"]["first"]["weights"]
            .as_array()
            .unwrap()
            .len(),
        16
    );
}

#[test]
fn missing_file() {
    let scratch = Scratch::new("missing");
    let path = scratch.path().join("nothing-here.json");
    let error = XorNet::load(&path).unwrap_err();
    assert!(matches!(error, LoadError::NotFound { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!("no network file at {}", path.display())
    );
}

#[test]
fn unreadable_path() {
    let scratch = Scratch::new("unreadable");
    let directory = scratch.path();
    let error = XorNet::load(directory).unwrap_err(); // a directory, not a file
    assert!(matches!(error, LoadError::Io { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("could not read {}: ", directory.display())),
        "{error}"
    );
}

#[test]
fn truncated_file() {
    let scratch = Scratch::new("truncated");
    let directory = scratch.path();
    let path = directory.join("xor.json");
    trained_xor().save(&path).unwrap();
    let bytes = fs::read(&path).unwrap();
    // Every cut, from an empty file to one missing its last brace, is reported as truncated.
    let end = bytes.iter().rposition(|&b| b == b'}').unwrap();
    for length in (0..end).step_by(7) {
        write(&path, &bytes[..length]);
        let error = XorNet::load(&path).unwrap_err();
        assert!(
            matches!(error, LoadError::Truncated { .. }),
            "cut at {length}: {error:?}"
        );
    }
    write(&path, &bytes[..bytes.len() / 2]);
    let message = XorNet::load(&path).unwrap_err().to_string();
    assert!(
        message.starts_with(
            "the file is cut short: expected more JSON, found the end (EOF while parsing"
        ),
        "{message}"
    );
}

#[test]
fn corrupted_file() {
    let mut bytes = trained_xor().to_json().unwrap();
    let comma = bytes.iter().position(|&b| b == b',').unwrap();
    bytes[comma] = b'#';
    let error = XorNet::from_json(&bytes).unwrap_err();
    assert!(matches!(error, LoadError::Corrupted { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "the file is corrupted: expected JSON, found an error \
         (expected `,` or `}` at line 2 column 33)"
    );
    // Not UTF-8 at all.
    let error = XorNet::from_json(&[0xff, 0xfe, 0x00]).unwrap_err();
    assert!(matches!(error, LoadError::Corrupted { .. }), "{error:?}");
}

#[test]
fn not_a_network_file() {
    let error = XorNet::from_json(br#"{"name": "shopping list"}"#).unwrap_err();
    assert!(
        matches!(error, LoadError::NotANetworkFile { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "not a network file: expected a JSON object with \"format\": \"static-mlp network\", \
         found an object without a \"format\" field"
    );
    let error = XorNet::from_json(b"[1, 2, 3]").unwrap_err();
    assert!(error.to_string().ends_with("found an array"), "{error}");
    let error = XorNet::from_json(br#"{"format": "png"}"#).unwrap_err();
    assert!(
        error.to_string().ends_with("found \"format\": \"png\""),
        "{error}"
    );
}

#[test]
fn unsupported_version() {
    let mut file = xor_file();
    file["version"] = json!(4);
    let error = load_value::<XorNet>(&file).unwrap_err();
    assert!(
        matches!(error, LoadError::UnsupportedVersion { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "unsupported network file version: expected 1 (a network), 2 (a network with its \
         preprocessing) or 3 (with an imputer too), found 4"
    );
    // Version 2 is a pipeline's (tests/training/multiclass.rs): refused as a bare network, by kind.
    file["version"] = json!(2);
    let error = load_value::<XorNet>(&file).unwrap_err();
    assert!(
        matches!(error, LoadError::WrongContents { .. }),
        "{error:?}"
    );
}

#[test]
fn another_architecture_is_refused_naming_both() {
    let scratch = Scratch::new("architecture");
    let directory = scratch.path();
    let path = directory.join("small.json");
    type Small = mlp!(f32; 2 => 8 Sigmoid => 1 Sigmoid);
    Small::random(Init::Xavier, &mut StdRng::seed_from_u64(1))
        .save(&path)
        .unwrap();
    let error = XorNet::load(&path).unwrap_err();
    assert!(
        matches!(error, LoadError::ArchitectureMismatch { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the file holds 2→8→1 sigmoid f32, this type is 2→4→4→1 sigmoid f64"
    );

    // Same widths, but each of activation, bias and scalar differs in turn.
    let bytes = trained_xor().to_json().unwrap();
    let relu = <mlp!(f64; 2 => 4 Relu => 4 Relu => 1 Sigmoid)>::from_json(&bytes).unwrap_err();
    assert_eq!(
        relu.to_string(),
        "the file holds 2→4→4→1 sigmoid f64, this type is 2→4 relu→4 relu→1 sigmoid f64"
    );
    let no_bias = <mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid)>::from_json(&bytes)
        .unwrap_err();
    assert_eq!(
        no_bias.to_string(),
        "the file holds 2→4→4→1 sigmoid f64, this type is 2→4→4→1 sigmoid f64 (no bias)"
    );
    let narrow =
        <mlp!(f32; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid)>::from_json(&bytes).unwrap_err();
    assert_eq!(
        narrow.to_string(),
        "the file holds 2→4→4→1 sigmoid f64, this type is 2→4→4→1 sigmoid f32"
    );
}

#[test]
fn wrong_lengths() {
    let mut file = xor_file();
    file["network"]["rest"]["first"]["weights"]
        .as_array_mut()
        .unwrap()
        .pop();
    let error = load_value::<XorNet>(&file).unwrap_err();
    assert!(matches!(error, LoadError::WrongLength { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "layer 2 weights: expected 16 numbers, found 15"
    );

    let mut file = xor_file();
    file["network"]["rest"]["rest"]["bias"]
        .as_array_mut()
        .unwrap()
        .push(json!(0.5));
    let error = load_value::<XorNet>(&file).unwrap_err();
    assert_eq!(
        error.to_string(),
        "layer 3 bias: expected 1 number, found 2"
    );
}

#[test]
fn non_finite_weights() {
    // serde_json and most JSON writers store NaN and infinities as null.
    let mut file = xor_file();
    file["network"]["first"]["weights"][5] = Value::Null;
    let error = load_value::<XorNet>(&file).unwrap_err();
    assert!(
        matches!(error, LoadError::NonFiniteWeight { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "layer 1 weights, entry 5: expected a finite number, found null"
    );

    // A number fine for f64 but beyond f32's range would load as infinity.
    let lab = LabNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(9));
    let mut file: Value = serde_json::from_slice(&lab.to_json().unwrap()).unwrap();
    file["network"]["rest"]["rest"]["weights"][2] = json!(1e39);
    let error = load_value::<LabNet>(&file).unwrap_err();
    assert_eq!(
        error.to_string(),
        "layer 3 weights, entry 2: expected a finite number, found inf"
    );

    // Beyond f64's range, the JSON reader itself refuses the number.
    let text = String::from_utf8(trained_xor().to_json().unwrap()).unwrap();
    let first_weight = text.find("\"weights\": [\n").unwrap() + "\"weights\": [\n".len();
    let end = first_weight + text[first_weight..].find(',').unwrap();
    let edited = format!("{}1e999{}", &text[..first_weight], &text[end..]);
    let error = XorNet::from_json(edited.as_bytes()).unwrap_err();
    assert!(matches!(error, LoadError::Corrupted { .. }), "{error:?}");
    assert!(error.to_string().contains("number out of range"), "{error}");
}

#[test]
fn a_bias_in_a_layer_without_bias() {
    let lab = LabNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(9));
    let mut file: Value = serde_json::from_slice(&lab.to_json().unwrap()).unwrap();
    assert_eq!(
        file["network"]["first"]["bias"],
        json!([0.0, 0.0, 0.0, 0.0])
    );
    file["network"]["first"]["bias"][3] = json!(0.5);
    let error = load_value::<LabNet>(&file).unwrap_err();
    assert!(
        matches!(error, LoadError::UnexpectedBias { layer: 1 }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "layer 1 has no bias: expected its bias to be all zeros, found a non-zero entry"
    );
}

#[test]
fn invalid_content() {
    let mut file = xor_file();
    file["network"]["rest"]["first"]["weights"][0] = json!("0.5");
    let error = load_value::<XorNet>(&file).unwrap_err();
    assert!(
        matches!(error, LoadError::InvalidContent { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the network file's content is invalid: invalid type: string \"0.5\", expected f64"
    );

    let mut file = xor_file();
    file.as_object_mut().unwrap().remove("network");
    let error = load_value::<XorNet>(&file).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the network file's content is invalid: missing field `network`"
    );

    let mut file = xor_file();
    file["network"]["first"]["scale"] = json!(2.0);
    let error = load_value::<XorNet>(&file).unwrap_err();
    assert!(
        error.to_string().contains("unknown field `scale`"),
        "{error}"
    );
}

#[test]
fn a_diverged_net_is_not_saved_and_the_old_file_stays() {
    let scratch = Scratch::new("diverged");
    let directory = scratch.path();
    let path = directory.join("xor.json");
    let good = trained_xor();
    good.save(&path).unwrap();
    let before = fs::read(&path).unwrap();

    let mut diverged = good;
    diverged.parameters_mut().nth(2).unwrap()[7] = f64::NAN;
    let error = diverged.save(&path).unwrap_err();
    assert!(
        matches!(error, SaveError::NonFiniteWeight { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "not saved: layer 2 weights, entry 7 is NaN, expected a finite number \
         (a network with non-finite weights could not be loaded back)"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(XorNet::load(&path).unwrap(), good);
}

#[test]
fn saving_into_a_missing_directory_fails_cleanly() {
    let scratch = Scratch::new("no-directory");
    let path = scratch.path().join("missing").join("xor.json");
    let error = trained_xor().save(&path).unwrap_err();
    assert!(matches!(error, SaveError::Io { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("could not save to {}: ", path.display())),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .ends_with("(the file there, if any, is unchanged)")
    );
}
