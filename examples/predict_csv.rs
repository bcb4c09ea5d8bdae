//! Predicts a CSV file with a saved model: writes a CSV of the predicted class name and every
//! class's probability for each row.
//!
//! The model is a `Pipeline` (network, standardizer, class names) as `classify --save` writes
//! it for Iris; the rows are read with its input columns, and a `class` column, if the file has
//! one, is left out, so both a labelled file and new rows without labels can be predicted.
//!
//!     cargo run --release --example classify -- --data iris --save iris.json
//!     cargo run --release --example predict_csv -- iris.json datasets/iris.csv predictions.csv
//!
//! The output has a header `row,class,p_setosa,…` (one `p_` column per class name, in the
//! model's class order) and one line per input row, `row` counting the data rows from 1. A row
//! whose outputs pick no single class (a tie, or a NaN) has an empty `class` cell. The file is
//! written whole, once every row is predicted.
//!
//! Exit codes: 0 on success, 2 on bad arguments (with usage), 1 on a model or file that cannot
//! be used.

use static_mlp::data::csv::{Layout, read_csv_inputs};
use static_mlp::pipeline::Pipeline;
use static_mlp::prelude::*;
use std::error::Error;
use std::process::ExitCode;

/// The model's type: what `classify --data iris` trains (4 inputs, 16 hidden, 3 classes).
type Net = mlp!(f32; 4 => 16 Relu => 3 Softmax);
type Model = Pipeline<Net, f32, 4, 3, String>;
/// The label column the file may have, which is not an input.
const LABEL: &str = "class";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [model, data, out] = arguments.as_slice() else {
        eprintln!("usage: predict_csv MODEL.json DATA.csv OUT.csv");
        eprintln!("  MODEL.json: a saved pipeline with class names (classify --save)");
        eprintln!(
            "  DATA.csv:   a header row and the model's 4 input columns (a `{LABEL}` column is skipped)"
        );
        eprintln!("  OUT.csv:    written with each row's predicted class and probabilities");
        return ExitCode::from(2);
    };
    match predict(model, data, out) {
        Ok(rows) => {
            println!("{out}: {rows} predictions");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

/// Predicts every row of `data` with the model at `model`, writes them to `out`, and returns
/// the number of rows.
fn predict(model: &str, data: &str, out: &str) -> Result<usize, Box<dyn Error>> {
    let model = Model::load(model)?;
    let names = model
        .class_names()
        .ok_or("the model has no class names: save it with them (classify --save does)")?;
    let rows = read_csv_inputs::<f32, 4>(data, &Layout::class(LABEL))?;

    let mut text = String::new();
    let header = ["row", "class"]
        .into_iter()
        .map(String::from)
        .chain(names.iter().map(|name| format!("p_{name}")));
    write_record(&mut text, header);
    for (row, &input) in rows.inputs.iter().enumerate() {
        let probabilities = model.predict_one(input);
        let class = model.predict_class_name(input).unwrap_or_default();
        let record = [(row + 1).to_string(), class.to_string()]
            .into_iter()
            .chain(probabilities.iter().map(f32::to_string));
        write_record(&mut text, record);
    }
    let bytes = text.into_bytes();
    std::fs::write(out, bytes).map_err(|error| format!("{out}: cannot write: {error}"))?;
    Ok(rows.inputs.len())
}

/// Appends one CSV line: fields joined by commas, a field quoted (its quotes doubled) when it
/// holds a comma, a quote or a line break, as RFC 4180 writes it.
fn write_record(text: &mut String, fields: impl IntoIterator<Item = String>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            text.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            text.push('"');
            text.push_str(&field.replace('"', "\"\""));
            text.push('"');
        } else {
            text.push_str(&field);
        }
    }
    text.push('\n');
}
