//! int8 inference in TensorFlow Lite's scheme, bit-exact with TensorFlow Lite Micro: integer
//! primitives ([`fixed_point`]), requantisation multipliers prepared once from the scales
//! ([`multiplier`]), TFLite Micro's LOGISTIC and TANH kernels ([`logistic`], [`tanh`], sharing
//! [`q4_input`]), the fully connected layer ([`dense`]) with its activations ([`activation`]),
//! the whole network with the float network's compile-time shapes ([`network`], the
//! [`mlp_int8!`](crate::mlp_int8) macro), and post-training quantisation of a trained float
//! network ([`calibration`]). Inference (`predict_one` on `i8`) is integer arithmetic only,
//! needs neither `std` nor `alloc`, and a network is a `const`-constructible value; floating
//! point appears only where a network is built and at the optional `f32` edges. Uses `math`
//! and `model`.

pub mod activation;
pub mod calibration;
pub mod dense;
pub mod fixed_point;
mod footprint;
pub mod logistic;
pub mod multiplier;
pub mod network;
pub mod q4_input;
pub mod tanh;

pub use activation::{Int8Activation, QuantizedActivation};
pub use dense::QuantizedDense;
pub use logistic::LogisticKernel;
pub use multiplier::QuantizedMultiplier;
pub use network::{Quantization, Quantize, QuantizedLayer, QuantizedNetwork};
pub use q4_input::Q4Input;
pub use tanh::TanhKernel;
