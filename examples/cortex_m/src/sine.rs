//! The int8 sine model's type, shared by `build.rs` (which bakes `tests/fixtures/tflite/
//! sine.tflite` for it at build time) and the firmware (which includes the baked `const`).

use static_mlp::prelude::*;

/// TFLite Micro's hello-world sine model, 1 → 16 → 16 → 1 with ReLU.
pub type SineInt8 = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
