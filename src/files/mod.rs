//! Networks as files and as source: the JSON format, baked `const` items, atomic writes.
//!
//! [`save`] writes a network to a JSON file and loads it back with a typed error for every way
//! a file can be wrong; [`bake`] writes it as Rust source for a `const` of its own type;
//! [`atomic_file`] is the one writer everything on disk goes through (a temporary file, then a
//! rename), so a failure never leaves a half-written file. `pipeline_file` saves and loads a
//! [`Pipeline`](crate::Pipeline) (a network with its preprocessing) and `bake` bakes one;
//! [`safetensors`] reads and writes PyTorch state dicts, and [`build_script`] bakes one into a
//! `const` from a `build.rs`; [`tflite`] loads an int8 `.tflite` model through a small
//! [`flatbuffer`] reader. Uses `model`, `quantized`, and `training` and `data` for pipelines.
//! All but the `.tflite` loader need `std`.

// Only the file formats and the figures write files.
#[cfg(any(feature = "serde", feature = "safetensors", feature = "plot"))]
pub mod atomic_file;
#[cfg(feature = "std")]
pub mod bake;
#[cfg(feature = "std")]
pub mod bake_quantized;
#[cfg(feature = "safetensors")]
pub mod build_script;
pub mod flatbuffer;
#[cfg(feature = "serde")]
mod pipeline_file;
#[cfg(feature = "safetensors")]
pub mod safetensors;
#[cfg(feature = "serde")]
pub mod save;
#[cfg(all(
    test,
    any(feature = "serde", feature = "safetensors", feature = "plot")
))]
pub(crate) mod scratch;
pub mod tflite;
