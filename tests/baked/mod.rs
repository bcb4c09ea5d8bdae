//! The committed baked sources beside this file, compiled as constants of the types they name.
//! `tests/deployment/bake.rs` checks that they are what `bake` writes today and hold the trained
//! nets; `tests/allocation.rs` that inference on them allocates nothing.
#![deny(warnings)] // generated code must compile clean in a user's crate
#![allow(dead_code)] // each test binary uses some of the constants

use static_mlp::prelude::*;

pub type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
pub type LabNet = mlp!(f32, no_bias; 2 => 4 Relu => 4 Relu => 1 Sigmoid);
pub type SoftNet = mlp!(f32; 3 => 5 Tanh => 4 Softmax);
pub type LineNet = mlp!(f64; 2 => 1 Sigmoid);

include!("xor_net.rs");
include!("lab_net.rs");
include!("soft_model.rs");
include!("imputed_model.rs");
include!("binary_model.rs");
