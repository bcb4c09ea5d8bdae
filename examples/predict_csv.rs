//! Predicts a CSV file with a saved model: writes a CSV of the predicted class name and every
//! class's probability for each row.
//!
//! The model is a `Pipeline` (network, standardizer, class names) as `classify --save` writes
//! it for Iris (three softmax outputs) or Breast Cancer (one sigmoid output, two class names);
//! a network's widths are types, so the example has both types compiled in and loads the file
//! as the one whose architecture it holds. The rows are read with the model's input columns,
//! and a `class` column, if the file has one, is left out, so both a labelled file and new rows
//! without labels can be predicted.
//!
//!     cargo run --release --example classify -- --data iris --save iris.json
//!     cargo run --release --example predict_csv -- iris.json datasets/iris.csv predictions.csv
//!     cargo run --release --example classify -- --data breast_cancer --save cancer.json
//!     cargo run --release --example predict_csv -- cancer.json datasets/breast_cancer.csv out.csv
//!
//! The output has a header `row,class,p_setosa,…` (one `p_` column per class name, in the
//! model's class order) and one line per input row, `row` counting the data rows from 1. With
//! one sigmoid output `y` the two probabilities are `1 − y` and `y`, and the class is the
//! second for `y` above 0.5. A row whose outputs pick no single class (a tie, or a NaN) has an
//! empty `class` cell. The file is written whole, once every row is predicted.
//!
//! Exit codes: 0 on success, 2 on bad arguments (with usage), 1 on a model or file that cannot
//! be used.

use static_mlp::data::csv::{Layout, read_csv_inputs};
use static_mlp::io::json::LoadError;
use static_mlp::pipeline::Pipeline;
use static_mlp::prelude::*;
use std::error::Error;
use std::process::ExitCode;

/// What `classify --data iris` trains: 4 inputs, 16 hidden, 3 classes.
type Iris = mlp!(f32; 4 => 16 Relu => 3 Softmax);
/// What `classify --data breast_cancer` trains: 30 inputs, 16 hidden, one sigmoid output.
type BreastCancer = mlp!(f32; 30 => 16 Relu => 1 Sigmoid);
/// The label column the file may have, which is not an input.
const LABEL: &str = "class";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [model, data, out] = arguments.as_slice() else {
        eprintln!("usage: predict_csv MODEL.json DATA.csv OUT.csv");
        eprintln!("  MODEL.json: a saved pipeline with class names (classify --save)");
        eprintln!(
            "  DATA.csv:   a header row and the model's input columns (a `{LABEL}` column is skipped)"
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
/// the number of rows: the model is loaded as each compiled-in type in turn until one has its
/// architecture.
fn predict(model: &str, data: &str, out: &str) -> Result<usize, Box<dyn Error>> {
    match predict_with::<Iris, 4, 3>(model, data, out) {
        Err(Failed::Load(LoadError::ArchitectureMismatch { .. })) => {}
        other => return Ok(other?),
    }
    match predict_with::<BreastCancer, 30, 1>(model, data, out) {
        Err(Failed::Load(LoadError::ArchitectureMismatch { file, .. })) => Err(format!(
            "{model}: a network of architecture {file}: expected {} (classify --data iris) \
             or {} (classify --data breast_cancer)",
            Iris::architecture(),
            BreastCancer::architecture()
        )
        .into()),
        other => Ok(other?),
    }
}

/// Why a model type could not predict the file: its loading, kept apart to try the next
/// type, or anything else.
enum Failed {
    Load(LoadError),
    Other(Box<dyn Error>),
}

impl From<Failed> for Box<dyn Error> {
    fn from(failed: Failed) -> Self {
        match failed {
            Failed::Load(error) => error.into(),
            Failed::Other(error) => error,
        }
    }
}

/// [`predict`] with the model loaded as a `Net` of `I` inputs and `O` outputs.
fn predict_with<Net, const I: usize, const O: usize>(
    model: &str,
    data: &str,
    out: &str,
) -> Result<usize, Failed>
where
    Net: Network<f32, I, O> + JsonFile<Scalar = f32>,
{
    let model = Pipeline::<Net, f32, I, O, String>::load(model).map_err(Failed::Load)?;
    let other = |error: Box<dyn Error>| Failed::Other(error);
    let names = model
        .class_names()
        .ok_or("the model has no class names: save it with them (classify --save does)")
        .map_err(|error| other(error.into()))?;
    let rows =
        read_csv_inputs::<f32, I>(data, &Layout::class(LABEL)).map_err(|e| other(e.into()))?;

    let mut text = String::new();
    let header = ["row", "class"]
        .into_iter()
        .map(String::from)
        .chain(names.iter().map(|name| format!("p_{name}")));
    write_record(&mut text, header);
    for (row, &input) in rows.inputs.iter().enumerate() {
        let outputs = model.predict_one(input);
        // One sigmoid output is the second class's probability.
        let probabilities = match outputs.as_slice() {
            &[y] => vec![1.0 - y, y],
            all => all.to_vec(),
        };
        let class = model.predict_class_name(input).unwrap_or_default();
        let record = [(row + 1).to_string(), class.to_string()]
            .into_iter()
            .chain(probabilities.iter().map(f32::to_string));
        write_record(&mut text, record);
    }
    let bytes = text.into_bytes();
    std::fs::write(out, bytes)
        .map_err(|error| other(format!("{out}: cannot write: {error}").into()))?;
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
