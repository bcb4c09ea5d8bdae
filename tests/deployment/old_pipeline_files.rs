//! Pipeline files written before a network with one output had two class names
//! (`tests/files/pipeline_v*.json`, saved by the crate as it was then, from the hand-set
//! networks below) load as they did: the same pipeline, the same predictions (checked here
//! against outputs computed by hand), and saved again, the same bytes. The one file such a
//! crate could write that no longer fits, one name for one output, is refused, naming both
//! counts.

use static_mlp::data::Standardizer;
use static_mlp::data::missing::{Fill, Imputer};
use static_mlp::io::json::LoadError;
use static_mlp::model::{Dense, Sigmoid, Softmax};
use static_mlp::nalgebra::{RowSVector, SMatrix};
use static_mlp::pipeline::Pipeline;

type Three = Dense<f64, 2, 3, Softmax>;
type One = Dense<f64, 2, 1, Sigmoid>;

/// The standardizer of every file: (x − [1, 2]) / [2, 4].
fn standardizer() -> Standardizer<f64, 2> {
    Standardizer::from_parts([1.0, 2.0], [2.0, 4.0])
}

/// W = [1 0 −1; 0.5 2 0], b = [0 0.25 0], softmax, named north, east, south.
fn three_classes() -> Pipeline<Three, f64, 2, 3, String> {
    let weights = SMatrix::from_row_slice(&[1.0, 0.0, -1.0, 0.5, 2.0, 0.0]);
    let net = Three::from_parts(weights, RowSVector::from_row_slice(&[0.0, 0.25, 0.0]));
    Pipeline::new(net, standardizer())
        .with_class_names(["north", "east", "south"].map(String::from))
}

/// σ(x₀ − x₁ + 0.5).
fn one_output() -> Pipeline<One, f64, 2, 1, String> {
    let net = One::from_parts(
        SMatrix::from_row_slice(&[1.0, -1.0]),
        RowSVector::from_row_slice(&[0.5]),
    );
    Pipeline::new(net, standardizer())
}

/// Softmax with `std`'s `exp`, the reference for the crate's own.
fn softmax(z: [f64; 3]) -> [f64; 3] {
    let total: f64 = z.iter().map(|v| v.exp()).sum();
    z.map(|v| v.exp() / total)
}

fn close(found: [f64; 3], expected: [f64; 3]) -> bool {
    found
        .iter()
        .zip(expected)
        .all(|(f, e)| (f - e).abs() <= 1e-15)
}

#[test]
fn a_version_2_file_with_three_class_names_loads_as_before() {
    let bytes = include_bytes!("../files/pipeline_v2_three_classes.json");
    let loaded = Pipeline::<Three, f64, 2, 3, String>::from_json(bytes).unwrap();
    assert_eq!(loaded, three_classes());
    assert_eq!(
        loaded.to_json().unwrap(),
        bytes,
        "saved again: the same bytes"
    );
    // Raw rows standardised by hand, then z = x·W + b and the largest z's class.
    let cases = [
        ([3.0, 6.0], [1.5, 2.25, -1.0], "east"),   // x = [1, 1]
        ([5.0, 2.0], [2.0, 0.25, -2.0], "north"),  // x = [2, 0]
        ([-1.0, 2.0], [-1.0, 0.25, 1.0], "south"), // x = [−1, 0]
    ];
    for (raw, z, name) in cases {
        let output = loaded.predict_one(raw);
        assert!(close(output, softmax(z)), "{raw:?}: {output:?}");
        assert_eq!(loaded.predict_class_name(raw), Some(name), "{raw:?}");
    }
}

#[test]
fn a_version_3_file_with_an_imputer_loads_as_before() {
    let bytes = include_bytes!("../files/pipeline_v3_three_classes_imputed.json");
    let loaded = Pipeline::<Three, f64, 2, 3, String>::from_json(bytes).unwrap();
    let imputer = Imputer::from_fills([Fill::Value(3.0), Fill::Keep]);
    assert_eq!(loaded, three_classes().with_imputer(imputer));
    assert_eq!(
        loaded.to_json().unwrap(),
        bytes,
        "saved again: the same bytes"
    );
    // A missing first input is 3: the row [3, 6] of the version-2 file.
    let output = loaded.predict_one([f64::NAN, 6.0]);
    assert!(close(output, softmax([1.5, 2.25, -1.0])), "{output:?}");
    assert_eq!(loaded.predict_class_name([f64::NAN, 6.0]), Some("east"));
}

#[test]
fn a_version_2_file_with_one_output_and_no_names_loads_as_before() {
    let bytes = include_bytes!("../files/pipeline_v2_one_output.json");
    let loaded = Pipeline::<One, f64, 2, 1, String>::from_json(bytes).unwrap();
    assert_eq!(loaded, one_output());
    assert_eq!(
        loaded.to_json().unwrap(),
        bytes,
        "saved again: the same bytes"
    );
    assert_eq!(loaded.class_names(), None);
    // [3, 2] → x = [1, 0]: σ(1.5) above 0.5; [1, 6] → [0, 1]: σ(−0.5); [1, 4] → σ(0) = 0.5.
    for (raw, z, class) in [
        ([3.0, 2.0], 1.5_f64, 1),
        ([1.0, 6.0], -0.5, 0),
        ([1.0, 4.0], 0.0, 0),
    ] {
        let [output] = loaded.predict_one(raw);
        assert!(
            (output - 1.0 / (1.0 + (-z).exp())).abs() <= 1e-15,
            "{raw:?}"
        );
        assert_eq!(loaded.predict_class(raw), Some(class), "{raw:?}");
        assert_eq!(loaded.predict_class_name(raw), None);
    }
    // Named now, it picks the second name above 0.5.
    let named = loaded
        .try_with_class_names(["low", "high"].map(String::from))
        .unwrap();
    assert_eq!(named.predict_class_name([3.0, 2.0]), Some("high"));
    assert_eq!(named.predict_class_name([1.0, 4.0]), Some("low"));
}

#[test]
fn a_file_with_one_name_for_one_output_is_refused_naming_both_counts() {
    let bytes = include_bytes!("../files/pipeline_v2_one_output_one_name.json");
    let error = Pipeline::<One, f64, 2, 1, String>::from_json(bytes).unwrap_err();
    assert!(
        matches!(error, LoadError::InvalidPreprocessing { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the file's preprocessing is invalid: class_names: expected 2 names (for one output: \
         the class at or below 0.5, then the class above), found 1"
    );
}
