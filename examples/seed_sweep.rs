//! Step 5 of the examples: the lab's comparison settled by many runs instead of one.
//!
//! `compare` trains each variant once; whether ReLU + BCE "learns faster and more stably" than
//! sigmoid + MSE then depends on one draw of initial weights. This example trains both
//! variants of the 2 → 4 → 4 → 1 network (no biases, sigmoid output, learning rate 0.1,
//! 50,000 epochs on XOR-easy) from each of `--seeds` initialisations — seed `s` gives both
//! variants the same standard-normal weights — in parallel over all cores (`experiments::run_seeds`). It
//! prints, per variant, the fraction of runs reaching 100 % accuracy, the median and
//! 90th-percentile epoch at which they first did, and the spread of the final loss, and draws
//! histograms of both into `--out` (default `figures/`).
//!
//! Each run depends on its seed alone and the results are collected in seed order, so the
//! table is the same for any number of threads (`--threads`).
//!
//!     cargo run --release --features plot --example seed_sweep -- --seeds 1000
//!     cargo run --release --features plot --example seed_sweep -- --seeds 100 --epochs 5000 --threads 1

use static_mlp::data;
use static_mlp::experiments::Histogram;
use static_mlp::experiments::{Outcome, SweepSummary, run_seeds};
use static_mlp::plot::{self, Figure, Scale};
use static_mlp::prelude::*;
use std::error::Error;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::time::Instant;

type SigmoidNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
type ReluNet = mlp!(f64, no_bias; 2 => 4 Relu => 4 Relu => 1 Sigmoid);

const LEARNING_RATE: f64 = 0.1;
const VARIANTS: [&str; 2] = ["sigmoid + MSE", "ReLU + BCE"];
const USAGE: &str = "usage: seed_sweep [--seeds N] [--epochs N] [--threads N] [--out DIR] \
                     [--format png|svg]";

fn main() -> Result<(), Box<dyn Error>> {
    let options = Options::parse(std::env::args().skip(1)).unwrap_or_else(|message| {
        eprintln!("{message}\n{USAGE}");
        std::process::exit(2);
    });
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    println!(
        "{} seeds × {} variants, 2-4-4-1 on XOR-easy, lr {LEARNING_RATE}, {} epochs, {threads} {}",
        options.seeds,
        VARIANTS.len(),
        options.epochs,
        if threads == 1 { "thread" } else { "threads" }
    );

    let start = Instant::now();
    // In seed order, whichever thread ran each seed.
    let outcomes = run_seeds(options.seeds, threads, |seed| {
        run_both(seed, options.epochs)
    })?;
    let seconds = start.elapsed().as_secs_f64();

    let by_variant: [Vec<Outcome>; 2] =
        [0, 1].map(|v| outcomes.iter().map(|pair| pair[v]).collect());
    print_table(&by_variant)?;
    println!(
        "\ntrained {} networks in {seconds:.1} s; outcomes fingerprint {:016x}",
        2 * options.seeds,
        fingerprint(&outcomes)
    );
    draw_histograms(&by_variant, &options)
}

/// Both variants from seed `seed`'s weights.
fn run_both(seed: u64, epochs: usize) -> [Outcome; 2] {
    let xor = data::xor_easy::<f64>();
    let mut optimizer = GradientDescent::new(LEARNING_RATE).expect("0.1 is a valid rate");
    let weights = || StdRng::seed_from_u64(seed);

    let mut sigmoid = SigmoidNet::random(Init::StandardNormal, &mut weights());
    let sigmoid = Outcome::train(
        &mut sigmoid,
        &MeanSquaredError,
        &mut optimizer.clone(),
        &xor,
        epochs,
    );
    let mut relu = ReluNet::random(Init::StandardNormal, &mut weights());
    let relu = Outcome::train(&mut relu, &BinaryCrossEntropy, &mut optimizer, &xor, epochs);
    [sigmoid, relu]
}

/// The summary of each variant as a Markdown table.
fn print_table(by_variant: &[Vec<Outcome>; 2]) -> Result<(), Box<dyn Error>> {
    println!(
        "\n| variant | runs | reached 100 % | median epoch | p90 epoch | 100 % at end \
         | final loss: min | p10 | median | p90 | max |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (name, outcomes) in VARIANTS.iter().zip(by_variant) {
        let summary = SweepSummary::of(outcomes)?;
        let epoch = |e: Option<f64>| e.map_or("–".to_owned(), |e| format!("{e:.0}"));
        let loss = summary.final_loss;
        println!(
            "| {name} | {} | {:.1} % | {} | {} | {:.1} % | {:.2e} | {:.2e} | {:.2e} | {:.2e} | {:.2e} |",
            summary.runs,
            100.0 * summary.reached,
            epoch(summary.median_epoch),
            epoch(summary.p90_epoch),
            100.0 * summary.perfect_at_end,
            loss.min,
            loss.p10,
            loss.median,
            loss.p90,
            loss.max,
        );
    }
    Ok(())
}

/// Histograms of the final loss and of the first perfect epoch, both in logarithmic bins.
fn draw_histograms(
    by_variant: &[Vec<Outcome>; 2],
    options: &Options,
) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(&options.out)?;
    let out = options.out.canonicalize()?;

    let losses: [Vec<f64>; 2] = by_variant
        .each_ref()
        .map(|runs| runs.iter().map(|o| o.final_loss).collect());
    let all = losses.iter().flatten().copied();
    let low = all.clone().fold(f64::INFINITY, f64::min).max(1e-12);
    let high = all.fold(0.0, f64::max).max(low * 10.0);
    // Whole powers of ten around the data, five bins per power.
    let (low, high) = (low.log10().floor(), high.log10().ceil());
    let edges = Histogram::logarithmic_edges(
        10_f64.powf(low),
        10_f64.powf(high),
        5 * (high - low) as usize,
    )?;
    let loss_path = out.join(format!("sweep_final_loss.{}", options.format));
    let histograms = [
        Histogram::new(&losses[0], edges.clone())?,
        Histogram::new(&losses[1], edges)?,
    ];
    let series = [
        ("sigmoid + MSE (final MSE)", &histograms[0]),
        ("ReLU + BCE (final BCE)", &histograms[1]),
    ];
    let title = format!(
        "Final loss after {} epochs, {} seeds per variant",
        options.epochs, options.seeds
    );
    plot::histogram(
        &Figure::new(&loss_path, title),
        &series,
        "final loss",
        Scale::Logarithmic,
    )?;

    let epochs: [Vec<f64>; 2] = by_variant.each_ref().map(|runs| {
        runs.iter()
            .filter_map(|o| o.first_perfect_epoch)
            .map(|e| e as f64)
            .collect()
    });
    // Logarithmic bins from epoch 1, five per power of ten: the variants differ by orders.
    let decades = (options.epochs as f64).log10().ceil().max(1.0);
    let edges = Histogram::logarithmic_edges(1.0, 10_f64.powf(decades), 5 * decades as usize)?;
    let histograms = [
        Histogram::new(&epochs[0], edges.clone())?,
        Histogram::new(&epochs[1], edges)?,
    ];
    let never = |v: usize| by_variant[v].len() - epochs[v].len();
    let names = [
        format!("{} ({} never)", VARIANTS[0], never(0)),
        format!("{} ({} never)", VARIANTS[1], never(1)),
    ];
    let series = [
        (names[0].as_str(), &histograms[0]),
        (names[1].as_str(), &histograms[1]),
    ];
    let epoch_path = out.join(format!("sweep_first_perfect_epoch.{}", options.format));
    let title = format!(
        "First epoch at 100 % accuracy, {} seeds per variant",
        options.seeds
    );
    plot::histogram(
        &Figure::new(&epoch_path, title),
        &series,
        "epoch",
        Scale::Logarithmic,
    )?;

    println!(
        "wrote {}\n  and {}",
        loss_path.display(),
        epoch_path.display()
    );
    Ok(())
}

/// A hash of every outcome's bits: equal fingerprints mean identical sweeps (for the same
/// build of Rust's standard hasher).
fn fingerprint(outcomes: &[[Outcome; 2]]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for outcome in outcomes.iter().flatten() {
        outcome.first_perfect_epoch.hash(&mut hasher);
        outcome.final_loss.to_bits().hash(&mut hasher);
        outcome.final_accuracy.to_bits().hash(&mut hasher);
    }
    hasher.finish()
}

/// The command line.
struct Options {
    seeds: u64,
    epochs: usize,
    threads: usize,
    out: PathBuf,
    format: String,
}

impl Options {
    fn parse(mut arguments: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut options = Options {
            seeds: 1_000,
            epochs: 50_000,
            threads: 0, // one per core
            out: PathBuf::from("figures"),
            format: "png".to_owned(),
        };
        while let Some(flag) = arguments.next() {
            let mut value = || arguments.next().ok_or(format!("{flag} needs a value"));
            match flag.as_str() {
                "--seeds" => options.seeds = positive(&flag, &value()?)?,
                "--epochs" => options.epochs = positive(&flag, &value()?)?,
                "--threads" => options.threads = positive(&flag, &value()?)?,
                "--out" => options.out = PathBuf::from(value()?),
                "--format" => match value()?.as_str() {
                    format @ ("png" | "svg") => options.format = format.to_owned(),
                    other => return Err(format!("unknown format `{other}`: png or svg")),
                },
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(options)
    }
}

/// `text` as a whole number greater than 0.
fn positive<N: std::str::FromStr + PartialOrd + Default>(
    flag: &str,
    text: &str,
) -> Result<N, String> {
    match text.parse::<N>() {
        Ok(n) if n > N::default() => Ok(n),
        _ => Err(format!(
            "{flag} expects a whole number above 0, found `{text}`"
        )),
    }
}
