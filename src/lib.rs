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
//! type XorNet = mlp!(f64; 2 => 4 => 4 => 1);
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
//! # Ok::<(), static_mlp::InvalidHyperparameter>(())
//! ```
//!
//! # Where things are
//!
//! - [`mlp!`] names a network type; [`Dense`] is one layer and [`Chain`] joins two (its module
//!   docs explain how widths become types).
//! - [`Network`] is what you call: `predict`, `loss`, `gradient`, `train_step`.
//! - [`activation`], [`loss`], [`optim`] and [`Init`] are the choices a network is trained with;
//!   [`data`] holds the lab's data sets and [`metrics`] its accuracy.
//! - Real data has a length known only at run time: [`data::SampleSet`] owns rows `[T; I]` /
//!   `[T; O]`, [`data::SampleSlice`] borrows them, [`data::csv`] reads them from a file, and
//!   [`SampleSet::split_stratified`](data::SampleSet::split_stratified) splits them. Training
//!   and measuring take any [`data::Rows`]; [`prediction`] runs a net over a whole set and
//!   [`regression`] gives MAE, RMSE and R².
//! - [`Fit`] trains to a stopping rule, full-batch or in [`batch`]es, reporting each
//!   [`fit::Epoch`] and returning a [`fit::Summary`] or a [`FitError`] (bad data,
//!   divergence); [`evaluate`] measures a network on a data set, and
//!   [`Dataset::split`](data::Dataset::split) holds part of one out for validation.
//! - [`History`] keeps a run's loss and accuracy per epoch without allocating while training;
//!   [`sweep`] trains one network per seed and summarises many with [`statistics`].
//! - `plot` (the `plot` feature, not a default) draws histories, data, decision surfaces,
//!   activations and histograms as SVG or PNG, needing nothing installed on the machine.
//! - [`save`] writes a trained network to a file and loads it back with typed errors; [`bake`]
//!   writes it as Rust source for a `const`; [`Describe`] names an architecture
//!   (`2→4→4→1 sigmoid f64`); [`Footprint`] gives a network type's memory as constants.
//! - [`quantized`] runs networks in TensorFlow Lite's int8 scheme, bit-exact with TensorFlow
//!   Lite Micro and without floating point: [`mlp_int8!`] names the type,
//!   [`quantized::calibration::quantize`] makes one from a trained float network,
//!   [`tflite`] loads one from an int8 `.tflite` file (also without `std`), and
//!   [`bake_quantized`] writes one as a `const`.
//! - [`safetensors`] reads a PyTorch `nn.Sequential` state dict into a network type and writes
//!   one back; [`build_script`] checks and bakes such a file when the program is built.
//!
//! - For k classes: a [`Softmax`] output trained with [`CategoricalCrossEntropy`];
//!   [`metrics::class_accuracy`], [`ConfusionMatrix`] and [`Network::predict_class`] turn
//!   outputs into classes. A [`Pipeline`] keeps a network with the [`data::Standardizer`] it
//!   was trained behind and its class names, predicts from raw rows, and is saved
//!   ([`Pipeline::save`], file format version 2) and baked ([`bake::bake_pipeline`]) whole.
//!
//! The crate's `ARCHITECTURE.md` follows one training step through these modules.
//!
//! # Features and `no_std`
//!
//! - `std` (default). Without it the crate is `#![no_std]` and needs no `alloc` either:
//!   layers, [`Network`] (forward, backward, `train_step`), losses, optimisers, [`Fit`],
//!   [`Init`], [`data`], [`metrics`] and [`Describe`] all work, on a microcontroller as on a
//!   desktop. The math (`tanh`, `ln`, `sqrt`, and `exp` with `exact-exp`) goes through
//!   [`Scalar`]'s `RealField` methods, which nalgebra takes from `libm` when `std` is off;
//!   nothing else in the crate differs between the two (the AVX2 dispatch needs `std`). [`bake`] (Rust source, as a `String`) and [`History`],
//!   [`sweep`] and [`statistics`] (which keep `Vec`s) need `std`.
//! - `serde` (default, implies `std`): `Serialize`/`Deserialize` for every network and the
//!   [`save`] module's file format.
//! - `safetensors` (default, implies `std`): PyTorch weights in and out, [`safetensors`], and
//!   baked into a `const` by a build script, [`build_script`].
//!
//! A trained net reaches a `no_std` target as a constant: [`bake`] writes it as Rust source.
#![cfg_attr(not(any(feature = "std", test)), no_std)] // unit tests always have the std harness
#![warn(missing_docs)]

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

// The rooms, from the bottom up: each uses only the ones above it in this list. ARCHITECTURE.md
// draws the tree. The public paths below are the crate's API; inside the crate, modules reach
// their neighbours by folder path (`crate::math::scalar::Scalar`), never through these.
pub mod data;
mod files;
#[cfg(feature = "std")]
mod lab;
mod math;
mod model;
#[cfg(feature = "plot")]
pub mod plot;
pub mod quantized;
mod training;

#[cfg(feature = "std")]
pub use files::bake;
#[cfg(feature = "std")]
pub use files::bake_quantized;
#[cfg(feature = "serde")]
pub use files::save;
pub use files::tflite;
#[cfg(feature = "safetensors")]
pub use files::{build_script, safetensors};
#[cfg(feature = "std")]
pub use lab::{statistics, sweep};
pub use math::{activation, exp, loss};
pub use model::chain;
pub use training::{batch, fit, metrics, optim, prediction, regression};

pub use data::invalid_data::InvalidData;
#[cfg(feature = "std")]
pub use lab::history::{History, HistoryFull};
pub use math::activation::{Activation, Identity, LeakyRelu, Relu, Sigmoid, Softmax, Tanh};
pub use math::loss::{BinaryCrossEntropy, CategoricalCrossEntropy, Loss, MeanSquaredError};
pub use math::scalar::Scalar;
pub use model::architecture::{Describe, LayerShape};
pub use model::chain::Chain;
pub use model::dense::{BiasMode, Dense, NoBias, WithBias};
pub use model::footprint::Footprint;
pub use model::init::Init;
pub use model::layer::Layer;
pub use model::parameters::Parameters;
pub use nalgebra;
pub use rand;
pub use training::confusion::ConfusionMatrix;
pub use training::evaluation::{Evaluation, evaluate};
pub use training::fit::{Control, Fit, FitError};
pub use training::network::Network;
pub use training::optim::{
    Adam, GradientDescent, InvalidHyperparameter, Momentum, Optimizer, Rprop,
};
pub use training::pipeline::{ClassCountMismatch, Pipeline};

/// Everything a typical program needs: `use static_mlp::prelude::*;`.
pub mod prelude {
    pub use crate::activation::{Identity, LeakyRelu, Relu, Sigmoid, Softmax, Tanh};
    pub use crate::data::Rows;
    #[cfg(feature = "safetensors")]
    pub use crate::files::safetensors::StateDict;
    #[cfg(feature = "serde")]
    pub use crate::files::save::Persist;
    pub use crate::{
        Adam, BinaryCrossEntropy, CategoricalCrossEntropy, Chain, Control, Dense, Describe, Fit,
        Footprint, GradientDescent, Init, Layer, MeanSquaredError, Momentum, Network, NoBias,
        Optimizer, Parameters, Rprop, WithBias, mlp, mlp_int8,
    };
    pub use nalgebra::SMatrix;
    pub use rand::SeedableRng;
    pub use rand::rngs::StdRng;
}

/// The README's Rust examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
