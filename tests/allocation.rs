//! Training steps and inference make no heap allocation once a network exists.
//!
//! A counting global allocator tallies every allocation made on the current thread; the test
//! reads the tally before and after 1,000 training steps and 1,000 inferences, and around
//! whole `Fit` runs: shuffled mini-batches, and a divergence with its rollback. Run-time-length
//! sets (`SampleSet`, `SampleSlice`) are walked in chunks: a `Fit` on one allocates its sample
//! order once, or nothing when the caller lends it; evaluation and prediction allocate nothing.
//! Baked constants (`tests/baked/`) are inferred from without allocating too.

use static_mlp::data;
use static_mlp::prelude::*;
use static_mlp::{train::FitError, train::StopReason};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) }
    }
    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        unsafe { System.realloc(pointer, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// How many allocations `work` makes on this thread.
fn allocations_during(work: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    work();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn the_counter_sees_a_heap_allocation() {
    let count = allocations_during(|| drop(std::hint::black_box(vec![1.0_f64; 8])));
    assert_eq!(count, 1);
}

#[test]
fn seed_network_trains_and_predicts_without_allocating() {
    type XorNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
    let xor = data::xor_easy::<f64>();
    let mut net = XorNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(1));
    let mut optimizer = GradientDescent::new(0.5).unwrap();

    let count = allocations_during(|| {
        for _ in 0..1_000 {
            net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
        }
        for i in 0..1_000 {
            let v = f64::from(i) / 1_000.0;
            std::hint::black_box(net.predict_one([v, 1.0 - v]));
            std::hint::black_box(net.predict(&xor.inputs));
        }
    });
    assert_eq!(count, 0, "training and inference allocated {count} times");
}

#[test]
fn biased_relu_bce_network_in_f32_trains_without_allocating() {
    type Net = mlp!(f32; 2 => 16 Relu => 16 LeakyRelu => 1 Sigmoid);
    let xor = data::xor_easy::<f32>();
    let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(2));
    let mut optimizer = GradientDescent::new(0.1).unwrap();

    let count = allocations_during(|| {
        for _ in 0..1_000 {
            net.train_step(
                &BinaryCrossEntropy,
                &mut optimizer,
                &xor.inputs,
                &xor.labels,
            );
            std::hint::black_box(net.predict_one([0.3, 0.7]));
        }
    });
    assert_eq!(count, 0, "training and inference allocated {count} times");
}

#[test]
fn adam_rprop_and_momentum_steps_do_not_allocate() {
    type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
    let xor = data::xor_easy::<f64>();
    let mut net = XorNet::random(Init::Xavier, &mut StdRng::seed_from_u64(3));
    // Each optimiser's state (moments, step sizes, velocity) is made here, once.
    let mut adam = Adam::new(0.01).unwrap().with_weight_decay(1e-4).unwrap();
    let mut rprop = Rprop::new();
    let mut momentum = Momentum::nesterov(0.1, 0.9).unwrap();

    let count = allocations_during(|| {
        for _ in 0..1_000 {
            net.train_step(&MeanSquaredError, &mut adam, &xor.inputs, &xor.labels);
            net.train_step(&MeanSquaredError, &mut rprop, &xor.inputs, &xor.labels);
            net.train_step(&MeanSquaredError, &mut momentum, &xor.inputs, &xor.labels);
        }
    });
    assert_eq!(count, 0, "the optimisers' steps allocated {count} times");
}

#[test]
fn a_fit_on_shuffled_mini_batches_does_not_allocate() {
    type Net = mlp!(f32; 2 => 8 Relu => 1 Sigmoid);
    let xor = data::xor_easy::<f32>();
    let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(4));
    let mut adam = Adam::new(0.01).unwrap();
    let mut rng = StdRng::seed_from_u64(5);

    let mut epochs = 0;
    let count = allocations_during(|| {
        // 21 samples in batches of 4: five full batches and a short one of 1 every epoch.
        let summary = Fit::new(&BinaryCrossEntropy, &mut adam)
            .mini_batches::<4>(&mut rng)
            .max_epochs(300)
            .run_with(&mut net, &xor, |epoch, _| {
                epochs = epoch.epoch;
                Control::Continue
            })
            .unwrap();
        assert_eq!(summary.stopped_by, StopReason::MaxEpochs);
    });
    assert_eq!(epochs, 300);
    assert_eq!(count, 0, "300 mini-batch epochs allocated {count} times");
}

#[test]
fn divergence_and_its_rollback_do_not_allocate() {
    type Unbounded = mlp!(f64; 2 => 8 Relu => 1 Identity);
    let points = data::linearly_separable::<f64, 100, _>(&mut StdRng::seed_from_u64(6));
    let mut net = Unbounded::random(Init::He, &mut StdRng::seed_from_u64(6));
    let mut optimizer = GradientDescent::new(1e6).unwrap();

    let mut result = None;
    let count = allocations_during(|| {
        result = Some(
            Fit::new(&MeanSquaredError, &mut optimizer)
                .max_epochs(1_000)
                .run(&mut net, &points),
        );
    });
    assert!(
        matches!(result, Some(Err(FitError::Diverged { .. }))),
        "{result:?}"
    );
    assert_eq!(count, 0, "a diverging fit allocated {count} times");
}

#[test]
fn recording_a_history_does_not_allocate() {
    use static_mlp::experiments::History;
    use static_mlp::experiments::Outcome;

    type XorNet = mlp!(f64, no_bias; 2 => 4 Relu => 4 Relu => 1 Sigmoid);
    let xor = data::xor_easy::<f64>();
    let mut net = XorNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(3));
    let mut optimizer = GradientDescent::new(0.1).unwrap();
    // Both histories are allocated here, before training.
    let mut by_hand = History::with_capacity(1_001);
    let mut from_fit = History::with_capacity(500);

    let count = allocations_during(|| {
        for _ in 0..1_000 {
            by_hand
                .record_step(&mut net, &BinaryCrossEntropy, &mut optimizer, &xor)
                .unwrap();
        }
        by_hand.record(0.5, 1.0).unwrap();
        assert!(by_hand.record(0.5, 1.0).is_err()); // full: refused, not grown
        // A Fit longer than its history: stopped by the callback, not grown.
        let summary = Fit::new(&BinaryCrossEntropy, &mut optimizer)
            .max_epochs(1_000)
            .run_with(&mut net, &xor, |epoch, _| from_fit.record_epoch(epoch))
            .unwrap();
        assert_eq!(summary.stopped_by, StopReason::Callback);
        std::hint::black_box(Outcome::train(
            &mut net,
            &BinaryCrossEntropy,
            &mut optimizer,
            &xor,
            1_000,
        ));
    });
    assert_eq!(count, 0, "recording allocated {count} times");
    assert_eq!((by_hand.len(), from_fit.len()), (1_001, 500));
}

#[test]
fn softmax_categorical_network_and_its_pipeline_run_without_allocating() {
    type Net = mlp!(f32; 4 => 16 Relu => 3 Softmax);
    let inputs = SMatrix::<f32, 12, 4>::from_fn(|r, c| (r * 4 + c) as f32 / 7.0 - 3.0);
    let labels = SMatrix::<f32, 12, 3>::from_fn(|r, c| f32::from(u8::from(r % 3 == c)));
    let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(3));
    let mut optimizer = Adam::new(0.01).unwrap();
    let rows: Vec<[f32; 4]> = (0..12)
        .map(|r| std::array::from_fn(|c| inputs[(r, c)]))
        .collect();
    let standardizer = static_mlp::data::Standardizer::fit(&rows).unwrap();

    let count = allocations_during(|| {
        for _ in 0..1_000 {
            net.train_step(&CategoricalCrossEntropy, &mut optimizer, &inputs, &labels);
        }
        let model: static_mlp::pipeline::Pipeline<Net, f32, 4, 3, &str> =
            static_mlp::pipeline::Pipeline::new(net, standardizer)
                .with_class_names(["a", "b", "c"]);
        let mut confusion = static_mlp::metrics::ConfusionMatrix::<3>::new();
        for row in &rows {
            std::hint::black_box(model.predict_class_name(*row));
            std::hint::black_box(net.predict_class(*row));
        }
        confusion.add_batch(&model.predict(&inputs), &labels);
        std::hint::black_box(confusion.precision(1));
        std::hint::black_box(static_mlp::metrics::class_accuracy(
            &net.predict(&inputs),
            &labels,
        ));
    });
    assert_eq!(count, 0, "the softmax net allocated {count} times");
}

mod baked;

#[test]
fn inference_on_baked_constants_does_not_allocate() {
    let inputs = data::xor_easy::<f64>().inputs;
    let raw = SMatrix::<f32, 8, 3>::from_fn(|r, c| (r * 3 + c) as f32 * 100.0 - 900.0);
    let count = allocations_during(|| {
        std::hint::black_box(baked::XOR_NET.predict(&inputs));
        std::hint::black_box(baked::XOR_NET.predict_one([0.25, 0.75]));
        std::hint::black_box(baked::SOFT_MODEL.predict(&raw));
        std::hint::black_box(baked::SOFT_MODEL.predict_class_name([1.0, -2.0, 3.0]));
        std::hint::black_box(baked::BINARY_MODEL.predict_class_name([13.0, 3.0]));
    });
    assert_eq!(
        count, 0,
        "inference on a baked constant allocated {count} times"
    );
}

/// 1,000 rows of 4 inputs and 2 labels, whose count the types do not know.
fn run_time_rows() -> static_mlp::data::SampleSet<f32, 4, 2> {
    let mut set = static_mlp::data::SampleSet::with_capacity(1_000);
    for k in 0..1_000_u16 {
        let x = f32::from(k) / 1_000.0;
        set.push(
            [x, 1.0 - x, x * x, 0.5],
            [f32::from(x > 0.5), f32::from(x < 0.25)],
        );
    }
    set
}

type RowNet = mlp!(f32; 4 => 16 Relu => 2 Sigmoid);

#[test]
fn a_fit_on_a_run_time_set_allocates_its_sample_order_once() {
    let set = run_time_rows();
    let mut net = RowNet::random(Init::He, &mut StdRng::seed_from_u64(7));
    let mut adam = Adam::new(0.01).unwrap();
    let mut rng = StdRng::seed_from_u64(8);
    let count = allocations_during(|| {
        let summary = Fit::new(&BinaryCrossEntropy, &mut adam)
            .mini_batches::<64>(&mut rng)
            .max_epochs(20)
            .run(&mut net, &set)
            .unwrap();
        assert_eq!(summary.epochs, 20);
    });
    assert_eq!(
        count, 1,
        "20 epochs over 1,000 rows allocated {count} times"
    );

    // Full batch: still only the order (made, though a full batch does not shuffle it).
    let count = allocations_during(|| {
        Fit::new(&BinaryCrossEntropy, &mut adam)
            .max_epochs(20)
            .run(&mut net, &set)
            .unwrap();
    });
    assert_eq!(count, 1, "full-batch epochs allocated {count} times");
}

#[test]
fn a_lent_order_evaluation_and_prediction_on_rows_allocate_nothing() {
    use static_mlp::model::predict_into;
    use static_mlp::{experiments::History, metrics, train::evaluate};
    let set = run_time_rows();
    let slice = set.as_slice();
    let mut net = RowNet::random(Init::He, &mut StdRng::seed_from_u64(9));
    let mut adam = Adam::new(0.01).unwrap();
    let mut rng = StdRng::seed_from_u64(10);
    let mut order = vec![0_usize; 1_000];
    let mut outputs = vec![[0.0_f32; 2]; 1_000];
    let mut history = History::with_capacity(10);

    let count = allocations_during(|| {
        Fit::new(&BinaryCrossEntropy, &mut adam)
            .mini_batches::<32>(&mut rng)
            .max_epochs(10)
            .run_with_order(&mut net, &slice, &mut order, |_, _| Control::Continue)
            .unwrap();
        std::hint::black_box(evaluate(&net, &BinaryCrossEntropy, &set));
        predict_into(&net, set.inputs(), &mut outputs).unwrap();
        std::hint::black_box(metrics::measure_regression(&net, &slice));
        for _ in 0..10 {
            history
                .record_step(&mut net, &BinaryCrossEntropy, &mut adam, &set)
                .unwrap();
        }
    });
    assert_eq!(count, 0, "work on borrowed rows allocated {count} times");
}

#[test]
fn weighted_training_early_stopping_and_a_confusion_matrix_allocate_nothing_more() {
    use static_mlp::metrics::ConfusionMatrix;
    use static_mlp::train::EarlyStopping;
    let set = run_time_rows();
    let slice = set.as_slice();
    let weights: Vec<f64> = (0..1_000).map(|k| f64::from(k % 3)).collect();
    let mut net = RowNet::random(Init::He, &mut StdRng::seed_from_u64(11));
    let mut adam = Adam::new(0.01).unwrap();
    let mut rng = StdRng::seed_from_u64(12);
    let mut order = vec![0_usize; 1_000];

    let count = allocations_during(|| {
        Fit::new(&BinaryCrossEntropy, &mut adam)
            .mini_batches::<32>(&mut rng)
            .sample_weights(&weights)
            .max_epochs(5)
            .run_with_order(&mut net, &slice, &mut order, |_, _| Control::Continue)
            .unwrap();
        Fit::new(&BinaryCrossEntropy, &mut adam)
            .sample_weights(&weights)
            .max_epochs(5)
            .run_with_order(&mut net, &slice, &mut order, |_, _| Control::Continue)
            .unwrap();
        std::hint::black_box(ConfusionMatrix::<2>::from_rows(&net, &slice));
    });
    assert_eq!(count, 0, "weighted epochs allocated {count} times");

    // Early stopping keeps its best weights in a copy of the network: only the order is made.
    let (training, validation) = (
        set.select(&(0..800).collect::<Vec<_>>()),
        set.select(&(800..1_000).collect::<Vec<_>>()),
    );
    let count = allocations_during(|| {
        Fit::new(&BinaryCrossEntropy, &mut adam)
            .max_epochs(10)
            .run_with_validation(&mut net, &training, &validation, EarlyStopping::new(3))
            .unwrap();
    });
    assert_eq!(count, 1, "early stopping allocated {count} times");
}
