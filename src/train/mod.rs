//! Training: losses, optimisers, batches, and a whole run with stopping rules.
//!
//! A [`Loss`] is the cost a network is trained on, fused with its output activation
//! ([`CategoricalCrossEntropy`] is the softmax loss). An [`Optimizer`] turns a gradient into
//! new parameters ([`GradientDescent`], [`Momentum`], [`Adam`], [`Rprop`]); [`Batching`] cuts
//! an epoch into a full batch or shuffled mini-batches; [`Fit`] is a whole run with stopping
//! rules, a per-epoch callback and typed errors, trained with [sample or class
//! weights](ClassWeights) if given; [`evaluate`] measures a network's loss and
//! accuracy on a data set.

pub(crate) mod batch;
pub(crate) mod early_stopping;
pub(crate) mod evaluation;
pub(crate) mod fit;
pub(crate) mod loss;
pub(crate) mod optim;
pub(crate) mod sample_weights;
pub(crate) mod step;

pub use batch::{Batching, FullBatch, MiniBatches};
pub use early_stopping::{EarlyStopping, ValidatedFit};
pub use evaluation::{Evaluation, evaluate};
pub use fit::{Control, Epoch, Fit, FitError, FitSummary, StopReason};
pub use loss::{BinaryCrossEntropy, CategoricalCrossEntropy, Loss, MeanSquaredError};
pub use optim::{Adam, GradientDescent, InvalidHyperparameter, Momentum, Optimizer, Rprop};
pub use sample_weights::{ClassWeights, InvalidWeights};
pub use step::Train;
