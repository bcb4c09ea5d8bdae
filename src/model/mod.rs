//! Networks: layers, activations, the type-level chain that joins them, and what you call on
//! them.
//!
//! A network is a [`Dense`] layer or a [`Chain`] of layers whose widths are const generics,
//! named by [`mlp!`](crate::mlp). [`Network`] is what a program calls on one: `predict`,
//! `predict_one`, `loss`, `gradient`, `train_step`. A layer applies an [`Activation`] (six are
//! provided); [`Layer`] is what one building block computes (forward, cached forward,
//! backward); its weights are visited as slices ([`Parameters`]), drawn by [`Init`], described
//! as data ([`Describe`]), and its memory read off its type ([`Footprint`]). [`predict_all`]
//! runs a network over every row of a data set.

pub(crate) mod activation;
pub(crate) mod chain;
pub(crate) mod dense;
pub(crate) mod describe;
pub(crate) mod footprint;
pub(crate) mod init;
pub(crate) mod layer;
mod macros;
pub(crate) mod network;
pub(crate) mod parameters;
pub(crate) mod prediction;

pub use activation::{
    AccuracyMeasure, Activation, Identity, LeakyRelu, Relu, Sigmoid, Softmax, Tanh,
};
pub use chain::Chain;
pub use dense::{BiasMode, Dense, NoBias, WithBias};
pub use describe::{Describe, LayerShape};
pub use footprint::Footprint;
pub use init::Init;
pub use layer::Layer;
pub use network::Network;
pub use parameters::Parameters;
#[cfg(feature = "std")]
pub use prediction::predict_all;
pub use prediction::predict_into;
