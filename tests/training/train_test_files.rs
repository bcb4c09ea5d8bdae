//! A training file and a test file whose rows name the classes in different orders: the test
//! file, read with the training file's class list, is scored against the right classes; a class
//! the training file did not have is an error naming it and its line; rows without a label
//! column are read and predicted by name.

use crate::scratch::Scratch;
use static_mlp::data::csv::{CsvErrorKind, Layout, read_csv, read_csv_inputs};
use static_mlp::data::{Rows, SampleSet, Standardizer};
use static_mlp::metrics::argmax;
use static_mlp::pipeline::Pipeline;
use static_mlp::prelude::*;

type Net = mlp!(f64; 1 => 8 Tanh => 3 Softmax);

/// Cats at 0, dogs at 10, birds at 20 (two of each), in that order.
const TRAINING: &str = "size,animal\n0,cat\n1,cat\n10,dog\n11,dog\n20,bird\n21,bird\n";
/// Birds first, then cats and dogs; the last row is a bird-sized cat, which a network that has
/// learnt the training file calls a bird: 5 of its 6 rows are right.
const TEST: &str = "size,animal\n20,bird\n0,cat\n21,bird\n10,dog\n1,cat\n20,cat\n";

/// The share of `rows` whose label's class is the one `net` picks.
fn accuracy(net: &Net, rows: &SampleSet<f64, 1, 3>) -> f64 {
    let right = (0..rows.len())
        .filter(|&k| net.predict_class(rows.input(k)) == argmax(&rows.label(k)))
        .count();
    right as f64 / rows.len() as f64
}

/// A network trained on the (standardised) training file until it is right on every row.
fn trained(training: &SampleSet<f64, 1, 3>) -> Net {
    let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(3));
    let mut adam = Adam::new(0.05).unwrap();
    Fit::new(&CategoricalCrossEntropy, &mut adam)
        .max_epochs(400)
        .run(&mut net, training)
        .unwrap();
    assert_eq!(accuracy(&net, training), 1.0, "the training file is learnt");
    net
}

#[test]
fn a_test_file_read_with_the_training_classes_is_scored_right() {
    let scratch = Scratch::new("train_test_files");
    let (training_path, test_path) = (scratch.join("train.csv"), scratch.join("test.csv"));
    std::fs::write(&training_path, TRAINING).unwrap();
    std::fs::write(&test_path, TEST).unwrap();

    let mut training = read_csv::<f64, 1, 3>(&training_path, &Layout::class("animal")).unwrap();
    assert_eq!(training.classes, ["cat", "dog", "bird"]);
    let mut test = read_csv::<f64, 1, 3>(&test_path, &training.layout).unwrap();
    assert_eq!(test.classes, training.classes);

    // Read on its own, the test file numbers its classes bird, cat, dog: the wrong way.
    let mut alone = read_csv::<f64, 1, 3>(&test_path, &Layout::class("animal")).unwrap();
    assert_eq!(alone.classes, ["bird", "cat", "dog"]);

    let standardizer = Standardizer::fit(training.samples.inputs()).unwrap();
    for set in [&mut training.samples, &mut test.samples, &mut alone.samples] {
        for row in set.inputs_mut() {
            standardizer.apply_in_place(row);
        }
    }
    let net = trained(&training.samples);
    assert_eq!(accuracy(&net, &test.samples), 5.0 / 6.0);
    // Against the test file's own numbering every prediction counts as wrong: the network says
    // "class 2" (bird) where that file's class 2 is dog, and so on round.
    assert_eq!(accuracy(&net, &alone.samples), 0.0);

    // A loaded pipeline's class names fix the classes the same way.
    let model: Pipeline<Net, f64, 1, 3, String> = Pipeline::new(net, standardizer)
        .try_with_class_names(training.classes.iter().cloned())
        .unwrap();
    let names = model.class_names().unwrap();
    let layout = Layout::class("animal").with_classes(names);
    let again = read_csv::<f64, 1, 3>(&test_path, &layout).unwrap();
    let raw = read_csv::<f64, 1, 3>(&test_path, &training.layout).unwrap();
    assert_eq!(again.samples, raw.samples);

    // The test rows without their labels, predicted by name.
    let unlabelled = scratch.join("new.csv");
    std::fs::write(&unlabelled, "size\n21\n0\n11\n").unwrap();
    let rows = read_csv_inputs::<f64, 1>(&unlabelled, &training.layout).unwrap();
    let predicted: Vec<_> = rows
        .inputs
        .iter()
        .map(|&row| model.predict_class_name(row))
        .collect();
    assert_eq!(predicted, [Some("bird"), Some("cat"), Some("dog")]);
}

#[test]
fn a_class_the_training_file_did_not_have_is_an_error_naming_it_and_its_line() {
    let scratch = Scratch::new("train_test_files");
    let (training_path, test_path) = (scratch.join("train.csv"), scratch.join("test.csv"));
    std::fs::write(&training_path, TRAINING).unwrap();
    std::fs::write(&test_path, "size,animal\n0,cat\n30,fish\n").unwrap();
    let training = read_csv::<f64, 1, 3>(&training_path, &Layout::class("animal")).unwrap();
    let error = read_csv::<f64, 1, 3>(&test_path, &training.layout).unwrap_err();
    let CsvErrorKind::UnknownClass {
        cell,
        found,
        classes,
    } = &error.kind
    else {
        panic!("expected an unknown class, found {error}");
    };
    assert_eq!((cell.line, cell.column, found.as_str()), (3, 2, "fish"));
    assert_eq!(classes, &training.classes);
    assert!(
        error
            .to_string()
            .contains("test.csv: line 3, column 2 (`animal`): class `fish`")
    );
}
