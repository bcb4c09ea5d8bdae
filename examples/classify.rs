//! Real data that no one here wrote: trains and tests a network on one of the five data sets in
//! `datasets/` (Iris, Wine, Breast Cancer, the 8 × 8 digits, Diabetes) under the protocol
//! scikit-learn is measured by in `scripts/datasets/sklearn_reference.py`, and prints the test
//! accuracy (or R², MAE and RMSE) of every split, their mean, and the confusion matrix.
//!
//!     cargo run --release --example classify -- --data digits
//!     cargo run --release --example classify -- --data wine --hidden 32 --epochs 60
//!     cargo run --release --example classify -- --data iris --save iris.json
//!     cargo run --release --example classify -- --data iris --json     # for the script
//!
//! The protocol: 5 train/test splits of 80/20 % from seeds `--seed` … `--seed`+4, stratified
//! by class (Diabetes: shuffled), inputs standardised with the training part's mean and
//! deviation. Multi-class sets end in a softmax trained with categorical cross-entropy, Breast
//! Cancer in one sigmoid output with binary cross-entropy, Diabetes in one identity output with
//! mean squared error on a target standardised the same way (R² is the same on either scale;
//! MAE and RMSE are reported in the target's own units).
//!
//! A network's widths are types, so each data set has its network type compiled in here, and
//! `--hidden` and `--batch` choose among the widths and batch sizes compiled in (16, 32, 64).
//! Only `Fit::run` is timed (its per-epoch evaluation of the training set included): no file
//! reading, standardising or testing.
//!
//! Exit codes: 0 on success, 2 on bad arguments (with the usage), 1 on a file that cannot be
//! read or used (`--file` reads another CSV in place of `datasets/NAME.csv`).

use serde_json::json;
use static_mlp::data::csv::{Layout, read_csv};
use static_mlp::data::{SampleSet, Standardizer};
use static_mlp::metrics::argmax;
use static_mlp::prediction::predict_all;
use static_mlp::prelude::*;
use static_mlp::regression::measure;
use static_mlp::save::Persist;
use static_mlp::{ConfusionMatrix, Loss, Pipeline};
use std::error::Error;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: classify --data iris|wine|breast_cancer|digits|diabetes
                [--hidden 16|32|64] [--epochs N] [--batch 16|32|64]
                [--optimizer adam|sgd|momentum|rprop] [--learning-rate X]
                [--seed N] [--save MODEL.json] [--file DATA.csv] [--json]
  --data       which of datasets/NAME.csv to train on
  --hidden     the width of the one hidden layer (ReLU); widths are types, so only the
               compiled-in 16, 32 and 64 (default: per data set, see the README's table)
  --epochs     epochs per split (default: per data set)
  --batch      mini-batch size, also a type: 16, 32 or 64 (default: per data set)
  --optimizer  default adam; --learning-rate defaults per optimiser and data set
  --seed       the 5 splits use seeds N … N+4, and so do the initial weights (default 0)
  --save       write the last split's model (network, standardizer, class names) here
  --file       read this CSV in place of datasets/NAME.csv (same columns)
  --json       print one JSON line at the end (scripts/datasets/sklearn_reference.py --ours)";

/// The number of train/test splits of the protocol.
const SPLITS: u64 = 5;
/// The fraction of each split held out for testing.
const TEST: f64 = 0.2;

/// The five data sets, by the name of their file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Data {
    Iris,
    Wine,
    BreastCancer,
    Digits,
    Diabetes,
}

impl Data {
    const ALL: [Data; 5] = [
        Data::Iris,
        Data::Wine,
        Data::BreastCancer,
        Data::Digits,
        Data::Diabetes,
    ];

    fn name(self) -> &'static str {
        match self {
            Data::Iris => "iris",
            Data::Wine => "wine",
            Data::BreastCancer => "breast_cancer",
            Data::Digits => "digits",
            Data::Diabetes => "diabetes",
        }
    }

    /// The settings that reach the targets in the README's table fastest.
    fn defaults(self) -> Settings {
        let (hidden, epochs, batch, learning_rate) = match self {
            Data::Iris => (16, 60, 16, 0.02),
            Data::Wine => (16, 30, 16, 0.01),
            Data::BreastCancer => (16, 30, 32, 0.005),
            Data::Digits => (32, 12, 32, 0.005),
            Data::Diabetes => (16, 40, 32, 0.002),
        };
        Settings {
            hidden,
            epochs,
            batch,
            learning_rate,
        }
    }
}

/// What a run trains with.
#[derive(Clone, Copy, Debug)]
struct Settings {
    hidden: usize,
    epochs: usize,
    batch: usize,
    learning_rate: f64,
}

/// An optimiser chosen on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Adam,
    Sgd,
    Momentum,
    Rprop,
}

impl Choice {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "adam" => Choice::Adam,
            "sgd" => Choice::Sgd,
            "momentum" => Choice::Momentum,
            "rprop" => Choice::Rprop,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Choice::Adam => "adam",
            Choice::Sgd => "sgd",
            Choice::Momentum => "momentum",
            Choice::Rprop => "rprop",
        }
    }

    /// The optimiser, boxed: `Fit` takes any `Optimizer`, sized or not.
    fn build<Net>(self, learning_rate: f32) -> Result<Box<dyn Optimizer<f32, Net>>, Box<dyn Error>>
    where
        Net: Parameters<f32> + Clone + 'static,
    {
        Ok(match self {
            Choice::Adam => Box::new(Adam::new(learning_rate)?),
            Choice::Sgd => Box::new(GradientDescent::new(learning_rate)?),
            Choice::Momentum => Box::new(Momentum::new(learning_rate, 0.9)?),
            Choice::Rprop => Box::new(Rprop::new().with_initial_step(learning_rate)?),
        })
    }
}

/// The command line, parsed.
struct Options {
    data: Data,
    settings: Settings,
    optimizer: Choice,
    seed: u64,
    save: Option<PathBuf>,
    file: Option<PathBuf>,
    json: bool,
}

/// The widths and batch sizes compiled in.
const SIZES: [usize; 3] = [16, 32, 64];

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match dispatch(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The options, `None` for `--help`, or what is wrong with the command line.
fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut data = None;
    let (mut hidden, mut epochs, mut batch, mut learning_rate) = (None, None, None, None);
    let (mut optimizer, mut seed, mut save, mut file, mut json) =
        (Choice::Adam, 0, None, None, false);
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--help" | "-h" => return Ok(None),
            "--json" => {
                json = true;
                continue;
            }
            _ => {}
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let invalid = || format!("invalid value for {flag}: {value:?}");
        let size = || {
            value
                .parse()
                .ok()
                .filter(|size| SIZES.contains(size))
                .ok_or_else(invalid)
        };
        match flag.as_str() {
            "--data" => {
                let found = Data::ALL.into_iter().find(|d| d.name() == value);
                data = Some(found.ok_or_else(invalid)?);
            }
            "--hidden" => hidden = Some(size()?),
            "--batch" => batch = Some(size()?),
            "--epochs" => epochs = Some(value.parse().map_err(|_| invalid())?),
            "--optimizer" => optimizer = Choice::parse(&value).ok_or_else(invalid)?,
            "--learning-rate" => {
                let rate: f64 = value.parse().map_err(|_| invalid())?;
                learning_rate = Some(rate);
            }
            "--seed" => seed = value.parse().map_err(|_| invalid())?,
            "--save" => save = Some(PathBuf::from(value)),
            "--file" => file = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option {flag:?}")),
        }
    }
    let data = data.ok_or("--data is required")?;
    let defaults = data.defaults();
    let default_rate = match optimizer {
        Choice::Adam => defaults.learning_rate,
        Choice::Sgd | Choice::Momentum => 0.05,
        Choice::Rprop => 0.01,
    };
    Ok(Some(Options {
        data,
        settings: Settings {
            hidden: hidden.unwrap_or(defaults.hidden),
            epochs: epochs.unwrap_or(defaults.epochs),
            batch: batch.unwrap_or(defaults.batch),
            learning_rate: learning_rate.unwrap_or(default_rate),
        },
        optimizer,
        seed,
        save,
        file,
        json,
    }))
}

/// Which output, loss and measure a data set is trained and tested with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Task {
    /// k classes: softmax and categorical cross-entropy, argmax accuracy.
    Classes,
    /// Two classes in one sigmoid output: binary cross-entropy, thresholded at 0.5.
    Binary,
    /// A number: identity output, mean squared error, R².
    Regression,
}

/// The network types: one hidden ReLU layer of `H`, the output each task needs.
type Classes<const I: usize, const H: usize, const K: usize> = mlp!(f32; I => H Relu => K Softmax);
type Binary<const I: usize, const H: usize> = mlp!(f32; I => H Relu => 1 Sigmoid);
type Regression<const I: usize, const H: usize> = mlp!(f32; I => H Relu => 1 Identity);

/// Picks the compiled-in network for the data set and hidden width, then the batch size.
fn dispatch(options: &Options) -> Result<(), Box<dyn Error>> {
    macro_rules! widths {
        ($net:ident < $($before:literal,)* H $(, $after:literal)* >, $loss:expr, $task:expr,
         $inputs:literal, $outputs:literal, $classes:literal) => {
            match options.settings.hidden {
                16 => batches::<$net<$($before,)* 16 $(, $after)*>, _, $inputs, $outputs, $classes>(options, $loss, $task),
                32 => batches::<$net<$($before,)* 32 $(, $after)*>, _, $inputs, $outputs, $classes>(options, $loss, $task),
                _ => batches::<$net<$($before,)* 64 $(, $after)*>, _, $inputs, $outputs, $classes>(options, $loss, $task),
            }
        };
    }
    match options.data {
        Data::Iris => widths!(Classes<4, H, 3>, &CategoricalCrossEntropy, Task::Classes, 4, 3, 3),
        Data::Wine => widths!(Classes<13, H, 3>, &CategoricalCrossEntropy, Task::Classes, 13, 3, 3),
        Data::BreastCancer => widths!(Binary<30, H>, &BinaryCrossEntropy, Task::Binary, 30, 1, 2),
        Data::Digits => {
            widths!(Classes<64, H, 10>, &CategoricalCrossEntropy, Task::Classes, 64, 10, 10)
        }
        Data::Diabetes => widths!(Regression<10, H>, &MeanSquaredError, Task::Regression, 10, 1, 1),
    }
}

/// Picks the compiled-in batch size.
fn batches<Net, L, const I: usize, const O: usize, const K: usize>(
    options: &Options,
    loss: &L,
    task: Task,
) -> Result<(), Box<dyn Error>>
where
    Net: Network<f32, I, O> + Persist<Scalar = f32> + Clone + 'static,
    L: Loss<Net::OutputActivation>,
{
    match options.settings.batch {
        16 => run::<Net, L, I, O, K, 16>(options, loss, task),
        32 => run::<Net, L, I, O, K, 32>(options, loss, task),
        _ => run::<Net, L, I, O, K, 64>(options, loss, task),
    }
}

/// One split's test result.
struct Outcome {
    /// Accuracy, or R² for regression.
    score: f64,
    /// Mean absolute error and root mean squared error, in the target's units (regression).
    errors: Option<(f64, f64)>,
    seconds: f64,
}

/// The protocol: read, split 5 times, standardise, train (timed), test, report.
fn run<Net, L, const I: usize, const O: usize, const K: usize, const M: usize>(
    options: &Options,
    loss: &L,
    task: Task,
) -> Result<(), Box<dyn Error>>
where
    Net: Network<f32, I, O> + Persist<Scalar = f32> + Clone + 'static,
    L: Loss<Net::OutputActivation>,
{
    let name = options.data.name();
    let path = options.file.clone().unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("datasets/{name}.csv"))
    });
    let layout = if task == Task::Regression {
        Layout::numbers(["target"])
    } else {
        Layout::class("class")
    };
    let file = read_csv::<f32, I, O>(&path, &layout)?;
    let classes: Vec<String> = if task == Task::Regression {
        Vec::new()
    } else {
        file.classes.clone()
    };
    let settings = options.settings;
    let optimizer_text = format!(
        "{} lr={} batch {M}",
        options.optimizer.name(),
        settings.learning_rate
    );
    let network_text = Net::architecture().to_string();
    if !options.json {
        println!(
            "{}: {} samples × {} inputs{}; {network_text}, {optimizer_text}, {} epochs",
            path.display(),
            file.samples.len(),
            I,
            if classes.is_empty() {
                String::new()
            } else {
                format!(", classes {}", classes.join(", "))
            },
            settings.epochs
        );
    }

    let mut confusion = ConfusionMatrix::<K>::new();
    let mut outcomes = Vec::new();
    let mut last_model = None;
    let progress = Progress::new(options.json, settings.epochs);
    for split_number in 0..SPLITS {
        let seed = options.seed + split_number;
        let split = if task == Task::Regression {
            file.samples.split_shuffled(0.0, TEST, seed)?
        } else {
            file.samples.split_stratified(0.0, TEST, seed)?
        };
        let (mut training, mut test) = (split.training, split.test);
        let standardizer = Standardizer::fit(training.inputs())?; // the training part only
        for set in [&mut training, &mut test] {
            set.inputs_mut()
                .iter_mut()
                .for_each(|row| standardizer.apply_in_place(row));
        }
        // Diabetes: the target too, y′ = (y − μ)/σ on the training part's μ and σ.
        let target = Standardizer::<f32, O>::fit(training.labels())?;
        if task == Task::Regression {
            for set in [&mut training, &mut test] {
                set.labels_mut()
                    .iter_mut()
                    .for_each(|row| target.apply_in_place(row));
            }
        }

        let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(seed));
        let mut optimizer = options
            .optimizer
            .build::<Net>(settings.learning_rate as f32)?;
        let mut shuffle = StdRng::seed_from_u64(seed.wrapping_add(1_000));
        let started = Instant::now();
        let summary = Fit::new(loss, &mut *optimizer)
            .mini_batches::<M>(&mut shuffle)
            .max_epochs(settings.epochs)
            .run_with(&mut net, &training, |epoch, _| {
                progress.epoch(split_number, epoch.epoch, epoch.loss);
                Control::Continue
            })?;
        let seconds = started.elapsed().as_secs_f64();
        progress.done(split_number, summary.loss, seconds);

        let outcome = match task {
            Task::Regression => {
                let fit = measure(&net, &test).ok_or("the test part is empty")?;
                let scale = f64::from(target.scale()[0]);
                Outcome {
                    score: fit.r_squared[0].ok_or("the test targets are all equal")?,
                    errors: Some((
                        fit.mean_absolute_error[0] * scale,
                        fit.root_mean_squared_error[0] * scale,
                    )),
                    seconds,
                }
            }
            Task::Classes | Task::Binary => {
                let outputs = predict_all(&net, test.inputs());
                let mut split_confusion = ConfusionMatrix::<K>::new();
                for (output, label) in outputs.iter().zip(test.labels()) {
                    let actual = class_of(label).ok_or("a test label has no class")?;
                    split_confusion.add(actual, class_of(output));
                    confusion.add(actual, class_of(output));
                }
                Outcome {
                    score: split_confusion.accuracy().ok_or("the test part is empty")?,
                    errors: None,
                    seconds,
                }
            }
        };
        if !options.json {
            report_split(seed, &training, &test, &outcome);
        }
        outcomes.push(outcome);
        if task == Task::Regression {
            destandardize_output(&mut net, &target);
        }
        last_model = Some(Pipeline::<Net, f32, I, O, String>::new(net, standardizer));
    }

    let scores: Vec<f64> = outcomes.iter().map(|o| o.score).collect();
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let worst = scores.iter().copied().fold(f64::INFINITY, f64::min);
    let mut seconds: Vec<f64> = outcomes.iter().map(|o| o.seconds).collect();
    seconds.sort_by(f64::total_cmp);
    let median = seconds[seconds.len() / 2];

    if let Some(path) = &options.save {
        let mut model = last_model.expect("5 splits were trained");
        if task != Task::Regression {
            model = model.try_with_class_names(classes.iter().cloned())?;
        }
        model.save(path)?;
        if !options.json {
            println!(
                "saved the last split's model (network, standardizer{}) to {}",
                if task == Task::Regression {
                    ", the target's scale folded into the output layer"
                } else {
                    ", class names"
                },
                path.display()
            );
        }
    }

    let (key, worst_key) = if task == Task::Regression {
        ("r2", "r2_min")
    } else {
        ("accuracy", "accuracy_min")
    };
    if options.json {
        let mut line = json!({
            "data": name,
            key: mean,
            worst_key: worst,
            "train_seconds_median": median,
            "train_seconds": outcomes.iter().map(|o| o.seconds).collect::<Vec<_>>(),
            "epochs": settings.epochs,
            "network": network_text,
            "optimizer": optimizer_text,
            "splits": SPLITS,
        });
        if task == Task::Regression {
            let count = outcomes.len() as f64;
            let mae = outcomes
                .iter()
                .filter_map(|o| o.errors)
                .map(|e| e.0)
                .sum::<f64>()
                / count;
            let rmse = outcomes
                .iter()
                .filter_map(|o| o.errors)
                .map(|e| e.1)
                .sum::<f64>()
                / count;
            line["mae"] = json!(mae);
            line["rmse"] = json!(rmse);
        }
        println!("{line}");
        return Ok(());
    }
    if task == Task::Regression {
        let count = outcomes.len() as f64;
        let mae = outcomes
            .iter()
            .filter_map(|o| o.errors)
            .map(|e| e.0)
            .sum::<f64>()
            / count;
        let rmse = outcomes
            .iter()
            .filter_map(|o| o.errors)
            .map(|e| e.1)
            .sum::<f64>()
            / count;
        println!(
            "mean of {SPLITS} test splits: R² {mean:.3} (worst {worst:.3}), MAE {mae:.1}, RMSE {rmse:.1}; \
             training {:.1} ms (median)",
            1e3 * median
        );
    } else {
        println!(
            "mean test accuracy of {SPLITS} splits: {:.1} % (worst {:.1} %); training {:.1} ms (median)",
            100.0 * mean,
            100.0 * worst,
            1e3 * median
        );
        println!(
            "\nconfusion matrix, all {SPLITS} test splits together ({} predictions):",
            confusion.total()
        );
        println!("{}", confusion.with_class_names(&classes));
    }
    Ok(())
}

/// A row's class: the largest of k outputs (or labels), or whether a single one is above 0.5;
/// `None` for a NaN or a tie, which is never right.
fn class_of<const O: usize>(values: &[f32; O]) -> Option<usize> {
    match values.as_slice() {
        [single] => (!single.is_nan()).then_some(usize::from(*single > 0.5)),
        _ => argmax(values),
    }
}

/// Folds the target's standardisation into the identity output layer, so the saved model
/// predicts in the target's own units: `y = σ·(h·w + b) + μ = h·(σw) + (σb + μ)`.
fn destandardize_output<Net: Parameters<f32>, const O: usize>(
    net: &mut Net,
    target: &Standardizer<f32, O>,
) {
    let mut slices: Vec<&mut [f32]> = net.parameters_mut().collect();
    let (scale, mean) = (target.scale()[0], target.mean()[0]);
    let bias = slices.pop().expect("the output layer has a bias");
    bias.iter_mut().for_each(|b| *b = *b * scale + mean);
    let weights = slices.pop().expect("the output layer has weights");
    weights.iter_mut().for_each(|w| *w *= scale);
}

fn report_split<const I: usize, const O: usize>(
    seed: u64,
    training: &SampleSet<f32, I, O>,
    test: &SampleSet<f32, I, O>,
    outcome: &Outcome,
) {
    let score = match outcome.errors {
        Some((mae, rmse)) => format!("R² {:.3}, MAE {mae:.1}, RMSE {rmse:.1}", outcome.score),
        None => format!("accuracy {:.1} %", 100.0 * outcome.score),
    };
    println!(
        "split seed {seed}: {} training / {} test samples, test {score}, trained in {:.1} ms",
        training.len(),
        test.len(),
        1e3 * outcome.seconds
    );
}

/// Progress while training: one line rewritten in place on a terminal, a few plain lines
/// otherwise (a log, a pipe), nothing with `--json`.
struct Progress {
    quiet: bool,
    terminal: bool,
    epochs: usize,
}

impl Progress {
    fn new(quiet: bool, epochs: usize) -> Self {
        Self {
            quiet,
            terminal: std::io::stdout().is_terminal(),
            epochs,
        }
    }

    fn epoch(&self, split: u64, epoch: usize, loss: f32) {
        if self.quiet {
            return;
        }
        let split = split + 1;
        if self.terminal {
            let width = 30;
            let filled = width * epoch / self.epochs.max(1);
            print!(
                "\rsplit {split}/{SPLITS} [{}{}] epoch {epoch}/{} loss {loss:.4} ",
                "#".repeat(filled),
                "-".repeat(width - filled),
                self.epochs
            );
            let _ = std::io::stdout().flush();
        } else if epoch % (self.epochs / 4).max(1) == 0 {
            println!(
                "split {split}/{SPLITS} epoch {epoch}/{} loss {loss:.4}",
                self.epochs
            );
        }
    }

    fn done(&self, split: u64, loss: f32, seconds: f64) {
        if self.terminal && !self.quiet {
            print!("\r{:78}\r", "");
            println!(
                "split {}/{SPLITS} trained: loss {loss:.4} in {:.1} ms",
                split + 1,
                1e3 * seconds
            );
        }
    }
}
