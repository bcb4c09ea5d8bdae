//! Training: what users call on a network, optimisers, batches, the run and its measures.
//!
//! [`network::Network`] is implemented for every layer stack: `predict`, `loss`, `gradient` and
//! `train_step`, each run through the arithmetic room's dispatch. An [`optim::Optimizer`] turns
//! a gradient into new parameters; [`batch`] cuts an epoch into a full batch or shuffled
//! mini-batches gathered from any set of rows; [`fit::Fit`] is a whole run with stopping rules
//! and typed errors; [`evaluation`], [`metrics`], [`confusion`] and [`regression`] measure a
//! network on a data set, and [`prediction`] runs it over a whole one in chunks; a
//! [`pipeline::Pipeline`] is a trained network with the preprocessing it was trained behind.
//! Uses `model`, `data` and `math`.

pub mod batch;
pub mod confusion;
pub mod evaluation;
pub mod fit;
pub mod metrics;
pub mod network;
pub mod optim;
pub mod pipeline;
pub mod prediction;
pub mod regression;
