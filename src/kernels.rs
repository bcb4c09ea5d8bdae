//! The matrix products of backpropagation, written as loops the compiler turns into SIMD code.
//!
//! Matrices are column-major with one sample per row, so a column — one unit's values across
//! the batch — is a contiguous slice, and each product below is a loop over such columns.
//! Everything is `#[inline(always)]` so that it is compiled into each of
//! [`dispatch`](crate::dispatch)'s instruction-set versions, and sums over the batch use a
//! fixed order (8 interleaved partial sums), so every version gives the same bits.

use crate::Scalar;
use nalgebra::SMatrix;

/// `x·W`: (B × I)·(I × O) → B × O. Column `o` of the product is `Σᵢ W[i, o]·x[:, i]`.
#[inline(always)]
pub(crate) fn mul<T: Scalar, const B: usize, const I: usize, const O: usize>(
    x: &SMatrix<T, B, I>,
    w: &SMatrix<T, I, O>,
) -> SMatrix<T, B, O> {
    const {
        assert!(
            B > 0 && I > 0 && O > 0,
            "batches and layers need at least one row and column"
        )
    };
    let mut product = SMatrix::<T, B, O>::zeros();
    for (out, w_column) in product
        .as_mut_slice()
        .chunks_exact_mut(B)
        .zip(w.as_slice().chunks_exact(I))
    {
        for (x_column, &weight) in x.as_slice().chunks_exact(B).zip(w_column) {
            axpy(out, weight, x_column);
        }
    }
    product
}

/// `δ·Wᵀ`: (B × O)·(I × O)ᵀ → B × I. Column `i` of the product is `Σₒ W[i, o]·δ[:, o]`.
#[inline(always)]
pub(crate) fn mul_transpose<T: Scalar, const B: usize, const I: usize, const O: usize>(
    delta: &SMatrix<T, B, O>,
    w: &SMatrix<T, I, O>,
) -> SMatrix<T, B, I> {
    const {
        assert!(
            B > 0 && I > 0 && O > 0,
            "batches and layers need at least one row and column"
        )
    };
    let mut product = SMatrix::<T, B, I>::zeros();
    for (i, out) in product.as_mut_slice().chunks_exact_mut(B).enumerate() {
        for (delta_column, w_column) in delta
            .as_slice()
            .chunks_exact(B)
            .zip(w.as_slice().chunks_exact(I))
        {
            axpy(out, w_column[i], delta_column);
        }
    }
    product
}

/// `aᵀ·δ`: (B × I)ᵀ·(B × O) → I × O. Entry `(i, o)` is the sum over the batch of
/// `a[:, i]·δ[:, o]`.
#[inline(always)]
pub(crate) fn transpose_mul<T: Scalar, const B: usize, const I: usize, const O: usize>(
    a: &SMatrix<T, B, I>,
    delta: &SMatrix<T, B, O>,
) -> SMatrix<T, I, O> {
    const {
        assert!(
            B > 0 && I > 0 && O > 0,
            "batches and layers need at least one row and column"
        )
    };
    let mut product = SMatrix::<T, I, O>::zeros();
    for (out, delta_column) in product
        .as_mut_slice()
        .chunks_exact_mut(I)
        .zip(delta.as_slice().chunks_exact(B))
    {
        for (entry, a_column) in out.iter_mut().zip(a.as_slice().chunks_exact(B)) {
            *entry = dot(a_column, delta_column);
        }
    }
    product
}

/// The sum over the batch of each column of `δ`: a 1 × O row.
#[inline(always)]
pub(crate) fn column_sums<T: Scalar, const B: usize, const O: usize>(
    delta: &SMatrix<T, B, O>,
) -> SMatrix<T, 1, O> {
    const { assert!(B > 0, "batches need at least one row") };
    let mut sums = SMatrix::<T, 1, O>::zeros();
    for (total, column) in sums.iter_mut().zip(delta.as_slice().chunks_exact(B)) {
        *total = sum(column);
    }
    sums
}

/// `y ← y + α·x`.
#[inline(always)]
fn axpy<T: Scalar>(y: &mut [T], alpha: T, x: &[T]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += alpha * x;
    }
}

/// `Σ a·b`, in 8 interleaved partial sums (see [`add_lanes`]).
#[inline(always)]
fn dot<T: Scalar>(a: &[T], b: &[T]) -> T {
    let (a_chunks, a_rest) = a.as_chunks::<LANES>();
    let (b_chunks, b_rest) = b.as_chunks::<LANES>();
    let mut partial = [T::ZERO; LANES];
    for (x, y) in a_chunks.iter().zip(b_chunks) {
        for lane in 0..LANES {
            partial[lane] += x[lane] * y[lane];
        }
    }
    let rest = a_rest
        .iter()
        .zip(b_rest)
        .fold(T::ZERO, |sum, (&x, &y)| sum + x * y);
    add_lanes(partial) + rest
}

/// `Σ a`, in 8 interleaved partial sums (see [`add_lanes`]).
#[inline(always)]
fn sum<T: Scalar>(a: &[T]) -> T {
    let (chunks, rest) = a.as_chunks::<LANES>();
    let mut partial = [T::ZERO; LANES];
    for x in chunks {
        for lane in 0..LANES {
            partial[lane] += x[lane];
        }
    }
    add_lanes(partial) + rest.iter().fold(T::ZERO, |sum, &x| sum + x)
}

/// Partial sums per lane: element `k` of a sum goes to lane `k mod 8`, and the lanes are added
/// pairwise at the end. A fixed order of additions that maps onto SIMD registers of any width.
const LANES: usize = 8;

#[inline(always)]
fn add_lanes<T: Scalar>([p0, p1, p2, p3, p4, p5, p6, p7]: [T; LANES]) -> T {
    ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Matrix;

    fn sample<const R: usize, const C: usize>(seed: u32) -> SMatrix<f64, R, C> {
        SMatrix::from_fn(|r, c| f64::from((r as u32 * 7 + c as u32 * 13 + seed) % 11) - 5.0)
    }

    /// The kernels agree with nalgebra's own products (exact: small integers).
    #[test]
    fn products_match_nalgebra() {
        let x = sample::<21, 3>(1);
        let w = sample::<3, 5>(2);
        let delta = sample::<21, 5>(3);
        assert_eq!(mul(&x, &w), x * w);
        assert_eq!(mul_transpose(&delta, &w), delta * w.transpose());
        assert_eq!(transpose_mul(&x, &delta), x.transpose() * delta);
        assert_eq!(column_sums(&delta), delta.row_sum());
        let single: Matrix<f64, _, _, _> = sample::<1, 2>(4);
        assert_eq!(mul(&single, &sample::<2, 4>(5)), single * sample::<2, 4>(5));
    }

    #[test]
    fn dot_sums_every_element_once() {
        for length in 0..40 {
            let a: Vec<f64> = (0..length).map(f64::from).collect();
            let expected: f64 = a.iter().map(|v| v * v).sum();
            assert_eq!(dot(&a, &a), expected, "length {length}");
        }
    }
}
