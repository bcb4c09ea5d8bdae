//! The protocol of the `classify` example: the data sets, their default settings, and five
//! seeded train/test splits trained and tested.
//!
//! `tests/training/real_data.rs` includes this file too, so the accuracy the example prints and the one
//! the test asserts come from the same code and settings.

use static_mlp::data::{SampleSet, Standardizer};
use static_mlp::metrics::argmax;
use static_mlp::metrics::measure_regression;
use static_mlp::model::predict_all;
use static_mlp::prelude::*;
use static_mlp::train::Epoch;
use static_mlp::{metrics::ConfusionMatrix, pipeline::Pipeline, train::Loss};
use std::error::Error;
use std::time::Instant;

/// The number of train/test splits of the protocol.
pub const SPLITS: u64 = 5;
/// The fraction of each split held out for testing.
pub const TEST: f64 = 0.2;

/// The five data sets, by the name of their file in `datasets/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Data {
    Iris,
    Wine,
    BreastCancer,
    Digits,
    Diabetes,
}

impl Data {
    pub const ALL: [Data; 5] = [
        Data::Iris,
        Data::Wine,
        Data::BreastCancer,
        Data::Digits,
        Data::Diabetes,
    ];

    /// The file's name without `.csv`, as `--data` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Data::Iris => "iris",
            Data::Wine => "wine",
            Data::BreastCancer => "breast_cancer",
            Data::Digits => "digits",
            Data::Diabetes => "diabetes",
        }
    }

    /// The output, loss and measure the set is trained and tested with.
    pub fn task(self) -> Task {
        match self {
            Data::Iris | Data::Wine | Data::Digits => Task::Classes,
            Data::BreastCancer => Task::Binary,
            Data::Diabetes => Task::Regression,
        }
    }

    /// The settings of the README's table: the fewest epochs that reach the target, with Adam.
    pub fn defaults(self) -> Settings {
        let (hidden, epochs, batch, learning_rate) = match self {
            Data::Iris => (16, 60, 16, 0.02),
            Data::Wine => (16, 30, 16, 0.01),
            Data::BreastCancer => (16, 30, 32, 0.005),
            Data::Digits => (32, 12, 32, 0.01),
            Data::Diabetes => (16, 40, 32, 0.002),
        };
        Settings {
            hidden,
            epochs,
            batch,
            optimizer: Choice::Adam,
            learning_rate,
        }
    }
}

/// What a run trains with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// The width of the one hidden (ReLU) layer.
    pub hidden: usize,
    /// Epochs per split.
    pub epochs: usize,
    /// The mini-batch size.
    pub batch: usize,
    pub optimizer: Choice,
    pub learning_rate: f64,
}

/// Which output, loss and measure a data set is trained and tested with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// k classes: softmax and categorical cross-entropy, argmax accuracy.
    Classes,
    /// Two classes in one sigmoid output: binary cross-entropy, thresholded at 0.5.
    Binary,
    /// A number: identity output, mean squared error, R².
    Regression,
}

/// The network types: one hidden ReLU layer of `H`, and the output each task needs.
pub type Classes<const I: usize, const H: usize, const K: usize> =
    mlp!(f32; I => H Relu => K Softmax);
pub type Binary<const I: usize, const H: usize> = mlp!(f32; I => H Relu => 1 Sigmoid);
pub type Regression<const I: usize, const H: usize> = mlp!(f32; I => H Relu => 1 Identity);

/// An optimiser chosen on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Adam,
    Sgd,
    Momentum,
    Rprop,
}

impl Choice {
    pub const ALL: [Choice; 4] = [Choice::Adam, Choice::Sgd, Choice::Momentum, Choice::Rprop];

    pub fn name(self) -> &'static str {
        match self {
            Choice::Adam => "adam",
            Choice::Sgd => "sgd",
            Choice::Momentum => "momentum",
            Choice::Rprop => "rprop",
        }
    }

    /// The learning rate (iRPROP−: first step) used unless one is given; Adam's is the data
    /// set's.
    pub fn default_learning_rate(self, data: Data) -> f64 {
        match self {
            Choice::Adam => data.defaults().learning_rate,
            Choice::Sgd | Choice::Momentum => 0.05,
            Choice::Rprop => 0.01,
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

/// One split's test result.
#[derive(Clone, Copy, Debug)]
pub struct Outcome {
    /// The split's seed.
    pub seed: u64,
    pub training_samples: usize,
    pub test_samples: usize,
    /// Test accuracy, or R² for regression.
    pub score: f64,
    /// Regression: mean absolute error and root mean squared error in the target's units.
    pub errors: Option<(f64, f64)>,
    /// The time `Fit::run` took (its per-epoch evaluation of the training set included).
    pub seconds: f64,
}

/// The five splits' results.
pub struct Splits<Net, const I: usize, const O: usize, const K: usize> {
    pub outcomes: Vec<Outcome>,
    /// The test predictions of all splits together (classification).
    pub confusion: ConfusionMatrix<K>,
    /// The last split's network and standardizer (regression: with the target's scale folded
    /// into the output layer, so it predicts in the target's units).
    pub last: Pipeline<Net, f32, I, O, String>,
}

impl<Net, const I: usize, const O: usize, const K: usize> Splits<Net, I, O, K> {
    /// The mean test score over the splits.
    pub fn mean(&self) -> f64 {
        self.outcomes.iter().map(|o| o.score).sum::<f64>() / self.outcomes.len() as f64
    }

    /// The worst split's test score.
    pub fn worst(&self) -> f64 {
        self.outcomes
            .iter()
            .map(|o| o.score)
            .fold(f64::INFINITY, f64::min)
    }

    /// The median training time, seconds.
    pub fn median_seconds(&self) -> f64 {
        let mut seconds: Vec<f64> = self.outcomes.iter().map(|o| o.seconds).collect();
        seconds.sort_by(f64::total_cmp);
        seconds[seconds.len() / 2]
    }

    /// The mean MAE and RMSE over the splits (regression).
    pub fn mean_errors(&self) -> Option<(f64, f64)> {
        let errors: Vec<(f64, f64)> = self.outcomes.iter().filter_map(|o| o.errors).collect();
        let count = errors.len() as f64;
        (!errors.is_empty()).then(|| {
            let (mae, rmse) = errors
                .iter()
                .fold((0.0, 0.0), |(a, b), (m, r)| (a + m, b + r));
            (mae / count, rmse / count)
        })
    }
}

/// The protocol on `samples` (raw, as read): splits from seeds `seed` … `seed + 4`, 80/20,
/// stratified by class except for regression; inputs (and a regression target) standardised
/// with the training part's mean and deviation; a network from He initialisation with the
/// split's seed, trained by `settings` on mini-batches of `M` (which must be
/// `settings.batch`); tested on the held-out 20 %. `on_epoch` sees every epoch of every split
/// (numbered from 0), inside the timed training.
pub fn run_splits<Net, L, const I: usize, const O: usize, const K: usize, const M: usize>(
    samples: &SampleSet<f32, I, O>,
    task: Task,
    settings: &Settings,
    seed: u64,
    loss: &L,
    mut on_epoch: impl FnMut(u64, &Epoch<f32>),
    mut on_split: impl FnMut(&Outcome),
) -> Result<Splits<Net, I, O, K>, Box<dyn Error>>
where
    Net: Network<f32, I, O> + Clone + 'static,
    L: Loss<Net::OutputActivation>,
{
    assert_eq!(settings.batch, M, "the batch size is the type's");
    let mut confusion = ConfusionMatrix::<K>::new();
    let mut outcomes = Vec::new();
    let mut last = None;
    for split_number in 0..SPLITS {
        let seed = seed + split_number;
        let split = if task == Task::Regression {
            samples.split_shuffled(0.0, TEST, seed)?
        } else {
            samples.split_stratified(0.0, TEST, seed)?
        };
        let (mut training, mut test) = (split.training, split.test);
        let standardizer = Standardizer::fit(training.inputs())?; // the training part only
        for set in [&mut training, &mut test] {
            set.inputs_mut()
                .iter_mut()
                .for_each(|row| standardizer.apply_in_place(row));
        }
        // Regression: the target too, y′ = (y − μ)/σ with the training part's μ and σ.
        let target = Standardizer::<f32, O>::fit(training.labels())?;
        if task == Task::Regression {
            for set in [&mut training, &mut test] {
                set.labels_mut()
                    .iter_mut()
                    .for_each(|row| target.apply_in_place(row));
            }
        }

        let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(seed));
        let mut optimizer = settings
            .optimizer
            .build::<Net>(settings.learning_rate as f32)?;
        let mut shuffle = StdRng::seed_from_u64(seed.wrapping_add(1_000));
        let started = Instant::now();
        Fit::new(loss, &mut *optimizer)
            .mini_batches::<M>(&mut shuffle)
            .max_epochs(settings.epochs)
            .run_with(&mut net, &training, |epoch, _| {
                on_epoch(split_number, epoch);
                Control::Continue
            })?;
        let seconds = started.elapsed().as_secs_f64();

        let (score, errors) = match task {
            Task::Regression => {
                let fit = measure_regression(&net, &test).ok_or("the test part is empty")?;
                // R² is the same on either scale; MAE and RMSE scale with σ.
                let scale = f64::from(target.scale()[0]);
                let r_squared = fit.r_squared[0].ok_or("the test targets are all equal")?;
                let errors = (
                    fit.mean_absolute_error[0] * scale,
                    fit.root_mean_squared_error[0] * scale,
                );
                destandardize_output(&mut net, &target);
                (r_squared, Some(errors))
            }
            Task::Classes | Task::Binary => {
                let mut split_confusion = ConfusionMatrix::<K>::new();
                let outputs = predict_all(&net, test.inputs());
                for (output, label) in outputs.iter().zip(test.labels()) {
                    let actual = class_of(label).ok_or("a test label has no class")?;
                    split_confusion.add(actual, class_of(output));
                    confusion.add(actual, class_of(output));
                }
                let accuracy = split_confusion.accuracy().ok_or("the test part is empty")?;
                (accuracy, None)
            }
        };
        let outcome = Outcome {
            seed,
            training_samples: training.len(),
            test_samples: test.len(),
            score,
            errors,
            seconds,
        };
        on_split(&outcome);
        outcomes.push(outcome);
        last = Some(Pipeline::new(net, standardizer));
    }
    Ok(Splits {
        outcomes,
        confusion,
        last: last.expect("SPLITS > 0"),
    })
}

/// A row's class: the largest of k outputs (or labels), or, for one output, whether it is
/// above 0.5. `None` for a NaN or a tie, which is never right.
pub fn class_of<const O: usize>(values: &[f32; O]) -> Option<usize> {
    match values.as_slice() {
        [single] => (!single.is_nan()).then_some(usize::from(*single > 0.5)),
        _ => argmax(values),
    }
}

/// Folds a target's standardisation into an identity output layer of one unit, so the network
/// predicts in the target's own units: `y = σ·(h·w + b) + μ = h·(σw) + (σb + μ)`.
fn destandardize_output<Net: Parameters<f32>, const O: usize>(
    net: &mut Net,
    target: &Standardizer<f32, O>,
) {
    let (scale, mean) = (target.scale()[0], target.mean()[0]);
    let mut slices: Vec<&mut [f32]> = net.parameters_mut().collect();
    let bias = slices.pop().expect("the output layer has a bias");
    bias.iter_mut().for_each(|b| *b = *b * scale + mean);
    let weights = slices.pop().expect("the output layer has weights");
    weights.iter_mut().for_each(|w| *w *= scale);
}
