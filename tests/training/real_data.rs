//! Real data that no one here wrote, under the protocol scikit-learn is measured by
//! (`scripts/datasets/sklearn_reference.py`): 5 seeded 80/20 train/test splits of the committed
//! `datasets/*.csv`, stratified by class (Diabetes: shuffled), standardised on the training
//! part. Each set must reach, as the mean over the 5 test splits, the target — at least
//! what scikit-learn's `MLPClassifier` / `MLPRegressor` reach under the same protocol.
//!
//! `sklearn_splits.rs` runs the same recipe on scikit-learn's own splits.
//!
//! The code and settings are the `classify` example's (`examples/classify/protocol.rs`), so
//! `cargo run --release --example classify -- --data NAME` prints the same accuracies.

#[allow(dead_code)] // the example uses more of this file than the test does
#[path = "../../examples/classify/protocol.rs"]
pub mod protocol;

use protocol::{Binary, Classes, Data, Regression, SplitSource, Splits};
use static_mlp::data::SampleSet;
use static_mlp::data::csv::{Layout, read_csv};
use static_mlp::metrics::measure_regression;
use static_mlp::prelude::*;
use static_mlp::{pipeline::Pipeline, train::Loss};

use crate::scratch::Scratch;

fn path(data: Data) -> String {
    format!(
        "{}/datasets/{}.csv",
        env!("CARGO_MANIFEST_DIR"),
        data.name()
    )
}

/// The example's protocol on its own splits (seeds 0 … 4) with the data set's default recipe.
fn run<Net, L, const I: usize, const O: usize, const K: usize, const M: usize>(
    data: Data,
    loss: &L,
) -> (SampleSet<f32, I, O>, Splits<Net, I, O, K>)
where
    Net: Network<f32, I, O> + Clone + 'static,
    L: Loss<Net::OutputActivation>,
{
    let loaded = protocol::load::<I, O>(data, None).unwrap();
    let settings = data.defaults();
    let splits = protocol::run_splits::<Net, L, I, O, K, M>(
        &loaded,
        data.task(),
        &settings,
        &SplitSource::Own { seed: 0 },
        loss,
        |_, _| {},
        |_| {},
    )
    .unwrap();
    assert_eq!(splits.outcomes.len(), 5);
    (loaded.samples, splits)
}

#[test]
fn iris_reaches_92_percent() {
    assert_eq!(Data::Iris.defaults().hidden, 16);
    assert_eq!(Data::Iris.defaults().batch, 16);
    assert!(Data::Iris.defaults().stopping.is_some());
    let (_, splits) =
        run::<Classes<4, 16, 3>, _, 4, 3, 3, 16>(Data::Iris, &CategoricalCrossEntropy);
    for outcome in &splits.outcomes {
        assert_eq!((outcome.training_samples, outcome.test_samples), (120, 30));
    }
    // Every test sample is predicted once per split, and the confusion matrix agrees.
    assert_eq!(splits.confusion.total(), 150);
    let mean = splits.mean();
    assert!((splits.confusion.accuracy().unwrap() - mean).abs() < 1e-12);
    assert!(mean >= 0.92, "Iris: mean test accuracy {mean}");
}

#[test]
fn wine_reaches_97_percent() {
    assert_eq!(
        (Data::Wine.defaults().hidden, Data::Wine.defaults().batch),
        (16, 16)
    );
    let (_, splits) =
        run::<Classes<13, 16, 3>, _, 13, 3, 3, 16>(Data::Wine, &CategoricalCrossEntropy);
    let mean = splits.mean();
    assert!(mean >= 0.97, "Wine: mean test accuracy {mean}");
}

#[test]
fn breast_cancer_reaches_96_percent_with_one_sigmoid_output() {
    let defaults = Data::BreastCancer.defaults();
    assert_eq!((defaults.hidden, defaults.batch), (16, 16));
    let (_, splits) =
        run::<Binary<30, 16>, _, 30, 1, 2, 16>(Data::BreastCancer, &BinaryCrossEntropy);
    // Stratified: 212 malignant and 357 benign give 42 + 71 test samples in every split.
    for outcome in &splits.outcomes {
        assert_eq!((outcome.training_samples, outcome.test_samples), (456, 113));
    }
    let per_class: Vec<usize> = (0..2)
        .map(|class| splits.confusion.counts()[class].iter().sum())
        .collect();
    assert_eq!(per_class, [5 * 42, 5 * 71]);
    let mean = splits.mean();
    assert!(mean >= 0.96, "Breast Cancer: mean test accuracy {mean}");

    // What `classify --data breast_cancer --save FILE` saves: the last split's model with the
    // file's two class names, for its one output (an error before a one-output pipeline
    // held two names).
    let file = read_csv::<f32, 30, 1>(path(Data::BreastCancer), &Layout::class("class")).unwrap();
    assert_eq!(file.classes, ["malignant", "benign"]); // label 1 (output above 0.5): benign
    let model = splits
        .last
        .clone()
        .try_with_class_names(file.classes.iter().cloned())
        .unwrap();
    let scratch = Scratch::new("breast-cancer");
    let saved = scratch.join("breast_cancer.json");
    model.save(&saved).unwrap();
    let loaded = Pipeline::<Binary<30, 16>, f32, 30, 1, String>::load(&saved).unwrap();
    assert_eq!(loaded, model);
    assert_eq!(
        loaded.class_names(),
        Some(&["malignant".to_string(), "benign".to_string()][..])
    );
    // Named on every raw row (80 % of them trained on): the name of the row's own class
    // nearly always, which reversed names would make nearly never.
    let mut right = 0;
    for (input, label) in file.samples.inputs().iter().zip(file.samples.labels()) {
        let [output] = loaded.predict_one(*input);
        let name = loaded.predict_class_name(*input).unwrap();
        assert_eq!(
            name,
            file.classes[usize::from(output > 0.5)],
            "output {output}"
        );
        right += usize::from(name == file.classes[label[0] as usize]);
    }
    assert!(right * 100 >= 95 * 569, "{right} of 569 rows named right");
}

#[test]
fn diabetes_reaches_an_r_squared_of_0_40_and_its_saved_model_predicts_in_the_targets_units() {
    assert_eq!(
        (
            Data::Diabetes.defaults().hidden,
            Data::Diabetes.defaults().batch
        ),
        (16, 16)
    );
    let (samples, splits) =
        run::<Regression<10, 16>, _, 10, 1, 1, 16>(Data::Diabetes, &MeanSquaredError);
    let mean = splits.mean();
    assert!(mean >= 0.40, "Diabetes: mean test R² {mean}");

    // The last split's model, with the target's scale folded into its output layer, gives on
    // the raw test part (raw targets) the R² and errors measured on the standardised one.
    let last = splits.outcomes.last().unwrap();
    let test = samples.split_shuffled(0.0, 0.2, last.seed).unwrap().test;
    let model: &Pipeline<Regression<10, 16>, f32, 10, 1, String> = &splits.last;
    let inputs = test
        .inputs()
        .iter()
        .map(|row| model.standardizer().apply(row));
    let raw = SampleSet::new(inputs.collect(), test.labels().to_vec()).unwrap();
    let fit = measure_regression(model.network(), &raw).unwrap();
    let (mae, rmse) = last.errors.unwrap();
    assert!(
        (fit.r_squared[0].unwrap() - last.score).abs() < 1e-4,
        "{fit:?} {last:?}"
    );
    assert!(
        (fit.mean_absolute_error[0] - mae).abs() < 1e-3 * mae,
        "{fit:?} {last:?}"
    );
    assert!(
        (fit.root_mean_squared_error[0] - rmse).abs() < 1e-3 * rmse,
        "{fit:?} {last:?}"
    );
    // Diabetes targets are integers 25 … 346, mean 152: errors in those units, not σ's.
    assert!(mae > 20.0 && rmse > mae, "{mae} {rmse}");
}

#[test]
fn digits_reach_97_percent() {
    let defaults = Data::Digits.defaults();
    assert_eq!((defaults.hidden, defaults.batch), (32, 16));
    let (_, splits) =
        run::<Classes<64, 32, 10>, _, 64, 10, 10, 16>(Data::Digits, &CategoricalCrossEntropy);
    let mean = splits.mean();
    assert!(mean >= 0.97, "digits: mean test accuracy {mean}");
}
