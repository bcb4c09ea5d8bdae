//! The weight gradient's product `aᵀ·δ`, in `kernels::transpose_mul`'s lane order.
//!
//! Entry `(i, o)` of `aᵀ·δ` is a dot product over the batch of column `i` of `a` with column
//! `o` of `δ`, both contiguous. The kernels take it in 4 (`f64`) or 8 (`f32`) lanes, each lane
//! summing every 4th or 8th sample in turn, the lanes then folded half onto half and the last
//! `B mod L` samples added in order; tiles of 2 × 4 entries share their loads. Left to itself,
//! LLVM vectorised that loop across the tile instead of along the lanes, with 128-bit
//! registers and the sums on the stack: half the time of a wide training step. Here each
//! entry's lanes are one 256-bit register, the tile's 8 registers are folded together
//! ([`fold_f64`], [`fold_f32`]), and the order is the kernels' own.

use super::{fold_f32, fold_f64, multiply_add_f32, multiply_add_f64};
use crate::math::scalar::Scalar;
use core::arch::x86_64::*;

/// `product = aᵀ·δ` (`a`: `B × I`, `δ`: `B × O`, `product`: `I × O`, all column-major) on
/// AVX2 in the kernels' order, if this CPU can and the batch fills a register: `false`, with
/// nothing written, otherwise.
#[inline(always)]
pub(crate) fn product_f64<const B: usize, const I: usize, const O: usize>(
    a: &[f64],
    delta: &[f64],
    product: &mut [f64],
) -> bool {
    if B < 4 || !crate::math::dispatch::can_run_avx2() {
        return false;
    }
    // SAFETY: the CPU has AVX2 (and FMA with the `fma` feature), which is all the function
    // is compiled for.
    unsafe { product_f64_avx2::<B, I, O>(a, delta, product) };
    true
}

/// [`product_f64`] for `f32`, in 8 lanes.
#[inline(always)]
pub(crate) fn product_f32<const B: usize, const I: usize, const O: usize>(
    a: &[f32],
    delta: &[f32],
    product: &mut [f32],
) -> bool {
    if B < 8 || !crate::math::dispatch::can_run_avx2() {
        return false;
    }
    // SAFETY: as in `product_f64`.
    unsafe { product_f32_avx2::<B, I, O>(a, delta, product) };
    true
}

/// The tiles `(i, o, rows, columns)` of an `I × O` product: 2 × 4 where they fit, then rows of
/// 1 and columns of 1 at the edges (as the portable loops tile it; the tiling does not change
/// any entry's order, only which entries share their loads).
#[inline(always)]
fn tiles<const I: usize, const O: usize>() -> impl Iterator<Item = (usize, usize, usize, usize)> {
    let (wide, tall) = (O / 4 * 4, I / 2 * 2);
    let columns = (0..wide)
        .step_by(4)
        .map(|o| (o, 4))
        .chain((wide..O).map(|o| (o, 1)));
    columns.flat_map(move |(o, width)| {
        let rows = (0..tall)
            .step_by(2)
            .map(|i| (i, 2))
            .chain((tall..I).map(|i| (i, 1)));
        rows.map(move |(i, height)| (i, o, height, width))
    })
}

#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
fn product_f64_avx2<const B: usize, const I: usize, const O: usize>(
    a: &[f64],
    delta: &[f64],
    product: &mut [f64],
) {
    let (a, delta, product) = (&a[..B * I], &delta[..B * O], &mut product[..I * O]);
    for (i, o, rows, columns) in tiles::<I, O>() {
        let sums = match (rows, columns) {
            (2, 4) => tile_f64::<B, 2, 4>(a, delta, i, o),
            (2, _) => tile_f64::<B, 2, 1>(a, delta, i, o),
            (_, 4) => tile_f64::<B, 1, 4>(a, delta, i, o),
            _ => tile_f64::<B, 1, 1>(a, delta, i, o),
        };
        for r in 0..rows {
            for c in 0..columns {
                product[(o + c) * I + i + r] = sums[r * 4 + c];
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
    let [first, second] = [0, 4].map(|row| fold_f64(lanes[row..row + 4].try_into().unwrap()));
    let mut sums = [0.0; 8];
    sums[..4].copy_from_slice(&first);
    sums[4..].copy_from_slice(&second);
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

#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
fn product_f32_avx2<const B: usize, const I: usize, const O: usize>(
    a: &[f32],
    delta: &[f32],
    product: &mut [f32],
) {
    let (a, delta, product) = (&a[..B * I], &delta[..B * O], &mut product[..I * O]);
    for (i, o, rows, columns) in tiles::<I, O>() {
        let sums = match (rows, columns) {
            (2, 4) => tile_f32::<B, 2, 4>(a, delta, i, o),
            (2, _) => tile_f32::<B, 2, 1>(a, delta, i, o),
            (_, 4) => tile_f32::<B, 1, 4>(a, delta, i, o),
            _ => tile_f32::<B, 1, 1>(a, delta, i, o),
        };
        for r in 0..rows {
            for c in 0..columns {
                product[(o + c) * I + i + r] = sums[r * 4 + c];
            }
        }
    }
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
