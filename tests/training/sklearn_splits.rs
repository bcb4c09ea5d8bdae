//! The `classify` example's default recipe on scikit-learn's own train/test splits: the test
//! rows `scripts/datasets/sklearn_reference.py --dump-splits` wrote to
//! `datasets/sklearn/splits.json`, against the scores scikit-learn reached on those very rows
//! in `datasets/sklearn/reference.json` (its `MLPClassifier` / `MLPRegressor` pipelines, and
//! for the two cars tasks a second, linear reference). Every data set's mean test score over
//! the 5 splits must be at least scikit-learn's; the same number of right answers counts as
//! equal. The recipe is the one the example uses on its own splits (`real_data.rs`): early
//! stopping on a tenth of the training part, no epoch count chosen per data set or split.

use super::real_data::protocol;
use protocol::{Binary, Classes, Data, Regression, SplitSource, Splits};
use static_mlp::prelude::*;
use static_mlp::train::Loss;
use std::path::Path;

/// The committed file of scikit-learn's scores.
fn reference(data: Data) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sklearn/reference.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    file["results"][data.name()].clone()
}

/// A mean score scikit-learn reached, by its key in the reference file.
fn score(entry: &serde_json::Value, model: &str, key: &str) -> f64 {
    entry[model][key]
        .as_f64()
        .unwrap_or_else(|| panic!("no {model}.{key} in the reference file"))
}

/// The example's protocol with the data set's default recipe, on scikit-learn's splits.
fn run<Net, L, const I: usize, const O: usize, const K: usize, const M: usize>(
    data: Data,
    loss: &L,
) -> Splits<Net, I, O, K>
where
    Net: Network<f32, I, O> + Clone + 'static,
    L: Loss<Net::OutputActivation>,
{
    let settings = data.defaults();
    assert_eq!(settings.batch, M);
    assert_eq!(
        settings.epochs, 1_000,
        "an upper bound, not a count chosen per set"
    );
    assert!(
        settings.stopping.is_some(),
        "early stopping on a validation part"
    );
    let loaded = protocol::load::<I, O>(data, None).unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sklearn/splits.json");
    let given = protocol::read_splits(&file, data, &loaded).unwrap();
    let test_sizes: Vec<usize> = given.iter().map(|(_, rows)| rows.len()).collect();
    let splits = protocol::run_splits::<Net, L, I, O, K, M>(
        &loaded,
        data.task(),
        &settings,
        &SplitSource::Given(given),
        loss,
        |_, _| {},
        |_| {},
    )
    .unwrap();
    // The file's seeds, and its test rows exactly, the rest for training.
    let seeds: Vec<u64> = splits.outcomes.iter().map(|o| o.seed).collect();
    assert_eq!(seeds, [0, 1, 2, 3, 4]);
    for (outcome, size) in splits.outcomes.iter().zip(test_sizes) {
        assert_eq!(outcome.test_samples, size);
        assert_eq!(outcome.training_samples + size, loaded.samples.len());
    }
    splits
}

/// Asserts the mean test score is at least scikit-learn's MLP's on the same splits.
fn at_least_scikit_learn<Net, const I: usize, const O: usize, const K: usize>(
    data: Data,
    splits: &Splits<Net, I, O, K>,
) {
    let entry = reference(data);
    let theirs = score(&entry, "sklearn", "mean");
    let ours = splits.mean();
    // 1e-9: equal counts of right answers, summed in another order.
    assert!(
        ours >= theirs - 1e-9,
        "{}: mean test score {ours:.4} on scikit-learn's splits, scikit-learn's {theirs:.4}",
        data.name()
    );
}

#[test]
fn iris_at_least_scikit_learn_on_its_splits() {
    let splits = run::<Classes<4, 16, 3>, _, 4, 3, 3, 16>(Data::Iris, &CategoricalCrossEntropy);
    assert_eq!(splits.confusion.total(), 150);
    at_least_scikit_learn(Data::Iris, &splits);
}

#[test]
fn wine_at_least_scikit_learn_on_its_splits() {
    let splits = run::<Classes<13, 16, 3>, _, 13, 3, 3, 16>(Data::Wine, &CategoricalCrossEntropy);
    at_least_scikit_learn(Data::Wine, &splits);
}

#[test]
fn breast_cancer_at_least_scikit_learn_on_its_splits() {
    let splits = run::<Binary<30, 16>, _, 30, 1, 2, 16>(Data::BreastCancer, &BinaryCrossEntropy);
    at_least_scikit_learn(Data::BreastCancer, &splits);
}

#[test]
fn digits_at_least_scikit_learn_on_its_splits_with_half_its_hidden_layer() {
    let splits =
        run::<Classes<64, 32, 10>, _, 64, 10, 10, 16>(Data::Digits, &CategoricalCrossEntropy);
    at_least_scikit_learn(Data::Digits, &splits);
}

#[test]
fn diabetes_at_least_scikit_learn_on_its_splits() {
    let splits = run::<Regression<10, 16>, _, 10, 1, 1, 16>(Data::Diabetes, &MeanSquaredError);
    at_least_scikit_learn(Data::Diabetes, &splits);
}

#[test]
fn cars_origin_at_least_both_references_in_accuracy_and_balanced_accuracy() {
    let splits =
        run::<Classes<9, 16, 3>, _, 9, 3, 3, 16>(Data::CarsOrigin, &CategoricalCrossEntropy);
    // 406 rows, 82 of them in each test part; the rows with gaps are imputed, not dropped.
    assert_eq!(splits.confusion.total(), 5 * 82);
    at_least_scikit_learn(Data::CarsOrigin, &splits);
    let entry = reference(Data::CarsOrigin);
    let ours = splits.mean_balanced().unwrap();
    // The MLP pipeline, and logistic regression with class_weight="balanced".
    for model in ["sklearn", "sklearn_second"] {
        let theirs = score(&entry, model, "balanced_mean");
        assert!(
            ours >= theirs - 1e-9,
            "cars origin: mean balanced accuracy {ours:.4}, {model}'s {theirs:.4}"
        );
    }
}

#[test]
fn cars_miles_per_gallon_at_least_scikit_learn_and_linear_regression() {
    let splits = run::<Regression<9, 16>, _, 9, 1, 1, 16>(Data::CarsMpg, &MeanSquaredError);
    at_least_scikit_learn(Data::CarsMpg, &splits);
    let theirs = score(&reference(Data::CarsMpg), "sklearn_second", "mean");
    assert!(splits.mean() >= theirs, "{} < {theirs}", splits.mean());
}
