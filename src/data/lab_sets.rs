//! The lab's two data sets: XOR-easy and linear.

use super::Dataset;
use crate::math::scalar::Scalar;
use nalgebra::SMatrix;
use rand::{Rng, RngExt};

/// The lab's "XOR easy" set: 21 points on the two diagonals of the unit square.
///
/// For `i` in `0..=10`, the point `(0.1i, 0.1i)` with label 0 and, except for `0.1i = 0.5`
/// (where the diagonals cross), the point `(0.1i, 1 − 0.1i)` with label 1, in that order.
pub fn xor_easy<T: Scalar>() -> Dataset<T, 21, 2, 1> {
    let mut inputs = SMatrix::zeros();
    let mut labels = SMatrix::zeros();
    let mut row = 0;
    for i in 0..=10 {
        let v = 0.1 * f64::from(i);
        for (x0, x1, label, skip) in [(v, v, 0.0, false), (v, 1.0 - v, 1.0, i == 5)] {
            if !skip {
                inputs[(row, 0)] = T::literal(x0);
                inputs[(row, 1)] = T::literal(x1);
                labels[(row, 0)] = T::literal(label);
                row += 1;
            }
        }
    }
    Dataset { inputs, labels }
}

/// The lab's "linear" set: `N` points uniform in `[0, 1)²`, labelled 0 when `x₀ > x₁`
/// (below the diagonal) and 1 otherwise. The lab uses `N = 100`.
///
/// Points are drawn as `f64` (`x₀` then `x₁` for each point) and rounded to `T`, so an `f32`
/// and an `f64` set from the same `rng` state hold the same points.
///
/// The set is built on the stack: more than 1 MiB (43,690 `f64` points) does not compile.
pub fn linearly_separable<T: Scalar, const N: usize, R: Rng + ?Sized>(
    rng: &mut R,
) -> Dataset<T, N, 2, 1> {
    let () = Dataset::<T, N, 2, 1>::ASSERT_FITS_STACK;
    let mut inputs = SMatrix::zeros();
    let mut labels = SMatrix::zeros();
    for row in 0..N {
        let x0: f64 = rng.random();
        let x1: f64 = rng.random();
        inputs[(row, 0)] = T::literal(x0);
        inputs[(row, 1)] = T::literal(x1);
        labels[(row, 0)] = if x0 > x1 { T::ZERO } else { T::ONE };
    }
    Dataset { inputs, labels }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn xor_easy_has_the_labs_21_points() {
        let data = xor_easy::<f64>();
        let ones = data.labels.iter().filter(|&&y| y == 1.0).count();
        assert_eq!((ones, 21 - ones), (10, 11));
        // (0.5, 0.5) appears once, labelled 0; no point lies on the anti-diagonal at 0.5.
        for (row, label) in data.inputs.row_iter().zip(data.labels.iter()) {
            let on_diagonal = (row[0] - row[1]).abs() < 1e-12;
            let on_anti = (row[0] + row[1] - 1.0).abs() < 1e-12;
            assert!(on_diagonal || on_anti);
            assert_eq!(*label, if on_diagonal { 0.0 } else { 1.0 });
        }
        assert_eq!(data.inputs.row(10), matrix![0.5, 0.5]);
    }

    #[test]
    fn linear_labels_follow_the_diagonal() {
        let data = linearly_separable::<f64, 100, _>(&mut StdRng::seed_from_u64(3));
        for (row, label) in data.inputs.row_iter().zip(data.labels.iter()) {
            assert!((0.0..1.0).contains(&row[0]) && (0.0..1.0).contains(&row[1]));
            assert_eq!(*label, if row[0] > row[1] { 0.0 } else { 1.0 });
        }
        let ones = data.labels.sum();
        assert!(
            ones > 30.0 && ones < 70.0,
            "{ones} of 100 above the diagonal"
        );
    }

    #[test]
    fn f32_and_f64_sets_share_points() {
        let wide = linearly_separable::<f64, 10, _>(&mut StdRng::seed_from_u64(9));
        let narrow = linearly_separable::<f32, 10, _>(&mut StdRng::seed_from_u64(9));
        assert_eq!(wide.inputs.map(|v| v as f32), narrow.inputs);
    }
}
