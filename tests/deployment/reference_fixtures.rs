//! Fixtures that other tools wrote, with their expected outputs beside them:
//! `tests/fixtures/<folder>/<name>` and `<name>.expected.json`.

use serde_json::Value;
use std::path::PathBuf;

/// The path of the fixture file `name` in `tests/fixtures/<folder>/`.
pub fn fixture(folder: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder)
        .join(name)
}

/// The JSON file `<name>.expected.json` in `tests/fixtures/<folder>/`.
pub fn expected(folder: &str, name: &str) -> Value {
    let text = std::fs::read_to_string(fixture(folder, &format!("{name}.expected.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A JSON array of arrays of numbers, as rows of `f64`.
pub fn rows(value: &Value) -> Vec<Vec<f64>> {
    let rows = value.as_array().unwrap();
    rows.iter()
        .map(|row| {
            let row = row.as_array().unwrap();
            row.iter().map(|v| v.as_f64().unwrap()).collect()
        })
        .collect()
}
