//! `Evaluation`: a network's loss and accuracy on a data set, from one forward pass.

use crate::data::Dataset;
use crate::math::loss::Loss;
use crate::math::scalar::Scalar;
use crate::training::metrics::accuracy;
use crate::training::network::Network;

/// How well a network does on a data set: what [`Fit`](crate::Fit) reports after each epoch,
/// and what a callback can compute on a validation set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation<T> {
    /// The cost over the whole set.
    pub loss: T,
    /// The fraction of outputs on the same side of 0.5 as their labels
    /// ([`metrics::accuracy`](crate::metrics::accuracy)).
    pub accuracy: T,
}

/// The loss and accuracy of `network` on every sample of `data`, from one forward pass.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::{data, evaluate};
///
/// let net: mlp!(f64; 2 => 3 => 1) = Parameters::zeros(); // every output is σ(0) = 0.5
/// let result = evaluate(&net, &MeanSquaredError, &data::xor_easy());
/// assert_eq!(result.loss, 0.25);
/// ```
pub fn evaluate<T, Net, L, const N: usize, const I: usize, const O: usize>(
    network: &Net,
    loss: &L,
    data: &Dataset<T, N, I, O>,
) -> Evaluation<T>
where
    T: Scalar,
    Net: Network<T, I, O>,
    L: Loss<Net::OutputActivation>,
{
    let outputs = network.predict(&data.inputs);
    Evaluation {
        loss: loss.value(&outputs, &data.labels),
        accuracy: accuracy(&outputs, &data.labels),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::activation::Identity;
    use crate::math::loss::MeanSquaredError;
    use crate::model::dense::Dense;
    use crate::model::dense::NoBias;
    use nalgebra::matrix;

    #[test]
    fn matches_loss_and_accuracy_computed_by_hand() {
        // Outputs x·w = (0.8, 0.3, 0.6) against labels (1, 0, 0): squared errors 0.04, 0.09,
        // 0.36 (mean 0.49/3), and the third is on the wrong side of 0.5.
        let net: Dense<f64, 1, 1, Identity, NoBias> = Dense::from_weights(matrix![1.0]);
        let data = Dataset {
            inputs: matrix![0.8; 0.3; 0.6],
            labels: matrix![1.0; 0.0; 0.0],
        };
        let result = evaluate(&net, &MeanSquaredError, &data);
        assert!((result.loss - 0.49 / 3.0).abs() < 1e-15);
        assert_eq!(result.accuracy, 2.0 / 3.0);
    }
}
