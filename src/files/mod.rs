//! Networks as files and as source: the JSON format, baked `const` items, atomic writes.
//!
//! [`save`] writes a network to a JSON file and loads it back with a typed error for every way
//! a file can be wrong; [`bake`] writes it as Rust source for a `const` of its own type;
//! [`atomic_file`] is the one writer everything on disk goes through (a temporary file, then a
//! rename), so a failure never leaves a half-written file; [`tflite`] loads an int8 `.tflite`
//! model through a small [`flatbuffer`] reader. Uses `model` and `quantized`. All but the
//! `.tflite` loader need `std`.

#[cfg(feature = "std")]
pub mod atomic_file;
#[cfg(feature = "std")]
pub mod bake;
#[cfg(feature = "std")]
pub mod bake_quantized;
pub mod flatbuffer;
#[cfg(feature = "serde")]
pub mod save;
pub mod tflite;
