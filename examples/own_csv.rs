//! The program to copy for your own CSV file: its widths are the two constants below.
//!
//! Reads a CSV file with a header row, one column of class names (`LABEL`) and `INPUTS`
//! numeric columns, standardises the inputs on a stratified 80 % training part, trains a
//! `INPUTS → 16 → CLASSES` network (a softmax output, categorical cross-entropy) with Adam on
//! mini-batches, and prints the accuracy on the other 20 %. A network's widths are types, fixed when the program is compiled; the file's
//! are known only when it is read. So a file whose column count differs from `INPUTS` (or
//! whose class count differs from `CLASSES`) is a clear error naming the expected and found
//! counts: change the constants and build again.
//!
//!     cargo run --release --example own_csv -- datasets/iris.csv
//!
//! Exit codes: 0 on success, 2 on bad arguments (with usage), 1 on a file that cannot be used.

use static_mlp::data::Standardizer;
use static_mlp::data::csv::{Layout, read_csv};
use static_mlp::metrics::argmax;
use static_mlp::model::predict_all;
use static_mlp::prelude::*;
use std::process::ExitCode;

/// The number of input columns in your file: every column but the label.
const INPUTS: usize = 4;
/// The number of classes in the label column.
const CLASSES: usize = 3;
/// The header name of the label column.
const LABEL: &str = "class";

/// One hidden layer of 16; a softmax over the classes, trained on one-hot labels.
type Net = mlp!(f32; INPUTS => 16 Relu => CLASSES Softmax);

const EPOCHS: usize = 200;
const SEED: u64 = 1;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [path] = arguments.as_slice() else {
        eprintln!("usage: own_csv FILE.csv");
        eprintln!(
            "  FILE.csv: a header row, {INPUTS} numeric input columns and a `{LABEL}` column"
        );
        return ExitCode::from(2);
    };
    match train(path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

fn train(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let data = read_csv::<f32, INPUTS, CLASSES>(path, &Layout::class(LABEL))?;
    println!(
        "{path}: {} samples, inputs {}, classes {}",
        data.samples.len(),
        data.input_names.join(", "),
        data.classes.join(", ")
    );
    let split = data.samples.split_stratified(0.0, 0.2, SEED)?;
    let (mut training, mut test) = (split.training, split.test);
    // z = (x − μ) / σ, with the training part's μ and σ.
    let standardizer = Standardizer::fit(training.inputs())?;
    for set in [&mut training, &mut test] {
        set.inputs_mut()
            .iter_mut()
            .for_each(|row| standardizer.apply_in_place(row));
    }

    let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(SEED));
    let mut adam = Adam::new(0.01)?;
    let mut shuffle = StdRng::seed_from_u64(SEED);
    let summary = Fit::new(&CategoricalCrossEntropy, &mut adam)
        .mini_batches::<16>(&mut shuffle)
        .max_epochs(EPOCHS)
        .run(&mut net, &training)?;
    println!(
        "trained {} epochs on {} samples: loss {:.4}",
        summary.epochs,
        training.len(),
        summary.loss
    );

    let predicted = predict_all(&net, test.inputs());
    let correct = predicted
        .iter()
        .zip(test.labels())
        .filter(|(output, label)| argmax(*output).is_some() && argmax(*output) == argmax(*label))
        .count();
    println!(
        "test accuracy {:.1} % ({correct} of {})",
        100.0 * correct as f64 / test.len() as f64,
        test.len()
    );
    Ok(())
}
