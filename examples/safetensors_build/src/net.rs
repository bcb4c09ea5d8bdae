//! The network type, written once: both `build.rs` (which bakes the weights for it) and the
//! program (which uses them) include this file.

use static_mlp::{model::Relu, model::Sigmoid, model::Tanh};

/// `nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 2),
/// nn.Sigmoid())`: the state dict has the `Linear` layers' weights, the type the activations.
pub type Net = static_mlp::mlp!(f32; 3 => 5 Relu => 4 Tanh => 2 Sigmoid);
