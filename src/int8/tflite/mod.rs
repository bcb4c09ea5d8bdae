//! `.tflite` files: an int8 fully connected model loaded into its [`mlp_int8!`](crate::mlp_int8)
//! type, with neither `std` nor `alloc`.
//!
//! [`QuantizedNetwork::from_tflite`](crate::int8::QuantizedNetwork::from_tflite) reads the
//! file through a small bounds-checked flatbuffer reader; every way a file can be wrong is a
//! [`TfliteError`] that says what was expected and what was found.

pub(crate) mod error;
pub(crate) mod flatbuffer;
mod fully_connected;
mod logistic_and_tanh;
pub(crate) mod read;
mod schema;

pub use error::{Role, Shape, TfliteError, operator_name};
pub use flatbuffer::Malformed;
pub use read::FromTflite;
