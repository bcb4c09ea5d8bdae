//! The weight gradient's product `aᵀ·δ`, in the portable `transpose_product`'s lane order.
//!
//! Entry `(i, o)` of `aᵀ·δ` is a dot product over the batch of column `i` of `a` with column
//! `o` of `δ`, both contiguous. The portable loops take it in 4 (`f64`) or 8 (`f32`) lanes, each lane
//! summing every 4th or 8th sample in turn, the lanes then folded half onto half and the last
//! `B mod L` samples added in order; tiles of 2 × 4 entries share their loads. Left to itself,
//! LLVM vectorised that loop across the tile instead of along the lanes, with 128-bit
//! registers and the sums on the stack: half the time of a wide training step. Here each
//! entry's lanes are one 256-bit register, the tile's 8 registers are folded together
//! ([`fold_f64`], [`fold_f32`]), and the order is the portable loops' own.

use super::{fold_f32, fold_f64, multiply_add_f32, multiply_add_f64};
use crate::math::kernels::portable::tiles;
use crate::math::scalar::Scalar;
use core::arch::x86_64::*;

/// `product = aᵀ·δ` (`a`: `B × I`, `δ`: `B × O`, `product`: `I × O`, all column-major) in
/// the portable loops' order.
#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
pub(crate) fn product_f64<const B: usize, const I: usize, const O: usize>(
    a: &[f64],
    delta: &[f64],
    product: &mut [f64],
) {
    let (a, delta) = (&a[..B * I], &delta[..B * O]);
    write_tiles::<f64, I, O>(product, |i, o, rows, columns| match (rows, columns) {
        (2, 4) => tile_f64::<B, 2, 4>(a, delta, i, o),
        (2, _) => tile_f64::<B, 2, 1>(a, delta, i, o),
        (_, 4) => tile_f64::<B, 1, 4>(a, delta, i, o),
        _ => tile_f64::<B, 1, 1>(a, delta, i, o),
    });
}

/// [`product_f64`] for `f32`, in 8 lanes.
#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
pub(crate) fn product_f32<const B: usize, const I: usize, const O: usize>(
    a: &[f32],
    delta: &[f32],
    product: &mut [f32],
) {
    let (a, delta) = (&a[..B * I], &delta[..B * O]);
    write_tiles::<f32, I, O>(product, |i, o, rows, columns| match (rows, columns) {
        (2, 4) => tile_f32::<B, 2, 4>(a, delta, i, o),
        (2, _) => tile_f32::<B, 2, 1>(a, delta, i, o),
        (_, 4) => tile_f32::<B, 1, 4>(a, delta, i, o),
        _ => tile_f32::<B, 1, 1>(a, delta, i, o),
    });
}

/// Computes the `I × O` product tile by tile — 2 × 4 where they fit, then rows and columns of 1
/// at the edges, as the portable loops tile it (the tiling changes no entry's order, only
/// which entries share their loads) — writing entry `(r, c)` of each tile from index `4r + c`
/// of what `tile(i, o, rows, columns)` returns.
#[inline(always)]
fn write_tiles<T: Copy, const I: usize, const O: usize>(
    product: &mut [T],
    tile: impl Fn(usize, usize, usize, usize) -> [T; 8],
) {
    let product = &mut product[..I * O];
    for (o, columns) in tiles::<O, 4>() {
        for (i, rows) in tiles::<I, 2>() {
            let sums = tile(i, o, rows, columns);
            for r in 0..rows {
                for c in 0..columns {
                    product[(o + c) * I + i + r] = sums[r * 4 + c];
                }
            }
        }
    }
}

/// The `ROWS × COLUMNS` entries of `aᵀ·δ` from `(i, o)`: entry `(r, c)` at index `4r + c`.
#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
fn tile_f64<const B: usize, const ROWS: usize, const COLUMNS: usize>(
    a: &[f64],
    delta: &[f64],
    i: usize,
    o: usize,
) -> [f64; 8] {
    // The columns this tile reads, as slices of known length.
    let a = &a[i * B..(i + ROWS) * B];
    let delta = &delta[o * B..(o + COLUMNS) * B];
    // SAFETY (every load): `start + 4 ≤ B`, so the 4 values are inside the column.
    let load =
        |column: &[f64], start: usize| unsafe { _mm256_loadu_pd(column[start..][..4].as_ptr()) };
    let mut lanes = [_mm256_setzero_pd(); 8];
    let whole = B / 4 * 4;
    for start in (0..whole).step_by(4) {
        let a_lanes: [__m256d; ROWS] = core::array::from_fn(|r| load(&a[r * B..], start));
        let delta_lanes: [__m256d; COLUMNS] =
            core::array::from_fn(|c| load(&delta[c * B..], start));
        for r in 0..ROWS {
            for c in 0..COLUMNS {
                lanes[r * 4 + c] = multiply_add_f64(a_lanes[r], delta_lanes[c], lanes[r * 4 + c]);
            }
        }
    }
    let [a0, a1, a2, a3, b0, b1, b2, b3] = lanes;
    let mut sums = [0.0; 8];
    sums[..4].copy_from_slice(&fold_f64([a0, a1, a2, a3]));
    if ROWS == 2 {
        sums[4..].copy_from_slice(&fold_f64([b0, b1, b2, b3]));
    }
    // The last `B mod 4` samples, in order.
    for r in 0..ROWS {
        for c in 0..COLUMNS {
            for b in whole..B {
                sums[r * 4 + c] = a[r * B + b].multiply_add(delta[c * B + b], sums[r * 4 + c]);
            }
        }
    }
    sums
}

/// [`tile_f64`] for `f32`, in 8 lanes.
#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
fn tile_f32<const B: usize, const ROWS: usize, const COLUMNS: usize>(
    a: &[f32],
    delta: &[f32],
    i: usize,
    o: usize,
) -> [f32; 8] {
    let a = &a[i * B..(i + ROWS) * B];
    let delta = &delta[o * B..(o + COLUMNS) * B];
    // SAFETY (every load): `start + 8 ≤ B`, so the 8 values are inside the column.
    let load =
        |column: &[f32], start: usize| unsafe { _mm256_loadu_ps(column[start..][..8].as_ptr()) };
    let mut lanes = [_mm256_setzero_ps(); 8];
    let whole = B / 8 * 8;
    for start in (0..whole).step_by(8) {
        let a_lanes: [__m256; ROWS] = core::array::from_fn(|r| load(&a[r * B..], start));
        let delta_lanes: [__m256; COLUMNS] = core::array::from_fn(|c| load(&delta[c * B..], start));
        for r in 0..ROWS {
            for c in 0..COLUMNS {
                lanes[r * 4 + c] = multiply_add_f32(a_lanes[r], delta_lanes[c], lanes[r * 4 + c]);
            }
        }
    }
    let mut sums = fold_f32(lanes);
    for r in 0..ROWS {
        for c in 0..COLUMNS {
            for b in whole..B {
                sums[r * 4 + c] = a[r * B + b].multiply_add(delta[c * B + b], sums[r * 4 + c]);
            }
        }
    }
    sums
}
