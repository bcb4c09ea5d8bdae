//! Early stopping: training until the loss on a validation set has stopped improving, and
//! keeping the weights that did best on it (Keras's `EarlyStopping(restore_best_weights=True)`,
//! scikit-learn's `early_stopping`).

use crate::data::Rows;
use crate::data::invalid_data::check as check_data;
use crate::math::scalar::Scalar;
use crate::model::network::Network;
use crate::train::batch::Batching;
use crate::train::evaluation::evaluate;
use crate::train::fit::{Control, Fit, FitError, FitSummary, StopReason};
use crate::train::loss::Loss;
use crate::train::optim::Optimizer;

/// When to stop on a validation set: after `patience` epochs in a row whose validation loss
/// is no lower than the best so far. By default the network then gets back the weights of
/// the best epoch.
///
/// The starting weights count as epoch 0: if no epoch beats them, they are what is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EarlyStopping {
    patience: usize,
    restore_best: bool,
}

impl EarlyStopping {
    /// Stops after `patience` epochs without a lower validation loss (at least 1: with 0,
    /// every epoch that does not improve would stop at once, which 1 already does), and
    /// restores the best weights.
    pub const fn new(patience: usize) -> Self {
        Self {
            patience: if patience == 0 { 1 } else { patience },
            restore_best: true,
        }
    }

    /// Keeps the last epoch's weights instead of restoring the best.
    pub const fn keep_last(self) -> Self {
        Self {
            restore_best: false,
            ..self
        }
    }

    /// The number of epochs without improvement that stops training.
    pub const fn patience(&self) -> usize {
        self.patience
    }
}

/// What [`Fit::run_with_validation`] returns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ValidatedFit<T> {
    /// The run, as [`Fit::run`] reports it: the epochs trained and the training loss and
    /// accuracy of the last one. `stopped_by` is [`StopReason::Patience`] when the
    /// validation loss stopped improving.
    pub training: FitSummary<T>,
    /// The epoch with the lowest validation loss (0: the starting weights), whose weights
    /// the network holds unless [`EarlyStopping::keep_last`] was asked for.
    pub best_epoch: usize,
    /// That epoch's validation loss.
    pub best_validation_loss: T,
}

impl<L, P: ?Sized, B: Batching> Fit<'_, L, P, B> {
    /// Trains `network` on `training` like [`run`](Self::run), measuring the loss on
    /// `validation` after every epoch, and stops as `stopping` says once it stops improving
    /// (or when another rule of this `Fit` stops it first). The network ends with the weights
    /// of the epoch with the lowest validation loss, unless told to keep the last ones.
    ///
    /// Allocates nothing beyond what `run` does: the best weights are kept in one copy of the
    /// network.
    ///
    /// ```
    /// use static_mlp::prelude::*;
    /// use static_mlp::data::{Rows, SampleSet};
    /// use static_mlp::train::EarlyStopping;
    ///
    /// type Net = mlp!(f64; 1 => 8 Tanh => 1 Identity);
    /// let set = SampleSet::new(
    ///     (0..40).map(|k| [f64::from(k) / 20.0 - 1.0]).collect(),
    ///     (0..40).map(|k| [(f64::from(k) / 6.0).sin()]).collect(),
    /// )?;
    /// let split = set.split_shuffled(0.25, 0.0, 1)?;
    /// let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(1));
    /// let mut adam = Adam::new(0.01)?;
    /// let run = Fit::new(&MeanSquaredError, &mut adam)
    ///     .max_epochs(5_000)
    ///     .run_with_validation(&mut net, &split.training, &split.validation, EarlyStopping::new(20))?;
    /// assert!(run.best_epoch <= run.training.epochs);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`run_with`](Self::run_with), and [`FitError::InvalidValidation`] before any
    /// training if the validation set is empty or holds values the loss cannot take.
    pub fn run_with_validation<T, Net, D, V, const I: usize, const O: usize>(
        self,
        network: &mut Net,
        training: &D,
        validation: &V,
        stopping: EarlyStopping,
    ) -> Result<ValidatedFit<T>, FitError>
    where
        T: Scalar,
        Net: Network<T, I, O> + Clone,
        L: Loss<Net::OutputActivation>,
        P: Optimizer<T, Net>,
        D: Rows<T, I, O> + ?Sized,
        V: Rows<T, I, O> + ?Sized,
    {
        let loss = self.loss();
        check_data(validation, Loss::<Net::OutputActivation>::label_range(loss))
            .map_err(FitError::InvalidValidation)?;
        let mut best_epoch = 0;
        let mut best_loss = evaluate(network, loss, validation).loss;
        let mut best = network.clone();
        let mut since_best = 0;
        let mut out_of_patience = false;
        let mut training_summary = self.run_with(network, training, |epoch, now| {
            let validation_loss = evaluate(now, loss, validation).loss;
            // A start that is not finite is beaten by any finite loss.
            let beats = validation_loss < best_loss
                || (!best_loss.is_finite() && validation_loss.is_finite());
            if beats {
                (best_epoch, best_loss, since_best) = (epoch.epoch, validation_loss, 0);
                best.clone_from(now);
            } else {
                since_best += 1;
            }
            out_of_patience = since_best >= stopping.patience;
            if out_of_patience {
                Control::Stop
            } else {
                Control::Continue
            }
        })?;
        if out_of_patience {
            training_summary.stopped_by = StopReason::Patience;
        }
        if stopping.restore_best {
            *network = best;
        }
        Ok(ValidatedFit {
            training: training_summary,
            best_epoch,
            best_validation_loss: best_loss,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Dataset;
    use crate::model::activation::Identity;
    use crate::model::dense::{Dense, NoBias};
    use crate::model::parameters::Parameters;
    use crate::train::loss::MeanSquaredError;
    use crate::train::optim::GradientDescent;

    type Line = Dense<f64, 1, 1, Identity, NoBias>;

    /// Training pulls the one weight towards 2 (x = 1, y = 2), validation prefers 1. Gradient
    /// descent with η = 0.1 on (w − 2)² from w = 0 gives w_t = 2 − 2·0.8^t, so the validation
    /// loss (w_t − 1)² = (1 − 2·0.8^t)² is lowest at t = 3 (0.8³ = 0.512: w = 0.976), then
    /// grows: 1.1808 at t = 4, 1.34464 at t = 5.
    fn train_line(stopping: EarlyStopping) -> (ValidatedFit<f64>, f64) {
        let training = Dataset::<f64, 1, 1, 1> {
            inputs: matrix![1.0],
            labels: matrix![2.0],
        };
        let validation = Dataset::<f64, 1, 1, 1> {
            inputs: matrix![1.0],
            labels: matrix![1.0],
        };
        let mut line = Line::zeros();
        let mut descent = GradientDescent::new(0.1).unwrap();
        let run = Fit::new(&MeanSquaredError, &mut descent)
            .max_epochs(100)
            .run_with_validation(&mut line, &training, &validation, stopping)
            .unwrap();
        (run, line.weights()[0])
    }

    #[test]
    fn stops_after_patience_epochs_and_restores_the_best() {
        let (run, weight) = train_line(EarlyStopping::new(2));
        assert_eq!(run.best_epoch, 3);
        assert_eq!(run.training.epochs, 5);
        assert_eq!(run.training.stopped_by, StopReason::Patience);
        assert!((weight - 0.976).abs() < 1e-12, "{weight}");
        assert!((run.best_validation_loss - 0.024 * 0.024).abs() < 1e-12);

        let (run, weight) = train_line(EarlyStopping::new(2).keep_last());
        assert_eq!((run.best_epoch, run.training.epochs), (3, 5));
        assert!((weight - 1.34464).abs() < 1e-12, "{weight}");

        // Patience 1 stops at the first epoch that does not improve.
        let (run, _) = train_line(EarlyStopping::new(1));
        assert_eq!((run.best_epoch, run.training.epochs), (3, 4));
    }

    #[test]
    fn an_empty_validation_set_is_refused_before_training() {
        let training = Dataset::<f64, 1, 1, 1> {
            inputs: matrix![1.0],
            labels: matrix![2.0],
        };
        let (inputs, labels): ([[f64; 1]; 0], [[f64; 1]; 0]) = ([], []);
        let validation = crate::data::SampleSlice::new(&inputs, &labels).unwrap();
        let mut line = Line::zeros();
        let mut descent = GradientDescent::new(0.1).unwrap();
        let error = Fit::new(&MeanSquaredError, &mut descent)
            .run_with_validation(&mut line, &training, &validation, EarlyStopping::new(3))
            .unwrap_err();
        assert!(matches!(error, FitError::InvalidValidation(_)), "{error}");
        assert_eq!(line.weights()[0], 0.0);
    }
}
