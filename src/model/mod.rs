//! The network's structure: layers, the type-level chain that joins them, and its parameters.
//!
//! A network is a [`Dense`](dense::Dense) layer or a [`Chain`](chain::Chain) of layers whose
//! widths are const generics, named by [`mlp!`](crate::mlp). [`Layer`](layer::Layer) is what
//! one building block computes (forward, cached forward, backward); its parameters are visited
//! as slices ([`Parameters`](parameters::Parameters)), drawn by [`Init`](init::Init), and
//! described as data ([`Describe`](architecture::Describe)), and its memory read off its type
//! ([`Footprint`](footprint::Footprint)). Everything here computes through
//! the arithmetic room (`math`); nothing here knows about optimisers, data sets or files. The
//! calls users make on a network (`predict`, `train_step`, …) are `Network`, in `training`.

pub mod architecture;
pub mod chain;
pub mod dense;
pub mod footprint;
pub mod init;
pub mod layer;
pub mod macros;
pub mod parameters;
