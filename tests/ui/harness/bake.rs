//! Baked source, compiled for real: trains two nets, bakes them, and builds and runs (through
//! `trybuild`'s pass mode) a program that includes the generated source. The program checks
//! that the constants hold the original parameters and compute the original outputs bit for
//! bit, and that inference on them allocates nothing. A baked pipeline (a softmax net with its
//! standardizer and class names) must turn raw rows into the same outputs and class names.

use static_mlp::Pipeline;
use static_mlp::bake::{bake, bake_pipeline};
use static_mlp::data;
use static_mlp::data::Standardizer;
use static_mlp::prelude::*;
use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

type XorNet = mlp!(f64; 2 => 4 => 4 => 1);
type LabNet = mlp!(f32, no_bias; 2 => 4 Relu => 4 Relu => 1 Sigmoid);
type SoftNet = mlp!(f32; 3 => 5 Tanh => 4 Softmax);
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

/// `const NAME: [TYPE; n] = [0x…, …];`
fn bits_constant(name: &str, type_name: &str, bits: &[String]) -> String {
    let mut text = format!("const {name}: [{type_name}; {}] = [\n", bits.len());
    for chunk in bits.chunks(4) {
        writeln!(text, "    {},", chunk.join(", ")).unwrap();
    }
    text + "];\n"
}

fn hex64(values: impl IntoIterator<Item = f64>) -> Vec<String> {
    values
        .into_iter()
        .map(|v| format!("{:#018x}", v.to_bits()))
        .collect()
}

fn hex32(values: impl IntoIterator<Item = f32>) -> Vec<String> {
    values
        .into_iter()
        .map(|v| format!("{:#010x}", v.to_bits()))
        .collect()
}

const PROGRAM: &str = r#"// Written by tests/ui/harness/bake.rs: runs the baked constants against the original nets' numbers.
#![deny(warnings)]

use static_mlp::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

type XorNet = mlp!(f64; 2 => 4 => 4 => 1);
type LabNet = mlp!(f32, no_bias; 2 => 4 Relu => 4 Relu => 1 Sigmoid);

include!("xor_net.rs");
include!("lab_net.rs");
include!("expected.rs");
include!("soft_model.rs");

type SoftNet = mlp!(f32; 3 => 5 Tanh => 4 Softmax);

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let inputs = static_mlp::data::xor_easy::<f64>().inputs;
    let narrow_inputs = static_mlp::data::xor_easy::<f32>().inputs;

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let outputs = XOR_NET.predict(&inputs);
    let narrow_outputs = LAB_NET.predict(&narrow_inputs);
    let [one] = XOR_NET.predict_one([inputs[(3, 0)], inputs[(3, 1)]]);
    let allocations = ALLOCATIONS.load(Ordering::SeqCst) - before;
    assert_eq!(allocations, 0, "inference on a baked constant allocated");

    let parameters: Vec<u64> = XOR_NET.parameters().flatten().map(|w| w.to_bits()).collect();
    assert_eq!(parameters, XOR_PARAMETERS, "XOR_NET's parameters");
    let output_bits: Vec<u64> = outputs.iter().map(|y| y.to_bits()).collect();
    assert_eq!(output_bits, XOR_OUTPUTS, "XOR_NET's outputs");
    assert_eq!(one.to_bits(), XOR_OUTPUTS[3]);

    let parameters: Vec<u32> = LAB_NET.parameters().flatten().map(|w| w.to_bits()).collect();
    assert_eq!(parameters, LAB_PARAMETERS, "LAB_NET's parameters");
    let output_bits: Vec<u32> = narrow_outputs.iter().map(|y| y.to_bits()).collect();
    assert_eq!(output_bits, LAB_OUTPUTS, "LAB_NET's outputs");

    // The pipeline: raw rows in, the original outputs and class names out.
    let raw = static_mlp::nalgebra::SMatrix::<f32, 8, 3>::from_fn(|r, c| f32::from_bits(RAW[r * 3 + c]));
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let soft = SOFT_MODEL.predict(&raw);
    let first = SOFT_MODEL.predict_class_name([raw[(0, 0)], raw[(0, 1)], raw[(0, 2)]]);
    assert_eq!(ALLOCATIONS.load(Ordering::SeqCst) - before, 0, "a baked pipeline allocated");
    let soft_bits: Vec<u32> = soft.iter().map(|y| y.to_bits()).collect();
    assert_eq!(soft_bits, SOFT_OUTPUTS, "SOFT_MODEL's outputs");
    assert_eq!(first, Some(SOFT_NAMES[0]));
    for r in 0..8 {
        let row = [raw[(r, 0)], raw[(r, 1)], raw[(r, 2)]];
        assert_eq!(SOFT_MODEL.predict_class_name(row), Some(SOFT_NAMES[r]), "row {r}");
    }
    let mean: Vec<u32> = SOFT_MODEL.standardizer().mean().iter().map(|v| v.to_bits()).collect();
    let scale: Vec<u32> = SOFT_MODEL.standardizer().scale().iter().map(|v| v.to_bits()).collect();
    assert_eq!([mean, scale].concat(), SOFT_STANDARDIZER);
}
"#;

/// Trains and bakes the nets and writes the program that checks the baked constants; returns
/// its path, for `main.rs` to build and run with trybuild.
pub fn baked_program() -> PathBuf {
    let xor = train(
        XorNet::random(Init::Xavier, &mut StdRng::seed_from_u64(4)),
        2.0,
    );
    let lab = train(
        LabNet::random(Init::He, &mut StdRng::seed_from_u64(8)),
        0.5_f32,
    );
    let rows = raw_rows();
    let soft_net = SoftNet::random(Init::Xavier, &mut StdRng::seed_from_u64(6));
    let soft: Pipeline<SoftNet, f32, 3, 4, &str> =
        Pipeline::new(soft_net, Standardizer::fit(rows).unwrap()).with_class_names(NAMES);
    let raw = static_mlp::nalgebra::SMatrix::<f32, 8, 3>::from_fn(|r, c| rows[r][c]);
    let soft_outputs = soft.predict(&raw);
    let soft_names: Vec<String> = rows
        .iter()
        .map(|row| {
            format!(
                "{:?}",
                soft.predict_class_name(*row).expect("a single class")
            )
        })
        .collect();
    let standardizer = soft.standardizer();
    let xor_outputs = xor.predict(&data::xor_easy::<f64>().inputs);
    let lab_outputs = lab.predict(&data::xor_easy::<f32>().inputs);

    let expected = [
        bits_constant(
            "XOR_PARAMETERS",
            "u64",
            &hex64(xor.parameters().flatten().copied()),
        ),
        bits_constant("XOR_OUTPUTS", "u64", &hex64(xor_outputs.iter().copied())),
        bits_constant(
            "LAB_PARAMETERS",
            "u32",
            &hex32(lab.parameters().flatten().copied()),
        ),
        bits_constant("LAB_OUTPUTS", "u32", &hex32(lab_outputs.iter().copied())),
        bits_constant("RAW", "u32", &hex32(rows.iter().flatten().copied())),
        bits_constant("SOFT_OUTPUTS", "u32", &hex32(soft_outputs.iter().copied())),
        bits_constant(
            "SOFT_STANDARDIZER",
            "u32",
            &hex32(
                standardizer
                    .mean()
                    .iter()
                    .chain(standardizer.scale())
                    .copied(),
            ),
        ),
        bits_constant("SOFT_NAMES", "&str", &soft_names),
    ]
    .concat();

    let directory = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bake");
    fs::create_dir_all(&directory).unwrap();
    fs::write(
        directory.join("xor_net.rs"),
        bake(&xor, "XOR_NET", "XorNet"),
    )
    .unwrap();
    fs::write(
        directory.join("lab_net.rs"),
        bake(&lab, "LAB_NET", "LabNet"),
    )
    .unwrap();
    fs::write(
        directory.join("soft_model.rs"),
        bake_pipeline(&soft, "SOFT_MODEL", "SoftNet"),
    )
    .unwrap();
    fs::write(directory.join("expected.rs"), expected).unwrap();
    let program = directory.join("baked_program.rs");
    fs::write(&program, PROGRAM).unwrap();
    program
}

#[test]
fn baked_source_names_the_architecture() {
    let lab = LabNet::random(Init::He, &mut StdRng::seed_from_u64(8));
    let source = bake(&lab, "LAB_NET", "LabNet");
    assert!(
        source.starts_with(
            "// A trained 2→4 relu→4 relu→1 sigmoid f32 (no bias) network, baked by static_mlp::bake."
        ),
        "{source}"
    );
    assert!(source.contains("pub const LAB_NET: LabNet = ::static_mlp::Chain::new(\n"));
    // No bias anywhere: every layer is built from its weights alone.
    assert_eq!(source.matches("Dense::from_weights(").count(), 3);
    assert!(!source.contains("from_parts"));
}

/// The baked net that `examples/no_std` compiles, included here with `std`.
mod committed {
    use static_mlp::prelude::*;
    pub type XorNet = mlp!(f64, no_bias; 2 => 4 => 4 => 1);
    include!("../../../examples/no_std/xor_net.rs");
}

#[test]
fn the_no_std_examples_baked_net_is_current_and_bakes_to_itself() {
    // Baking the compiled constant gives back its source byte for byte: every literal
    // survived the compiler, and the committed file is what `bake` writes today.
    let source = include_str!("../../../examples/no_std/xor_net.rs");
    assert_eq!(
        bake(&committed::XOR_NET, "XOR_NET", "XorNet"),
        source,
        "regenerate with `cargo run --release --example embed -- --bake examples/no_std/xor_net.rs`"
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
        include_str!("../../../examples/no_std/xor_net.rs"),
        "examples/no_std/xor_net.rs is not what `embed` bakes today; regenerate with \
         `cargo run --release --example embed -- --bake examples/no_std/xor_net.rs`"
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
            "// A trained 3→5 tanh→4 softmax f32 network with its standardizer, baked by static_mlp::bake."
        ),
        "{source}"
    );
    assert!(source.contains(
        "pub const MODEL: ::static_mlp::Pipeline<SoftNet, f32, 3, 4, &'static str> = \
         ::static_mlp::Pipeline::from_parts(\n"
    ));
    assert!(source.contains("    ::static_mlp::data::Standardizer::from_parts(\n"));
    assert!(
        source.ends_with("    ::core::option::Option::None,\n);\n"),
        "{source}"
    );
    let named = unnamed.with_class_names(NAMES);
    let source = bake_pipeline(&named, "MODEL", "SoftNet");
    assert!(
        source.contains(r#"Some(["north", "east \"quoted\"", "south\\west", "ünïcode"]),"#),
        "{source}"
    );
}
