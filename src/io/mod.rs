//! Float networks in files and in source code, one module per format.
//!
//! [`json`] saves a network to a JSON file and loads it back with a typed error for every way a
//! file can be wrong; [`safetensors`] reads and writes PyTorch `nn.Sequential` state dicts, and
//! [`build_script`] bakes one, or an int8 `.tflite` model, into a `const` from a `build.rs`;
//! [`rust_source`] writes a network as Rust source for a `const` of its own type. Every file is
//! written through one atomic writer (a temporary file, then a rename), so a failure never
//! leaves a half-written file. Needs `std`. (int8 networks have their own formats, in
//! [`int8`](crate::int8).)

// The formats, the build scripts and the figures write files through it.
#[cfg(feature = "std")]
pub(crate) mod atomic_file;
#[cfg(feature = "serde")]
pub(crate) mod bounded_json;
#[cfg(feature = "std")]
pub mod build_script;
#[cfg(feature = "serde")]
pub mod json;
#[cfg(feature = "std")]
pub mod rust_source;
#[cfg(feature = "safetensors")]
pub mod safetensors;
#[cfg(all(test, feature = "std"))]
pub(crate) mod scratch;
