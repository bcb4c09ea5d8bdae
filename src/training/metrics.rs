//! Measures of a trained net other than its loss.

use crate::math::scalar::Scalar;
use nalgebra::SMatrix;

/// The fraction of outputs on the same side of 0.5 as their labels: classification accuracy
/// for 0/1 labels, the lab's measure.
pub fn accuracy<T: Scalar, const B: usize, const O: usize>(
    outputs: &SMatrix<T, B, O>,
    labels: &SMatrix<T, B, O>,
) -> T {
    let half = T::literal(0.5);
    let correct = outputs.zip_fold(labels, 0_usize, |n, a, y| {
        n + usize::from((a > half) == (y > half))
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
}
