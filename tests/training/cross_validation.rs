//! Stratified k-fold cross-validation on Iris: the same scores whatever the number of threads,
//! every sample tested once, and scores a trained network should reach.

use static_mlp::data::Standardizer;
use static_mlp::data::csv::{Layout, read_csv};
use static_mlp::experiments::cross_validate;
use static_mlp::metrics::ConfusionMatrix;
use static_mlp::prelude::*;

type Net = mlp!(f32; 4 => 8 Relu => 3 Softmax);

#[test]
fn iris_folds_score_the_same_on_one_thread_or_three() {
    let iris = read_csv::<f32, 4, 3>("datasets/iris.csv", &Layout::class("class")).unwrap();
    let folds = iris.samples.stratified_folds(5, 0).unwrap();
    let mut tested: Vec<usize> = folds.iter().flat_map(|f| f.test_indices.clone()).collect();
    tested.sort_unstable();
    assert_eq!(tested, (0..150).collect::<Vec<_>>());

    let score = |number: usize, fold: &static_mlp::data::Fold<f32, 4, 3>| {
        let (mut training, mut test) = (fold.training.clone(), fold.test.clone());
        let standardizer = Standardizer::fit(training.inputs())?;
        for set in [&mut training, &mut test] {
            set.inputs_mut()
                .iter_mut()
                .for_each(|row| standardizer.apply_in_place(row));
        }
        let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(number as u64));
        let mut adam = Adam::new(0.01)?;
        let mut shuffle = StdRng::seed_from_u64(number as u64);
        Fit::new(&CategoricalCrossEntropy, &mut adam)
            .mini_batches::<16>(&mut shuffle)
            .max_epochs(60)
            .run(&mut net, &training)?;
        let confusion = ConfusionMatrix::<3>::from_rows(&net, &test);
        Ok::<f64, Box<dyn std::error::Error + Send + Sync>>(confusion.accuracy().unwrap())
    };
    let one = cross_validate(&folds, 1, score).unwrap();
    let three = cross_validate(&folds, 3, score).unwrap();
    assert_eq!(one, three);
    assert_eq!(one.scores.len(), 5);
    // Each fold tests 30 samples, 10 of each class: a score is a whole number of thirtieths.
    for score in &one.scores {
        assert_eq!((score * 30.0).round() / 30.0, *score, "{score}");
    }
    assert!(one.mean >= 0.9, "{one:?}");
}
