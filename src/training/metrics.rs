//! Measures of a trained net other than its loss.

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

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::matrix;

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
