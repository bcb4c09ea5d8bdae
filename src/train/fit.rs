//! `Fit`: training to a stopping rule, with a per-epoch callback, a summary, and typed errors
//! that leave the network usable.
//!
//! ```
//! use static_mlp::prelude::*;
//! use static_mlp::data;
//! use static_mlp::train::Adam;
//!
//! type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
//! let xor = data::xor_easy::<f64>();
//! let mut net = XorNet::random(Init::Xavier, &mut StdRng::seed_from_u64(3));
//! let mut adam = Adam::new(0.05)?;
//!
//! let summary = Fit::new(&BinaryCrossEntropy, &mut adam)
//!     .max_epochs(5_000)
//!     .target_accuracy(1.0)?
//!     .run(&mut net, &xor)?;
//! assert_eq!(summary.accuracy, Some(1.0));
//! println!("{} epochs, loss {:.4}, stopped by {:?}", summary.epochs, summary.loss, summary.stopped_by);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::Rows;
use crate::data::invalid_data::{InvalidData, check as check_data};
use crate::math::decimal::Decimal;
use crate::math::scalar::Scalar;
use crate::model::network::Network;
use crate::model::parameters::Parameters;
use crate::train::batch::{Batching, FullBatch, INTERNAL, MiniBatches};
use crate::train::evaluation::{Evaluation, evaluate};
use crate::train::loss::Loss;
use crate::train::optim::InvalidHyperparameter;
use crate::train::optim::Optimizer;
use crate::train::optim::check;
use crate::train::sample_weights::{InvalidWeights, check_sample_weights};
use core::fmt;
use rand::Rng;

/// A training run: a loss, an optimiser, how to batch, and when to stop. Build it, then
/// [`run`](Self::run) it on a network and a data set.
///
/// Each epoch trains on every sample once (one full batch unless
/// [`mini_batches`](Self::mini_batches) says otherwise), then measures the loss and accuracy of
/// the weights the network now holds over the whole training set. Training stops after
/// [`max_epochs`](Self::max_epochs) (1,000 unless set), or earlier when the loss falls to
/// [`target_loss`](Self::target_loss), the accuracy reaches
/// [`target_accuracy`](Self::target_accuracy), or the callback of
/// [`run_with`](Self::run_with) returns [`Control::Stop`]. The rules are checked in that
/// order: callback, target loss, target accuracy, epoch limit.
/// [`run_with_validation`](Self::run_with_validation) also stops once the loss on a
/// validation set has stopped improving, keeping the best weights. The starting weights are
/// measured too, and a target they already meet stops training after 0 epochs.
pub struct Fit<'a, L, P: ?Sized, B = FullBatch> {
    loss: &'a L,
    optimizer: &'a mut P,
    batching: B,
    max_epochs: usize,
    target_loss: Option<f64>,
    target_accuracy: Option<f64>,
    sample_weights: Option<&'a [f64]>,
}

impl<'a, L, P: ?Sized> Fit<'a, L, P> {
    /// Full-batch training on `loss` with `optimizer`, for at most 1,000 epochs.
    pub fn new(loss: &'a L, optimizer: &'a mut P) -> Self {
        Self {
            loss,
            optimizer,
            batching: FullBatch,
            max_epochs: 1_000,
            target_loss: None,
            target_accuracy: None,
            sample_weights: None,
        }
    }

    /// Trains on mini-batches of `M` samples instead, reshuffled every epoch by `rng`; see
    /// [`MiniBatches`] for how a final short batch is handled.
    pub fn mini_batches<'r, const M: usize>(
        self,
        rng: &'r mut dyn Rng,
    ) -> Fit<'a, L, P, MiniBatches<'r, M>> {
        Fit {
            loss: self.loss,
            optimizer: self.optimizer,
            batching: MiniBatches::new(rng),
            max_epochs: self.max_epochs,
            target_loss: self.target_loss,
            target_accuracy: self.target_accuracy,
            sample_weights: self.sample_weights,
        }
    }
}

impl<'a, L, P: ?Sized, B: Batching> Fit<'a, L, P, B> {
    /// Weighs sample `s`'s loss by `weights[s]` (one finite weight ≥ 0 per sample, not all 0):
    /// the loss trained on is `(1/n)·Σₛ wₛ·ℓₛ`, so a sample of weight 2 counts as two copies of
    /// it and one of weight 0 not at all, with any of the three losses. Class weights become
    /// sample weights through [`ClassWeights`](crate::train::ClassWeights). The training loss
    /// reported each epoch, and the targets, stay the unweighted loss and accuracy.
    ///
    /// ```
    /// use static_mlp::prelude::*;
    /// use static_mlp::data::SampleSlice;
    /// use static_mlp::train::ClassWeights;
    ///
    /// type Net = mlp!(f64; 1 => 2 Softmax);
    /// // Three samples of class 0 and one of class 1.
    /// let inputs = [[0.0], [0.1], [0.2], [1.0]];
    /// let labels = [[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0]];
    /// let rows = SampleSlice::new(&inputs, &labels)?;
    /// let weights = ClassWeights::Balanced.per_sample(&rows)?;
    /// let mut net = Net::zeros();
    /// let mut adam = Adam::new(0.1)?;
    /// Fit::new(&CategoricalCrossEntropy, &mut adam)
    ///     .sample_weights(&weights)
    ///     .max_epochs(100)
    ///     .run(&mut net, &rows)?;
    /// assert_eq!(net.predict_class([1.0]), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sample_weights(self, weights: &'a [f64]) -> Self {
        Self {
            sample_weights: Some(weights),
            ..self
        }
    }

    /// The loss this run trains on.
    pub(crate) fn loss(&self) -> &'a L {
        self.loss
    }
}

impl<L, P: ?Sized, B: Batching> Fit<'_, L, P, B> {
    /// Stops after `epochs` epochs at most.
    pub fn max_epochs(self, epochs: usize) -> Self {
        Self {
            max_epochs: epochs,
            ..self
        }
    }

    /// Stops once the training loss is at or below `loss` (finite and at least 0). Like a
    /// learning rate, it is a number of the network's scalar type; a plain literal
    /// (`0.01`) fits either.
    pub fn target_loss<T: Scalar>(self, loss: T) -> Result<Self, InvalidHyperparameter> {
        check("target loss", loss, "finite and at least 0", |v| v >= 0.0)?;
        Ok(Self {
            target_loss: Some(loss.to_f64()),
            ..self
        })
    }

    /// Stops once the training accuracy is at or above `accuracy` (between 0 and 1), a
    /// number of the network's scalar type or a plain literal. A network whose output has no
    /// accuracy (an identity output: [`Evaluation::accuracy`] is `None`) never meets it.
    pub fn target_accuracy<T: Scalar>(self, accuracy: T) -> Result<Self, InvalidHyperparameter> {
        check("target accuracy", accuracy, "between 0 and 1", |v| {
            (0.0..=1.0).contains(&v)
        })?;
        Ok(Self {
            target_accuracy: Some(accuracy.to_f64()),
            ..self
        })
    }

    /// Trains `network` on `data` until a stopping rule fires; see [`run_with`](Self::run_with).
    pub fn run<T, Net, D, const I: usize, const O: usize>(
        self,
        network: &mut Net,
        data: &D,
    ) -> Result<FitSummary<T>, FitError>
    where
        T: Scalar,
        Net: Network<T, I, O> + Clone,
        L: Loss<Net::OutputActivation>,
        P: Optimizer<T, Net>,
        D: Rows<T, I, O> + ?Sized,
    {
        self.run_with(network, data, |_, _| Control::Continue)
    }

    /// Trains `network` on `data`, calling `on_epoch` after every epoch with that epoch's
    /// training loss and accuracy and the network itself (to evaluate a validation set, say);
    /// returning [`Control::Stop`] ends training.
    ///
    /// `data` is any set of [`Rows`]: the const-length [`Dataset`](crate::data::Dataset), or
    /// a run-time-length [`SampleSet`](crate::data::SampleSet) or
    /// [`SampleSlice`](crate::data::SampleSlice). The run keeps one sample order of
    /// `data.len()` indices, made once: on the stack for a small `Dataset`, otherwise a `Vec`
    /// (the run's one allocation). Without `std`, lend that buffer to
    /// [`run_with_order`](Self::run_with_order).
    ///
    /// # Errors
    ///
    /// - [`FitError::InvalidData`] before any training if the set is empty, an input is NaN
    ///   or infinite, or a label is not finite or lies outside the loss's
    ///   [`label_range`](Loss::label_range) (`[0, 1]` for binary cross-entropy). The network
    ///   is untouched.
    /// - [`FitError::Diverged`] if after some epoch the loss, or a parameter, is NaN or
    ///   infinite. The network is put back to the weights of the epoch before, the last with
    ///   a finite loss. The optimiser's own state (momentum, moments) is not rolled back:
    ///   build a new optimiser, with a smaller learning rate, before training again.
    /// - [`FitError::OrderBuffer`] without `std`, for a set that is not a small `Dataset`:
    ///   there is no heap for the sample order, so use `run_with_order`.
    /// - [`FitError::InvalidWeights`] before any training if the [sample
    ///   weights](Self::sample_weights) are not one finite weight ≥ 0 per sample, or are all 0.
    pub fn run_with<T, Net, F, D, const I: usize, const O: usize>(
        self,
        network: &mut Net,
        data: &D,
        on_epoch: F,
    ) -> Result<FitSummary<T>, FitError>
    where
        T: Scalar,
        Net: Network<T, I, O> + Clone,
        L: Loss<Net::OutputActivation>,
        P: Optimizer<T, Net>,
        F: FnMut(&Epoch<T>, &Net) -> Control,
        D: Rows<T, I, O> + ?Sized,
    {
        data.with_order(|order| self.run_with_order(network, data, order, on_epoch))
            .unwrap_or(Err(FitError::OrderBuffer {
                expected: data.len(),
                found: None,
            }))
    }

    /// [`run_with`](Self::run_with) with the sample order kept in `order`, a buffer the
    /// caller lends, of exactly `data.len()` entries (their values do not matter: the run
    /// starts from `0, 1, …`). Allocates nothing, so it is the way to train a
    /// [`SampleSlice`](crate::data::SampleSlice) without `std`.
    ///
    /// # Errors
    ///
    /// As [`run_with`](Self::run_with), and [`FitError::OrderBuffer`] if `order` has another
    /// length.
    pub fn run_with_order<T, Net, F, D, const I: usize, const O: usize>(
        mut self,
        network: &mut Net,
        data: &D,
        order: &mut [usize],
        mut on_epoch: F,
    ) -> Result<FitSummary<T>, FitError>
    where
        T: Scalar,
        Net: Network<T, I, O> + Clone,
        L: Loss<Net::OutputActivation>,
        P: Optimizer<T, Net>,
        F: FnMut(&Epoch<T>, &Net) -> Control,
        D: Rows<T, I, O> + ?Sized,
    {
        check_data(data, Loss::<Net::OutputActivation>::label_range(self.loss))?;
        if let Some(weights) = self.sample_weights {
            check_sample_weights(weights, data.len())?;
        }
        if order.len() != data.len() {
            return Err(FitError::OrderBuffer {
                expected: data.len(),
                found: Some(order.len()),
            });
        }
        for (sample, slot) in order.iter_mut().enumerate() {
            *slot = sample;
        }

        let start = evaluate(network, self.loss, data);
        if diverged(network, start.loss) {
            return Err(FitError::Diverged {
                epoch: 0,
                loss: start.loss.to_f64(),
            });
        }
        let mut last_finite = network.clone();
        if let Some(reason) = self.target_reached(&start) {
            return Ok(FitSummary::new(0, start, reason));
        }

        for epoch in 1..=self.max_epochs {
            let (loss, optimizer) = (self.loss, &mut *self.optimizer);
            self.batching.train_epoch(
                network,
                loss,
                optimizer,
                data,
                order,
                self.sample_weights,
                INTERNAL,
            );
            let now = evaluate(network, self.loss, data);
            if diverged(network, now.loss) {
                *network = last_finite;
                return Err(FitError::Diverged {
                    epoch,
                    loss: now.loss.to_f64(),
                });
            }
            last_finite.clone_from(network);

            let report = Epoch {
                epoch,
                loss: now.loss,
                accuracy: now.accuracy,
            };
            if on_epoch(&report, network) == Control::Stop {
                return Ok(FitSummary::new(epoch, now, StopReason::Callback));
            }
            if let Some(reason) = self.target_reached(&now) {
                return Ok(FitSummary::new(epoch, now, reason));
            }
            if epoch == self.max_epochs {
                return Ok(FitSummary::new(epoch, now, StopReason::MaxEpochs));
            }
        }
        Ok(FitSummary::new(0, start, StopReason::MaxEpochs)) // max_epochs was 0
    }

    /// The target the measured weights meet, if any.
    fn target_reached<T: Scalar>(&self, now: &Evaluation<T>) -> Option<StopReason> {
        if self.target_loss.is_some_and(|t| now.loss.to_f64() <= t) {
            Some(StopReason::TargetLoss)
        } else if self
            .target_accuracy
            .is_some_and(|t| now.accuracy.is_some_and(|a| a.to_f64() >= t))
        {
            Some(StopReason::TargetAccuracy)
        } else {
            None
        }
    }
}

/// Whether training has left the finite numbers: the loss, or (behind a ReLU, which can turn
/// a NaN into 0) some parameter.
fn diverged<T: Scalar, Net: Parameters<T>>(network: &Net, loss: T) -> bool {
    !loss.is_finite() || network.parameters().flatten().any(|p| !p.is_finite())
}

/// What the callback sees after each epoch: plain values, easy to record.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Epoch<T> {
    /// The epoch just finished, counting from 1.
    pub epoch: usize,
    /// The training loss of the weights after this epoch.
    pub loss: T,
    /// The training accuracy of the weights after this epoch, counted as the output
    /// activation says ([`Evaluation::accuracy`]); `None` for a regression (identity) output.
    pub accuracy: Option<T>,
}

/// The callback's answer: go on or stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// Train another epoch (if no other rule stops training).
    Continue,
    /// Stop now; the summary says [`StopReason::Callback`].
    Stop,
}

/// Why training stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// It ran the maximum number of epochs.
    MaxEpochs,
    /// The training loss reached the target.
    TargetLoss,
    /// The training accuracy reached the target.
    TargetAccuracy,
    /// The callback returned [`Control::Stop`].
    Callback,
    /// The validation loss stopped improving
    /// ([`run_with_validation`](Fit::run_with_validation)).
    Patience,
}

/// The outcome of a run that did not fail.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FitSummary<T> {
    /// Epochs trained (0 if the starting weights already met a target).
    pub epochs: usize,
    /// The training loss of the weights the network holds now.
    pub loss: T,
    /// The training accuracy of the weights the network holds now (`None` for a regression
    /// output, as in [`Evaluation::accuracy`]).
    pub accuracy: Option<T>,
    /// Which rule ended training.
    pub stopped_by: StopReason,
}

impl<T> FitSummary<T> {
    fn new(epochs: usize, last: Evaluation<T>, stopped_by: StopReason) -> Self {
        Self {
            epochs,
            loss: last.loss,
            accuracy: last.accuracy,
            stopped_by,
        }
    }
}

/// Why [`Fit`] could not train.
#[derive(Clone, Debug, PartialEq)]
pub enum FitError {
    /// The data set was rejected before training; the network is untouched.
    InvalidData(InvalidData),
    /// The loss (or a parameter) became NaN or infinite after `epoch`; the network holds the
    /// weights from the epoch before. Epoch 0 means the starting weights already gave
    /// a non-finite loss.
    Diverged {
        /// The epoch after which the loss was not finite.
        epoch: usize,
        /// The loss measured then (finite only if a parameter was not).
        loss: f64,
    },
    /// There is no buffer for the sample order of the right length: without `std` a set other
    /// than a small `Dataset` needs one lent to [`Fit::run_with_order`] (`found` is `None`),
    /// and a lent one must hold one entry per sample.
    OrderBuffer {
        /// The number of samples.
        expected: usize,
        /// The length of the buffer lent, if one was.
        found: Option<usize>,
    },
    /// The sample weights were rejected before training; the network is untouched.
    InvalidWeights(InvalidWeights),
    /// The validation set was rejected before training
    /// ([`run_with_validation`](Fit::run_with_validation)); the network is untouched.
    InvalidValidation(InvalidData),
}

impl From<InvalidWeights> for FitError {
    fn from(error: InvalidWeights) -> Self {
        Self::InvalidWeights(error)
    }
}

impl From<InvalidData> for FitError {
    fn from(error: InvalidData) -> Self {
        Self::InvalidData(error)
    }
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidData(error) => write!(f, "invalid training data: {error}"),
            Self::InvalidWeights(error) => write!(f, "invalid sample weights: {error}"),
            Self::InvalidValidation(error) => write!(f, "invalid validation data: {error}"),
            Self::Diverged { epoch: 0, loss } => write!(
                f,
                "the starting weights give a loss of {} (or are themselves not finite)",
                Decimal::F64(*loss)
            ),
            Self::Diverged { epoch, loss } => write!(
                f,
                "training diverged at epoch {epoch}: loss {}; the network keeps the weights \
                 from epoch {}, the last with a finite loss (try a smaller learning rate)",
                Decimal::F64(*loss),
                epoch - 1
            ),
            Self::OrderBuffer {
                expected,
                found: None,
            } => write!(
                f,
                "no heap for the sample order of {expected} samples: without `std`, lend a \
                 buffer of {expected} entries to `Fit::run_with_order`"
            ),
            Self::OrderBuffer {
                expected,
                found: Some(found),
            } => write!(
                f,
                "the sample order buffer has {found} entries: expected one per sample, {expected}"
            ),
        }
    }
}

impl core::error::Error for FitError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::InvalidData(error) => Some(error),
            Self::InvalidWeights(error) => Some(error),
            Self::InvalidValidation(error) => Some(error),
            Self::Diverged { .. } | Self::OrderBuffer { .. } => None,
        }
    }
}
