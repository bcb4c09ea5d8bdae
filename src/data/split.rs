//! Splitting a data set into training and validation parts.

use crate::data::Dataset;
use crate::math::scalar::Scalar;

impl<T: Scalar, const N: usize, const I: usize, const O: usize> Dataset<T, N, I, O> {
    /// Splits the set into `TRAIN` training samples and `VALIDATION` held-out samples, with
    /// `TRAIN + VALIDATION = N` checked at compile time.
    ///
    /// The split is deterministic and needs no random numbers: the held-out samples are spread
    /// evenly through the set (sample `i` is held out when `⌊(i+1)·V/N⌋ > ⌊i·V/N⌋`, so the
    /// last of every stretch of `N/V` samples), and both parts keep the original order. A set
    /// sorted by label, such as [`xor_easy`](crate::data::xor_easy), is therefore held out
    /// across its whole range rather than from one end; a set whose labels repeat with
    /// a period of `N/V` should be shuffled first.
    ///
    /// ```
    /// use static_mlp::data;
    /// use static_mlp::prelude::*;
    ///
    /// let points = data::linearly_separable::<f64, 500, _>(&mut StdRng::seed_from_u64(1));
    /// let (training, validation) = points.split::<400, 100>();
    /// assert_eq!(validation.inputs.row(0), points.inputs.row(4));
    /// ```
    ///
    /// Both parts are built on the stack, so a set of more than 1 MiB is refused at compile
    /// time, with a message pointing to [`SampleSet`](crate::data::SampleSet)'s shuffled
    /// splits.
    pub fn split<const TRAIN: usize, const VALIDATION: usize>(
        &self,
    ) -> (Dataset<T, TRAIN, I, O>, Dataset<T, VALIDATION, I, O>) {
        let () = Self::ASSERT_FITS_STACK;
        const {
            assert!(
                TRAIN + VALIDATION == N,
                "split: TRAIN + VALIDATION must equal the number of samples N"
            )
        };
        let mut training = Dataset::<T, TRAIN, I, O>::zeros();
        let mut validation = Dataset::<T, VALIDATION, I, O>::zeros();
        let (mut kept, mut held) = (0, 0);
        for sample in 0..N {
            let (inputs, labels) = (self.inputs.row(sample), self.labels.row(sample));
            if (sample + 1) * VALIDATION / N > sample * VALIDATION / N {
                validation.inputs.set_row(held, &inputs);
                validation.labels.set_row(held, &labels);
                held += 1;
            } else {
                training.inputs.set_row(kept, &inputs);
                training.labels.set_row(kept, &labels);
                kept += 1;
            }
        }
        (training, validation)
    }

    /// A set of `N` samples with every input and label zero.
    fn zeros() -> Self {
        Dataset {
            inputs: nalgebra::SMatrix::zeros(),
            labels: nalgebra::SMatrix::zeros(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::data::{self, Dataset};
    use nalgebra::SMatrix;

    /// Sample `i` has inputs `(i, −i)` and label `i`, so rows can be traced.
    fn numbered<const N: usize>() -> Dataset<f64, N, 2, 1> {
        Dataset {
            inputs: SMatrix::from_fn(|i, c| if c == 0 { i as f64 } else { -(i as f64) }),
            labels: SMatrix::from_fn(|i, _| i as f64),
        }
    }

    #[test]
    fn holds_out_evenly_spread_samples_in_order() {
        let (training, validation) = numbered::<10>().split::<7, 3>();
        // ⌊(i+1)·3/10⌋ steps up at i = 3, 6 and 9.
        assert_eq!(validation.labels, matrix![3.0; 6.0; 9.0]);
        assert_eq!(
            training.labels.transpose(),
            matrix![0.0, 1.0, 2.0, 4.0, 5.0, 7.0, 8.0]
        );
        for part in [training.inputs.as_slice(), validation.inputs.as_slice()] {
            let rows = part.len() / 2;
            for row in 0..rows {
                assert_eq!(
                    part[row],
                    -part[rows + row],
                    "inputs stay with their sample"
                );
            }
        }
    }

    #[test]
    fn xor_validation_covers_both_labels_and_is_repeatable() {
        let xor = data::xor_easy::<f64>();
        let (training, validation) = xor.split::<14, 7>();
        assert_eq!(xor.split::<14, 7>(), (training, validation));
        let ones = validation.labels.sum();
        assert!(
            ones > 1.0 && ones < 6.0,
            "{ones} of 7 held-out labels are 1"
        );
        assert_eq!(training.labels.sum() + ones, xor.labels.sum());
    }

    #[test]
    fn extremes_keep_everything_on_one_side() {
        let set = numbered::<5>();
        assert_eq!(set.split::<5, 0>().0, set);
        assert_eq!(set.split::<0, 5>().1, set);
    }
}
