//! PyTorch-layout safetensors files read into `mlp!` types, checked against numpy.
//!
//! The fixtures in `tests/fixtures/safetensors/` were written by
//! `scripts/fixtures/make_safetensors.py` (numpy and the `safetensors` Python package, no
//! PyTorch): a 3→5→4→2 net with ReLU, Tanh and Sigmoid stored as F32, F64, F16 and BF16 with
//! `nn.Sequential`'s keys, the same in F32 with `OrderedDict` names (`fc1`, …), and a 2→4→4→1
//! net without biases. Each `<name>.expected.json` holds the weights decoded to f64 and the
//! outputs numpy's float64 forward pass gives for 16 inputs that are exact in f32.
//!
//! `torch_sequential_f32` is PyTorch's own: the same module with PyTorch's initialisation,
//! saved by `safetensors.torch.save_file(model.state_dict())`, its outputs those of the module
//! itself in float64 (`scripts/fixtures/make_torch_safetensors.py`, torch 2.15.0).
//!
//! Tolerances. The expectations are computed in f64 from the values exactly as stored, so:
//! - read into an **f64** network, any file must reproduce them to 1e-12: the weights are
//!   exact (half precision and f32 widen exactly), and what is left is the difference between
//!   numpy's and this crate's summation order, `tanh` and `exp` (within 2 ulp), a few ulp of
//!   values of order 1, far below 1e-12;
//! - read into an **f32** network, each of the ~5-term dot products, biases and activations
//!   rounds to f32 (relative 2⁻²⁴ ≈ 6e-8 per operation) and tanh and the sigmoid do not
//!   amplify errors (slopes ≤ 1), so three layers stay within a few ulp of the outputs (an
//!   f32 ulp is 6e-8 on [0.5, 1)). The bound asserted is 5e-7, about 8 ulp; the largest
//!   difference seen is 5.0e-8 (F16 file), and `--nocapture` prints each.
//!
//! Measured (`cargo test --test deployment safetensors_reference -- --nocapture`): as f64, 0 for the
//! F32, F64, F16 and OrderedDict files, 1.1e-16 for BF16, 1.4e-17 without biases; as f32,
//! 4.6e-8 (F32), 5.0e-8 (F16), 4.1e-8 (BF16), 3.7e-9 without biases.
//!
//! The other way: `written_by_static_mlp.safetensors` is a file this crate wrote, read by
//! `scripts/fixtures/check_written_safetensors.py` with the Python package and checked there
//! against the PyTorch module's state dict; its outputs are numpy's from what Python read
//! (measured here: 1.1e-16 as f64, 8.7e-8 as f32).

use crate::reference_fixtures::{self, rows};
use serde_json::Value;
use static_mlp::io::safetensors::{ReadError, SafetensorsFile};
use static_mlp::prelude::*;
use static_mlp::{Scalar, model::Identity};
use std::path::PathBuf;

type Sequential<T> = mlp!(T; 3 => 5 Relu => 4 Tanh => 2 Sigmoid);
type Unbiased<T> = mlp!(T, no_bias; 2 => 4 Relu => 4 Relu => 1 Identity);

fn fixture(name: &str) -> PathBuf {
    reference_fixtures::fixture("safetensors", name)
}

fn expected(name: &str) -> Value {
    reference_fixtures::expected("safetensors", name)
}

/// The largest difference between the network's outputs and numpy's, over every input.
fn largest_difference<N, T, const I: usize, const O: usize>(network: &N, name: &str) -> f64
where
    N: Network<T, I, O>,
    T: Scalar,
{
    let expected = expected(name);
    let inputs = rows(&expected["inputs"]);
    let outputs = rows(&expected["outputs"]);
    assert_eq!((inputs.len(), outputs.len()), (16, 16));
    let mut largest = 0.0_f64;
    for (input, output) in inputs.iter().zip(&outputs) {
        assert_eq!(output.len(), O);
        let input: [T; I] = core::array::from_fn(|i| T::literal(input[i])); // exact in f32
        let predicted = network.predict_one(input);
        for (p, e) in predicted.iter().zip(output) {
            let difference = (p.to_f64() - e).abs();
            assert!(difference.is_finite(), "{name}: output {p:?}, numpy {e}");
            largest = largest.max(difference);
        }
    }
    largest
}

#[test]
fn every_dtype_read_into_f64_reproduces_numpy_to_1e_12() {
    for name in [
        "sequential_f32",
        "sequential_f64",
        "sequential_f16",
        "sequential_bf16",
        "ordered_dict_f32",
        "torch_sequential_f32",
    ] {
        let path = fixture(&format!("{name}.safetensors"));
        let net = Sequential::<f64>::load_safetensors(&path).unwrap();
        let difference = largest_difference(&net, name);
        println!("{name} as f64: largest difference {difference:e}");
        assert!(difference < 1e-12, "{name}: {difference:e}");
    }
    let net = Unbiased::<f64>::load_safetensors(fixture("no_bias_f32.safetensors")).unwrap();
    let difference = largest_difference(&net, "no_bias_f32");
    println!("no_bias_f32 as f64: largest difference {difference:e}");
    assert!(difference < 1e-12, "{difference:e}");
}

#[test]
fn f32_and_half_files_read_into_f32_reproduce_numpy_to_5e_7() {
    for name in [
        "sequential_f32",
        "sequential_f16",
        "sequential_bf16",
        "ordered_dict_f32",
        "torch_sequential_f32",
    ] {
        let path = fixture(&format!("{name}.safetensors"));
        let net = Sequential::<f32>::load_safetensors(&path).unwrap();
        let difference = largest_difference(&net, name);
        println!("{name} as f32: largest difference {difference:e}");
        assert!(difference < 5e-7, "{name}: {difference:e}");
    }
    let net = Unbiased::<f32>::load_safetensors(fixture("no_bias_f32.safetensors")).unwrap();
    let difference = largest_difference(&net, "no_bias_f32");
    println!("no_bias_f32 as f32: largest difference {difference:e}");
    assert!(difference < 5e-7, "{difference:e}");
}

#[test]
fn weights_are_the_files_values_exactly_in_the_crates_layout() {
    for name in ["sequential_f32", "sequential_f16", "sequential_bf16"] {
        let net =
            Sequential::<f32>::load_safetensors(fixture(&format!("{name}.safetensors"))).unwrap();
        let expected = expected(name);
        let weight = rows(&expected["weights"]["2.weight"]); // nn.Linear(5, 4): [4][5]
        let layer = net.rest().first(); // the 5 → 4 layer, W is 5 × 4
        for (output, row) in weight.iter().enumerate() {
            for (input, &value) in row.iter().enumerate() {
                assert_eq!(f64::from(layer.weights()[(input, output)]), value, "{name}");
            }
        }
        let bias = &expected["weights"]["2.bias"];
        for (output, value) in bias.as_array().unwrap().iter().enumerate() {
            assert_eq!(f64::from(layer.bias()[output]), value.as_f64().unwrap());
        }
    }
}

#[test]
fn the_f64_file_does_not_fit_an_f32_network() {
    let error =
        Sequential::<f32>::load_safetensors(fixture("sequential_f64.safetensors")).unwrap_err();
    assert!(matches!(error, ReadError::WrongDtype { .. }), "{error}");
}

#[test]
fn fixtures_that_do_not_fit_the_type_are_refused() {
    // The biased file into the bias-free type of the same widths, and the other way round.
    type BiasFree = mlp!(f32, no_bias; 3 => 5 Relu => 4 Tanh => 2 Sigmoid);
    let error = BiasFree::load_safetensors(fixture("sequential_f32.safetensors")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "layer 1 has no bias: expected no \"0.bias\" (nn.Linear(..., bias=False)), found one"
    );
    type Biased = mlp!(f32; 2 => 4 Relu => 4 Relu => 1 Identity);
    let error = Biased::load_safetensors(fixture("no_bias_f32.safetensors")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "layer 1: expected a tensor \"0.bias\", found none"
    );
    let error = Sequential::<f32>::load_safetensors(fixture("missing.safetensors")).unwrap_err();
    assert!(matches!(error, ReadError::NotFound { .. }));
}

#[test]
fn a_loaded_net_writes_back_the_same_tensors() {
    // Read, write, read: the same network, and the same header entries as the fixture's own
    // (the fixture's extra metadata aside).
    let net = Sequential::<f32>::load_safetensors(fixture("sequential_f32.safetensors")).unwrap();
    let bytes = net.to_safetensors().unwrap();
    assert_eq!(Sequential::<f32>::from_safetensors(&bytes).unwrap(), net);
    let original = std::fs::read(fixture("sequential_f32.safetensors")).unwrap();
    let tensors = |bytes: &[u8]| {
        let file = safetensors_header(bytes);
        let mut entries: Vec<(String, Value, Value)> = file
            .as_object()
            .unwrap()
            .iter()
            .filter(|(key, _)| *key != "__metadata__")
            .map(|(key, info)| (key.clone(), info["dtype"].clone(), info["shape"].clone()))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    };
    assert_eq!(tensors(&bytes), tensors(&original));

    // OrderedDict names written back under the same names.
    let named = Sequential::<f32>::load_safetensors(fixture("ordered_dict_f32.safetensors"))
        .unwrap()
        .to_safetensors_named(&["fc1", "fc2", "fc3"])
        .unwrap();
    let original = std::fs::read(fixture("ordered_dict_f32.safetensors")).unwrap();
    assert_eq!(tensors(&named), tensors(&original));
}

fn safetensors_header(bytes: &[u8]) -> Value {
    let length = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    serde_json::from_slice(&bytes[8..8 + length]).unwrap()
}

#[test]
fn a_one_layer_net_reads_a_lone_linear() {
    // nn.Linear(3, 5).state_dict() has the bare keys `weight` and `bias`.
    type Layer = mlp!(f64; 3 => 5 Identity);
    let net = Sequential::<f64>::load_safetensors(fixture("sequential_f64.safetensors")).unwrap();
    let first = net.first();
    let linear = Layer::from_parts(*first.weights(), *first.bias())
        .to_safetensors_named(&[""])
        .unwrap();
    let header = safetensors_header(&linear);
    assert!(header.get("weight").is_some() && header.get("bias").is_some());
    let back = Layer::from_safetensors(&linear).unwrap();
    assert_eq!(back.weights(), first.weights());
}

#[test]
fn a_file_written_here_is_what_python_read() {
    // `written_by_static_mlp.safetensors` was written by `examples/pytorch_weights.rs` (the
    // fixture, trained 500 steps) and read back by `scripts/fixtures/check_written_safetensors.py`,
    // which checked it against the PyTorch module's state dict (keys, shapes, dtype, as
    // `load_state_dict(strict=True)` requires) and computed numpy's outputs from the values it
    // read. The same outputs here mean Python read the weights this crate meant to write.
    let path = fixture("written_by_static_mlp.safetensors");
    let net = Sequential::<f64>::load_safetensors(&path).unwrap();
    let difference = largest_difference(&net, "written_by_static_mlp");
    println!("written_by_static_mlp as f64: largest difference {difference:e}");
    assert!(difference < 1e-12, "{difference:e}");
    let net = Sequential::<f32>::load_safetensors(&path).unwrap();
    let difference = largest_difference(&net, "written_by_static_mlp");
    println!("written_by_static_mlp as f32: largest difference {difference:e}");
    assert!(difference < 5e-7, "{difference:e}");
    // And today's writer still writes those very bytes for that network.
    assert_eq!(net.to_safetensors().unwrap(), std::fs::read(&path).unwrap());
}
