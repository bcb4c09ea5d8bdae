//! Step 4 of the examples: the lab's comparison, as numbers and pictures.
//!
//! The lab ends by pitting its sigmoid network trained on mean squared error against one with
//! ReLU hidden layers trained on binary cross-entropy. This example runs that comparison: two
//! 2 → 4 → 4 → 1 networks with a sigmoid output, no biases and the same standard-normal
//! initial weights, trained by full-batch gradient descent at learning rate 0.1 for 50,000
//! epochs — on XOR-easy, and on the 100-point linear set. It prints, for each, the first epoch
//! at 100 % accuracy and the final loss, and draws every figure of the lab and one more, the
//! decision surface, into `--out` (default `figures/`).
//!
//! One run per variant is an anecdote; `seed_sweep`, the next example, repeats the XOR-easy
//! comparison over 1,000 initialisations.
//!
//!     cargo run --release --features plot --example compare
//!     cargo run --release --features plot --example compare -- --out docs/figures --format svg --seed 1

use static_mlp::data::{self, Dataset};
use static_mlp::plot::{self, Figure, Scale};
use static_mlp::prelude::*;
use static_mlp::{experiments::History, train::Loss};
use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

/// The lab's network with sigmoid hidden layers (trained on mean squared error).
type SigmoidNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
/// The same shape with ReLU hidden layers (trained on binary cross-entropy).
type ReluNet = mlp!(f64, no_bias; 2 => 4 Relu => 4 Relu => 1 Sigmoid);

const EPOCHS: usize = 50_000;
const LEARNING_RATE: f64 = 0.1;
const USAGE: &str = "usage: compare [--out DIR] [--format png|svg] [--seed N]";

/// One trained network's record.
struct Run {
    variant: &'static str,
    history: History,
    final_loss: f64,
    final_accuracy: f64,
}

fn main() -> Result<(), Box<dyn Error>> {
    let options = Options::parse(std::env::args().skip(1)).unwrap_or_else(|message| {
        eprintln!("{message}\n{USAGE}");
        std::process::exit(2);
    });
    std::fs::create_dir_all(&options.out)?;
    let out = options.out.canonicalize()?;
    println!(
        "2-4-4-1 networks, sigmoid output, no biases, N(0, 1) weights from seed {}, \
         lr {LEARNING_RATE}, {EPOCHS} epochs\n",
        options.seed
    );
    println!(
        "{:<9} {:<14} {:>16} {:>12} {:>9}",
        "data", "variant", "100 % at epoch", "final loss", "accuracy"
    );

    let start = Instant::now();
    let mut written = Vec::new();
    let seeded = || StdRng::seed_from_u64(options.seed);
    let xor = data::xor_easy::<f64>();
    written.extend(compare("xor", "XOR-easy", &xor, seeded, &options)?);
    // As in the lab, the linear set's points come from the generator before the weights.
    let linear = data::linearly_separable::<f64, 100, _>(&mut seeded());
    let after_points = || {
        let mut rng = seeded();
        data::linearly_separable::<f64, 100, _>(&mut rng);
        rng
    };
    written.extend(compare(
        "linear",
        "linear",
        &linear,
        after_points,
        &options,
    )?);

    let path = out.join(format!("sigmoid.{}", options.format));
    plot::activation::<Sigmoid>(
        &Figure::new(
            &path,
            "The sigmoid σ(z) = 1 / (1 + exp(−z)) and its derivative",
        ),
        -8.0..8.0,
    )?;
    written.push(path);

    println!("\nwrote {} figures into {}:", written.len(), out.display());
    for path in &written {
        println!(
            "  {}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
    }
    println!("in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}

/// Trains both variants on `set` from the same initial weights (drawn from `rng()`), prints
/// their rows of the table and draws their figures. Returns the paths written.
fn compare<const N: usize>(
    key: &str,
    name: &str,
    set: &Dataset<f64, N, 2, 1>,
    rng: impl Fn() -> StdRng,
    options: &Options,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let sigmoid_net = SigmoidNet::random(Init::StandardNormal, &mut rng());
    let relu_net = ReluNet::random(Init::StandardNormal, &mut rng());
    let (sigmoid_net, sigmoid) = train(sigmoid_net, "sigmoid + MSE", MeanSquaredError, set)?;
    let (relu_net, relu) = train(relu_net, "ReLU + BCE", BinaryCrossEntropy, set)?;
    for run in [&sigmoid, &relu] {
        let first = run.history.first_epoch_reaching(1.0);
        let first = first.map_or("never".to_owned(), |epoch| epoch.to_string());
        println!(
            "{name:<9} {:<14} {first:>16} {:>12.4e} {:>8.1}%",
            run.variant,
            run.final_loss,
            100.0 * run.final_accuracy
        );
    }

    let out = &options.out;
    let file = |figure: &str| out.join(format!("{key}_{figure}.{}", options.format));
    let runs = [
        (sigmoid.variant, &sigmoid.history),
        (relu.variant, &relu.history),
    ];
    let mut written = Vec::new();

    let path = file("loss");
    let title = format!("Loss on {name} (each variant's own loss: MSE or BCE)");
    plot::loss_history(&Figure::new(&path, title), &runs, Scale::Logarithmic)?;
    written.push(path);

    let path = file("accuracy");
    plot::accuracy_history(&Figure::new(&path, format!("Accuracy on {name}")), &runs)?;
    written.push(path);

    let prediction = |variant: &str| format!("{name}: ground truth and {variant} prediction");
    let path = file("prediction_sigmoid_mse");
    let outputs = sigmoid_net.predict(&set.inputs);
    let figure = Figure::new(&path, prediction(sigmoid.variant));
    plot::ground_truth_and_prediction(&figure, set, &outputs)?;
    written.push(path);

    let path = file("prediction_relu_bce");
    let outputs = relu_net.predict(&set.inputs);
    let figure = Figure::new(&path, prediction(relu.variant));
    plot::ground_truth_and_prediction(&figure, set, &outputs)?;
    written.push(path);

    let surface = |variant: &str| format!("{name}: output of the {variant} network");
    let path = file("surface_sigmoid_mse");
    let figure = Figure::new(&path, surface(sigmoid.variant));
    plot::decision_surface(&figure, &sigmoid_net, set)?;
    written.push(path);

    let path = file("surface_relu_bce");
    plot::decision_surface(&Figure::new(&path, surface(relu.variant)), &relu_net, set)?;
    written.push(path);
    Ok(written)
}

/// Trains `net` for `EPOCHS` epochs with `Fit`, recording every epoch through its callback.
fn train<Net, L, const N: usize>(
    mut net: Net,
    variant: &'static str,
    loss: L,
    set: &Dataset<f64, N, 2, 1>,
) -> Result<(Net, Run), Box<dyn Error>>
where
    Net: Network<f64, 2, 1> + Clone,
    L: Loss<Net::OutputActivation>,
{
    let mut optimizer = GradientDescent::new(LEARNING_RATE)?;
    let mut history = History::with_capacity(EPOCHS); // the run's only allocation
    let summary = Fit::new(&loss, &mut optimizer)
        .max_epochs(EPOCHS)
        .run_with(&mut net, set, |epoch, _| history.record_epoch(epoch))?;
    let run = Run {
        variant,
        history,
        final_loss: summary.loss,
        final_accuracy: summary.accuracy.expect("a sigmoid output has an accuracy"),
    };
    Ok((net, run))
}

/// The command line.
struct Options {
    out: PathBuf,
    format: String,
    seed: u64,
}

impl Options {
    fn parse(mut arguments: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut options = Options {
            out: PathBuf::from("figures"),
            format: "png".to_owned(),
            seed: 1,
        };
        while let Some(flag) = arguments.next() {
            let mut value = || arguments.next().ok_or(format!("{flag} needs a value"));
            match flag.as_str() {
                "--out" => options.out = PathBuf::from(value()?),
                "--format" => match value()?.as_str() {
                    format @ ("png" | "svg") => options.format = format.to_owned(),
                    other => return Err(format!("unknown format `{other}`: png or svg")),
                },
                "--seed" => {
                    let text = value()?;
                    options.seed = text
                        .parse()
                        .map_err(|_| format!("--seed expects a whole number, found `{text}`"))?;
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(options)
    }
}
