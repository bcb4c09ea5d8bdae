//! `History`: the loss and accuracy of every epoch of a training run, recorded without
//! allocating.

use crate::data::Rows;
use crate::math::scalar::Scalar;
use crate::model::network::Network;
use crate::train::batch::{Batching, FullBatch, INTERNAL};
use crate::train::evaluation::Evaluation;
use crate::train::evaluation::evaluate;
use crate::train::fit::{Control, Epoch};
use crate::train::loss::Loss;
use crate::train::optim::Optimizer;
use core::fmt;

/// The loss and accuracy of each epoch of one training run, stored as `f64`.
///
/// Room for every epoch is reserved up front by [`with_capacity`](Self::with_capacity), so
/// recording never touches the heap and a training loop that records stays allocation-free.
/// A history that is full refuses further records with [`HistoryFull`] rather than grow.
///
/// Epochs are numbered from 1, and the values recorded for epoch `e` describe the weights
/// after epoch `e`'s update, as [`Fit`](crate::train::Fit) reports them in its [`Epoch`].
///
/// Fill it from `Fit`'s per-epoch callback with [`record_epoch`](Self::record_epoch):
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::{experiments::History, data};
///
/// let xor = data::xor_easy::<f64>();
/// let mut net = <mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid)>::random(Init::Xavier, &mut StdRng::seed_from_u64(3));
/// let mut optimizer = GradientDescent::new(2.0)?;
///
/// let mut history = History::with_capacity(2_000);
/// Fit::new(&MeanSquaredError, &mut optimizer)
///     .max_epochs(2_000)
///     .run_with(&mut net, &xor, |epoch, _| history.record_epoch(epoch))?;
/// assert_eq!(history.len(), 2_000);
/// assert!(history.loss()[1_999] < history.loss()[0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// or from a loop of your own with [`record_step`](Self::record_step) (which trains one
/// epoch and records it) or [`record`](Self::record) (which records what you measured).
#[derive(Debug, Default, PartialEq)]
pub struct History {
    loss: Vec<f64>,
    accuracy: Vec<f64>,
}

impl Clone for History {
    /// A copy with the same records and the same room left (a derived `Clone` would trim the
    /// room to the records, so the copy would be full).
    fn clone(&self) -> Self {
        let mut copy = Self::with_capacity(self.capacity());
        copy.loss.extend_from_slice(&self.loss);
        copy.accuracy.extend_from_slice(&self.accuracy);
        copy
    }
}

impl History {
    /// An empty history with room for `epochs` records, reserved now.
    pub fn with_capacity(epochs: usize) -> Self {
        Self {
            loss: Vec::with_capacity(epochs),
            accuracy: Vec::with_capacity(epochs),
        }
    }

    /// Appends one epoch's loss and accuracy. Never allocates: a full history returns
    /// [`HistoryFull`] and stays as it was.
    pub fn record<T: Scalar>(&mut self, loss: T, accuracy: T) -> Result<(), HistoryFull> {
        self.check_room()?;
        self.loss.push(loss.to_f64());
        self.accuracy.push(accuracy.to_f64());
        Ok(())
    }

    /// Records one epoch of a [`Fit`](crate::train::Fit) run, for use as its callback:
    /// `.run_with(&mut net, &data, |epoch, _| history.record_epoch(epoch))`.
    ///
    /// A history made for at least `max_epochs` records every epoch. A shorter one never
    /// grows: the first epoch that finds it full is not recorded, and the answer
    /// [`Control::Stop`] ends the run there
    /// ([`StopReason::Callback`](crate::train::StopReason::Callback)).
    ///
    /// An epoch without an accuracy (a regression output) records its loss alone, so the
    /// [`accuracy`](Self::accuracy) of such a run is empty.
    pub fn record_epoch<T: Scalar>(&mut self, epoch: &Epoch<T>) -> Control {
        match self.record_measured(epoch.loss, epoch.accuracy) {
            Ok(()) => Control::Continue,
            Err(HistoryFull { .. }) => Control::Stop,
        }
    }

    /// Trains `network` for one full-batch epoch on `data` (one gradient step, as
    /// [`Train::train_step`](crate::train::Train::train_step) on the whole set; see [`FullBatch`]), then records the loss and
    /// accuracy of the updated weights ([`evaluate`]) and returns them. `data` is any set of
    /// [`Rows`], const-length or not.
    ///
    /// A full history returns [`HistoryFull`] before training, leaving the network untouched.
    pub fn record_step<T, N, L, P, D, const I: usize, const O: usize>(
        &mut self,
        network: &mut N,
        loss: &L,
        optimizer: &mut P,
        data: &D,
    ) -> Result<Evaluation<T>, HistoryFull>
    where
        T: Scalar,
        N: Network<T, I, O>,
        L: Loss<N::OutputActivation>,
        P: Optimizer<T, N>,
        D: Rows<T, I, O> + ?Sized,
    {
        self.check_room()?;
        FullBatch.train_epoch(network, loss, optimizer, data, &mut [], None, INTERNAL);
        let now = evaluate(network, loss, data);
        self.record_measured(now.loss, now.accuracy)?;
        Ok(now)
    }

    /// A loss, and an accuracy if there is one.
    fn record_measured<T: Scalar>(
        &mut self,
        loss: T,
        accuracy: Option<T>,
    ) -> Result<(), HistoryFull> {
        match accuracy {
            Some(accuracy) => self.record(loss, accuracy),
            None => {
                self.check_room()?;
                self.loss.push(loss.to_f64());
                Ok(())
            }
        }
    }

    fn check_room(&self) -> Result<(), HistoryFull> {
        if self.loss.len() == self.loss.capacity() {
            Err(HistoryFull {
                capacity: self.loss.capacity(),
            })
        } else {
            Ok(())
        }
    }

    /// The loss of each recorded epoch, epoch 1 first.
    pub fn loss(&self) -> &[f64] {
        &self.loss
    }

    /// The accuracy (fraction in `[0, 1]`) of each recorded epoch, epoch 1 first; empty for a
    /// run whose network has no accuracy (a regression output).
    pub fn accuracy(&self) -> &[f64] {
        &self.accuracy
    }

    /// The number of epochs recorded.
    pub fn len(&self) -> usize {
        self.loss.len()
    }

    /// Whether no epoch has been recorded.
    pub fn is_empty(&self) -> bool {
        self.loss.is_empty()
    }

    /// The number of epochs there is room for.
    pub fn capacity(&self) -> usize {
        self.loss.capacity()
    }

    /// The first epoch (counted from 1) whose accuracy reached `target`, e.g. `1.0` for the
    /// first epoch at 100 %.
    pub fn first_epoch_reaching(&self, target: f64) -> Option<usize> {
        self.accuracy
            .iter()
            .position(|&accuracy| accuracy >= target)
            .map(|index| index + 1)
    }
}

/// A record was refused because the [`History`] is full: it never grows while training.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryFull {
    /// The number of epochs the history was made for.
    pub capacity: usize,
}

impl fmt::Display for HistoryFull {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "training history is full: it was made for {} epochs, and recording one more would \
             allocate; make it with `History::with_capacity(epochs)` for every epoch you train",
            self.capacity
        )
    }
}

impl core::error::Error for HistoryFull {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;
    use crate::model::activation::Identity;
    use crate::prelude::*;
    use crate::train::fit::StopReason;

    #[test]
    fn a_clone_keeps_its_room() {
        let mut history = History::with_capacity(3);
        history.record(0.5, 0.25).unwrap();
        let mut copy = history.clone();
        assert_eq!((copy.capacity(), copy.loss()), (3, &[0.5][..]));
        assert!(copy.record(0.4, 0.5).is_ok());
    }

    #[test]
    fn records_until_full_then_refuses() {
        let mut history = History::with_capacity(2);
        history.record(0.5, 0.25).unwrap();
        history.record(0.25_f32, 1.0).unwrap();
        assert_eq!(history.record(0.1, 1.0), Err(HistoryFull { capacity: 2 }));
        assert_eq!(history.loss(), [0.5, 0.25]);
        assert_eq!(history.accuracy(), [0.25, 1.0]);
        assert_eq!(history.first_epoch_reaching(1.0), Some(2));
        assert_eq!(history.first_epoch_reaching(0.2), Some(1));
    }

    #[test]
    fn record_step_records_the_updated_weights() {
        // One weight w = 1 on input 2 with label 1: output 2w, MSE (2w − 1)², and gradient
        // descent at 0.1 makes w ← w − 0.1 · 2(2w − 1) · 2.
        let set = crate::data::Dataset {
            inputs: matrix![2.0],
            labels: matrix![1.0],
        };
        let mut net: Dense<f64, 1, 1, Identity, NoBias> = Dense::from_weights(matrix![1.0]);
        let mut optimizer = GradientDescent::new(0.1).unwrap();

        let mut history = History::with_capacity(2);
        let first = history
            .record_step(&mut net, &MeanSquaredError, &mut optimizer, &set)
            .unwrap();
        history
            .record_step(&mut net, &MeanSquaredError, &mut optimizer, &set)
            .unwrap();
        // w: 1 → 0.6 (output 1.2, loss 0.04) → 0.52 (output 1.04, loss 0.0016).
        assert!((first.loss - 0.04).abs() < 1e-12);
        assert!((history.loss()[0] - 0.04).abs() < 1e-12);
        assert!((history.loss()[1] - 0.0016).abs() < 1e-12);
        assert!((net.weights()[0] - 0.52).abs() < 1e-12);
        // An identity output is a regression output: no accuracy, the losses alone.
        assert_eq!(first.accuracy, None);
        assert!(history.accuracy().is_empty());
    }

    #[test]
    fn fit_fills_a_history_through_its_callback_and_stops_when_it_is_full() {
        let xor = data::xor_easy::<f64>();
        let mut net = <mlp!(f64; 2 => 3 Sigmoid => 1 Sigmoid)>::random(
            Init::Xavier,
            &mut StdRng::seed_from_u64(1),
        );
        let mut twin = net;
        let mut optimizer = GradientDescent::new(1.0).unwrap();
        let mut twin_optimizer = optimizer;

        let mut history = History::with_capacity(30);
        let summary = Fit::new(&MeanSquaredError, &mut optimizer)
            .max_epochs(100)
            .run_with(&mut net, &xor, |epoch, _| history.record_epoch(epoch))
            .unwrap();
        // The 31st epoch found the history full and stopped the run.
        assert_eq!(summary.epochs, 31);
        assert_eq!(summary.stopped_by, StopReason::Callback);
        assert_eq!(history.len(), 30);

        // The same as recording by hand after each step.
        let mut by_hand = History::with_capacity(30);
        for _ in 0..30 {
            by_hand
                .record_step(&mut twin, &MeanSquaredError, &mut twin_optimizer, &xor)
                .unwrap();
        }
        assert_eq!(history, by_hand);
    }

    #[test]
    fn a_full_history_leaves_the_network_untouched() {
        let xor = data::xor_easy::<f64>();
        let mut net = <mlp!(f64; 2 => 3 Sigmoid => 1 Sigmoid)>::random(
            Init::Xavier,
            &mut StdRng::seed_from_u64(1),
        );
        let before = net;
        let mut optimizer = GradientDescent::new(1.0).unwrap();
        let mut history = History::with_capacity(0);
        let refused = history.record_step(&mut net, &MeanSquaredError, &mut optimizer, &xor);
        assert_eq!(refused, Err(HistoryFull { capacity: 0 }));
        assert_eq!(net, before);
        assert!(
            refused
                .unwrap_err()
                .to_string()
                .contains("made for 0 epochs")
        );
    }
}
