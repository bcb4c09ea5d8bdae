//! Small fixed-topology neural networks whose layer widths are types.
//!
//! A network such as 2 → 4 → 4 → 1 is a stack of [`nalgebra::SMatrix`] layers named by the
//! [`mlp!`] macro. Feeding it an input of the wrong width, passing labels of the wrong shape,
//! or chaining layers that disagree is a compile error, and because every matrix lives on the
//! stack, training and inference never allocate.
//!
//! ```
//! use static_mlp::prelude::*;
//! use static_mlp::data;
//!
//! // The lab's network: 2 inputs, two hidden layers of 4, one output, sigmoid everywhere.
//! type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
//!
//! let mut rng = StdRng::seed_from_u64(7);
//! let mut net = XorNet::random(Init::Xavier, &mut rng);
//! let xor = data::xor_easy::<f64>(); // 21 points, a 21 × 2 input matrix
//! let mut optimizer = GradientDescent::new(2.0)?;
//!
//! let first = net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
//! for _ in 0..3_000 {
//!     net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
//! }
//! let last = net.loss(&MeanSquaredError, &xor.inputs, &xor.labels);
//! assert!(last < first);
//!
//! let [output] = net.predict_one([0.1, 0.9]); // one sample: an array in, an array out
//! println!("f(0.1, 0.9) = {output:.3}, loss {first:.4} → {last:.4}");
//! # Ok::<(), static_mlp::train::InvalidHyperparameter>(())
//! ```
//!
//! # Reading order
//!
//! The [`guide`] is a path through the crate, each chapter with examples that are compiled and
//! run as tests:
//!
//! 1. [Getting started](guide::getting_started): the two commands, `mlp!`, what the compiler
//!    says when a shape is wrong.
//! 2. [Your own data](guide::your_data): a CSV file, run-time data sets, splits, and a
//!    `Standardizer` and `Pipeline` so the saved model takes raw rows.
//! 3. [Real tabular files](guide::tabular_files): a training and a test file with the same
//!    classes, rows without labels, class weights, early stopping, cross-validation, missing
//!    cells, text columns.
//! 4. [Training](guide::training): `Fit`, optimisers, mini-batches, stopping rules, early
//!    stopping.
//! 5. [Multi-class outputs and preprocessing](guide::multiclass): softmax, the confusion matrix,
//!    the pipeline.
//! 6. [Saving and baking](guide::saving): JSON files, networks as `const`s, `no_std`.
//! 7. [PyTorch weights](guide::pytorch): safetensors in and out, checked at build time.
//! 8. [int8 and TensorFlow Lite](guide::int8): `.tflite` files and post-training quantisation,
//!    bit-exact with TensorFlow Lite Micro.
//! 9. [Microcontrollers](guide::microcontrollers): what builds and runs on Cortex-M targets.
//! 10. [Files from anywhere](guide::untrusted_files): what each reader promises against
//!     hostile input (memory, errors, what it never does), and what a save never touches.
//! 11. [The lab](guide::lab): the original report's experiments, its figures and a seed sweep.
//! 12. [Performance](guide::performance): what to expect, and where the measurements are.
//!
//! # Modules
//!
//! Each module is one domain; every public item has one path (the [`prelude`] gathers what
//! most programs use).
//!
//! | module | what is in it |
//! | --- | --- |
//! | [`model`] | layers, activations, [`model::Chain`] (how widths become types), [`model::Network`] (`predict`, `train_step`, …), initialisation, parameters |
//! | [`data`] | data sets with compile-time or run-time length, CSV files, splits, standardisation, checks |
//! | [`train`] | losses, optimisers, batches, [`train::Fit`] (a whole run with stopping rules), evaluation |
//! | [`metrics`] | accuracy, confusion matrix, precision and recall, regression errors |
//! | [`pipeline`] | a network with its preprocessing and class names, predicting from raw rows |
//! | [`io`] | float networks in files: JSON, PyTorch safetensors, baked Rust source, build scripts (`std`) |
//! | [`int8`] | int8 inference bit-exact with TensorFlow Lite Micro: `.tflite` files, post-training quantisation, baking |
//! | [`experiments`] | training histories, seed sweeps, statistics (`std`) |
//! | `plot` | figures as SVG or PNG (feature `plot`) |
//!
//! For contributors, the repository's `ARCHITECTURE.md` maps the source tree and follows one
//! training step and one int8 prediction through it.
//!
//! # Features
//!
//! | feature | default | what it adds | pulls in | implies |
//! | --- | --- | --- | --- | --- |
//! | `std` | yes | CPU-feature dispatch (AVX2, AVX-512), run-time-length data sets, [`experiments`], [`io`] | nalgebra's `std` | |
//! | `serde` | yes | `Serialize`/`Deserialize` for every network; JSON files ([`io::json`]) | serde, serde_json | `std` |
//! | `safetensors` | yes | PyTorch weights in and out ([`io::safetensors`], [`io::build_script`]) | safetensors | `std` |
//! | `csv` | yes | data sets from CSV files ([`data::csv`]) | csv-core | `std` |
//! | `plot` | no | figures of runs, data and networks (`plot`) | plotters, png | `std` |
//! | `exact-exp` | no | the standard library's (or `libm`'s) `exp` in the activations instead of the crate's | | |
//! | `fma` | no | fused multiply-add in the products and `exp`: other last bits, the same on every CPU; faster on x86-64 with FMA, far slower where it runs in software (Cortex-M) | | |
//!
//! `no_std` is `default-features = false`: the crate is then `#![no_std]` without `alloc`, and
//! layers, [`model::Network`] (prediction), [`train::Train`] (`train_step`), losses, optimisers,
//! [`train::Fit`], [`data`], [`metrics`] and [`int8`] (including `.tflite` loading) still work,
//! with the math from `libm`. A trained network reaches such a target as a `const` written by
//! [`io::rust_source`] or [`int8::bake_quantized`] on the host. The library builds for Cortex-M
//! targets (`thumbv6m-none-eabi`, `thumbv7m-none-eabi`, `thumbv7em-none-eabihf`), and CI runs
//! firmware under QEMU on a Cortex-M4F and a Cortex-M3 that checks every committed int8 model
//! against TensorFlow Lite Micro and the float nets and two training runs against the host's
//! bits; the [microcontrollers](guide::microcontrollers) chapter has its flash, stack and
//! instruction counts (instructions, not cycles); the other measured figures, from x86-64, are in
//! the repository's `docs/performance.md`.
#![cfg_attr(not(any(feature = "std", test)), no_std)] // unit tests always have the std harness
#![warn(missing_docs, unreachable_pub)]

/// `matrix![a, b, c; d, e, f]` in the unit tests: a matrix written row by row, its size read off
/// the literal. nalgebra's macro of that name needs its `macros` feature, which would build a
/// proc-macro crate and `syn` for every example.
#[cfg(test)]
macro_rules! matrix {
    ($($($entry:expr),+ $(,)?);+ $(;)?) => {{
        fn rows<T: Copy, const R: usize, const C: usize>(rows: [[T; C]; R]) -> [[T; R]; C] {
            std::array::from_fn(|c| std::array::from_fn(|r| rows[r][c]))
        }
        // nalgebra's arrays are columns.
        nalgebra::SMatrix::from_array_storage(nalgebra::ArrayStorage(rows([$([$($entry),+]),+])))
    }};
}

// One public module per folder but `math`; ARCHITECTURE.md draws the tree and the order in
// which the folders depend on each other.
pub mod data;
#[cfg(feature = "std")]
pub mod experiments;
pub mod int8;
#[cfg(feature = "std")]
pub mod io;
mod math;
pub mod metrics;
pub mod model;
pub mod pipeline;
#[cfg(feature = "plot")]
pub mod plot;
pub mod train;

pub use math::scalar::Scalar;
pub use nalgebra;
pub use rand;

/// Everything a typical program needs: `use static_mlp::prelude::*;`.
pub mod prelude {
    pub use crate::data::Rows;
    #[cfg(feature = "serde")]
    pub use crate::io::json::JsonFile;
    #[cfg(feature = "safetensors")]
    pub use crate::io::safetensors::SafetensorsFile;
    pub use crate::model::{
        Chain, Dense, Describe, Footprint, Identity, Init, Layer, LeakyRelu, Network, NoBias,
        Parameters, Relu, Sigmoid, Softmax, Tanh, WithBias,
    };
    pub use crate::pipeline::Pipeline;
    pub use crate::train::{
        Adam, BinaryCrossEntropy, CategoricalCrossEntropy, Control, Fit, GradientDescent,
        MeanSquaredError, Momentum, Optimizer, Rprop, Train,
    };
    pub use crate::{Scalar, mlp, mlp_int8};
    pub use nalgebra::SMatrix;
    pub use rand::SeedableRng;
    pub use rand::rngs::StdRng;
}

/// The guide: chapters on using the crate, in reading order, their examples compiled and run
/// as tests.
pub mod guide {
    #[doc = include_str!("../docs/guide/getting_started.md")]
    pub mod getting_started {}
    #[doc = include_str!("../docs/guide/your_data.md")]
    pub mod your_data {}
    #[doc = include_str!("../docs/guide/tabular_files.md")]
    pub mod tabular_files {}
    #[doc = include_str!("../docs/guide/training.md")]
    pub mod training {}
    #[doc = include_str!("../docs/guide/multiclass.md")]
    pub mod multiclass {}
    #[doc = include_str!("../docs/guide/saving.md")]
    pub mod saving {}
    #[doc = include_str!("../docs/guide/pytorch.md")]
    pub mod pytorch {}
    #[doc = include_str!("../docs/guide/int8.md")]
    pub mod int8 {}
    #[doc = include_str!("../docs/guide/microcontrollers.md")]
    pub mod microcontrollers {}
    #[doc = include_str!("../docs/guide/untrusted_files.md")]
    pub mod untrusted_files {}
    #[doc = include_str!("../docs/guide/lab.md")]
    pub mod lab {}
    #[doc = include_str!("../docs/guide/performance.md")]
    pub mod performance {}
}

/// The README's Rust examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
