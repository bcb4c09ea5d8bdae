//! The networks the firmware runs: the committed baked sources, compiled as `const`s into
//! flash exactly as on the host.

#![allow(dead_code)] // each check uses some of them

use static_mlp::prelude::*;

/// TFLite Micro's int8 models (`tests/fixtures/tflite/`): the sine model baked from its
/// `.tflite` file by `build.rs` (`bake_tflite`), the others by the crate's `tflite` example.
pub mod int8 {
    use super::*;
    pub use crate::sine::SineInt8;
    pub type LogisticInt8 = mlp_int8!(2 => 8 Relu => 1 Sigmoid);
    pub type TanhInt8 = mlp_int8!(2 => 8 Tanh => 8 Tanh => 1 Identity);
    pub type DigitsInt8 = mlp_int8!(64 => 32 Relu => 10 Identity);
    pub type WideInt8 = mlp_int8!(64 => 64 Relu => 64 Relu => 10 Identity);
    include!(concat!(env!("OUT_DIR"), "/sine_int8.rs"));
    include!("../../../tests/baked_int8/logistic.rs");
    include!("../../../tests/baked_int8/tanh.rs");
    include!("../../../tests/baked_int8/digits.rs");
    include!("../../../tests/baked_int8/wide_per_tensor.rs");

    /// The per-tensor sine and digits, in a module of their own (the same constant names).
    pub mod per_tensor {
        use super::{DigitsInt8, SineInt8};
        include!("../../../tests/baked_int8/sine_per_tensor.rs");
        include!("../../../tests/baked_int8/digits_per_tensor.rs");
    }
}

/// The lab's baked float nets (`tests/baked/`).
pub mod float {
    use super::*;
    pub type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
    pub type XorNetF32 = mlp!(f32; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
    pub type LabNet = mlp!(f32, no_bias; 2 => 4 Relu => 4 Relu => 1 Sigmoid);
    include!("../../../tests/baked/xor_net.rs");
    include!("../../../tests/baked/lab_net.rs");
}

/// What the results are compared with: generated on the host by the crate's
/// `cortex_m_expected` example, and checked there by `tests/deployment/cortex_m_expected.rs`.
pub mod expected {
    pub mod int8 {
        include!("../../../tests/cortex_m/int8_golden.rs");
    }
    pub mod float {
        include!("../../../tests/cortex_m/float_bits.rs");
    }
    pub mod training {
        include!("../../../tests/cortex_m/training.rs");
    }
    pub mod iris {
        include!("../../../tests/cortex_m/iris.rs");
    }
}
