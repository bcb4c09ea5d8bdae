//! One sample's product `x·W`, in [`dot`]'s lane order.
//!
//! [`portable::rows_product`](crate::math::kernels::portable) computes each output of one sample as a dot product
//! down a column of `W`, in 4 (`f64`) or 8 (`f32`) lanes folded half onto half. Here the lanes
//! are full 256-bit registers, and four (`f64`) or eight (`f32`) outputs are folded together
//! ([`fold_f64`], [`fold_f32`]). A batch of two or three samples runs here too, each row as one
//! sample, the rows side by side so that they share each load of `W`.
//!
//! [`dot`]: crate::math::kernels::portable

use super::{fold_f32, fold_f64, multiply_add_f32, multiply_add_f64};
use core::arch::x86_64::*;

/// The last `I mod L` values of a slice, padded to `L` lanes with `fill`. The inputs are
/// padded with `−0` and the weights with `+0`, so a padded lane adds `−0·(+0) = −0` to its sum,
/// which leaves every sum as it is (the sums start at `−0`, as the portable ones do).
#[inline(always)]
fn padded<T: Copy, const L: usize>(rest: &[T], fill: T) -> [T; L] {
    let mut lanes = [fill; L];
    lanes[..rest.len()].copy_from_slice(rest);
    lanes
}

/// `out = x·W` for `R` samples (`x`: `R` rows of `I` values, `W`: `O` columns of `I`,
/// column-major, `out`: `R` rows of `O`), each row in [`dot`]'s order.
#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
pub(crate) fn product_f64<const R: usize, const I: usize, const O: usize>(
    x: &[f64],
    w: &[f64],
    out: &mut [f64],
) {
    // SAFETY (every load and store): each pointer is that of a `[f64; 4]`.
    let load = |lanes: &[f64; 4]| unsafe { _mm256_loadu_pd(lanes.as_ptr()) };
    // Each row's whole blocks of 4, and its last `I mod 4` values padded with −0.
    let rows: [(&[[f64; 4]], __m256d); R] = core::array::from_fn(|r| {
        let (blocks, rest) = x[r * I..(r + 1) * I].as_chunks::<4>();
        (blocks, load(&padded(rest, -0.0)))
    });
    // Four columns at a time; a last group of fewer leaves the sums it does not use at −0.
    for (group, columns) in w[..I * O].chunks(4 * I).enumerate() {
        let mut sums = [[_mm256_set1_pd(-0.0); 4]; R];
        for (c, column) in columns.chunks_exact(I).enumerate() {
            let (blocks, rest) = column.as_chunks::<4>();
            for (k, w) in blocks.iter().enumerate() {
                let w = load(w); // one load of `W` for every row
                for (sums, (x, _)) in sums.iter_mut().zip(&rows) {
                    sums[c] = multiply_add_f64(load(&x[k]), w, sums[c]);
                }
            }
            if !rest.is_empty() {
                let w = load(&padded(rest, 0.0));
                for (sums, (_, x_tail)) in sums.iter_mut().zip(&rows) {
                    sums[c] = multiply_add_f64(*x_tail, w, sums[c]);
                }
            }
        }
        for (r, sums) in sums.into_iter().enumerate() {
            let results = fold_f64(sums);
            let outputs = &mut out[r * O..(r + 1) * O][group * 4..];
            let count = outputs.len().min(4);
            outputs[..count].copy_from_slice(&results[..count]);
        }
    }
}

/// [`product_f64`] for `f32`, in 8 lanes.
#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
pub(crate) fn product_f32<const R: usize, const I: usize, const O: usize>(
    x: &[f32],
    w: &[f32],
    out: &mut [f32],
) {
    // SAFETY (every load and store): each pointer is that of a `[f32; 8]`.
    let load = |lanes: &[f32; 8]| unsafe { _mm256_loadu_ps(lanes.as_ptr()) };
    let rows: [(&[[f32; 8]], __m256); R] = core::array::from_fn(|r| {
        let (blocks, rest) = x[r * I..(r + 1) * I].as_chunks::<8>();
        (blocks, load(&padded(rest, -0.0)))
    });
    for (group, columns) in w[..I * O].chunks(8 * I).enumerate() {
        let mut sums = [[_mm256_set1_ps(-0.0); 8]; R];
        for (c, column) in columns.chunks_exact(I).enumerate() {
            let (blocks, rest) = column.as_chunks::<8>();
            for (k, w) in blocks.iter().enumerate() {
                let w = load(w);
                for (sums, (x, _)) in sums.iter_mut().zip(&rows) {
                    sums[c] = multiply_add_f32(load(&x[k]), w, sums[c]);
                }
            }
            if !rest.is_empty() {
                let w = load(&padded(rest, 0.0));
                for (sums, (_, x_tail)) in sums.iter_mut().zip(&rows) {
                    sums[c] = multiply_add_f32(*x_tail, w, sums[c]);
                }
            }
        }
        for (r, sums) in sums.into_iter().enumerate() {
            let results = fold_f32(sums);
            let outputs = &mut out[r * O..(r + 1) * O][group * 8..];
            let count = outputs.len().min(8);
            outputs[..count].copy_from_slice(&results[..count]);
        }
    }
}
