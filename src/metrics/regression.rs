//! Measures for regression outputs, per output: mean absolute error, root mean squared error
//! and the coefficient of determination R².
//!
//! Thresholding an output at 0.5 (the [`accuracy`](crate::metrics::accuracy) of 0/1 labels)
//! says nothing about a regression output; these do. [`RegressionTotals`] accumulates the sums
//! row by row (pure arithmetic, no network), and [`measure`] runs a network over a whole set
//! of rows in chunks and reports a [`Regression`].

use crate::data::Rows;
use crate::data::gather::{CHUNK, gather};
use crate::math::scalar::Scalar;
use crate::model::network::Network;
use nalgebra::ComplexField;

/// MAE, RMSE and R² of each of `O` outputs over a set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Regression<const O: usize> {
    /// `MAE = (1/n)·Σ |a − y|`, per output.
    pub mean_absolute_error: [f64; O],
    /// `RMSE = √((1/n)·Σ (a − y)²)`, per output.
    pub root_mean_squared_error: [f64; O],
    /// `R² = 1 − Σ (a − y)² / Σ (y − ȳ)²`, per output: 1 is perfect, 0 is no better than
    /// predicting the mean label, below 0 is worse. `None` where every label is the same
    /// (the ratio is 0/0 there).
    pub r_squared: [Option<f64>; O],
}

/// Running sums for [`Regression`]: fed `(output, label)` rows, in two passes over the labels
/// because R² needs their mean first ([`RegressionTotals::new`] takes it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegressionTotals<const O: usize> {
    label_mean: [f64; O],
    rows: usize,
    absolute: [f64; O],
    squared: [f64; O],
    spread: [f64; O],
}

impl<const O: usize> RegressionTotals<O> {
    /// Empty sums, for labels whose mean is `label_mean` (per output).
    pub fn new(label_mean: [f64; O]) -> Self {
        Self {
            label_mean,
            rows: 0,
            absolute: [0.0; O],
            squared: [0.0; O],
            spread: [0.0; O],
        }
    }

    /// Adds one sample's outputs `a` and labels `y`.
    pub fn add<T: Scalar>(&mut self, outputs: &[T; O], labels: &[T; O]) {
        self.rows += 1;
        for o in 0..O {
            let (a, y) = (outputs[o].to_f64(), labels[o].to_f64());
            self.absolute[o] += (a - y).abs(); // Σ |a − y|
            self.squared[o] += (a - y) * (a - y); // Σ (a − y)²
            let centred = y - self.label_mean[o];
            self.spread[o] += centred * centred; // Σ (y − ȳ)²
        }
    }

    /// The measures over the rows added so far; `None` if there were none.
    pub fn finish(&self) -> Option<Regression<O>> {
        if self.rows == 0 {
            return None;
        }
        let n = self.rows as f64;
        Some(Regression {
            mean_absolute_error: core::array::from_fn(|o| self.absolute[o] / n),
            // `ComplexField::sqrt`: `f64::sqrt` is not in `core` (nalgebra takes it from libm).
            root_mean_squared_error: core::array::from_fn(|o| {
                ComplexField::sqrt(self.squared[o] / n)
            }),
            r_squared: core::array::from_fn(|o| {
                (self.spread[o] > 0.0).then(|| 1.0 - self.squared[o] / self.spread[o])
            }),
        })
    }
}

/// The mean of each label column of `data`, in `f64`; zeros for an empty set.
pub fn label_mean<T, D, const I: usize, const O: usize>(data: &D) -> [f64; O]
where
    T: Scalar,
    D: Rows<T, I, O> + ?Sized,
{
    let mut sum = [0.0; O];
    for sample in 0..data.len() {
        for (total, value) in sum.iter_mut().zip(data.label(sample)) {
            *total += value.to_f64();
        }
    }
    let n = data.len().max(1) as f64;
    sum.map(|total| total / n)
}

/// MAE, RMSE and R² of `network`'s outputs on `data`, per output; `None` for an empty set.
///
/// The network runs over the set in chunks of 64 rows, so nothing grows with its length and
/// nothing is allocated.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::data::SampleSet;
/// use static_mlp::metrics::measure_regression;
///
/// // y = 2x, predicted by a single weight of 2: perfect.
/// let net = Dense::<f64, 1, 1, Identity, NoBias>::from_weights(SMatrix::from([[2.0]]));
/// let xs: Vec<[f64; 1]> = (0..10).map(|k| [f64::from(k)]).collect();
/// let ys = xs.iter().map(|&[x]| [2.0 * x]).collect();
/// let fit = measure_regression(&net, &SampleSet::new(xs, ys)?).unwrap();
/// assert_eq!((fit.mean_absolute_error, fit.r_squared), ([0.0], [Some(1.0)]));
/// # Ok::<(), static_mlp::data::LengthMismatch>(())
/// ```
pub fn measure_regression<T, Net, D, const I: usize, const O: usize>(
    network: &Net,
    data: &D,
) -> Option<Regression<O>>
where
    T: Scalar,
    Net: Network<T, I, O>,
    D: Rows<T, I, O> + ?Sized,
{
    let mut totals = RegressionTotals::new(label_mean(data));
    let samples = data.len();
    let full = samples / CHUNK * CHUNK;
    for start in (0..full).step_by(CHUNK) {
        let (inputs, labels) = gather::<T, D, CHUNK, I, O>(data, |row| start + row);
        let outputs = network.predict(&inputs);
        for row in 0..CHUNK {
            let a = core::array::from_fn(|o| outputs[(row, o)]);
            let y = core::array::from_fn(|o| labels[(row, o)]);
            totals.add(&a, &y);
        }
    }
    for sample in full..samples {
        totals.add(
            &network.predict_one(data.input(sample)),
            &data.label(sample),
        );
    }
    totals.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_hand_computation() {
        // Labels 1, 2, 3, 6 (mean 3); outputs 2, 2, 2, 5: errors 1, 0, −1, −1.
        let mut totals = RegressionTotals::new([3.0]);
        for (a, y) in [(2.0, 1.0), (2.0, 2.0), (2.0, 3.0), (5.0, 6.0)] {
            totals.add(&[a], &[y]);
        }
        let measured = totals.finish().unwrap();
        assert_eq!(measured.mean_absolute_error, [0.75]);
        assert_eq!(measured.root_mean_squared_error, [(3.0_f64 / 4.0).sqrt()]);
        // Σ(y − ȳ)² = 4 + 1 + 0 + 9 = 14, Σ e² = 3: R² = 1 − 3/14.
        assert_eq!(measured.r_squared, [Some(1.0 - 3.0 / 14.0)]);
    }

    #[test]
    fn constant_labels_have_no_r_squared_and_empty_sets_no_measures() {
        let mut totals = RegressionTotals::new([1.0, 0.0]);
        totals.add(&[1.5_f32, 0.0], &[1.0, 0.0]);
        totals.add(&[0.5_f32, 1.0], &[1.0, 2.0]);
        let measured = totals.finish().unwrap();
        assert_eq!(measured.r_squared[0], None);
        assert!(measured.r_squared[1].is_some());
        assert_eq!(RegressionTotals::<3>::new([0.0; 3]).finish(), None);
    }

    #[test]
    fn a_network_is_measured_in_chunks_like_row_by_row() {
        use crate::data::SampleSlice;
        use crate::model::activation::{Identity, Tanh};
        use crate::model::init::Init;
        use crate::model::parameters::Parameters;
        use rand::SeedableRng;
        type Net = crate::mlp!(f64; 2 => 4 Tanh => 2 Identity);
        let net = Net::random(Init::Xavier, &mut rand::rngs::StdRng::seed_from_u64(8));
        let xs = (0..130).map(|k| f64::from(k) / 130.0);
        let inputs: Vec<[f64; 2]> = xs.clone().map(|x| [x, x * x]).collect();
        let labels: Vec<[f64; 2]> = xs.map(|x| [x.sin(), 2.0 * x]).collect();
        let set = SampleSlice::new(&inputs, &labels).unwrap();
        let mut by_row = RegressionTotals::new(label_mean(&set));
        for k in 0..130 {
            by_row.add(&net.predict_one(set.input(k)), &set.label(k));
        }
        let (chunked, by_row) = (
            measure_regression(&net, &set).unwrap(),
            by_row.finish().unwrap(),
        );
        for o in 0..2 {
            let (a, b) = (chunked.r_squared[o].unwrap(), by_row.r_squared[o].unwrap());
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
    }
}
