//! `History`: the loss and accuracy of every epoch of a training run, recorded without
//! allocating.

use crate::metrics::accuracy;
use crate::{Loss, Network, Optimizer, Scalar};
use core::fmt;
use nalgebra::SMatrix;

/// The loss and accuracy of each epoch of one training run, stored as `f64`.
///
/// Room for every epoch is reserved up front by [`with_capacity`](Self::with_capacity), so
/// recording never touches the heap and a training loop that records stays allocation-free.
/// A history that is full refuses further records with [`HistoryFull`] rather than grow.
///
/// Epochs are numbered from 1. The values recorded for epoch `e` describe the weights epoch
/// `e` started from, as [`Network::train_step`] reports its loss: the gradient was taken there.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::{History, data};
///
/// let xor = data::xor_easy::<f64>();
/// let mut net = <mlp!(f64; 2 => 4 => 4 => 1)>::random(Init::Xavier, &mut StdRng::seed_from_u64(3));
/// let mut optimizer = GradientDescent::new(2.0)?;
///
/// let mut history = History::with_capacity(2_000);
/// for _ in 0..2_000 {
///     history.record_step(&mut net, &MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels)?;
/// }
/// assert_eq!(history.len(), 2_000);
/// assert!(history.loss()[1_999] < history.loss()[0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A loop that measures the epoch itself (or a training function's per-epoch callback) calls
/// [`record`](Self::record) with the loss and accuracy instead.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    loss: Vec<f64>,
    accuracy: Vec<f64>,
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

    /// Trains `network` for one epoch on the batch `inputs`/`labels` and records the loss
    /// and accuracy of the weights the epoch started from. Returns that loss, as
    /// [`Network::train_step`] does.
    ///
    /// This costs one forward pass more than `train_step` alone (accuracy needs the outputs).
    /// A full history returns [`HistoryFull`] before training, leaving the network untouched.
    pub fn record_step<T, N, L, P, const B: usize, const I: usize, const O: usize>(
        &mut self,
        network: &mut N,
        loss: &L,
        optimizer: &mut P,
        inputs: &SMatrix<T, B, I>,
        labels: &SMatrix<T, B, O>,
    ) -> Result<T, HistoryFull>
    where
        T: Scalar,
        N: Network<T, I, O>,
        L: Loss<N::OutputActivation>,
        P: Optimizer<T, N>,
    {
        self.check_room()?;
        let correct = accuracy(&network.predict(inputs), labels);
        let cost = network.train_step(loss, optimizer, inputs, labels);
        self.record(cost, correct)?;
        Ok(cost)
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

    /// The accuracy (fraction in `[0, 1]`) of each recorded epoch, epoch 1 first.
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
    use crate::prelude::*;
    use crate::{Identity, data};
    use nalgebra::matrix;

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
    fn record_step_records_what_train_step_reports() {
        // One weight w = 1 on input 2 with label 1: output 2, so the MSE is (2 − 1)² = 1 and
        // the accuracy 1 (both on the same side of 0.5).
        let inputs = matrix![2.0];
        let labels = matrix![1.0];
        let mut net: Dense<f64, 1, 1, Identity, NoBias> = Dense::from_weights(matrix![1.0]);
        let mut twin = net;
        let mut optimizer = GradientDescent::new(0.1).unwrap();
        let mut twin_optimizer = optimizer;

        let mut history = History::with_capacity(3);
        for _ in 0..3 {
            let recorded = history
                .record_step(
                    &mut net,
                    &MeanSquaredError,
                    &mut optimizer,
                    &inputs,
                    &labels,
                )
                .unwrap();
            let expected =
                twin.train_step(&MeanSquaredError, &mut twin_optimizer, &inputs, &labels);
            assert_eq!(recorded, expected);
        }
        assert_eq!(history.loss()[0], 1.0);
        assert_eq!(net, twin);
        // w ← w − 0.1 · 2(2w − 1)·2 = 0.6 after the first step: output 1.2, loss 0.04.
        assert!((history.loss()[1] - 0.04).abs() < 1e-12);
        assert_eq!(history.accuracy(), [1.0, 1.0, 1.0]);
    }

    #[test]
    fn a_full_history_leaves_the_network_untouched() {
        let xor = data::xor_easy::<f64>();
        let mut net = <mlp!(f64; 2 => 3 => 1)>::random(Init::Xavier, &mut StdRng::seed_from_u64(1));
        let before = net;
        let mut optimizer = GradientDescent::new(1.0).unwrap();
        let mut history = History::with_capacity(0);
        let refused = history.record_step(
            &mut net,
            &MeanSquaredError,
            &mut optimizer,
            &xor.inputs,
            &xor.labels,
        );
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
