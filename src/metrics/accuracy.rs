//! Measures of a trained net other than its loss: the lab's thresholded `accuracy`, and for
//! multi-class outputs `argmax` and `class_accuracy` (the confusion matrix is
//! [`ConfusionMatrix`](crate::metrics::ConfusionMatrix)).

use crate::math::argmax::argmax;
use crate::math::scalar::Scalar;
use nalgebra::SMatrix;

/// The fraction of outputs on the same side of 0.5 as their labels: classification accuracy
/// for 0/1 labels, the lab's measure. A NaN output is on neither side, so it is never correct.
pub fn accuracy<T: Scalar, const B: usize, const O: usize>(
    outputs: &SMatrix<T, B, O>,
    labels: &SMatrix<T, B, O>,
) -> T {
    let half = T::literal(0.5);
    // `a > half` is false for NaN as for a low output; `a <= half` tells the two apart.
    let side = |v: T| (v > half, v <= half);
    let correct = outputs.zip_fold(labels, 0_usize, |n, a, y| {
        let (high, low) = side(a);
        n + usize::from((high || low) && high == (y > half))
    });
    T::literal(correct as f64) / T::literal((B * O) as f64)
}

/// The class of row `row` of a batch: [`argmax`] of its `O` values.
pub(crate) fn row_argmax<T: Scalar, const B: usize, const O: usize>(
    matrix: &SMatrix<T, B, O>,
    row: usize,
) -> Option<usize> {
    let values: [T; O] = core::array::from_fn(|column| matrix[(row, column)]);
    argmax(&values)
}

/// The fraction of samples (rows) whose output's largest value is at the same index as their
/// label's: accuracy for one-hot (or probability) labels of `O` classes.
///
/// A row whose output has no single largest value — a NaN, or a tie — counts as wrong, and so
/// does a row whose label has none.
///
/// ```
/// use static_mlp::metrics::class_accuracy;
/// use static_mlp::nalgebra::SMatrix;
///
/// let outputs = SMatrix::<f64, 4, 3>::from_row_slice(&[
///     0.7, 0.2, 0.1, //
///     0.3, 0.3, 0.4, //
///     0.5, 0.5, 0.0, //
///     f64::NAN, 1.0, 0.0,
/// ]);
/// let labels = SMatrix::<f64, 4, 3>::from_row_slice(&[
///     1.0, 0.0, 0.0, //
///     0.0, 1.0, 0.0, //
///     1.0, 0.0, 0.0, //
///     0.0, 1.0, 0.0,
/// ]);
/// // Row 0 is right, row 1 wrong, row 2 a tie and row 3 a NaN: both count as wrong.
/// assert_eq!(class_accuracy(&outputs, &labels), 0.25);
/// ```
pub fn class_accuracy<T: Scalar, const B: usize, const O: usize>(
    outputs: &SMatrix<T, B, O>,
    labels: &SMatrix<T, B, O>,
) -> T {
    let correct = (0..B)
        .filter(|&row| match row_argmax(outputs, row) {
            Some(predicted) => row_argmax(labels, row) == Some(predicted),
            None => false,
        })
        .count();
    T::literal(correct as f64) / T::literal(B as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_accuracy_counts_nan_and_ties_as_wrong() {
        let labels = matrix![0.0, 1.0; 1.0, 0.0; 1.0, 0.0; 0.0, 1.0];
        let outputs = matrix![0.1, 0.9; 0.6, 0.4; f64::NAN, f64::NAN; 0.5, 0.5];
        assert_eq!(class_accuracy(&outputs, &labels), 0.5);
        let all_nan = matrix![f32::NAN, f32::NAN; f32::NAN, f32::NAN];
        let one_hot = matrix![1.0_f32, 0.0; 0.0, 1.0];
        assert_eq!(class_accuracy(&all_nan, &one_hot), 0.0);
        // A label row with no single class cannot be matched.
        let tied_label = matrix![0.5, 0.5];
        assert_eq!(class_accuracy(&matrix![0.9, 0.1], &tied_label), 0.0);
    }

    #[test]
    fn counts_outputs_on_the_labels_side_of_a_half() {
        let outputs = matrix![0.9; 0.2; 0.6; 0.5];
        let labels = matrix![1.0; 0.0; 0.0; 1.0];
        assert_eq!(accuracy(&outputs, &labels), 0.5);
    }

    #[test]
    fn a_nan_output_is_never_correct() {
        // Before the fix, NaN counted as "below a half", so it was right for every 0 label.
        let outputs = matrix![f64::NAN; f64::NAN; 0.9; 0.1];
        let labels = matrix![0.0; 1.0; 1.0; 0.0];
        assert_eq!(accuracy(&outputs, &labels), 0.5);
        let xor = crate::data::xor_easy::<f64>();
        let nothing = xor.labels.map(|_| f64::NAN);
        assert_eq!(accuracy(&nothing, &xor.labels), 0.0);
    }
}
