//! int8 networks in TensorFlow Lite's scheme, bit-exact with TensorFlow Lite Micro.
//!
//! [`mlp_int8!`](crate::mlp_int8) names a [`QuantizedNetwork`] type from the same widths as the
//! float network; each layer is a [`QuantizedDense`] (int8 weights, int32 bias,
//! requantisation) with a [`QuantizedActivation`]: identity and ReLU as fused clamps, sigmoid
//! and tanh as TFLite Micro's [`LogisticKernel`] and [`TanhKernel`]. A network comes from a
//! trained float network by post-training quantisation ([`quantize`]), from a `.tflite` file
//! ([`tflite`]), or from a `const` written by [`bake_quantized`]. Inference (`predict_one` on
//! `i8`) is integer arithmetic only and needs neither `std` nor `alloc`; floating point
//! appears only where a network is built and at the optional `f32` edges. The integer
//! primitives themselves, for those who build their own kernels, are in [`fixed_point`].

pub(crate) mod activation;
#[cfg(feature = "std")]
pub(crate) mod bake;
pub(crate) mod calibration;
pub(crate) mod dense;
pub(crate) mod dot_product;
pub mod fixed_point;
pub(crate) mod footprint;
pub(crate) mod logistic;
pub(crate) mod multiplier;
pub(crate) mod network;
pub(crate) mod q4_input;
pub(crate) mod tanh;
pub mod tflite;

pub use activation::{ActivationKind, QuantizedActivation};
#[cfg(feature = "std")]
pub use bake::bake_quantized;
pub use calibration::{Calibrate, CalibrationError, asymmetric_quantization, quantize};
pub use dense::{AccumulatorOverflow, QuantizedDense};
pub use logistic::LogisticKernel;
pub use network::{QuantizationParameters, QuantizedForm, QuantizedLayer, QuantizedNetwork};
pub use q4_input::Q4Input;
pub use tanh::TanhKernel;
