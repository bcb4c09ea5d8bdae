//! Post-training int8 quantisation of networks trained here on the real data sets: float
//! against int8 test accuracy on Iris, Wine, Breast Cancer and the 8 × 8 digits (issue: digits
//! ≥ 95 % in int8). Each set is split 80/20 (stratified, seed 0), standardised on the training
//! part, trained with Adam in mini-batches, then quantised with 64 training rows as
//! calibration data. A softmax output is quantised as its logits (the identity): the largest
//! logit is the largest probability, so the class is the same.
//!
//! `cargo test --release --test deployment quantized_real_data -- --nocapture` prints the figures the
//! README quotes.

use static_mlp::data::csv::{Layout, read_csv};
use static_mlp::data::{Rows, SampleSet, Standardizer};
use static_mlp::int8::QuantizedLayer;
use static_mlp::int8::{Calibrate, quantize};
use static_mlp::metrics::argmax;
use static_mlp::prelude::*;
use static_mlp::{Scalar, train::Loss};

/// How many training rows calibrate the activation ranges.
const CALIBRATION_ROWS: usize = 64;

/// Reads `datasets/NAME.csv`, splits it 80/20 (stratified) and standardises both parts on the
/// training part.
fn split<const I: usize, const O: usize>(
    name: &str,
) -> (SampleSet<f32, I, O>, SampleSet<f32, I, O>) {
    let path = format!("{}/datasets/{name}.csv", env!("CARGO_MANIFEST_DIR"));
    let data = read_csv::<f32, I, O>(&path, &Layout::class("class")).unwrap();
    let split = data.samples.split_stratified(0.0, 0.2, 0).unwrap();
    let (mut training, mut test) = (split.training, split.test);
    let standardizer = Standardizer::fit(training.inputs()).unwrap();
    for row in training.inputs_mut().iter_mut().chain(test.inputs_mut()) {
        standardizer.apply_in_place(row);
    }
    (training, test)
}

/// The first `CALIBRATION_ROWS` training inputs as one matrix.
fn calibration<const I: usize, const O: usize>(
    training: &SampleSet<f32, I, O>,
) -> SMatrix<f32, CALIBRATION_ROWS, I> {
    SMatrix::from_fn(|row, column| training.input(row)[column])
}

/// The class of a label or output row: the largest entry, or `y > 0.5` for one output.
fn class<T: Scalar, const O: usize>(row: &[T; O]) -> Option<usize> {
    if O == 1 {
        Some(usize::from(row[0] > T::literal(0.5)))
    } else {
        argmax(row)
    }
}

/// The fraction of `test` rows whose predicted class (by `predict`) is the label's.
fn accuracy<const I: usize, const O: usize>(
    test: &SampleSet<f32, I, O>,
    predict: impl Fn([f32; I]) -> [f32; O],
) -> f64 {
    let correct = (0..test.len())
        .filter(|&k| class(&predict(test.input(k))) == class(&test.label(k)))
        .count();
    correct as f64 / test.len() as f64
}

/// Trains `net` on `training`, then copies its parameters into `Logits` — the same widths
/// with an output activation int8 can compute — and quantises that.
fn float_and_int8<Net, Logits, L, const I: usize, const O: usize>(
    name: &str,
    mut net: Net,
    loss: L,
    epochs: usize,
) -> (f64, f64)
where
    Net: Network<f32, I, O> + Clone,
    L: Loss<Net::OutputActivation>,
    Logits: Network<f32, I, O> + Calibrate<f32, I, O>,
    Logits::Quantized: QuantizedLayer<I, O>,
{
    let (training, test) = split::<I, O>(name);
    let mut adam = Adam::new(0.005).unwrap();
    Fit::new(&loss, &mut adam)
        .mini_batches::<32>(&mut StdRng::seed_from_u64(1))
        .max_epochs(epochs)
        .run(&mut net, &training)
        .unwrap();
    let mut logits = Logits::zeros();
    for (to, from) in logits.parameters_mut().zip(net.parameters()) {
        to.copy_from_slice(from);
    }
    let int8 = quantize(&logits, &calibration(&training)).unwrap();
    let float = accuracy(&test, |x| net.predict_one(x));
    let quantized = accuracy(&test, |x| int8.predict_one_f32(x));
    println!(
        "{name}: float {:.1} %, int8 {:.1} % ({} test rows)",
        100.0 * float,
        100.0 * quantized,
        test.len()
    );
    (float, quantized)
}

#[test]
fn digits_stay_above_95_percent_in_int8() {
    type Net = mlp!(f32; 64 => 32 Relu => 10 Softmax);
    type Logits = mlp!(f32; 64 => 32 Relu => 10 Identity);
    let net = Net::random(Init::He, &mut StdRng::seed_from_u64(2));
    let (float, int8) =
        float_and_int8::<Net, Logits, _, 64, 10>("digits", net, CategoricalCrossEntropy, 30);
    assert!(float >= 0.95, "float {float}");
    assert!(int8 >= 0.95, "int8 {int8}");
    assert!((float - int8).abs() <= 0.02, "float {float}, int8 {int8}");
}

#[test]
fn iris_wine_and_breast_cancer_keep_their_accuracy_in_int8() {
    type Iris = mlp!(f32; 4 => 16 Relu => 3 Softmax);
    type IrisLogits = mlp!(f32; 4 => 16 Relu => 3 Identity);
    type Wine = mlp!(f32; 13 => 16 Relu => 3 Softmax);
    type WineLogits = mlp!(f32; 13 => 16 Relu => 3 Identity);
    type Cancer = mlp!(f32; 30 => 16 Relu => 1 Sigmoid);
    let mut rng = StdRng::seed_from_u64(3);
    let results = [
        float_and_int8::<Iris, IrisLogits, _, 4, 3>(
            "iris",
            Iris::random(Init::He, &mut rng),
            CategoricalCrossEntropy,
            100,
        ),
        float_and_int8::<Wine, WineLogits, _, 13, 3>(
            "wine",
            Wine::random(Init::He, &mut rng),
            CategoricalCrossEntropy,
            100,
        ),
        // A sigmoid output is computed in int8 as it is (TFLite Micro's LOGISTIC).
        float_and_int8::<Cancer, Cancer, _, 30, 1>(
            "breast_cancer",
            Cancer::random(Init::He, &mut rng),
            BinaryCrossEntropy,
            60,
        ),
    ];
    for (float, int8) in results {
        assert!(float >= 0.9, "float {float}");
        assert!(int8 >= float - 0.04, "float {float}, int8 {int8}");
    }
}
