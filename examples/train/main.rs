//! Step 3 of the examples (after `xor_static` and `linear_static`): training the way users
//! expect — a choice of optimiser, mini-batches, stopping rules, a validation set, and clear
//! errors — with the same statically shaped network and still no heap allocation per step.
//!
//!     cargo run --release --example train -- --optimizer adam --batch 4
//!     cargo run --release --example train -- --data linear --optimizer momentum --batch 8
//!     cargo run --release --example train -- --compare           # epochs to 100% on XOR-easy
//!     cargo run --release --example train -- --learning-rate 0   # rejected with a typed error
//!
//! On XOR-easy, training stops at 100% training accuracy or after `--epochs`. On
//! `--data linear` (500 points, 100 held out by `Dataset::split`) it runs every epoch and the
//! callback also prints the validation loss and accuracy, so a gap between the two shows.

mod optimizers;

use optimizers::{AnyOptimizer, Choice, XorNet, epochs_to_full_accuracy};
use static_mlp::data::{self, Dataset};
use static_mlp::prelude::*;
use static_mlp::train::Batching;
use static_mlp::train::{Epoch, FitSummary};
use static_mlp::{train::FitError, train::evaluate};
use std::process::ExitCode;

const USAGE: &str = "\
usage: train [--optimizer sgd|momentum|adam|rprop] [--batch full|1|2|4|8|16]
             [--data xor|linear] [--epochs N] [--seed N] [--learning-rate X]
       train --compare [--seed N] [--epochs N]";

/// The command line, parsed.
struct Options {
    optimizer: Choice,
    batch: Option<usize>,
    linear: bool,
    epochs: usize,
    seed: u64,
    learning_rate: Option<f64>,
    compare: bool,
}

/// The mini-batch sizes this example is compiled for: a batch size is a type.
const BATCH_SIZES: [usize; 5] = [1, 2, 4, 8, 16];

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if options.compare {
        compare(options.seed, options.epochs);
        return ExitCode::SUCCESS;
    }
    match train(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The options, `None` for `--help`, or what is wrong with the command line.
fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        optimizer: Choice::Sgd,
        batch: None,
        linear: false,
        epochs: 20_000,
        seed: 1,
        learning_rate: None,
        compare: false,
    };
    while let Some(flag) = args.next() {
        if flag == "--compare" {
            options.compare = true;
            continue;
        }
        if flag == "--help" || flag == "-h" {
            return Ok(None);
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let invalid = || format!("invalid value for {flag}: {value:?}");
        match flag.as_str() {
            "--optimizer" => options.optimizer = Choice::parse(&value).ok_or_else(invalid)?,
            "--batch" if value == "full" => options.batch = None,
            "--batch" => {
                let size = value.parse().ok().filter(|size| BATCH_SIZES.contains(size));
                options.batch = Some(size.ok_or_else(invalid)?);
            }
            "--data" => {
                options.linear = match value.as_str() {
                    "xor" => false,
                    "linear" => true,
                    _ => return Err(invalid()),
                }
            }
            "--epochs" => options.epochs = value.parse().map_err(|_| invalid())?,
            "--seed" => options.seed = value.parse().map_err(|_| invalid())?,
            "--learning-rate" => {
                options.learning_rate = Some(value.parse().map_err(|_| invalid())?);
            }
            _ => return Err(format!("unknown option {flag:?}")),
        }
    }
    Ok(Some(options))
}

/// Prints the epochs each optimiser needs to classify all of XOR-easy, from one seed.
fn compare(seed: u64, max_epochs: usize) {
    println!("XOR-easy, 2-4-4-1 sigmoid, no bias, MSE, full batch, seed {seed}");
    println!("optimizer  learning rate  epochs to 100%");
    for choice in Choice::ALL {
        let epochs = epochs_to_full_accuracy(choice, seed, max_epochs)
            .map_or(format!("> {max_epochs}"), |epochs| epochs.to_string());
        let rate = choice.default_learning_rate();
        println!("{:<9}  {rate:>13}  {epochs:>14}", choice.name());
    }
}

fn train(options: &Options) -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let learning_rate = options
        .learning_rate
        .unwrap_or(options.optimizer.default_learning_rate());
    let mut optimizer = options.optimizer.build(learning_rate)?;
    println!(
        "{} (learning rate {learning_rate}), {}, MSE, seed {}",
        options.optimizer.name(),
        options
            .batch
            .map_or("full batch".into(), |m| format!("batches of {m}")),
        options.seed
    );

    let summary = if options.linear {
        // As in the lab, the points are drawn before the weights.
        let points = data::linearly_separable::<f64, 500, _>(&mut rng);
        let (training, validation) = points.split::<400, 100>();
        let mut net = XorNet::random(Init::StandardNormal, &mut rng);
        fit_batches(
            options,
            &mut optimizer,
            &mut net,
            &training,
            Some(&validation),
            rng,
        )?
    } else {
        let xor = data::xor_easy::<f64>();
        let mut net = XorNet::random(Init::StandardNormal, &mut rng);
        fit_batches(
            options,
            &mut optimizer,
            &mut net,
            &xor,
            None::<&Dataset<f64, 1, 2, 1>>,
            rng,
        )?
    };
    println!(
        "stopped by {:?} after {} epochs: loss {:.6}, accuracy {:.1}%",
        summary.stopped_by,
        summary.epochs,
        summary.loss,
        100.0 * summary.accuracy.expect("a sigmoid output has an accuracy")
    );
    Ok(())
}

/// Turns the `--batch` choice into a batch-size type, then trains.
fn fit_batches<const N: usize, const V: usize>(
    options: &Options,
    optimizer: &mut AnyOptimizer,
    net: &mut XorNet,
    training: &Dataset<f64, N, 2, 1>,
    validation: Option<&Dataset<f64, V, 2, 1>>,
    mut rng: StdRng,
) -> Result<FitSummary<f64>, FitError> {
    let mut fit = Fit::new(&MeanSquaredError, optimizer).max_epochs(options.epochs);
    if validation.is_none() {
        // XOR-easy: stop at 100%. With a validation set, run every epoch to watch the gap.
        fit = fit.target_accuracy(1.0).expect("1.0 is a valid target");
    }
    let every = (options.epochs / 10).max(1);
    match options.batch {
        None => run(fit, net, training, validation, every),
        Some(1) => run(
            fit.mini_batches::<1>(&mut rng),
            net,
            training,
            validation,
            every,
        ),
        Some(2) => run(
            fit.mini_batches::<2>(&mut rng),
            net,
            training,
            validation,
            every,
        ),
        Some(4) => run(
            fit.mini_batches::<4>(&mut rng),
            net,
            training,
            validation,
            every,
        ),
        Some(8) => run(
            fit.mini_batches::<8>(&mut rng),
            net,
            training,
            validation,
            every,
        ),
        Some(16) => run(
            fit.mini_batches::<16>(&mut rng),
            net,
            training,
            validation,
            every,
        ),
        Some(_) => unreachable!("parse accepts only BATCH_SIZES"),
    }
}

/// Trains, printing the training (and validation) loss and accuracy every `every` epochs.
fn run<B: Batching, const N: usize, const V: usize>(
    fit: Fit<'_, MeanSquaredError, AnyOptimizer, B>,
    net: &mut XorNet,
    training: &Dataset<f64, N, 2, 1>,
    validation: Option<&Dataset<f64, V, 2, 1>>,
    every: usize,
) -> Result<FitSummary<f64>, FitError> {
    match validation {
        Some(_) => println!(" epoch   train loss  train acc   valid loss  valid acc"),
        None => println!(" epoch   train loss  train acc"),
    }
    fit.run_with(net, training, |epoch: &Epoch<f64>, net: &XorNet| {
        if epoch.epoch.is_multiple_of(every) {
            print!(
                "{:6}  {:11.6}  {:8.1}%",
                epoch.epoch,
                epoch.loss,
                100.0 * epoch.accuracy.expect("a sigmoid output has an accuracy")
            );
            match validation {
                Some(validation) => {
                    let held_out = evaluate(net, &MeanSquaredError, validation);
                    let accuracy =
                        100.0 * held_out.accuracy.expect("a sigmoid output has an accuracy");
                    println!("  {:11.6}  {accuracy:8.1}%", held_out.loss);
                }
                None => println!(),
            }
        }
        Control::Continue
    })
}
