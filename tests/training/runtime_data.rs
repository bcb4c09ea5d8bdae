//! Data whose length is known only at run time: `SampleSet` and `SampleSlice` train, evaluate,
//! split and record like the const-length `Dataset`, give the same answers on the same rows,
//! and stay within a small stack however long they are.

use static_mlp::data::csv::{Layout, read_csv};
use static_mlp::data::{self, Dataset, Rows, SampleSet, SampleSlice};
use static_mlp::model::predict_all;
use static_mlp::prelude::*;
use static_mlp::train::StopReason;
use static_mlp::{
    Scalar, data::InvalidData, experiments::History, metrics, train::FitError, train::evaluate,
};

fn weights<T: Scalar, N: Parameters<T>>(net: &N) -> Vec<T> {
    net.parameters().flatten().copied().collect()
}

/// Runs `work` on a thread with only `bytes` of stack: a stack value that grew with the
/// data would overflow it and abort the test.
///
/// The tests use 1 MiB, half a test thread's default. One training step of the 16 → 32 → 32 → 4
/// net on a batch of 64 needs under 256 KiB when optimised (the crate's test profile) and
/// between 512 KiB and 1 MiB unoptimised (`CARGO_PROFILE_DEV_OPT_LEVEL=0`, measured with 2,000
/// and 200,000 rows alike: a constant, not a function of the data); one whole-set forward pass
/// of the 20,000-row set below needs 2.5 MB for each hidden layer alone.
const SMALL_STACK: usize = 1 << 20;
fn on_small_stack<R: Send>(bytes: usize, work: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(bytes)
            .spawn_scoped(scope, work)
            .unwrap()
            .join()
            .unwrap()
    })
}

type Wide = mlp!(f32; 16 => 32 Relu => 32 Relu => 4 Sigmoid);
/// One way of training a `Wide` net, returning its final loss.
type TrainOn<'a> = dyn Fn(&mut Wide, &mut Adam<f32, Wide>, &mut StdRng) -> f32 + Sync + 'a;

/// `rows` samples of 16 inputs in [0, 1); label `k` is whether inputs `4k … 4k+3` sum above 2.
fn sixteen_wide(rows: usize, seed: u64) -> SampleSet<f32, 16, 4> {
    use rand::RngExt;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut set = SampleSet::with_capacity(rows);
    for _ in 0..rows {
        let input: [f32; 16] = std::array::from_fn(|_| rng.random());
        let label = std::array::from_fn(|k| {
            let sum: f32 = input[4 * k..4 * k + 4].iter().sum();
            f32::from(sum > 2.0)
        });
        set.push(input, label);
    }
    set
}

#[test]
fn two_hundred_thousand_rows_train_on_a_one_mib_stack() {
    let set = sixteen_wide(200_000, 1);
    let (summary, net) = on_small_stack(SMALL_STACK, || {
        let mut net = Wide::random(Init::He, &mut StdRng::seed_from_u64(2));
        let mut adam = Adam::new(0.003).unwrap();
        let mut rng = StdRng::seed_from_u64(3);
        let summary = Fit::new(&BinaryCrossEntropy, &mut adam)
            .mini_batches::<64>(&mut rng)
            .max_epochs(1)
            .run(&mut net, &set)
            .unwrap();
        (summary, net)
    });
    assert_eq!(summary.epochs, 1);
    // Guessing "no" everywhere is right for half the labels; one epoch learns the rule.
    assert!(summary.accuracy > Some(0.9), "{summary:?}");
    let again = evaluate(&net, &BinaryCrossEntropy, &set);
    assert_eq!(
        (again.loss, again.accuracy),
        (summary.loss, summary.accuracy)
    );
}

/// The reported crash: a boxed 20,000 × 16 `Dataset`, `Fit` with Adam and mini-batches of 64
/// for 2 epochs aborted with a stack overflow (the whole-set forward pass of `evaluate`, about
/// 2.5 MB per 20,000 × 32 activation matrix, and the `[usize; 20_000]` order). Now a large
/// `Dataset` is evaluated in chunks and its order lives on the heap.
#[test]
fn a_boxed_twenty_thousand_row_dataset_trains_on_a_small_stack() {
    let rows = sixteen_wide(20_000, 4);
    // Building the 1.6 MB value itself needs a big stack (it is made on the stack, then
    // boxed); training on it must not.
    let boxed: Box<Dataset<f32, 20_000, 16, 4>> = on_small_stack(16 << 20, || {
        let mut set = Box::new(Dataset {
            inputs: SMatrix::zeros(),
            labels: SMatrix::zeros(),
        });
        for k in 0..20_000 {
            for c in 0..16 {
                set.inputs[(k, c)] = rows.inputs()[k][c];
            }
            for c in 0..4 {
                set.labels[(k, c)] = rows.labels()[k][c];
            }
        }
        set
    });
    let train = |data: &TrainOn<'_>| {
        on_small_stack(SMALL_STACK, || {
            let mut net = Wide::random(Init::He, &mut StdRng::seed_from_u64(5));
            let mut adam = Adam::new(0.003).unwrap();
            let mut rng = StdRng::seed_from_u64(6);
            let loss = data(&mut net, &mut adam, &mut rng);
            (loss, weights(&net))
        })
    };
    let from_dataset = train(&|net, adam, rng| {
        let fit = Fit::new(&BinaryCrossEntropy, adam).mini_batches::<64>(rng);
        fit.max_epochs(2).run(net, &*boxed).unwrap().loss
    });
    let from_rows = train(&|net, adam, rng| {
        let fit = Fit::new(&BinaryCrossEntropy, adam).mini_batches::<64>(rng);
        fit.max_epochs(2).run(net, &rows).unwrap().loss
    });
    // The same rows in the same shuffled order: the same steps, bit for bit.
    assert_eq!(from_dataset, from_rows);
}

#[test]
fn mini_batches_on_rows_are_the_dataset_steps_bit_for_bit() {
    type Net = mlp!(f64; 2 => 8 Tanh => 1 Sigmoid);
    let points = data::linearly_separable::<f64, 300, _>(&mut StdRng::seed_from_u64(7));
    let rows = SampleSet::from(&points);
    let run = |data: &dyn Fn(&mut Net, &mut StdRng) -> f64| {
        let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(8));
        let mut rng = StdRng::seed_from_u64(9);
        let loss = data(&mut net, &mut rng);
        (loss, weights(&net))
    };
    let on_dataset = run(&|net, rng| {
        let mut adam = Adam::new(0.01).unwrap();
        let fit = Fit::new(&BinaryCrossEntropy, &mut adam).mini_batches::<16>(rng);
        fit.max_epochs(20).run(net, &points).unwrap().loss
    });
    let on_rows = run(&|net, rng| {
        let mut adam = Adam::new(0.01).unwrap();
        let fit = Fit::new(&BinaryCrossEntropy, &mut adam).mini_batches::<16>(rng);
        fit.max_epochs(20).run(net, &rows).unwrap().loss
    });
    let on_slice = run(&|net, rng| {
        let mut adam = Adam::new(0.01).unwrap();
        let fit = Fit::new(&BinaryCrossEntropy, &mut adam).mini_batches::<16>(rng);
        fit.max_epochs(20).run(net, &rows.as_slice()).unwrap().loss
    });
    assert_eq!(on_dataset.1, on_rows.1);
    assert_eq!(on_rows.1, on_slice.1);
    // The loss of the same weights, as one 300-row batch and as chunks of 64.
    assert!((on_dataset.0 - on_rows.0).abs() < 1e-14);
}

#[test]
fn a_chunked_full_batch_is_the_whole_batch_gradient() {
    type Net = mlp!(f64; 2 => 6 Tanh => 1 Identity);
    let points = data::linearly_separable::<f64, 200, _>(&mut StdRng::seed_from_u64(10));
    let rows = SampleSet::from(&points);
    let train = |on_rows: bool| {
        let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(11));
        let mut optimizer = GradientDescent::new(0.1).unwrap();
        let fit = Fit::new(&MeanSquaredError, &mut optimizer).max_epochs(50);
        if on_rows {
            fit.run(&mut net, &rows).unwrap();
        } else {
            fit.run(&mut net, &points).unwrap();
        }
        weights(&net)
    };
    let (whole, chunked) = (train(false), train(true));
    for (a, b) in whole.iter().zip(&chunked) {
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }
    let start = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(11));
    assert_ne!(whole, weights(&start), "training moved the weights");
}

#[test]
fn validation_split_history_and_prediction_take_run_time_sets() {
    type Net = mlp!(f64; 2 => 8 Tanh => 1 Sigmoid);
    let points = SampleSet::from(&data::linearly_separable::<f64, 500, _>(
        &mut StdRng::seed_from_u64(12),
    ));
    let split = points.split_stratified(0.2, 0.0, 13).unwrap();
    assert_eq!((split.training.len(), split.validation.len()), (400, 100));
    let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(14));
    let mut adam = Adam::new(0.02).unwrap();
    let mut rng = StdRng::seed_from_u64(15);
    let mut history = History::with_capacity(100);
    let mut validation_losses = Vec::new();
    Fit::new(&BinaryCrossEntropy, &mut adam)
        .mini_batches::<32>(&mut rng)
        .max_epochs(100)
        .run_with(&mut net, &split.training, |epoch, net| {
            validation_losses.push(evaluate(net, &BinaryCrossEntropy, &split.validation).loss);
            history.record_epoch(epoch)
        })
        .unwrap();
    assert_eq!(history.len(), 100);
    assert!(validation_losses[99] < validation_losses[0]);
    let held_out = evaluate(&net, &BinaryCrossEntropy, &split.validation);
    assert!(held_out.accuracy > Some(0.9), "{held_out:?}");
    let predicted = predict_all(&net, split.validation.inputs());
    let correct = predicted
        .iter()
        .zip(split.validation.labels())
        .filter(|([a], [y])| (*a > 0.5) == (*y > 0.5))
        .count();
    assert_eq!(Some(correct as f64 / 100.0), held_out.accuracy);
    // A full-batch step recorded by hand on a run-time set.
    let mut by_hand = History::with_capacity(1);
    let now = by_hand
        .record_step(&mut net, &BinaryCrossEntropy, &mut adam, &split.training)
        .unwrap();
    assert_eq!(by_hand.loss(), [now.loss]);
}

#[test]
fn a_lent_order_buffer_trains_a_borrowed_slice() {
    type Net = mlp!(f32; 2 => 4 Tanh => 1 Sigmoid);
    let inputs: Vec<[f32; 2]> = (0..50).map(|k| [k as f32 / 50.0, 0.5]).collect();
    let labels: Vec<[f32; 1]> = inputs.iter().map(|&[x, _]| [f32::from(x > 0.5)]).collect();
    let slice = SampleSlice::new(&inputs, &labels).unwrap();
    let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(16));
    let mut adam = Adam::new(0.05).unwrap();
    let mut rng = StdRng::seed_from_u64(17);
    let mut order = [0_usize; 50];
    let summary = Fit::new(&BinaryCrossEntropy, &mut adam)
        .mini_batches::<8>(&mut rng)
        .max_epochs(200)
        .run_with_order(&mut net, &slice, &mut order, |_, _| Control::Continue)
        .unwrap();
    assert!(summary.accuracy > Some(0.9), "{summary:?}");
    let mut sorted = order;
    sorted.sort_unstable();
    assert_eq!(sorted, std::array::from_fn::<usize, 50, _>(|k| k));

    let mut short = [0_usize; 49];
    let error = Fit::new(&BinaryCrossEntropy, &mut adam)
        .run_with_order(&mut net, &slice, &mut short, |_, _| Control::Continue)
        .unwrap_err();
    assert_eq!(
        error,
        FitError::OrderBuffer {
            expected: 50,
            found: Some(49)
        }
    );
    assert_eq!(
        error.to_string(),
        "the sample order buffer has 49 entries: expected one per sample, 50"
    );
}

#[test]
fn an_empty_or_bad_run_time_set_is_refused_before_training() {
    type Net = mlp!(f64; 2 => 3 Sigmoid => 1 Sigmoid);
    let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(18));
    let before = weights(&net);
    let mut optimizer = GradientDescent::new(0.1).unwrap();
    let empty = SampleSet::<f64, 2, 1>::with_capacity(0);
    let error = Fit::new(&MeanSquaredError, &mut optimizer)
        .run(&mut net, &empty)
        .unwrap_err();
    assert_eq!(error, FitError::InvalidData(InvalidData::Empty));
    let mut bad = SampleSet::<f64, 2, 1>::with_capacity(2);
    bad.push([0.0, 1.0], [0.0]);
    bad.push([0.0, 1.0], [2.0]);
    let error = Fit::new(&BinaryCrossEntropy, &mut optimizer)
        .run(&mut net, &bad)
        .unwrap_err();
    assert!(
        matches!(
            error,
            FitError::InvalidData(InvalidData::LabelOutOfRange { sample: 1, .. })
        ),
        "{error}"
    );
    assert_eq!(weights(&net), before);
    let summary = Fit::new(&MeanSquaredError, &mut optimizer)
        .max_epochs(3)
        .run(&mut net, &bad)
        .unwrap();
    assert_eq!(summary.stopped_by, StopReason::MaxEpochs);
}

#[test]
fn regression_outputs_get_mae_rmse_and_r_squared() {
    // y = 3x − 1 plus nothing: a linear layer trained by Adam on 1,000 rows gets R² near 1.
    type Line = mlp!(f64; 1 => 1 Identity);
    let mut set = SampleSet::<f64, 1, 1>::with_capacity(1_000);
    for k in 0..1_000 {
        let x = f64::from(k) / 1_000.0;
        set.push([x], [3.0 * x - 1.0]);
    }
    let mut net = Line::zeros();
    let before = metrics::measure_regression(&net, &set).unwrap();
    // Predicting 0 everywhere: MAE is the mean |3x − 1|, R² is below 0 (worse than the mean).
    assert!(before.r_squared[0].unwrap() < 0.0);
    let mut adam = Adam::new(0.05).unwrap();
    let mut rng = StdRng::seed_from_u64(19);
    Fit::new(&MeanSquaredError, &mut adam)
        .mini_batches::<50>(&mut rng)
        .max_epochs(200)
        .run(&mut net, &set)
        .unwrap();
    let after = metrics::measure_regression(&net, &set).unwrap();
    assert!(after.r_squared[0].unwrap() > 0.999, "{after:?}");
    assert!(after.root_mean_squared_error[0] < 0.03, "{after:?}");
    assert!(after.mean_absolute_error[0] <= after.root_mean_squared_error[0]);
}

#[test]
fn the_committed_data_sets_read_with_their_shapes_and_class_names() {
    let iris = read_csv::<f32, 4, 3>("datasets/iris.csv", &Layout::class("class")).unwrap();
    assert_eq!(iris.samples.len(), 150);
    assert_eq!(iris.classes, ["setosa", "versicolor", "virginica"]);
    assert_eq!(iris.input_names[0], "sepal_length_cm");
    assert_eq!(iris.samples.input(34), [4.9, 3.1, 1.5, 0.2]); // Fisher's sample 35
    let per_class = |labels: &[[f32; 3]]| {
        let mut counts = [0; 3];
        for label in labels {
            counts[label.iter().position(|&v| v == 1.0).unwrap()] += 1;
        }
        counts
    };
    assert_eq!(per_class(iris.samples.labels()), [50, 50, 50]);

    let wine = read_csv::<f64, 13, 3>("datasets/wine.csv", &Layout::class("class")).unwrap();
    assert_eq!((wine.samples.len(), wine.classes.len()), (178, 3));
    assert_eq!(wine.classes, ["class_0", "class_1", "class_2"]);
    assert_eq!(wine.samples.input(0)[12], 1065.0);

    // Breast cancer: two classes, so one 0/1 output; malignant first, as scikit-learn has it.
    let cancer =
        read_csv::<f64, 30, 1>("datasets/breast_cancer.csv", &Layout::class("class")).unwrap();
    assert_eq!(cancer.samples.len(), 569);
    assert_eq!(cancer.classes, ["malignant", "benign"]);
    let benign = cancer
        .samples
        .labels()
        .iter()
        .filter(|&&[y]| y == 1.0)
        .count();
    assert_eq!(benign, 357);

    let digits = read_csv::<f32, 64, 10>("datasets/digits.csv", &Layout::class("class")).unwrap();
    assert_eq!(digits.samples.len(), 1_797);
    let names: Vec<String> = (0..10).map(|d| d.to_string()).collect();
    let mut sorted = digits.classes.clone();
    sorted.sort();
    assert_eq!(sorted, names);
    assert_eq!(digits.input_names[63], "pixel_7_7");

    let diabetes =
        read_csv::<f64, 10, 1>("datasets/diabetes.csv", &Layout::numbers(["target"])).unwrap();
    assert_eq!(diabetes.samples.len(), 442);
    assert!(diabetes.classes.is_empty());
    assert_eq!(diabetes.samples.label(0), [151.0]);
    let mean = metrics::label_mean(&diabetes.samples)[0];
    assert!((mean - 152.133).abs() < 1e-3, "{mean}");

    // The wrong widths for a file: the error names both counts.
    let error = read_csv::<f32, 4, 3>("datasets/wine.csv", &Layout::class("class")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "datasets/wine.csv: the network takes 4 inputs, but the file has 13 input columns: \
         expected 4, found 13 (the input width is part of the network's type: change it, or \
         choose the input columns)"
    );
    let error = read_csv::<f32, 4, 2>("datasets/iris.csv", &Layout::class("class")).unwrap_err();
    // the read stops at the first row of a class beyond the network's outputs
    assert_eq!(
        error.to_string(),
        "datasets/iris.csv: line 102, column 5 (`class`): expected 2 classes for this \
         network's outputs (setosa, versicolor), found another, `virginica`"
    );
}
