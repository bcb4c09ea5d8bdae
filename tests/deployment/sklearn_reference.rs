//! scikit-learn `MLPClassifier`s and an `MLPRegressor` converted by
//! `scripts/sklearn_to_safetensors.py`, read into `mlp!` types and checked against
//! scikit-learn's own `predict_proba` and `predict`.
//!
//! The fixtures in `tests/fixtures/sklearn/` were written by
//! `scripts/fixtures/make_sklearn_safetensors.py` (scikit-learn 1.9.1): four models trained on
//! `datasets/` — Iris (softmax over 3 classes, ReLU), Breast Cancer (binary: one logistic
//! output, two Tanh layers), Diabetes (regression: identity output, logistic hidden layer),
//! each a `Pipeline` whose `StandardScaler` the converter folds into the first layer, and Wine
//! (a bare `MLPClassifier` with an identity hidden layer) — each as `<name>_f64.safetensors`
//! (the weights exactly) and `<name>_f32.safetensors` (rounded to f32), with
//! `<name>.expected.json`: 20 held-out rows of raw features, scikit-learn's outputs on them and
//! the class `predict` gives, and scikit-learn's outputs again from the f32 file's weights on
//! the rows rounded to f32 (`outputs_f32_weights`).
//!
//! Differences are taken relative to `max(1, |scikit-learn's output|)`: absolute for
//! probabilities, relative for the regression's outputs (of order 100).
//!
//! - **f64**, against scikit-learn's outputs, within 1e-12: the network holds scikit-learn's
//!   float64 weights bit for bit, and only the folding of the scaler (a few roundings of the
//!   first layer's weights), the summation order and `exp`/`tanh` (within 2 ulp) differ: a few
//!   ulp of 2⁻⁵² ≈ 2.2e-16, times the condition of the sums. Measured at most 5.6e-16, and
//!   1.0e-14 for Diabetes, which amplifies rounding most (below).
//! - **f32**, against scikit-learn's outputs from the very weights the f32 file holds: each
//!   product, sum, bias and activation rounds to f32 (2⁻²⁴ ≈ 6e-8 of the terms, not of the
//!   total). Iris, Breast Cancer and Wine within 2e-6 (measured at most 3.8e-7). Diabetes
//!   within 5e-5 (measured 1.0e-5, an absolute 1e-3 on outputs near 100): the regressor
//!   amplifies rounding. Its first layer has weights up to 38 on standardised features, so the
//!   terms of a hidden unit's sum add up to 290 in absolute value, and 1,477 once the scaler is
//!   folded (the bias then carries `−(mean / scale)·W`: blood pressure and serum values lie
//!   far from zero compared with their spread); the sigmoids' errors are then multiplied by
//!   output weights of 6 to 50. The generator's f32 emulation in numpy over all 89 held-out
//!   rows gives 8.2e-6 folded and 5.7e-6 with the scaler applied first: folding costs 1.4×
//!   here, the rest is f32 on this network.
//! - **f32 against the original float64 model**: the weights' rounding adds to that; measured,
//!   not asserted beyond the classes, which agree on every row.
//!
//! Measured with `cargo test --test deployment sklearn_reference -- --nocapture`.

use crate::reference_fixtures::{self, rows};
use serde_json::Value;
use static_mlp::Scalar;
use static_mlp::io::safetensors::{ReadError, SafetensorsFile};
use static_mlp::model::Parameters;
use static_mlp::prelude::*;
use std::path::PathBuf;

/// The network type, and its layers as the converter prints them.
macro_rules! converted {
    ($name:ident, $layers:ident: $($tokens:tt)*) => {
        type $name<T> = mlp!(T; $($tokens)*);
        const $layers: &str = stringify!($($tokens)*);
    };
}

converted!(Iris, IRIS: 4 => 16 Relu => 3 Softmax);
converted!(BreastCancer, BREAST_CANCER: 30 => 8 Tanh => 4 Tanh => 1 Sigmoid);
converted!(Diabetes, DIABETES: 10 => 16 Sigmoid => 1 Identity);
converted!(Wine, WINE: 13 => 6 Identity => 3 Softmax);

fn fixture(name: &str) -> PathBuf {
    reference_fixtures::fixture("sklearn", name)
}

fn expected(name: &str) -> Value {
    reference_fixtures::expected("sklearn", name)
}

/// How the network's outputs compare with scikit-learn's on the fixture's rows.
struct Comparison {
    /// The largest `|output − scikit-learn's| / max(1, |scikit-learn's|)`.
    largest: f64,
    /// Rows whose class (largest output; one output: above 0.5) is not scikit-learn's
    /// `predict`; `None` for a regression.
    wrong_classes: Option<usize>,
}

/// `net` on the fixture `name`'s inputs against `outputs` (`"outputs"` or
/// `"outputs_f32_weights"`).
fn compare<N, T, const I: usize, const O: usize>(net: &N, name: &str, outputs: &str) -> Comparison
where
    N: Network<T, I, O>,
    T: Scalar,
{
    let expected = expected(name);
    let inputs = rows(&expected["inputs"]);
    let outputs = rows(&expected[outputs]);
    assert_eq!((inputs.len(), outputs.len()), (20, 20));
    let mut largest = 0.0_f64;
    let mut classes = Vec::new();
    for (input, output) in inputs.iter().zip(&outputs) {
        assert_eq!((input.len(), output.len()), (I, O));
        let input: [T; I] = core::array::from_fn(|i| T::literal(input[i])); // rounded for f32
        let predicted = net.predict_one(input).map(|p| p.to_f64());
        for (p, e) in predicted.iter().zip(output) {
            let difference = (p - e).abs() / e.abs().max(1.0);
            assert!(
                difference.is_finite(),
                "{name}: output {p}, scikit-learn's {e}"
            );
            largest = largest.max(difference);
        }
        classes.push(if O == 1 {
            usize::from(predicted[0] > 0.5) // scikit-learn's threshold for a binary classifier
        } else {
            (0..O).fold(0, |best, k| {
                if predicted[k] > predicted[best] {
                    k
                } else {
                    best
                }
            })
        });
    }
    let wrong_classes = expected.get("predicted").map(|predicted| {
        let predicted = predicted.as_array().unwrap();
        let predicted = predicted.iter().map(|c| c.as_u64().unwrap() as usize);
        predicted.zip(&classes).filter(|(e, p)| e != *p).count()
    });
    Comparison {
        largest,
        wrong_classes,
    }
}

/// Loads `name`'s two files into `Net<f64>` and `Net<f32>` and checks them against
/// scikit-learn; returns the f64 network's comparison.
macro_rules! check {
    ($net:ident, $layers:ident, $name:literal, $f32_tolerance:literal) => {{
        let expected = expected($name);
        assert_eq!(expected["layers"], $layers, "the converter's printed type");
        let net =
            $net::<f64>::load_safetensors(fixture(concat!($name, "_f64.safetensors"))).unwrap();
        let f64_net = compare(&net, $name, "outputs");
        let net =
            $net::<f32>::load_safetensors(fixture(concat!($name, "_f32.safetensors"))).unwrap();
        let f32_net = compare(&net, $name, "outputs_f32_weights");
        let f32_original = compare(&net, $name, "outputs");
        println!(
            "{}: f64 {:e}; f32 {:e} (against the original model {:e}); score {}",
            $name, f64_net.largest, f32_net.largest, f32_original.largest, expected["test_score"]
        );
        assert!(
            f64_net.largest < 1e-12,
            "{}: f64 {:e}",
            $name,
            f64_net.largest
        );
        assert!(
            f32_net.largest < $f32_tolerance,
            "{}: f32 {:e}",
            $name,
            f32_net.largest
        );
        assert!(matches!(f64_net.wrong_classes, None | Some(0)), "{}", $name);
        assert!(
            matches!(f32_original.wrong_classes, None | Some(0)),
            "{}",
            $name
        );
        assert_eq!(f64_net.wrong_classes.is_none(), $name == "diabetes");
    }};
}

#[test]
fn converted_models_reproduce_scikit_learn() {
    check!(Iris, IRIS, "iris", 2e-6);
    check!(BreastCancer, BREAST_CANCER, "breast_cancer", 2e-6);
    check!(Diabetes, DIABETES, "diabetes", 5e-5);
    check!(Wine, WINE, "wine", 2e-6);
}

/// A type with another activation somewhere is refused: the converter names the activations
/// in the file's metadata and the reader compares them with the type's. And the comparison
/// above can fail: the same weights copied into such a type disagree with scikit-learn far
/// beyond the tolerance.
#[test]
fn a_wrong_activation_is_refused_and_would_fail_the_comparison() {
    fn largest<R, N, const I: usize, const O: usize>(name: &str) -> f64
    where
        R: SafetensorsFile + Parameters<f64>,
        N: Network<f64, I, O> + SafetensorsFile + Parameters<f64>,
    {
        let path = fixture(&format!("{name}_f64.safetensors"));
        let Err(error) = N::load_safetensors(&path) else {
            panic!("{name}: read into a type with other activations");
        };
        assert!(
            matches!(error, ReadError::WrongActivations { .. }),
            "{name}: {error}"
        );
        let right = R::load_safetensors(&path).unwrap();
        let mut wrong = <N as Parameters<f64>>::zeros();
        let weights = Parameters::<f64>::parameters(&right);
        for (to, from) in Parameters::<f64>::parameters_mut(&mut wrong).zip(weights) {
            to.copy_from_slice(from);
        }
        compare(&wrong, name, "outputs").largest
    }
    let differences = [
        (
            "iris, sigmoid output",
            largest::<Iris<f64>, mlp!(f64; 4 => 16 Relu => 3 Sigmoid), 4, 3>("iris"),
        ),
        (
            "iris, tanh hidden",
            largest::<Iris<f64>, mlp!(f64; 4 => 16 Tanh => 3 Softmax), 4, 3>("iris"),
        ),
        (
            "breast cancer, relu hidden",
            largest::<BreastCancer<f64>, mlp!(f64; 30 => 8 Relu => 4 Relu => 1 Sigmoid), 30, 1>(
                "breast_cancer",
            ),
        ),
        (
            "diabetes, relu hidden",
            largest::<Diabetes<f64>, mlp!(f64; 10 => 16 Relu => 1 Identity), 10, 1>("diabetes"),
        ),
        (
            "wine, relu hidden",
            largest::<Wine<f64>, mlp!(f64; 13 => 6 Relu => 3 Softmax), 13, 3>("wine"),
        ),
    ];
    for (case, difference) in differences {
        println!("{case}: {difference:e}");
        assert!(difference > 1e-3, "{case}: {difference:e}");
    }
}

/// The refusal says what the type has and what the file names.
#[test]
fn the_refusal_names_both_lists_of_activations() {
    type Wrong = mlp!(f64; 4 => 16 Tanh => 3 Softmax);
    let Err(error) = Wrong::load_safetensors(fixture("iris_f64.safetensors")) else {
        panic!("read into a type with other activations");
    };
    assert_eq!(
        error.to_string(),
        "expected activations [tanh, softmax] (4→16 tanh→3 softmax f64), found [\"relu\", \
         \"softmax\"] in the file's metadata: read it into a type with the file's activations"
    );
}
