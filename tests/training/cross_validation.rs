//! Stratified k-fold cross-validation on Iris: the same scores whatever the number of threads,
//! every sample tested once, and scores a trained network should reach; and hidden widths
//! compared on Wine in one call, each width exactly its own cross-validation.

use static_mlp::cross_validate_widths;
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

/// One fold of Wine scored by a network of `$hidden` hidden units: standardised on the fold's
/// training part, Adam on mini-batches of 16, 30 epochs, accuracy on the test part. A macro,
/// so that the comparison and the calls by hand score with the same code.
macro_rules! wine_score {
    ($hidden:tt) => {
        |number: usize,
         fold: &static_mlp::data::Fold<f32, 13, 3>|
         -> Result<f64, Box<dyn std::error::Error + Send + Sync>> {
    type Net = mlp!(f32; 13 => $hidden Relu => 3 Softmax);
            let (mut training, mut test) = (fold.training.clone(), fold.test.clone());
            let standardizer = Standardizer::fit(training.inputs())?;
            for set in [&mut training, &mut test] {
                set.inputs_mut()
                    .iter_mut()
                    .for_each(|row| standardizer.apply_in_place(row));
            }
            let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(number as u64));
            let mut adam = Adam::new(0.01)?;
            let mut shuffle = StdRng::seed_from_u64(100 + number as u64);
            Fit::new(&CategoricalCrossEntropy, &mut adam)
                .mini_batches::<16>(&mut shuffle)
                .max_epochs(30)
                .run(&mut net, &training)?;
            let confusion = ConfusionMatrix::<3>::from_rows(&net, &test);
            Ok(confusion.accuracy().ok_or("an empty fold")?)
        }
    };
}

#[test]
fn wine_widths_compared_in_one_call_are_the_widths_cross_validated_one_by_one() {
    let wine = read_csv::<f32, 13, 3>("datasets/wine.csv", &Layout::class("class")).unwrap();
    let folds = wine.samples.stratified_folds(5, 0).unwrap();
    let comparison =
        cross_validate_widths!(HIDDEN in [16, 1, 4], &folds, 2, wine_score!(HIDDEN)).unwrap();

    // Bit for bit what cross_validate gives each network by hand (on one thread, too).
    let by_hand = [
        (16, cross_validate(&folds, 1, wine_score!(16)).unwrap()),
        (1, cross_validate(&folds, 1, wine_score!(1)).unwrap()),
        (4, cross_validate(&folds, 1, wine_score!(4)).unwrap()),
    ];
    assert_eq!(comparison.results.len(), 3);
    for ((width, result), (hand_width, hand)) in comparison.results.iter().zip(&by_hand) {
        assert_eq!(width, hand_width);
        let bits = |scores: &[f64]| scores.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&result.scores), bits(&hand.scores), "width {width}");
        assert_eq!(result.mean.to_bits(), hand.mean.to_bits(), "width {width}");
        assert_eq!(
            result.standard_deviation.to_bits(),
            hand.standard_deviation.to_bits(),
            "width {width}"
        );
    }

    // The best is the largest mean, the smaller width on a tie, found here independently.
    let mut expected = by_hand[0].0;
    let mean = |width: usize| by_hand.iter().find(|(w, _)| *w == width).unwrap().1.mean;
    for &(width, ref result) in &by_hand[1..] {
        if result.mean > mean(expected) || (result.mean == mean(expected) && width < expected) {
            expected = width;
        }
    }
    let (best, best_result) = comparison.best().unwrap();
    assert_eq!(best, expected, "{comparison}");
    assert_eq!(
        best_result,
        &by_hand.iter().find(|(w, _)| *w == best).unwrap().1
    );
    // Wine is nearly separable once standardised: 16 hidden units score well, and one
    // hidden unit (one line through 13 dimensions for three classes) does worse.
    let (one, sixteen) = (comparison.get(1).unwrap(), comparison.get(16).unwrap());
    assert!(sixteen.mean >= 0.95, "{comparison}");
    assert!(one.mean < sixteen.mean, "{comparison}");
    let table = comparison.to_string();
    assert!(table.contains(&format!("| {best} (best) |")), "{table}");
}
