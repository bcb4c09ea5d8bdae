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
//! `--hidden` and `--batch` choose among the widths and batch sizes compiled in (16 and 32:
//! each pair is one more copy of the whole training code per data set, so the example keeps
//! the two the defaults use).
//! Only `Fit::run` is timed (its per-epoch evaluation of the training set included): no file
//! reading, standardising or testing.
//!
//! Exit codes: 0 on success, 2 on bad arguments (with the usage), 1 on a file that cannot be
//! read or used (`--file` reads another CSV in place of `datasets/NAME.csv`).

mod protocol;

use protocol::{
    Binary, Choice, Classes, Data, Regression, SPLITS, Settings, SplitSource, Splits, Stopping,
    Task,
};
use serde_json::json;
use static_mlp::io::json::JsonFile;
use static_mlp::prelude::*;
use static_mlp::{pipeline::Pipeline, train::Loss};
use std::cell::Cell;
use std::error::Error;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: classify --data iris|wine|breast_cancer|digits|diabetes|cars_origin|cars_mpg
                [--splits SPLITS.json] [--hidden 16|32] [--epochs N] [--batch 16|32]
                [--optimizer adam|sgd|momentum|rprop] [--learning-rate X]
                [--weight-decay X] [--patience N|none] [--balanced]
                [--seed N] [--save MODEL.json] [--file DATA.csv] [--json]
  --data       which of datasets/NAME.csv to train on (cars_*: datasets/cars.csv, origin
               or miles per gallon)
  --splits     take the 5 test parts from this file (datasets/sklearn/splits.json holds
               scikit-learn's) instead of drawing them
  --hidden     the width of the one hidden layer (ReLU); widths are types, so only the
               compiled-in 16 and 32 (default: 32 for digits, else 16)
  --epochs     epochs per split; with early stopping, at most (default 1000)
  --batch      mini-batch size, also a type: 16 or 32 (default 16)
  --optimizer  default adam; --learning-rate defaults per optimiser and task
  --weight-decay  Adam's decoupled weight decay (default: 0.01 for regression, else 0)
  --patience   early stopping on a tenth of the training part: stop after N epochs without
               a lower validation loss, keep the best weights (default 20); none: train
               --epochs epochs
  --balanced   balanced class weights (classification)
  --seed       the 5 splits use seeds N … N+4, and so do the initial weights (default 0);
               with --splits, the file's seeds
  --save       write the last split's model (network, standardizer, class names) here
  --file       read this CSV in place of datasets/NAME.csv (same columns)
  --json       print one JSON line at the end (scripts/datasets/sklearn_reference.py --ours)";

/// The command line, parsed.
struct Options {
    data: Data,
    settings: Settings,
    seed: u64,
    splits: Option<PathBuf>,
    save: Option<PathBuf>,
    file: Option<PathBuf>,
    json: bool,
}

/// `println!` for the report, except that a reader that has gone away (`classify … | head`)
/// ends the program quietly instead of making it panic, and any other failure to write is an
/// error message and exit code 1.
macro_rules! outln {
    ($($arg:tt)*) => { write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` for the report (the progress bar), like `outln!`.
macro_rules! out {
    ($($arg:tt)*) => { write_out(format_args!($($arg)*)) };
}

/// Writes `text` to standard output and flushes it (see `outln!`).
fn write_out(text: std::fmt::Arguments) {
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout.write_fmt(text).and_then(|()| stdout.flush()) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: writing the report: {error}");
        std::process::exit(1);
    }
}

/// The widths and batch sizes compiled in.
const SIZES: [usize; 2] = [16, 32];

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            outln!("{USAGE}");
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
    let (mut splits, mut weight_decay, mut patience, mut balanced) = (None, None, None, false);
    let mut refit = None;
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--help" | "-h" => return Ok(None),
            "--json" => {
                json = true;
                continue;
            }
            "--balanced" => {
                balanced = true;
                continue;
            }
            "--refit" => {
                refit = Some(true);
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
            "--optimizer" => {
                let found = Choice::ALL.into_iter().find(|c| c.name() == value);
                optimizer = found.ok_or_else(invalid)?;
            }
            "--learning-rate" => {
                let rate: f64 = value.parse().map_err(|_| invalid())?;
                learning_rate = Some(rate);
            }
            "--weight-decay" => weight_decay = Some(value.parse().map_err(|_| invalid())?),
            "--patience" if value == "none" => patience = Some(None),
            "--patience" => patience = Some(Some(value.parse().map_err(|_| invalid())?)),
            "--splits" => splits = Some(PathBuf::from(value)),
            "--seed" => seed = value.parse().map_err(|_| invalid())?,
            "--save" => save = Some(PathBuf::from(value)),
            "--file" => file = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option {flag:?}")),
        }
    }
    let data = data.ok_or("--data is required")?;
    if weight_decay.is_some_and(|decay| decay != 0.0) && optimizer != Choice::Adam {
        return Err("--weight-decay is Adam's (AdamW) only".into());
    }
    let mut defaults = data.defaults();
    if let (Some(refit), Some(stopping)) = (refit, defaults.stopping.as_mut()) {
        stopping.refit = refit;
    }
    Ok(Some(Options {
        data,
        settings: Settings {
            hidden: hidden.unwrap_or(defaults.hidden),
            epochs: epochs.unwrap_or(defaults.epochs),
            batch: batch.unwrap_or(defaults.batch),
            optimizer,
            learning_rate: learning_rate.unwrap_or(optimizer.default_learning_rate(data)),
            weight_decay: weight_decay.unwrap_or(match optimizer {
                Choice::Adam => defaults.weight_decay,
                _ => 0.0,
            }),
            stopping: match patience {
                None => defaults.stopping,
                Some(None) => None,
                Some(Some(patience)) => Some(Stopping {
                    patience,
                    ..defaults.stopping.unwrap_or(Stopping {
                        validation: 0.1,
                        patience,
                        refit: false,
                    })
                }),
            },
            balanced: balanced || defaults.balanced,
        },
        seed,
        splits,
        save,
        file,
        json,
    }))
}

/// Picks the network type compiled in for the data set and hidden width.
fn dispatch(options: &Options) -> Result<(), Box<dyn Error>> {
    // `$net` names the type for a hidden width `$h`; `$inputs`, `$outputs` and `$classes`
    // are the set's widths and its number of classes (2 for one sigmoid output).
    macro_rules! widths {
        (|$h:ident| $net:ty, $loss:expr, $inputs:literal, $outputs:literal, $classes:literal) => {{
            macro_rules! with {
                ($width:literal) => {{
                    const $h: usize = $width;
                    batches::<$net, _, $inputs, $outputs, $classes>(options, $loss)
                }};
            }
            match options.settings.hidden {
                16 => with!(16),
                _ => with!(32),
            }
        }};
    }
    match options.data {
        Data::Iris => widths!(|H| Classes<4, H, 3>, &CategoricalCrossEntropy, 4, 3, 3),
        Data::Wine => widths!(|H| Classes<13, H, 3>, &CategoricalCrossEntropy, 13, 3, 3),
        Data::BreastCancer => widths!(|H| Binary<30, H>, &BinaryCrossEntropy, 30, 1, 2),
        Data::Digits => widths!(|H| Classes<64, H, 10>, &CategoricalCrossEntropy, 64, 10, 10),
        Data::Diabetes => widths!(|H| Regression<10, H>, &MeanSquaredError, 10, 1, 1),
        // Seven numbers and two "was missing" inputs; six numbers and three one-hot origins.
        Data::CarsOrigin => widths!(|H| Classes<9, H, 3>, &CategoricalCrossEntropy, 9, 3, 3),
        Data::CarsMpg => widths!(|H| Regression<9, H>, &MeanSquaredError, 9, 1, 1),
    }
}

/// Picks the batch size compiled in.
fn batches<Net, L, const I: usize, const O: usize, const K: usize>(
    options: &Options,
    loss: &L,
) -> Result<(), Box<dyn Error>>
where
    Net: Network<f32, I, O> + JsonFile<Scalar = f32> + Clone + 'static,
    L: Loss<Net::OutputActivation>,
{
    match options.settings.batch {
        16 => run::<Net, L, I, O, K, 16>(options, loss),
        _ => run::<Net, L, I, O, K, 32>(options, loss),
    }
}

/// Reads the file, runs the protocol, reports, saves.
fn run<Net, L, const I: usize, const O: usize, const K: usize, const M: usize>(
    options: &Options,
    loss: &L,
) -> Result<(), Box<dyn Error>>
where
    Net: Network<f32, I, O> + JsonFile<Scalar = f32> + Clone + 'static,
    L: Loss<Net::OutputActivation>,
{
    let name = options.data.name();
    let task = options.data.task();
    let file = protocol::load::<I, O>(options.data, options.file.as_deref())?;
    let path = &file.path;
    let source = match &options.splits {
        Some(splits) => SplitSource::Given(protocol::read_splits(splits, options.data, &file)?),
        None => SplitSource::Own { seed: options.seed },
    };
    let settings = options.settings;
    let mut optimizer = format!(
        "{} lr={} batch {M}",
        settings.optimizer.name(),
        settings.learning_rate
    );
    if settings.weight_decay != 0.0 {
        optimizer += &format!(" weight decay {}", settings.weight_decay);
    }
    if let Some(stopping) = settings.stopping {
        optimizer += &format!(
            ", early stopping on {} % (patience {})",
            100.0 * stopping.validation,
            stopping.patience
        );
    }
    if settings.balanced {
        optimizer += ", balanced class weights";
    }
    let network = Net::architecture().to_string();
    if !options.json {
        let classes = match task {
            Task::Regression => String::new(),
            _ => format!(", classes {}", file.classes.join(", ")),
        };
        outln!(
            "{}: {} samples × {I} inputs{classes}\n{network}, {optimizer}, {}{} epochs per split",
            path.display(),
            file.samples.len(),
            if settings.stopping.is_some() {
                "at most "
            } else {
                ""
            },
            settings.epochs
        );
    }

    let progress = Progress::new(options.json, settings.epochs);
    let splits: Splits<Net, I, O, K> = protocol::run_splits::<Net, L, I, O, K, M>(
        &file,
        task,
        &settings,
        &source,
        loss,
        |split, epoch| progress.epoch(split, epoch.epoch, epoch.loss),
        |outcome| progress.split(outcome),
    )?;
    progress.finish();

    if let Some(path) = &options.save {
        let mut model: Pipeline<Net, f32, I, O, String> = splits.last.clone();
        if task != Task::Regression {
            model = model.try_with_class_names(file.classes.iter().cloned())?;
        }
        model.save(path)?;
        if !options.json {
            let extra = match task {
                Task::Regression => "; the target's scale is folded into the output layer",
                _ => ", class names",
            };
            outln!(
                "saved the last split's model (network, standardizer{extra}) to {}",
                path.display()
            );
        }
    }

    let (mean, worst, median) = (splits.mean(), splits.worst(), splits.median_seconds());
    if options.json {
        let (key, worst_key) = match task {
            Task::Regression => ("r2", "r2_min"),
            _ => ("accuracy", "accuracy_min"),
        };
        let mut line = json!({
            "data": name,
            key: mean,
            worst_key: worst,
            "train_seconds_median": median,
            "train_seconds": splits.outcomes.iter().map(|o| o.seconds).collect::<Vec<_>>(),
            "epochs": splits.median_epochs(),
            "epochs_per_split": splits.outcomes.iter().map(|o| o.epochs).collect::<Vec<_>>(),
            "best_epochs": splits.outcomes.iter().map(|o| o.best_epoch).collect::<Vec<_>>(),
            "network": network,
            "optimizer": optimizer,
            "splits": SPLITS,
            "split_source": if options.splits.is_some() { "file" } else { "own" },
        });
        if let Some(balanced) = splits.mean_balanced() {
            line["balanced_accuracy"] = json!(balanced);
        }
        if let Some((mae, rmse)) = splits.mean_errors() {
            line["mae"] = json!(mae);
            line["rmse"] = json!(rmse);
        }
        outln!("{line}");
    } else if let Some((mae, rmse)) = splits.mean_errors() {
        outln!(
            "mean of {SPLITS} test splits: R² {mean:.3} (worst {worst:.3}), MAE {mae:.1}, \
             RMSE {rmse:.1}; training {:.1} ms (median)",
            1e3 * median
        );
    } else {
        outln!(
            "mean test accuracy of {SPLITS} splits: {:.1} % (worst {:.1} %), balanced {:.1} %; \
             training {:.1} ms (median)",
            100.0 * mean,
            100.0 * worst,
            100.0 * splits.mean_balanced().unwrap_or(f64::NAN),
            1e3 * median
        );
        outln!(
            "\nconfusion matrix, the {SPLITS} test splits together ({} predictions):",
            splits.confusion.total()
        );
        outln!("{}", splits.confusion.with_class_names(&file.classes));
    }
    Ok(())
}

/// Progress while training: a bar redrawn in place on a terminal, a few plain lines otherwise
/// (a log, a pipe), nothing with `--json`.
struct Progress {
    quiet: bool,
    /// When the bar was started and last drawn, when stdout is a terminal.
    bar: Option<(Instant, Cell<Instant>)>,
    epochs: usize,
}

/// Clears the terminal line the bar is on (carriage return, then ANSI "erase line").
const CLEAR_LINE: &str = "\r\x1b[2K";

impl Progress {
    fn new(quiet: bool, epochs: usize) -> Self {
        let terminal = !quiet && std::io::stdout().is_terminal();
        let bar = terminal.then(|| (Instant::now(), Cell::new(Instant::now())));
        Self { quiet, bar, epochs }
    }

    fn epoch(&self, split: u64, epoch: usize, loss: f32) {
        let split = split + 1;
        if self.quiet {
        } else if let Some((start, drawn)) = &self.bar {
            // Redrawn at most 20 times a second: an epoch takes microseconds.
            if drawn.get().elapsed().as_millis() < 50 && epoch < self.epochs {
                return;
            }
            drawn.set(Instant::now());
            let (done, total) = (
                (split as usize - 1) * self.epochs + epoch,
                SPLITS as usize * self.epochs,
            );
            let filled = 30 * done / total.max(1);
            let bar = "#".repeat(filled) + if filled < 30 { ">" } else { "" };
            out!(
                "{CLEAR_LINE}split {split}/{SPLITS} [{bar:-<30}] epoch {done}/{total} loss {loss:.4} ({:.0?})",
                start.elapsed()
            );
        } else if epoch.is_multiple_of((self.epochs / 4).max(1)) {
            outln!(
                "split {split}/{SPLITS} epoch {epoch}/{} loss {loss:.4}",
                self.epochs
            );
        }
    }

    /// Takes the bar off the screen once every split has trained.
    fn finish(&self) {
        if self.bar.is_some() {
            out!("{CLEAR_LINE}");
        }
    }

    fn split(&self, outcome: &protocol::Outcome) {
        if self.quiet {
            return;
        }
        let score = match outcome.errors {
            Some((mae, rmse)) => format!("R² {:.3}, MAE {mae:.1}, RMSE {rmse:.1}", outcome.score),
            None => format!("accuracy {:.1} %", 100.0 * outcome.score),
        };
        let line = format!(
            "split seed {}: {} training / {} test samples, test {score}, {} epochs (best {}) \
             in {:.1} ms",
            outcome.seed,
            outcome.training_samples,
            outcome.test_samples,
            outcome.epochs,
            outcome.best_epoch,
            1e3 * outcome.seconds
        );
        // Over the bar, which the next epoch draws again below the line.
        let clear = if self.bar.is_some() { CLEAR_LINE } else { "" };
        outln!("{clear}{line}");
    }
}
