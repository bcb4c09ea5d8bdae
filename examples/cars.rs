//! From the raw rows of a real file with gaps to a saved [`Pipeline`] and back.
//!
//! `datasets/cars.csv` (406 cars of 1970–1982) has 14 rows with an empty cell (8 without miles
//! per gallon, 6 without horsepower) and an imbalanced class, `origin`: USA 254, Japan 79,
//! Europe 73. This program predicts the origin from the seven numbers:
//!
//! 1. reads the file, an empty cell meaning "missing": miles per gallon are imputed with the
//!    training part's median, horsepower too, with one more input saying whether it was
//!    missing (so the network takes 7 + 1 = 8 inputs);
//! 2. holds out a stratified 20 % as the test part, fits the [`Imputer`] and the
//!    [`Standardizer`] on the training part only, and applies both to both parts;
//! 3. trains with balanced class weights, so that each origin counts alike, and prints the
//!    test part's balanced accuracy and confusion matrix;
//! 4. saves the network, imputer, standardizer and class names as one [`Pipeline`] file,
//!    loads it, and checks that the loaded pipeline, given the test part's *raw* rows (NaN in
//!    the missing cells), picks the class the trained network picked.
//!
//! Then it predicts miles per gallon (regression) from the six other numbers and `origin` as a
//! text input:
//!
//! 5. reads the file as text records, drops the 8 without miles per gallon, and holds out a
//!    shuffled 20 %;
//! 6. fits a [`RecordEncoder`] on the training records (`origin` one-hot over its sorted
//!    categories, so the network takes 6 + 3 = 9 inputs, `const INPUTS: usize = 9;`), an
//!    imputer for the missing horsepower, and a standardizer that leaves the one-hot inputs
//!    alone;
//! 7. trains on standardised targets, prints the test part's R², saves the encoder, imputer,
//!    standardizer and network as one [`RecordPipeline`] file, loads it, and checks that it
//!    predicts every raw test record (`&[&str]`, an empty horsepower included) as the trained
//!    network did.
//!
//!     cargo run --release --example cars
//!
//! Exit codes: 0 on success, 1 when a step fails, the balanced accuracy is below 55 % (a
//! classifier always answering USA scores 33 %) or the R² is below 0.7.

use static_mlp::data::SampleSet;
use static_mlp::data::Standardizer;
use static_mlp::data::csv::{Layout, read_csv};
use static_mlp::data::encoding::{ColumnEncoding, RecordEncoder};
use static_mlp::data::missing::{Imputation, Imputer, MissingPolicy, Statistic};
use static_mlp::data::text_records::TextRecords;
use static_mlp::metrics::{ConfusionMatrix, measure_regression};
use static_mlp::pipeline::{Pipeline, RecordPipeline};
use static_mlp::prelude::*;
use static_mlp::train::ClassWeights;
use std::process::ExitCode;

const FILE: &str = "datasets/cars.csv";
/// The seven numeric columns and the "horsepower was missing" input.
const INPUTS: usize = 8;
/// USA, Japan, Europe.
const CLASSES: usize = 3;

type Net = mlp!(f32; INPUTS => 16 Relu => CLASSES Softmax);
type Model = Pipeline<Net, f32, INPUTS, CLASSES, String>;

const EPOCHS: usize = 300;
const SEED: u64 = 1;
/// The lowest balanced accuracy on the test part that counts as a success.
const REQUIRED_BALANCED_ACCURACY: f64 = 0.55;

/// Regression: six numbers and the three origins, one-hot.
const MPG_INPUTS: usize = 9;
type MpgNet = mlp!(f32; MPG_INPUTS => 16 Tanh => 1 Identity);
type MpgModel = RecordPipeline<MpgNet, f32, MPG_INPUTS, 1>;
/// The lowest R² on the test part that counts as a success.
const REQUIRED_R_SQUARED: f64 = 0.7;

fn main() -> ExitCode {
    match run().and_then(|()| miles_per_gallon()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let layout = Layout::class("origin")
        .missing_texts([""])
        .on_missing("miles_per_gallon", MissingPolicy::Impute(Statistic::Median))
        .on_missing(
            "horsepower",
            MissingPolicy::ImputeWithIndicator(Statistic::Median),
        );
    let data = read_csv::<f32, INPUTS, CLASSES>(FILE, &layout)?;
    let missing = data
        .samples
        .inputs()
        .iter()
        .filter(|row| row.iter().any(|v| v.is_nan()))
        .count();
    println!(
        "{FILE}: {} rows ({missing} with a missing cell, {} dropped), inputs {}, classes {}",
        data.samples.len(),
        data.dropped_rows,
        data.input_names.join(", "),
        data.classes.join(", ")
    );

    let split = data.samples.split_stratified(0.0, 0.2, SEED)?;
    let (mut training, mut test) = (split.training, split.test);
    let raw_test = test.inputs().to_vec();
    // Both fitted on the training part only, then applied to both parts. The imputer is
    // applied once to a raw row: it reads the "was missing" input from the row's NaNs.
    let imputer = Imputer::fit(&data.imputation, training.inputs())?;
    for row in training.inputs_mut() {
        *row = imputer.apply(row);
    }
    let standardizer = Standardizer::fit(training.inputs())?;
    for row in training.inputs_mut() {
        standardizer.apply_in_place(row);
    }
    for row in test.inputs_mut() {
        *row = standardizer.apply(&imputer.apply(row));
    }

    let weights = ClassWeights::Balanced.per_sample(&training)?;
    let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(SEED));
    let mut adam = Adam::new(0.01)?;
    let mut shuffle = StdRng::seed_from_u64(SEED);
    let summary = Fit::new(&CategoricalCrossEntropy, &mut adam)
        .sample_weights(&weights)
        .mini_batches::<16>(&mut shuffle)
        .max_epochs(EPOCHS)
        .run(&mut net, &training)?;
    println!(
        "trained {} epochs on {} rows with balanced class weights: loss {:.4}",
        summary.epochs,
        training.len(),
        summary.loss
    );

    let confusion = ConfusionMatrix::<CLASSES>::from_rows(&net, &test);
    let balanced = confusion.balanced_accuracy().unwrap_or(0.0);
    let accuracy = confusion.accuracy().unwrap_or(0.0);
    println!(
        "test: {} rows, accuracy {:.1} %, balanced accuracy {:.1} %, macro F1 {:.3}",
        test.len(),
        100.0 * accuracy,
        100.0 * balanced,
        confusion.macro_f1().unwrap_or(0.0)
    );
    println!("{}", confusion.with_class_names(&data.classes));

    // One file: network, imputer, standardizer and class names.
    let model: Model = Pipeline::new(net, standardizer)
        .with_imputer(imputer)
        .try_with_class_names(data.classes.iter().cloned())?;
    let directory = std::env::temp_dir().join(format!("static-mlp-cars-{}", std::process::id()));
    std::fs::create_dir_all(&directory)?;
    let path = directory.join("cars.json");
    model.save(&path)?;
    let loaded = Model::load(&path);
    std::fs::remove_dir_all(&directory)?;
    let loaded = loaded?;
    let mut disagreements = 0;
    let mut shown = 0;
    for (raw, prepared) in raw_test.iter().zip(test.inputs()) {
        let from_raw = loaded.predict_class(*raw);
        if from_raw != net.predict_class(*prepared) {
            disagreements += 1;
        }
        if raw.iter().any(|v| v.is_nan()) && shown < 3 {
            shown += 1;
            println!(
                "raw row {raw:?} -> {}",
                loaded
                    .predict_class_name(*raw)
                    .unwrap_or("(no single class)")
            );
        }
    }
    println!(
        "saved and loaded {}: the loaded pipeline, on the {} raw test rows, disagrees with the \
         trained network on {disagreements}",
        path.display(),
        raw_test.len()
    );
    if disagreements > 0 {
        return Err(
            format!("{disagreements} raw rows were predicted differently after loading").into(),
        );
    }
    if balanced < REQUIRED_BALANCED_ACCURACY {
        return Err(format!(
            "balanced accuracy {:.1} %: expected at least {:.0} %",
            100.0 * balanced,
            100.0 * REQUIRED_BALANCED_ACCURACY
        )
        .into());
    }
    Ok(())
}

fn miles_per_gallon() -> Result<(), Box<dyn std::error::Error>> {
    let cars = TextRecords::read(FILE)?;
    let names = [
        "cylinders",
        "displacement",
        "horsepower",
        "weight_in_lbs",
        "acceleration",
        "year",
        "origin",
    ];
    let columns = cars.columns(&names)?;
    let target = cars
        .column("miles_per_gallon")
        .ok_or("no miles_per_gallon")?;
    // Rows without a target cannot be learned from: left out.
    let kept: Vec<usize> = (0..cars.records.len())
        .filter(|&r| !cars.records[r][target].is_empty())
        .collect();
    let records = cars.select(&columns);
    let mut order = kept.clone();
    rand::seq::SliceRandom::shuffle(order.as_mut_slice(), &mut StdRng::seed_from_u64(SEED));
    let (test_rows, training_rows) = order.split_at(order.len() / 5);
    println!(
        "\nmiles per gallon: {} records ({} without a target left out), {} training, {} test",
        kept.len(),
        cars.records.len() - kept.len(),
        training_rows.len(),
        test_rows.len()
    );

    let mut encodings = [ColumnEncoding::Number; 7];
    encodings[6] = ColumnEncoding::OneHot;
    let training_records: Vec<&Vec<&str>> = training_rows.iter().map(|&r| &records[r]).collect();
    let encoder = RecordEncoder::fit(&names, &encodings, &training_records)?.missing_texts([""]);
    println!(
        "encoded inputs: {} -> {}",
        encoder.input_names().join(", "),
        encoder.inputs_declaration()
    );
    let encode =
        |rows: &[usize]| -> Result<SampleSet<f32, MPG_INPUTS, 1>, Box<dyn std::error::Error>> {
            let mut set = SampleSet::with_capacity(rows.len());
            for &r in rows {
                let mpg: f32 = cars.records[r][target].parse()?;
                set.push(encoder.encode(&records[r])?, [mpg]);
            }
            Ok(set)
        };
    let (mut training, mut test) = (encode(training_rows)?, encode(test_rows)?);

    // Horsepower (input 2) imputed with the training part's median.
    let mut plan = vec![Imputation::Keep; MPG_INPUTS];
    plan[2] = Imputation::Fill(Statistic::Median);
    let imputer = Imputer::fit(&plan, training.inputs())?;
    for row in training.inputs_mut() {
        *row = imputer.apply(row);
    }
    let standardizer = encoder.fit_standardizer(training.inputs())?;
    for row in training.inputs_mut() {
        standardizer.apply_in_place(row);
    }
    for row in test.inputs_mut() {
        *row = standardizer.apply(&imputer.apply(row));
    }
    // Targets standardised on the training part too; R² does not change with their scale.
    let target_scaler = Standardizer::fit(training.labels())?;
    for set in [&mut training, &mut test] {
        for label in set.labels_mut() {
            target_scaler.apply_in_place(label);
        }
    }

    let mut net = MpgNet::random(Init::Xavier, &mut StdRng::seed_from_u64(SEED));
    let mut adam = Adam::new(0.01)?;
    let mut shuffle = StdRng::seed_from_u64(SEED);
    let summary = Fit::new(&MeanSquaredError, &mut adam)
        .mini_batches::<16>(&mut shuffle)
        .max_epochs(EPOCHS)
        .run(&mut net, &training)?;
    let fit = measure_regression(&net, &test).ok_or("no test rows")?;
    let r_squared = fit.r_squared[0].unwrap_or(f64::NEG_INFINITY);
    let [scale] = *target_scaler.scale();
    println!(
        "trained {} epochs: test R² {r_squared:.3}, mean absolute error {:.2} miles per gallon",
        summary.epochs,
        fit.mean_absolute_error[0] * f64::from(scale)
    );

    // Raw text records in, miles per gallon out: the encoder, imputer and standardizer are
    // all inside.
    let model: MpgModel = RecordPipeline::new(
        encoder,
        Pipeline::new(net, standardizer).with_imputer(imputer),
    )?;
    let directory = std::env::temp_dir().join(format!("static-mlp-mpg-{}", std::process::id()));
    std::fs::create_dir_all(&directory)?;
    let path = directory.join("miles_per_gallon.json");
    model.save(&path)?;
    let loaded = MpgModel::load(&path);
    std::fs::remove_dir_all(&directory)?;
    let model = loaded?;
    let mut disagreements = 0;
    for (&r, prepared) in test_rows.iter().zip(test.inputs()) {
        if model.predict_record(&records[r])? != net.predict_one(*prepared) {
            disagreements += 1;
        }
    }
    if let Some(&r) = test_rows.iter().find(|&&r| records[r][2].is_empty()) {
        let [standardised] = model.predict_record(&records[r])?;
        let [mean] = *target_scaler.mean();
        println!(
            "raw record {:?} -> {:.1} miles per gallon (actual {})",
            records[r],
            standardised * scale + mean,
            cars.records[r][target]
        );
    }
    println!(
        "saved and loaded {}: the record pipeline disagrees with the trained network on \
         {disagreements} of {} raw test records",
        path.display(),
        test_rows.len()
    );
    if disagreements > 0 {
        return Err(format!("{disagreements} raw records were predicted differently").into());
    }
    if r_squared < REQUIRED_R_SQUARED {
        return Err(format!("R² {r_squared:.3}: expected at least {REQUIRED_R_SQUARED}").into());
    }
    Ok(())
}
