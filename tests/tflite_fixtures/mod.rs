//! Reading the committed `.tflite` fixtures and their golden files, shared by the tests
//! that check int8 outputs against TensorFlow Lite Micro's (`tflite_golden`, `bake_quantized`).

use serde_json::Value;

/// `tests/fixtures/tflite/NAME.tflite` and its `NAME.golden.json`, parsed.
pub fn golden(name: &str) -> (Vec<u8>, Value) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tflite/");
    let model = std::fs::read(format!("{dir}{name}.tflite")).unwrap();
    let text = std::fs::read_to_string(format!("{dir}{name}.golden.json")).unwrap();
    (model, serde_json::from_str(&text).unwrap())
}

/// A golden file's array of int8 rows.
pub fn rows(value: &Value) -> Vec<Vec<i8>> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|v| i8::try_from(v.as_i64().unwrap()).expect("an int8 value"))
                .collect()
        })
        .collect()
}
