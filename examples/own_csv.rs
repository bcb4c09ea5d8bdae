//! The program to copy for your own CSV file: its widths are the two constants below.
//!
//! Reads a CSV file with a header row, one column of class names (`LABEL`) and `INPUTS`
//! numeric columns, standardises the inputs on the training rows, trains a
//! `INPUTS → 16 → CLASSES` network (a softmax output, categorical cross-entropy) with Adam on
//! mini-batches, and prints the accuracy on the test rows: a second file when one is given
//! (a `train.csv` and a `test.csv`), else a stratified 20 % of the one file.
//!
//! The test file is read with the training file's class list (`training.layout`), so a class
//! means the same output in both files whatever order their rows name the classes in, and a
//! class the training file never named is an error giving its line.
//!
//! A network's widths are types, fixed when the program is compiled; the file's are known only
//! when it is read. So a file whose column count differs from `INPUTS` (or whose class count
//! differs from `CLASSES`) is a clear error naming the expected and found counts: change the
//! constants and build again.
//!
//!     cargo run --release --example own_csv -- datasets/iris.csv
//!     cargo run --release --example own_csv -- train.csv test.csv
//!
//! Exit codes: 0 on success, 2 on bad arguments (with usage), 1 on a file that cannot be used.

use static_mlp::data::Standardizer;
use static_mlp::data::csv::{Layout, read_csv};
use static_mlp::metrics::ConfusionMatrix;
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
    let (path, test_path) = match arguments.as_slice() {
        [path] => (path, None),
        [path, test] => (path, Some(test)),
        _ => {
            eprintln!("usage: own_csv TRAIN.csv [TEST.csv]");
            eprintln!(
                "  TRAIN.csv: a header row, {INPUTS} numeric input columns and a `{LABEL}` column"
            );
            eprintln!("  TEST.csv:  the same columns; without it, 20 % of TRAIN.csv is held out");
            return ExitCode::from(2);
        }
    };
    match train(path, test_path.map(String::as_str)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

fn train(path: &str, test_path: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let data = read_csv::<f32, INPUTS, CLASSES>(path, &Layout::class(LABEL))?;
    println!(
        "{path}: {} samples, inputs {}, classes {}",
        data.samples.len(),
        data.input_names.join(", "),
        data.classes.join(", ")
    );
    let (mut training, mut test) = match test_path {
        // The test file with the training file's layout: its class list, in its order.
        Some(test_path) => {
            let test = read_csv::<f32, INPUTS, CLASSES>(test_path, &data.layout)?;
            println!("{test_path}: {} samples", test.samples.len());
            (data.samples, test.samples)
        }
        None => {
            let split = data.samples.split_stratified(0.0, 0.2, SEED)?;
            (split.training, split.test)
        }
    };
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

    // Actual against predicted classes; balanced accuracy weighs every class alike.
    let confusion = ConfusionMatrix::<CLASSES>::from_rows(&net, &test);
    let balanced = confusion.balanced_accuracy().unwrap_or(f64::NAN);
    println!(
        "test: {} samples, balanced accuracy {:.1} %",
        test.len(),
        100.0 * balanced
    );
    println!("{}", confusion.with_class_names(&data.classes));
    Ok(())
}
