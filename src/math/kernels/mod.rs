//! The matrix products of backpropagation: portable loops, and code written for one CPU's
//! instruction set where the compiler does not vectorise them well.
//!
//! - [`portable`] states every product as plain loops in a fixed order of additions: the
//!   reference, and what runs wherever no faster code does;
//! - `x86_64/` holds the code written for x86-64 (the AVX2 products in `x86_64/avx2/`) and the
//!   choice of instruction-set tier for a whole step ([`dispatch`](crate::math::dispatch) runs
//!   it);
//! - [`thresholds`] holds every size from which a product or a step leaves the portable code;
//! - [`accelerated`] holds one trait per product that has faster code, which each scalar
//!   implements, and the `kernel!` macro that declares such code with its bit-for-bit test.
//!
//! The functions here are what the layers call. Each product with faster code asks the scalar
//! for it ([`accelerated::Kernels`]) and falls back on the portable loops; the others are the
//! portable ones. A second architecture (Arm's NEON, say) would sit in `arm/` beside `x86_64/`:
//! one `kernel!` line per product it speeds up, its sizes added to [`thresholds`], and its
//! module compiled under its own condition (the `x86_64_simd` one is set by `build.rs`), under
//! which the default implementations below (`portable_only`) are left out.
//!
//! The code written for x86-64 is compiled in optimised builds and in the crate's unit tests
//! (which compare it with the portable loops, bit for bit); other builds with debug assertions
//! (`cargo build`, `cargo test`'s integration tests) run the portable loops, which keeps every
//! network type of the test suite from compiling a second copy of its products.

#[macro_use]
pub(crate) mod accelerated;
mod portable;
#[cfg_attr(
    not(all(x86_64_simd, any(test, not(debug_assertions)))),
    allow(
        dead_code,
        reason = "only the code written for x86-64 reads the AVX2 and AVX-512 sizes"
    )
)]
pub(crate) mod thresholds;
#[cfg(all(x86_64_simd, any(test, not(debug_assertions))))]
pub(crate) mod x86_64;

pub(crate) use portable::{column_sums, mul_transpose, zip_map};

use crate::math::scalar::Scalar;
use nalgebra::SMatrix;

// Builds without code written for the CPU: every product runs the portable loops.
#[cfg(not(all(x86_64_simd, any(test, not(debug_assertions)))))]
mod portable_only {
    use super::accelerated::{RowsProduct, TransposeProduct};
    impl RowsProduct for f32 {}
    impl RowsProduct for f64 {}
    impl TransposeProduct for f32 {}
    impl TransposeProduct for f64 {}
}

/// `x·W`: (B × I)·(I × O) → B × O. Entry `(b, o)` is `Σᵢ x[b, i]·W[i, o]`.
#[inline(always)]
pub(crate) fn mul<T: Scalar, const B: usize, const I: usize, const O: usize>(
    x: &SMatrix<T, B, I>,
    w: &SMatrix<T, I, O>,
) -> SMatrix<T, B, O> {
    let mut product = SMatrix::<T, B, O>::zeros();
    if B == 1 {
        rows_product::<T, 1, I, O>(x.as_slice(), w.as_slice(), product.as_mut_slice());
        return product;
    }
    if thresholds::row_by_row::<T>(B, I) {
        // Two or three samples of 8 (`f64`) or 16 (`f32`) inputs or more: too few rows for the
        // batch to fill SIMD lanes, so each row is computed as one sample is, in its order,
        // the rows side by side so that they share each load of `W`.
        let mut rows = [[T::ZERO; I]; B];
        let mut out = [[T::ZERO; O]; B];
        for (b, row) in rows.iter_mut().enumerate() {
            for (i, value) in row.iter_mut().enumerate() {
                *value = x[(b, i)];
            }
        }
        rows_product::<T, B, I, O>(rows.as_flattened(), w.as_slice(), out.as_flattened_mut());
        for (b, row) in out.iter().enumerate() {
            for (o, &value) in row.iter().enumerate() {
                product[(b, o)] = value;
            }
        }
        return product;
    }
    portable::combine_columns::<T, B, I, O>(product.as_mut_slice(), x.as_slice(), |i, o| w[(i, o)]);
    product
}

/// `R` samples' `x·W` into `out` (`x`: `R` rows of `I`, `out`: `R` rows of `O`, one after the
/// other), each output a dot product in lanes: by the scalar's faster code where it has some
/// that runs here, in the same order, and otherwise by the portable loop.
#[inline(always)]
fn rows_product<T: Scalar, const R: usize, const I: usize, const O: usize>(
    x: &[T],
    w: &[T],
    out: &mut [T],
) {
    if !T::rows_product::<R, I, O>(x, w, out) {
        portable::rows_product::<T, R, I, O>(x, w, out);
    }
}

/// `aᵀ·δ`: (B × I)ᵀ·(B × O) → I × O. Entry `(i, o)` is the sum over the batch of
/// `a[:, i]·δ[:, o]`: by the scalar's faster code where it has some that runs here, in the same
/// order, and otherwise by the portable loops.
#[inline(always)]
pub(crate) fn transpose_mul<T: Scalar, const B: usize, const I: usize, const O: usize>(
    a: &SMatrix<T, B, I>,
    delta: &SMatrix<T, B, O>,
) -> SMatrix<T, I, O> {
    let mut product = SMatrix::<T, I, O>::zeros();
    if !T::transpose_product::<B, I, O>(a.as_slice(), delta.as_slice(), product.as_mut_slice()) {
        portable::transpose_product(a, delta, &mut product);
    }
    product
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample<const R: usize, const C: usize>(seed: usize) -> SMatrix<f64, R, C> {
        SMatrix::from_fn(|r, c| ((r * 7 + c * 13 + seed) % 11) as f64 - 5.0)
    }

    /// The kernels agree with nalgebra's own products (exactly: small integers), on both sides
    /// of the 16-column switch in `combine_columns`.
    #[test]
    fn products_match_nalgebra() {
        fn check<const B: usize, const I: usize, const O: usize>() {
            let x = sample::<B, I>(1);
            let w = sample::<I, O>(2);
            let delta = sample::<B, O>(3);
            assert_eq!(mul(&x, &w), x * w);
            assert_eq!(mul_transpose(&delta, &w), delta * w.transpose());
            assert_eq!(transpose_mul(&x, &delta), x.transpose() * delta);
            assert_eq!(column_sums(&delta), delta.row_sum());
        }
        check::<21, 3, 5>();
        check::<1, 2, 4>();
        check::<9, 20, 17>();
        check::<64, 32, 3>();
        check::<2, 20, 5>(); // row by row
        check::<3, 37, 6>();
    }

    /// Batches of two or three samples with 8 `f64` (16 `f32`) inputs or more run each row as
    /// one sample: `predict` gives `predict_one`'s bits for every row. Values of mixed
    /// magnitude, so the batch products' order (`k = 0, 1, …`) would round differently.
    #[test]
    fn small_wide_batches_give_each_row_the_one_sample_bits() {
        fn check<T: Scalar, const B: usize, const I: usize, const O: usize>() {
            let value = |k: usize| T::literal(((k * 7919) % 1009) as f64 / 97.0 - 5.0);
            let x = SMatrix::<T, B, I>::from_fn(|r, c| value(r * 101 + c + 1) * value(c + 500));
            let w = SMatrix::<T, I, O>::from_fn(|r, c| value(r * 31 + c * 17));
            let product = mul(&x, &w);
            for b in 0..B {
                let one = mul(&x.fixed_rows::<1>(b).into_owned(), &w);
                for o in 0..O {
                    assert_eq!(
                        product[(b, o)].to_f64().to_bits(),
                        one[o].to_f64().to_bits(),
                        "{} {B}×{I}×{O}, row {b}, output {o}",
                        T::NAME
                    );
                }
            }
        }
        check::<f64, 2, 8, 3>();
        check::<f64, 3, 33, 9>();
        check::<f32, 2, 16, 5>();
        check::<f32, 3, 40, 12>();
    }

    /// `f32` products on both sides of the 16-column switch, from non-integer values, against
    /// the same products taken in `f64` by nalgebra: an independent reference, so the tiled
    /// loops' indexing and their `f32` accumulation are both checked (the dispatch test only
    /// compares this code with its own SIMD versions). Each entry may differ from the exact
    /// sum by at most `n·ε·Σ|terms|` (the standard bound for a sum of `n` rounded products).
    #[test]
    fn f32_products_match_an_f64_reference() {
        fn values<const R: usize, const C: usize>(seed: u32) -> SMatrix<f32, R, C> {
            // A fixed, irregular pattern in (−1, 1): products and sums round in f32.
            SMatrix::from_fn(|r, c| {
                let k = (r as u32 * 7919 + c as u32 * 104_729 + seed * 15_485_863) % 10_007;
                (k as f32 / 10_007.0) * 2.0 - 0.999
            })
        }
        fn close<const R: usize, const C: usize>(
            got: SMatrix<f32, R, C>,
            exact: SMatrix<f64, R, C>,
            magnitude: SMatrix<f64, R, C>,
            terms: usize,
            what: &str,
        ) {
            for ((g, e), m) in got.iter().zip(exact.iter()).zip(magnitude.iter()) {
                let bound = terms as f64 * f64::from(f32::EPSILON) * m;
                assert!(
                    (f64::from(*g) - e).abs() <= bound,
                    "{what}: {g} against {e} (bound {bound:e})"
                );
            }
        }
        fn abs<const R: usize, const C: usize>(m: SMatrix<f64, R, C>) -> SMatrix<f64, R, C> {
            m.map(f64::abs)
        }
        fn check<const B: usize, const I: usize, const O: usize>() {
            let (x, w, delta) = (values::<B, I>(1), values::<I, O>(2), values::<B, O>(3));
            let (x64, w64, delta64) = (x.map(f64::from), w.map(f64::from), delta.map(f64::from));
            close(mul(&x, &w), x64 * w64, abs(x64) * abs(w64), I, "x·W");
            close(
                mul_transpose(&delta, &w),
                delta64 * w64.transpose(),
                abs(delta64) * abs(w64).transpose(),
                O,
                "δ·Wᵀ",
            );
            close(
                transpose_mul(&x, &delta),
                x64.transpose() * delta64,
                abs(x64).transpose() * abs(delta64),
                B,
                "xᵀ·δ",
            );
        }
        check::<9, 20, 17>();
        check::<64, 32, 24>();
        check::<64, 128, 10>();
        check::<5, 3, 40>();
        check::<1, 37, 6>(); // one sample: the dot products in lanes, with a tail
        check::<1, 128, 10>();
    }

    #[test]
    fn dots_sum_every_sample_once() {
        fn check<const B: usize>() {
            let a = SMatrix::<f64, B, 3>::from_fn(|r, c| (r + c) as f64);
            let delta = SMatrix::<f64, B, 5>::from_fn(|r, c| (r * c) as f64);
            assert_eq!(transpose_mul(&a, &delta), a.transpose() * delta, "B = {B}");
            let narrow = transpose_mul(&a.cast::<f32>(), &delta.cast::<f32>());
            assert_eq!(narrow, (a.transpose() * delta).cast::<f32>(), "B = {B}");
        }
        check::<1>();
        check::<3>();
        check::<4>();
        check::<7>();
        check::<8>();
        check::<21>();
        check::<33>();
    }
}
