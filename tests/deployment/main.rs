//! End-to-end tests of moving a network to other code: saving and loading, safetensors files
//! (PyTorch's, and scikit-learn's MLPs converted by a script), `.tflite` models against
//! TensorFlow Lite Micro, baked sources and int8 quantisation. One test binary for all of them,
//! so that Cargo links the crate and compiles the networks they share once, not once per file;
//! each file below is one concern.
//!
//!     cargo test --test deployment              # these tests alone
//!     cargo test --test deployment tflite       # those whose path contains `tflite`

#[path = "../baked/mod.rs"]
mod baked;
#[path = "../cases/mod.rs"]
mod cases;
#[path = "../mutations/mod.rs"]
mod mutations;
#[path = "../scratch/mod.rs"]
mod scratch;
#[path = "../tflite_fixtures/mod.rs"]
mod tflite_fixtures;

mod bake;
mod bake_quantized;
mod bake_tflite;
mod cortex_m_expected;
mod load_fuzz;
mod old_pipeline_files;
mod quantized_accuracy;
mod quantized_extremes;
#[cfg(feature = "csv")]
mod quantized_real_data;
mod reference_fixtures;
mod safetensors_fuzz;
mod safetensors_reference;
mod save_load;
mod sklearn_reference;
mod tflite_errors;
mod tflite_golden;
