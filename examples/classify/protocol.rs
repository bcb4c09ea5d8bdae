//! The protocol of the `classify` example: the data sets, their default settings, and five
//! seeded train/test splits trained and tested.
//!
//! `tests/training/real_data.rs` includes this file too, so the accuracy the example prints and the one
//! the test asserts come from the same code and settings.

use static_mlp::data::csv::{Layout, read_csv};
use static_mlp::data::encoding::{ColumnEncoding, RecordEncoder};
use static_mlp::data::missing::{Imputation, Imputer, MissingPolicy, Statistic};
use static_mlp::data::text_records::TextRecords;
use static_mlp::data::{SampleSet, Standardizer};
use static_mlp::metrics::argmax;
use static_mlp::metrics::measure_regression;
use static_mlp::model::predict_all;
use static_mlp::prelude::*;
use static_mlp::train::{ClassWeights, EarlyStopping, Epoch};
use static_mlp::{metrics::ConfusionMatrix, pipeline::Pipeline, train::Loss};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The number of train/test splits of the protocol.
pub const SPLITS: u64 = 5;
/// The fraction of each split held out for testing.
pub const TEST: f64 = 0.2;

/// The data sets, by the name `--data` takes: the five files of `datasets/` and two tasks on
/// `datasets/cars.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Data {
    Iris,
    Wine,
    BreastCancer,
    Digits,
    Diabetes,
    /// A car's origin (USA, Japan, Europe: imbalanced) from its seven numbers, gaps imputed.
    CarsOrigin,
    /// Miles per gallon from the six other numbers and the origin as text (one-hot).
    CarsMpg,
}

impl Data {
    pub const ALL: [Data; 7] = [
        Data::Iris,
        Data::Wine,
        Data::BreastCancer,
        Data::Digits,
        Data::Diabetes,
        Data::CarsOrigin,
        Data::CarsMpg,
    ];

    /// The name `--data` takes (the file's name without `.csv` for the five).
    pub fn name(self) -> &'static str {
        match self {
            Data::Iris => "iris",
            Data::Wine => "wine",
            Data::BreastCancer => "breast_cancer",
            Data::Digits => "digits",
            Data::Diabetes => "diabetes",
            Data::CarsOrigin => "cars_origin",
            Data::CarsMpg => "cars_mpg",
        }
    }

    /// The file in `datasets/`, without `.csv`.
    pub fn file(self) -> &'static str {
        match self {
            Data::CarsOrigin | Data::CarsMpg => "cars",
            _ => self.name(),
        }
    }

    /// The output, loss and measure the set is trained and tested with.
    pub fn task(self) -> Task {
        match self {
            Data::Iris | Data::Wine | Data::Digits | Data::CarsOrigin => Task::Classes,
            Data::BreastCancer => Task::Binary,
            Data::Diabetes | Data::CarsMpg => Task::Regression,
        }
    }

    /// The default recipe: one per kind of task, the same for every data set of that kind
    /// but for the hidden width (digits, with 64 inputs and 10 classes, gets 32) — Adam at
    /// 0.003 with a decoupled weight decay (AdamW) of 0.1, 0.3 for regression, mini-batches
    /// of 16, up to 1,000 epochs, stopped by the loss on a tenth of the training part held
    /// out for validation (patience 20 epochs), keeping the best epoch's weights. No epoch
    /// count is chosen by a test part.
    pub fn defaults(self) -> Settings {
        let hidden = if self == Data::Digits { 32 } else { 16 };
        let weight_decay = match self.task() {
            Task::Regression => 0.3,
            Task::Classes | Task::Binary => 0.1,
        };
        let learning_rate = 0.003;
        Settings {
            hidden,
            epochs: 1_000,
            batch: 16,
            optimizer: Choice::Adam,
            learning_rate,
            weight_decay,
            stopping: Some(Stopping {
                validation: 0.1,
                patience: 20,
                refit: false,
            }),
            balanced: false,
        }
    }
}

/// What a run trains with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// The width of the one hidden (ReLU) layer.
    pub hidden: usize,
    /// Epochs per split (with early stopping: at most).
    pub epochs: usize,
    /// The mini-batch size.
    pub batch: usize,
    pub optimizer: Choice,
    pub learning_rate: f64,
    /// Adam's decoupled weight decay (AdamW); 0 for none.
    pub weight_decay: f64,
    /// Early stopping on a validation part of the training part, or a fixed number of epochs.
    pub stopping: Option<Stopping>,
    /// Balanced class weights (classification).
    pub balanced: bool,
}

/// Early stopping: the fraction of the training part held out for validation, and the
/// epochs without a lower validation loss that stop training.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stopping {
    pub validation: f64,
    pub patience: usize,
    /// Then train the starting weights again, on the whole training part, for the best
    /// epoch's number of epochs (the validation part is no longer held out).
    pub refit: bool,
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

    /// The optimiser, boxed: `Fit` takes any `Optimizer`, sized or not. The weight decay is
    /// Adam's (AdamW); the others take none.
    fn build<Net>(
        self,
        learning_rate: f32,
        weight_decay: f32,
    ) -> Result<Box<dyn Optimizer<f32, Net>>, Box<dyn Error>>
    where
        Net: Parameters<f32> + Clone + 'static,
    {
        if weight_decay != 0.0 && self != Choice::Adam {
            return Err("a weight decay is Adam's (AdamW) only".into());
        }
        Ok(match self {
            Choice::Adam => Box::new(Adam::new(learning_rate)?.with_weight_decay(weight_decay)?),
            Choice::Sgd => Box::new(GradientDescent::new(learning_rate)?),
            Choice::Momentum => Box::new(Momentum::new(learning_rate, 0.9)?),
            Choice::Rprop => Box::new(Rprop::new().with_initial_step(learning_rate)?),
        })
    }
}

/// A data set as read, before any split: the raw samples (NaN in a gap), and what the
/// protocol needs to prepare them.
pub struct Loaded<const I: usize, const O: usize> {
    pub path: PathBuf,
    pub samples: SampleSet<f32, I, O>,
    /// The class names, in the order of the outputs (empty for regression).
    pub classes: Vec<String>,
    /// The imputer's plan, one entry per input (all `Keep` for a set without gaps).
    pub imputation: Vec<Imputation>,
    /// The inputs left unstandardised: the one-hot ones.
    pub unscaled: Vec<bool>,
    /// Each sample's 0-based data row in the file (rows without a target are left out).
    pub file_rows: Vec<usize>,
}

impl<const I: usize, const O: usize> Loaded<I, O> {
    /// The sample indices of the given 0-based file rows; an error for a row that is not a
    /// sample.
    pub fn test_rows(&self, file_rows: &[usize]) -> Result<Vec<usize>, Box<dyn Error>> {
        let mut sample_of = vec![None; self.file_rows.iter().max().map_or(0, |&r| r + 1)];
        for (sample, &row) in self.file_rows.iter().enumerate() {
            sample_of[row] = Some(sample);
        }
        let mut seen = vec![false; self.samples.len()];
        file_rows
            .iter()
            .map(|&row| {
                let sample = sample_of.get(row).copied().flatten().ok_or_else(|| {
                    format!(
                        "{}: data row {row} is not one of its samples",
                        self.path.display()
                    )
                })?;
                if std::mem::replace(&mut seen[sample], true) {
                    return Err(format!("data row {row} is in a test part twice").into());
                }
                Ok(sample)
            })
            .collect()
    }
}

/// Reads `data`'s file (or `file` in its place: the same columns).
pub fn load<const I: usize, const O: usize>(
    data: Data,
    file: Option<&Path>,
) -> Result<Loaded<I, O>, Box<dyn Error>> {
    let path = file.map(Path::to_path_buf).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("datasets/{}.csv", data.file()))
    });
    if data == Data::CarsMpg {
        return load_miles_per_gallon(path);
    }
    let layout = match data {
        Data::Diabetes => Layout::numbers(["target"]),
        // Median for a gap, and a 0/1 "was missing" input for each of the two columns with
        // gaps (scikit-learn's `SimpleImputer(strategy="median", add_indicator=True)`).
        Data::CarsOrigin => Layout::class("origin")
            .missing_texts([""])
            .on_missing(
                "miles_per_gallon",
                MissingPolicy::ImputeWithIndicator(Statistic::Median),
            )
            .on_missing(
                "horsepower",
                MissingPolicy::ImputeWithIndicator(Statistic::Median),
            ),
        _ => Layout::class("class"),
    };
    let read = read_csv::<f32, I, O>(&path, &layout)?;
    if read.dropped_rows > 0 {
        return Err(format!("{}: {} rows dropped", path.display(), read.dropped_rows).into());
    }
    Ok(Loaded {
        path,
        file_rows: (0..read.samples.len()).collect(),
        samples: read.samples,
        classes: read.classes,
        imputation: read.imputation,
        unscaled: vec![false; I],
    })
}

/// `cars.csv` for miles per gallon: the six numbers (a horsepower gap imputed with the
/// median) and the origin one-hot over its sorted names (every training part holds all
/// three, so an encoder fitted on all rows is the one a training part gives); rows without
/// miles per gallon left out.
fn load_miles_per_gallon<const I: usize, const O: usize>(
    path: PathBuf,
) -> Result<Loaded<I, O>, Box<dyn Error>> {
    let cars = TextRecords::read(&path)?;
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
    let records = cars.select(&columns);
    let kept: Vec<usize> = (0..records.len())
        .filter(|&r| !cars.records[r][target].is_empty())
        .collect();
    let mut encodings = [ColumnEncoding::Number; 7];
    encodings[6] = ColumnEncoding::OneHot;
    let rows: Vec<&Vec<&str>> = kept.iter().map(|&r| &records[r]).collect();
    let encoder = RecordEncoder::fit(&names, &encodings, &rows)?.missing_texts([""]);
    let mut samples = SampleSet::with_capacity(kept.len());
    for &r in &kept {
        let value: f32 = cars.records[r][target].parse()?;
        let mut label = [0.0; O];
        label[0] = value;
        samples.push(encoder.encode(&records[r])?, label);
    }
    let mut imputation = vec![Imputation::Keep; I];
    imputation[2] = Imputation::Fill(Statistic::Median);
    Ok(Loaded {
        path,
        samples,
        classes: Vec::new(),
        imputation,
        unscaled: encoder.encoded_inputs(),
        file_rows: kept,
    })
}

/// The split file `scripts/datasets/sklearn_reference.py --dump-splits` writes
/// (`datasets/sklearn/splits.json`): for each data set and seed, the 0-based data rows of
/// its test part. Returns `data`'s, as (seed, sample indices) for [`SplitSource::Given`].
pub fn read_splits<const I: usize, const O: usize>(
    path: &Path,
    data: Data,
    loaded: &Loaded<I, O>,
) -> Result<Vec<TestRows>, Box<dyn Error>> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let file: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    let splits = file["test_rows"][data.name()]
        .as_object()
        .ok_or_else(|| format!("{}: no splits for {}", path.display(), data.name()))?;
    let mut out = Vec::new();
    for (seed, rows) in splits {
        let seed: u64 = seed
            .parse()
            .map_err(|_| format!("seed {seed:?} is not a number"))?;
        let rows: Vec<usize> = rows
            .as_array()
            .ok_or("a split is not a list of rows")?
            .iter()
            .map(|row| {
                row.as_u64()
                    .map(|r| r as usize)
                    .ok_or("a row is not a number")
            })
            .collect::<Result<_, _>>()?;
        out.push((seed, loaded.test_rows(&rows)?));
    }
    out.sort_by_key(|(seed, _)| *seed);
    if out.len() != SPLITS as usize {
        return Err(format!(
            "{}: {} splits, expected {SPLITS}",
            path.display(),
            out.len()
        )
        .into());
    }
    Ok(out)
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
    /// Classification: the test part's balanced accuracy (the mean of the classes' recalls).
    pub balanced: Option<f64>,
    /// Regression: mean absolute error and root mean squared error in the target's units.
    pub errors: Option<(f64, f64)>,
    /// The time training took (the per-epoch evaluation of the training set, and of the
    /// validation part under early stopping, included).
    pub seconds: f64,
    /// The epochs trained, and the one whose weights were kept.
    pub epochs: usize,
    pub best_epoch: usize,
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

    /// The median number of epochs trained.
    pub fn median_epochs(&self) -> usize {
        let mut epochs: Vec<usize> = self.outcomes.iter().map(|o| o.epochs).collect();
        epochs.sort_unstable();
        epochs[epochs.len() / 2]
    }

    /// The median training time, seconds.
    pub fn median_seconds(&self) -> f64 {
        let mut seconds: Vec<f64> = self.outcomes.iter().map(|o| o.seconds).collect();
        seconds.sort_by(f64::total_cmp);
        seconds[seconds.len() / 2]
    }

    /// The mean balanced accuracy over the splits (classification).
    pub fn mean_balanced(&self) -> Option<f64> {
        let values: Vec<f64> = self.outcomes.iter().filter_map(|o| o.balanced).collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
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

/// One split's seed and the sample indices of its test part.
pub type TestRows = (u64, Vec<usize>);

/// Where a run's train/test splits come from.
#[derive(Clone, Debug, PartialEq)]
pub enum SplitSource {
    /// Drawn here: seeds `seed` … `seed + 4`, 80/20, stratified by class except for
    /// regression.
    Own { seed: u64 },
    /// Read from a file: for each seed, the rows of the loaded samples (not of the file: see
    /// [`Loaded::test_rows`]) in the test part; the training part is every other row.
    Given(Vec<TestRows>),
}

/// The protocol on `loaded.samples` (raw, as read): the splits `source` says; the imputer (for
/// the gaps), the inputs' standardizer (except the one-hot inputs `loaded.unscaled` names) and
/// for regression the target's fitted on the training part only and applied to both parts; a
/// network from He initialisation with the split's seed, trained by `settings` on mini-batches
/// of `M` (which must be `settings.batch`); tested on the held-out part. `on_epoch` sees every
/// epoch of every split (numbered from 0), inside the timed training, except under early
/// stopping, whose epochs it does not see.
pub fn run_splits<Net, L, const I: usize, const O: usize, const K: usize, const M: usize>(
    loaded: &Loaded<I, O>,
    task: Task,
    settings: &Settings,
    source: &SplitSource,
    loss: &L,
    mut on_epoch: impl FnMut(u64, &Epoch<f32>),
    mut on_split: impl FnMut(&Outcome),
) -> Result<Splits<Net, I, O, K>, Box<dyn Error>>
where
    Net: Network<f32, I, O> + Clone + 'static,
    L: Loss<Net::OutputActivation>,
{
    assert_eq!(settings.batch, M, "the batch size is the type's");
    let samples = &loaded.samples;
    let mut confusion = ConfusionMatrix::<K>::new();
    let mut outcomes = Vec::new();
    let mut last = None;
    let parts: Vec<(u64, SampleSet<f32, I, O>, SampleSet<f32, I, O>)> = match source {
        SplitSource::Own { seed } => (0..SPLITS)
            .map(|k| {
                let seed = seed + k;
                let split = if task == Task::Regression {
                    samples.split_shuffled(0.0, TEST, seed)?
                } else {
                    samples.split_stratified(0.0, TEST, seed)?
                };
                Ok((seed, split.training, split.test))
            })
            .collect::<Result<_, Box<dyn Error>>>()?,
        SplitSource::Given(splits) => splits
            .iter()
            .map(|(seed, test_rows)| {
                let mut in_test = vec![false; samples.len()];
                test_rows.iter().for_each(|&row| in_test[row] = true);
                let training: Vec<usize> = (0..samples.len()).filter(|&r| !in_test[r]).collect();
                (*seed, samples.select(&training), samples.select(test_rows))
            })
            .collect(),
    };
    for (split_number, (seed, mut training, mut test)) in parts.into_iter().enumerate() {
        let split_number = split_number as u64;
        // Fitted on the training part only, then applied to both parts.
        let imputer = Imputer::fit(&loaded.imputation, training.inputs())?;
        for set in [&mut training, &mut test] {
            set.inputs_mut()
                .iter_mut()
                .for_each(|row| *row = imputer.apply(row));
        }
        let standardizer = Standardizer::fit(training.inputs())?;
        let (mut mean, mut scale) = (*standardizer.mean(), *standardizer.scale());
        for (k, &unscaled) in loaded.unscaled.iter().enumerate() {
            if unscaled {
                (mean[k], scale[k]) = (0.0, 1.0);
            }
        }
        let standardizer = Standardizer::from_parts_checked(mean, scale)?;
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
        let started = Instant::now();
        let (epochs, best_epoch) =
            train::<Net, L, I, O, M>(&mut net, &training, task, settings, seed, loss, |epoch| {
                on_epoch(split_number, epoch)
            })?;
        let seconds = started.elapsed().as_secs_f64();

        let (score, balanced, errors) = match task {
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
                (r_squared, None, Some(errors))
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
                (accuracy, split_confusion.balanced_accuracy(), None)
            }
        };
        let outcome = Outcome {
            seed,
            training_samples: training.len(),
            test_samples: test.len(),
            score,
            balanced,
            errors,
            seconds,
            epochs,
            best_epoch,
        };
        on_split(&outcome);
        outcomes.push(outcome);
        let mut model = Pipeline::new(net, standardizer);
        if !imputer.is_none() {
            model = model.with_imputer(imputer);
        }
        last = Some(model);
    }
    Ok(Splits {
        outcomes,
        confusion,
        last: last.ok_or("no splits")?,
    })
}

/// Trains `net` on the (imputed, standardised) training part by `settings`: a fixed number of
/// epochs, or, with [`Settings::stopping`], early stopping on a validation part held out of
/// the training part (stratified for classes, seeded by `seed`) with the best epoch's weights
/// restored — what the recipe decides, not the test part. Returns the epochs trained and the
/// epoch whose weights the network holds.
fn train<Net, L, const I: usize, const O: usize, const M: usize>(
    net: &mut Net,
    training: &SampleSet<f32, I, O>,
    task: Task,
    settings: &Settings,
    seed: u64,
    loss: &L,
    mut on_epoch: impl FnMut(&Epoch<f32>),
) -> Result<(usize, usize), Box<dyn Error>>
where
    Net: Network<f32, I, O> + Clone + 'static,
    L: Loss<Net::OutputActivation>,
{
    let mut optimizer = settings
        .optimizer
        .build::<Net>(settings.learning_rate as f32, settings.weight_decay as f32)?;
    let mut shuffle = StdRng::seed_from_u64(seed.wrapping_add(1_000));
    let Some(stopping) = settings.stopping else {
        let weights = match (settings.balanced, task) {
            (true, Task::Classes | Task::Binary) => ClassWeights::Balanced.per_sample(training)?,
            _ => vec![1.0; training.len()],
        };
        let summary = Fit::new(loss, &mut *optimizer)
            .sample_weights(&weights)
            .mini_batches::<M>(&mut shuffle)
            .max_epochs(settings.epochs)
            .run_with(net, training, |epoch, _| {
                on_epoch(epoch);
                Control::Continue
            })?;
        return Ok((summary.epochs, summary.epochs));
    };
    let initial = net.clone();
    let seed = seed.wrapping_add(2_000);
    let split = match task {
        Task::Regression => training.split_shuffled(stopping.validation, 0.0, seed)?,
        _ => training.split_stratified(stopping.validation, 0.0, seed)?,
    };
    let weights = match (settings.balanced, task) {
        (true, Task::Classes | Task::Binary) => {
            ClassWeights::Balanced.per_sample(&split.training)?
        }
        _ => vec![1.0; split.training.len()],
    };
    let fit = Fit::new(loss, &mut *optimizer)
        .sample_weights(&weights)
        .mini_batches::<M>(&mut shuffle)
        .max_epochs(settings.epochs)
        .run_with_validation(
            net,
            &split.training,
            &split.validation,
            EarlyStopping::new(stopping.patience),
        )?;
    if !stopping.refit {
        return Ok((fit.training.epochs, fit.best_epoch));
    }
    *net = initial;
    let mut optimizer = settings
        .optimizer
        .build::<Net>(settings.learning_rate as f32, settings.weight_decay as f32)?;
    let weights = match (settings.balanced, task) {
        (true, Task::Classes | Task::Binary) => ClassWeights::Balanced.per_sample(training)?,
        _ => vec![1.0; training.len()],
    };
    let epochs = fit.best_epoch.max(1);
    Fit::new(loss, &mut *optimizer)
        .sample_weights(&weights)
        .mini_batches::<M>(&mut shuffle)
        .max_epochs(epochs)
        .run(net, training)?;
    Ok((fit.training.epochs + epochs, fit.best_epoch))
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
