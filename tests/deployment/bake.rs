//! Baked source, compiled for real. Three nets trained here from fixed seeds (a biased `f64`
//! XOR net, the lab's `f32` net without biases, and a softmax pipeline with its standardizer
//! and class names, some of which a Rust literal must escape) are baked; the committed sources
//! in `tests/baked/` must be what `bake` writes for them today, byte for byte. Those sources are
//! compiled into this test (`tests/baked/mod.rs`, warnings denied) as constants, which must hold the trained
//! parameters and compute the trained outputs and class names bit for bit. A fourth, a
//! pipeline with an imputer, checks that a baked imputer fills in raw rows as the pipeline does, and
//! a fifth, a pipeline with one output, that its two class names are baked and picked as the
//! pipeline picks them. That inference on
//! the baked constants allocates nothing is checked in `tests/allocation.rs`.
//!
//! After a deliberate change to training or to the baked format, write the sources anew with
//! `BAKED=overwrite cargo test --test deployment bake` and review the diff.

use static_mlp::data;
use static_mlp::data::Standardizer;
use static_mlp::data::missing::{Fill, Imputer};
use static_mlp::pipeline::Pipeline;
use static_mlp::prelude::*;
use static_mlp::{io::rust_source::bake, pipeline::bake_pipeline};
use std::path::Path;

use crate::baked::{self, LabNet, LineNet, SoftNet, XorNet};

/// Four classes, one of them named with characters a Rust literal must escape.
const NAMES: [&str; 4] = ["north", "east \"quoted\"", "south\\west", "ünïcode"];

/// Eight raw rows far from standardised, on different scales per input.
fn raw_rows() -> [[f32; 3]; 8] {
    std::array::from_fn(|r| {
        let r = r as f32;
        [100.0 + 7.0 * r, -0.003 * r * r, 1e4 - 900.0 * r]
    })
}

fn train<N: Network<T, 2, 1>, T: static_mlp::Scalar>(mut net: N, learning_rate: T) -> N {
    let xor = data::xor_easy::<T>();
    let mut optimizer = GradientDescent::new(learning_rate).unwrap();
    for _ in 0..500 {
        net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
    }
    net
}

/// The three nets, trained from their seeds.
fn trained() -> (XorNet, LabNet, Pipeline<SoftNet, f32, 3, 4, &'static str>) {
    let xor = train(
        XorNet::random(Init::Xavier, &mut StdRng::seed_from_u64(4)),
        2.0,
    );
    let lab = train(
        LabNet::random(Init::He, &mut StdRng::seed_from_u64(8)),
        0.5_f32,
    );
    let soft_net = SoftNet::random(Init::Xavier, &mut StdRng::seed_from_u64(6));
    let soft =
        Pipeline::new(soft_net, Standardizer::fit(raw_rows()).unwrap()).with_class_names(NAMES);
    (xor, lab, soft)
}

/// Compares `source` with the committed `tests/baked/NAME`, or writes it there when the
/// environment says `BAKED=overwrite`.
fn assert_committed(name: &str, source: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/baked")
        .join(name);
    if std::env::var_os("BAKED").is_some_and(|v| v == "overwrite") {
        std::fs::write(&path, source).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        source, committed,
        "tests/baked/{name} is not what `bake` writes today; if that is meant, write it anew \
         with `BAKED=overwrite cargo test --test deployment bake` and review the diff"
    );
}

#[test]
fn the_committed_baked_sources_are_what_bake_writes_today() {
    let (xor, lab, soft) = trained();
    assert_committed("xor_net.rs", &bake(&xor, "XOR_NET", "XorNet"));
    assert_committed("lab_net.rs", &bake(&lab, "LAB_NET", "LabNet"));
    assert_committed(
        "soft_model.rs",
        &bake_pipeline(&soft, "SOFT_MODEL", "SoftNet"),
    );
}

fn bits64<'a>(values: impl IntoIterator<Item = &'a f64>) -> Vec<u64> {
    values.into_iter().map(|v| v.to_bits()).collect()
}

fn bits32<'a>(values: impl IntoIterator<Item = &'a f32>) -> Vec<u32> {
    values.into_iter().map(|v| v.to_bits()).collect()
}

#[test]
fn baked_constants_hold_the_trained_nets_and_compute_their_outputs() {
    let (xor, lab, _) = trained();
    let inputs = data::xor_easy::<f64>().inputs;
    assert_eq!(
        bits64(baked::XOR_NET.parameters().flatten()),
        bits64(xor.parameters().flatten())
    );
    assert_eq!(
        bits64(&baked::XOR_NET.predict(&inputs)),
        bits64(&xor.predict(&inputs))
    );
    let row = [inputs[(3, 0)], inputs[(3, 1)]];
    let [one] = baked::XOR_NET.predict_one(row);
    assert_eq!(one.to_bits(), xor.predict_one(row)[0].to_bits());
    // One sample sums along each weight column in SIMD lanes, a batch sample by sample
    // (`kernels::dot`): the same value to rounding.
    assert!((one - xor.predict(&inputs)[3]).abs() <= 4.0 * f64::EPSILON);

    let inputs = data::xor_easy::<f32>().inputs;
    assert_eq!(
        bits32(baked::LAB_NET.parameters().flatten()),
        bits32(lab.parameters().flatten())
    );
    assert_eq!(
        bits32(&baked::LAB_NET.predict(&inputs)),
        bits32(&lab.predict(&inputs))
    );
}

#[test]
fn a_baked_pipeline_turns_raw_rows_into_the_trained_outputs_and_names() {
    let (_, _, soft) = trained();
    let rows = raw_rows();
    let raw = static_mlp::nalgebra::SMatrix::<f32, 8, 3>::from_fn(|r, c| rows[r][c]);
    assert_eq!(
        bits32(&baked::SOFT_MODEL.predict(&raw)),
        bits32(&soft.predict(&raw))
    );
    for row in rows {
        let name = baked::SOFT_MODEL.predict_class_name(row);
        assert!(name.is_some(), "{row:?}");
        assert_eq!(name, soft.predict_class_name(row), "{row:?}");
    }
    let (baked, trained) = (baked::SOFT_MODEL.standardizer(), soft.standardizer());
    assert_eq!(bits32(baked.mean()), bits32(trained.mean()));
    assert_eq!(bits32(baked.scale()), bits32(trained.scale()));
}

#[test]
fn baked_source_names_the_architecture() {
    let lab = LabNet::random(Init::He, &mut StdRng::seed_from_u64(8));
    let source = bake(&lab, "LAB_NET", "LabNet");
    assert!(
        source.starts_with(
            "// A trained 2→4 relu→4 relu→1 sigmoid f32 (no bias) network, baked by static_mlp::io::rust_source."
        ),
        "{source}"
    );
    assert!(source.contains("pub const LAB_NET: LabNet = ::static_mlp::model::Chain::new(\n"));
    // No bias anywhere: every layer is built from its weights alone.
    assert_eq!(source.matches("Dense::from_weights(").count(), 3);
    assert!(!source.contains("from_parts"));
}

/// The baked net that `examples/no_std` compiles, included here with `std`.
mod committed {
    use static_mlp::prelude::*;
    pub type XorNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
    include!("../baked/xor_net_no_bias.rs");
}

#[test]
fn the_no_std_examples_baked_net_is_current_and_bakes_to_itself() {
    // Baking the compiled constant gives back its source byte for byte: every literal
    // survived the compiler, and the committed file is what `bake` writes today.
    let source = include_str!("../baked/xor_net_no_bias.rs");
    assert_eq!(
        bake(&committed::XOR_NET, "XOR_NET", "XorNet"),
        source,
        "regenerate with `cargo run --release --example embed -- --bake tests/baked/xor_net_no_bias.rs`"
    );
    let xor = data::xor_easy::<f64>();
    let outputs = committed::XOR_NET.predict(&xor.inputs);
    assert_eq!(static_mlp::metrics::accuracy(&outputs, &xor.labels), 1.0);
}

#[test]
fn the_no_std_examples_baked_net_is_what_embed_trains_today() {
    // examples/embed.rs's recipe: the lab's net, seed 1, N(0, 1) weights, gradient descent at
    // 0.5 on mean squared error for 50,000 full-batch epochs. Results are the same bits on every
    // x86-64 CPU (see ARCHITECTURE.md), so retraining here gives the committed constant back
    // unless training or baking changed.
    let xor = data::xor_easy::<f64>();
    let mut net = committed::XorNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(1));
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    for _ in 0..50_000 {
        net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
    }
    assert_eq!(
        bake(&net, "XOR_NET", "XorNet"),
        include_str!("../baked/xor_net_no_bias.rs"),
        "tests/baked/xor_net_no_bias.rs is not what `embed` bakes today; regenerate with \
         `cargo run --release --example embed -- --bake tests/baked/xor_net_no_bias.rs`"
    );
}

#[test]
fn a_baked_pipeline_names_its_parts() {
    let soft_net = SoftNet::random(Init::Xavier, &mut StdRng::seed_from_u64(6));
    let standardizer = Standardizer::fit(raw_rows()).unwrap();
    let unnamed: Pipeline<SoftNet, f32, 3, 4, &str> = Pipeline::new(soft_net, standardizer);
    let source = bake_pipeline(&unnamed, "MODEL", "SoftNet");
    assert!(
        source.starts_with(
            "// A trained 3→5 tanh→4 softmax f32 network with its standardizer, baked by static_mlp::io::rust_source."
        ),
        "{source}"
    );
    assert!(source.contains(
        "pub const MODEL: ::static_mlp::pipeline::Pipeline<SoftNet, f32, 3, 4, &'static str> = \
         ::static_mlp::pipeline::Pipeline::from_parts(\n"
    ));
    assert!(source.contains("    ::static_mlp::data::Standardizer::from_parts(\n"));
    assert!(
        source.ends_with("    ::core::option::Option::None,\n);\n"),
        "{source}"
    );
    let named = unnamed.with_class_names(NAMES);
    let source = bake_pipeline(&named, "MODEL", "SoftNet");
    assert!(
        source.contains(
            r#"Some(::static_mlp::pipeline::ClassNames::per_output(["north", "east \"quoted\"", "south\\west", "ünïcode"])),"#
        ),
        "{source}"
    );
}

/// A pipeline with an imputer: a missing first input becomes 1.5, the third input says
/// whether the first was missing.
fn imputed() -> Pipeline<SoftNet, f32, 3, 4, &'static str> {
    let net = SoftNet::random(Init::Xavier, &mut StdRng::seed_from_u64(7));
    let imputer = Imputer::from_fills([Fill::Value(1.5), Fill::Keep, Fill::IndicatorOf(0)]);
    let standardizer = Standardizer::from_parts([1.0, 2.0, 0.25], [2.0, 4.0, 0.5]);
    Pipeline::new(net, standardizer)
        .with_imputer(imputer)
        .with_class_names(NAMES)
}

#[test]
fn a_baked_one_output_pipeline_names_both_classes() {
    // σ(x₀ − x₁) after (x − 3) / 10: "above" where the first raw input is the larger.
    let weights = static_mlp::nalgebra::SMatrix::from_row_slice(&[1.0, -1.0]);
    let net = LineNet::from_parts(weights, static_mlp::nalgebra::RowSVector::from([0.0]));
    let standardizer = Standardizer::from_parts([3.0, 3.0], [10.0, 10.0]);
    let pipeline: Pipeline<LineNet, f64, 2, 1, &str> =
        Pipeline::new(net, standardizer).with_class_names(["below", "above"]);
    let source = bake_pipeline(&pipeline, "BINARY_MODEL", "LineNet");
    assert!(
        source.ends_with(
            "    ::core::option::Option::Some(::static_mlp::pipeline::ClassNames::binary(\"below\", \"above\")),\n);\n"
        ),
        "{source}"
    );
    assert_committed("binary_model.rs", &source);
    assert_eq!(baked::BINARY_MODEL, pipeline);
    assert_eq!(
        baked::BINARY_MODEL.class_names(),
        Some(&["below", "above"][..])
    );
    // By hand: [13, 3] → [1, 0], σ(1) ≈ 0.73; [3, 13] → σ(−1) ≈ 0.27; [8, 8] → σ(0) = 0.5,
    // which is not above 0.5.
    let sigmoid = |z: f64| 1.0 / (1.0 + (-z).exp());
    for (row, z, name) in [
        ([13.0, 3.0], 1.0, "above"),
        ([3.0, 13.0], -1.0, "below"),
        ([8.0, 8.0], 0.0, "below"),
    ] {
        let [output] = baked::BINARY_MODEL.predict_one(row);
        assert!((output - sigmoid(z)).abs() <= 1e-15, "{row:?}: {output}");
        assert_eq!(output.to_bits(), pipeline.predict_one(row)[0].to_bits());
        assert_eq!(
            baked::BINARY_MODEL.predict_class_name(row),
            Some(name),
            "{row:?}"
        );
    }
}

#[test]
fn a_baked_imputer_fills_raw_rows_as_the_pipeline_does() {
    let pipeline = imputed();
    assert_committed(
        "imputed_model.rs",
        &bake_pipeline(&pipeline, "IMPUTED_MODEL", "SoftNet"),
    );
    assert_eq!(baked::IMPUTED_MODEL.imputer(), pipeline.imputer());
    for row in [
        [f32::NAN, 3.0, 0.0],
        [4.0, -1.0, 7.0],
        [f32::NAN, f32::NAN, 1.0],
    ] {
        let (baked, trained) = (
            baked::IMPUTED_MODEL.predict_one(row),
            pipeline.predict_one(row),
        );
        assert_eq!(
            baked.map(f32::to_bits),
            trained.map(f32::to_bits),
            "row {row:?}"
        );
    }
    // The missing first input is filled in: a different output from the NaN it replaces.
    assert!(baked::IMPUTED_MODEL.predict_one([f32::NAN, 3.0, 0.0])[0].is_finite());
}
