//! The matrix products of backpropagation as portable loops, which the compiler turns into SIMD
//! code: the reference every faster version follows to the bit.
//!
//! Matrices are column-major with one sample per row, so a column — one unit's values across
//! the batch — is a contiguous slice, and the loops run along such columns. Everything is
//! `#[inline(always)]` so that it is compiled into each of [`dispatch`](crate::math::dispatch)'s
//! instruction-set versions, and every sum is taken in a fixed order, so every version gives
//! the same bits. One sample is the exception to running along the batch: its product `x·W`
//! runs down `W`'s columns instead, as dot products in SIMD lanes ([`dot`]'s order). The code
//! written for AVX2 (`x86_64::avx2`) computes that product and `aᵀ·δ` in the orders stated here.

// Loops over constant index ranges are what the compiler unrolls and vectorises best, and they
// read like the index notation of the equations.
#![allow(clippy::needless_range_loop)]

use crate::math::scalar::Scalar;
use nalgebra::SMatrix;

/// `R` samples' `x·W` into `out` (`x`: `R` rows of `I`, `out`: `R` rows of `O`, one after the
/// other): each output is a dot product of a row of `x` with a column of `W`, which is
/// contiguous, so the sum runs along it in SIMD lanes (see [`dot`]).
#[inline(always)]
pub(super) fn rows_product<T: Scalar, const R: usize, const I: usize, const O: usize>(
    x: &[T],
    w: &[T],
    out: &mut [T],
) {
    // Rows and columns as arrays, so that every length below is a constant.
    let (rows, columns) = (&x.as_chunks::<I>().0[..R], &w.as_chunks::<I>().0[..O]);
    for (x, out) in rows.iter().zip(&mut out.as_chunks_mut::<O>().0[..R]) {
        for (out, column) in out.iter_mut().zip(columns) {
            *out = dot(x, column);
        }
    }
}

/// `Σₖ a[k]·b[k]` in a fixed order that SIMD code can follow: 32 bytes of lanes (4 for `f64`, 8
/// for `f32`), lane `j` summing the terms `k ≡ j (mod lanes)` in increasing `k` from `−0`, then
/// the upper half of the lanes added to the lower half until one is left: (l₀ + l₂) + (l₁ + l₃)
/// for 4. Starting from `−0`, which any addition leaves unchanged, the first term of a lane
/// and a lane without terms cost no addition: with 2 or 4 inputs, fewer than the lanes, the
/// sum is the terms' alone, which shortens one sample's chain of dependent additions.
///
/// This is how a one-sample product runs: along the contiguous columns of `W` instead of
/// across them, where every step would gather one weight from each of several columns. Its
/// sums are grouped differently from the batch products' (which take `k = 0, 1, …` in turn), so
/// `predict_one` and a row of `predict` agree to rounding, not always to the bit (to the bit in
/// batches of two or three with 8 `f64` or 16 `f32` inputs or more, which run row by row); every
/// instruction-set version still gives the same bits, as the order is fixed here.
#[inline(always)]
fn dot<T: Scalar, const I: usize>(a: &[T; I], b: &[T; I]) -> T {
    if size_of::<T>() == 4 {
        dot_in_lanes::<T, I, 8>(a, b)
    } else {
        dot_in_lanes::<T, I, 4>(a, b)
    }
}

/// [`dot`] with `L` lanes.
#[inline(always)]
fn dot_in_lanes<T: Scalar, const I: usize, const L: usize>(a: &[T; I], b: &[T; I]) -> T
where
    [T; L]: Lanes<T>,
{
    let (a_blocks, a_rest) = a.as_chunks::<L>();
    let (b_blocks, b_rest) = b.as_chunks::<L>();
    // −0 is addition's identity (−0 + y = y for every y, +0 + −0 = +0 included), so each lane's
    // first term needs no addition (the first block's products are the lanes), and a lane
    // with no terms adds nothing to the fold.
    let mut lanes = match (a_blocks.split_first(), b_blocks.split_first()) {
        (Some((a_first, a_blocks)), Some((b_first, b_blocks))) => {
            let mut lanes = Lanes::product(a_first, b_first);
            for (a, b) in a_blocks.iter().zip(b_blocks) {
                lanes = lanes.multiply_add(a, b);
            }
            lanes
        }
        _ => [-T::ZERO; L],
    };
    // The last `I mod L` terms, term `j` in lane `j`: indexed by a counter, the lanes go to
    // memory here, after the loop above has run on them in registers.
    for (j, (&a, &b)) in a_rest.iter().zip(b_rest).enumerate() {
        lanes[j] = a.multiply_add(b, lanes[j]);
    }
    lanes.sum()
}

/// A dot product's partial sums, one per lane, each lane's step written out: a loop over the
/// lanes, which LLVM does not unroll at opt-level `s` or `z`, would keep them in memory.
trait Lanes<T>: Copy {
    /// `−0 + a[j]·b[j]`, which is `a[j]·b[j]` rounded as [`Scalar::multiply_add`] rounds it,
    /// in lane `j`: the lanes after their first terms. (The same as `[−0; L].multiply_add(a,
    /// b)`, but written that way the f32 digits prediction on a Cortex-M4F built at opt-level
    /// `z` took 16,446 instructions instead of 14,386.)
    fn product(a: &Self, b: &Self) -> Self;
    /// `lane[j] + a[j]·b[j]` ([`Scalar::multiply_add`]) for every lane `j`.
    fn multiply_add(self, a: &Self, b: &Self) -> Self;
    /// The upper half of the lanes added to the lower half until one is left.
    fn sum(self) -> T;
}

impl<T: Scalar> Lanes<T> for [T; 4] {
    #[inline(always)]
    fn product(a: &Self, b: &Self) -> Self {
        let zero = -T::ZERO;
        [
            a[0].multiply_add(b[0], zero),
            a[1].multiply_add(b[1], zero),
            a[2].multiply_add(b[2], zero),
            a[3].multiply_add(b[3], zero),
        ]
    }

    #[inline(always)]
    fn multiply_add(self, a: &Self, b: &Self) -> Self {
        let [l0, l1, l2, l3] = self;
        [
            a[0].multiply_add(b[0], l0),
            a[1].multiply_add(b[1], l1),
            a[2].multiply_add(b[2], l2),
            a[3].multiply_add(b[3], l3),
        ]
    }

    #[inline(always)]
    fn sum(self) -> T {
        let [l0, l1, l2, l3] = self;
        (l0 + l2) + (l1 + l3)
    }
}

impl<T: Scalar> Lanes<T> for [T; 8] {
    #[inline(always)]
    fn product(a: &Self, b: &Self) -> Self {
        let zero = -T::ZERO;
        [
            a[0].multiply_add(b[0], zero),
            a[1].multiply_add(b[1], zero),
            a[2].multiply_add(b[2], zero),
            a[3].multiply_add(b[3], zero),
            a[4].multiply_add(b[4], zero),
            a[5].multiply_add(b[5], zero),
            a[6].multiply_add(b[6], zero),
            a[7].multiply_add(b[7], zero),
        ]
    }

    #[inline(always)]
    fn multiply_add(self, a: &Self, b: &Self) -> Self {
        let [l0, l1, l2, l3, l4, l5, l6, l7] = self;
        [
            a[0].multiply_add(b[0], l0),
            a[1].multiply_add(b[1], l1),
            a[2].multiply_add(b[2], l2),
            a[3].multiply_add(b[3], l3),
            a[4].multiply_add(b[4], l4),
            a[5].multiply_add(b[5], l5),
            a[6].multiply_add(b[6], l6),
            a[7].multiply_add(b[7], l7),
        ]
    }

    #[inline(always)]
    fn sum(self) -> T {
        let [l0, l1, l2, l3, l4, l5, l6, l7] = self;
        [l0 + l4, l1 + l5, l2 + l6, l3 + l7].sum()
    }
}

/// `δ·Wᵀ`: (B × O)·(I × O)ᵀ → B × I. Entry `(b, i)` is `Σₒ δ[b, o]·W[i, o]`.
#[inline(always)]
pub(crate) fn mul_transpose<T: Scalar, const B: usize, const I: usize, const O: usize>(
    delta: &SMatrix<T, B, O>,
    w: &SMatrix<T, I, O>,
) -> SMatrix<T, B, I> {
    let mut product = SMatrix::<T, B, I>::zeros();
    combine_columns::<T, B, O, I>(product.as_mut_slice(), delta.as_slice(), |o, i| w[(i, o)]);
    product
}

/// `product = aᵀ·δ`: (B × I)ᵀ·(B × O) → I × O, writing every entry of `product`. Entry `(i, o)`
/// is the sum over the batch of `a[:, i]·δ[:, o]`, taken in lanes ([`dots_in_lanes`]' order).
#[inline(always)]
pub(super) fn transpose_product<T: Scalar, const B: usize, const I: usize, const O: usize>(
    a: &SMatrix<T, B, I>,
    delta: &SMatrix<T, B, O>,
    product: &mut SMatrix<T, I, O>,
) {
    let (a, delta) = (a.as_slice(), delta.as_slice());
    // Tiles of 2 × 4 dot products that share their loads, then narrower ones at the edges.
    for (o, width) in tiles::<O, 4>() {
        for (i, height) in tiles::<I, 2>() {
            match (height, width) {
                (2, 4) => dots::<T, B, 2, 4, I, O>(product, a, delta, i, o),
                (2, _) => dots::<T, B, 2, 1, I, O>(product, a, delta, i, o),
                (_, 4) => dots::<T, B, 1, 4, I, O>(product, a, delta, i, o),
                _ => dots::<T, B, 1, 1, I, O>(product, a, delta, i, o),
            }
        }
    }
}

/// The sum over the batch of each column of `δ`: a 1 × O row.
#[inline(always)]
pub(crate) fn column_sums<T: Scalar, const B: usize, const O: usize>(
    delta: &SMatrix<T, B, O>,
) -> SMatrix<T, 1, O> {
    let mut sums = SMatrix::<T, 1, O>::zeros();
    for (total, column) in sums.iter_mut().zip(columns::<T, B>(delta.as_slice())) {
        *total = column.iter().fold(T::ZERO, |sum, &v| sum + v);
    }
    sums
}

/// `f(a, b)` for each pair of entries: nalgebra's `zip_map`, inlined into the hot path.
#[inline(always)]
pub(crate) fn zip_map<T: Scalar, const R: usize, const C: usize>(
    a: &SMatrix<T, R, C>,
    b: &SMatrix<T, R, C>,
    f: impl Fn(T, T) -> T,
) -> SMatrix<T, R, C> {
    let mut result = *a;
    for (r, &b) in result.as_mut_slice().iter_mut().zip(b.as_slice()) {
        *r = f(*r, b);
    }
    result
}

/// `out[:, n] = Σₖ coefficient(k, n)·columns[:, k]` for the `N` columns of `out` and the `K`
/// columns of `columns`, both column-major with `B` rows: the product of `columns` (B × K) and
/// the K × N matrix of coefficients.
///
/// The output is computed in tiles of `ROWS × COLUMNS` values that stay in SIMD registers while
/// `k` runs (register blocking): each step loads one short column piece and reuses it for
/// `COLUMNS` coefficients. Every value is summed in the order `k = 0, 1, …`, whatever tile
/// computes it, so the result does not depend on the tiling.
#[inline(always)]
pub(super) fn combine_columns<T: Scalar, const B: usize, const K: usize, const N: usize>(
    out: &mut [T],
    columns: &[T],
    coefficient: impl Fn(usize, usize) -> T + Copy,
) {
    const { assert!(B > 0, "a batch needs at least one sample") };
    let (out, columns) = (&mut out[..B * N], &columns[..B * K]);
    if K <= 16 {
        // Few columns to combine: each output value in one pass, the loop over the batch
        // vectorised, no tiles to set up.
        for (n, out) in out.chunks_exact_mut(B).enumerate() {
            for (b, out) in out.iter_mut().enumerate() {
                let mut sum = T::ZERO;
                for k in 0..K {
                    sum = columns[k * B + b].multiply_add(coefficient(k, n), sum);
                }
                *out = sum;
            }
        }
        return;
    }
    // Tiles of 4 columns, then of 1; rows in tiles of one or two AVX2 registers, then 4, then 1.
    let tall = if size_of::<T>() == 4 { 16 } else { 8 };
    for (column, width) in tiles::<N, 4>() {
        let mut row = 0;
        while row < B {
            let left = B - row;
            let height = if left >= tall {
                tall
            } else if left >= 8 {
                8
            } else if left >= 4 {
                4
            } else {
                1
            };
            match (height, width) {
                (16, 4) => tile::<T, B, K, 16, 4>(out, columns, coefficient, row, column),
                (8, 4) => tile::<T, B, K, 8, 4>(out, columns, coefficient, row, column),
                (4, 4) => tile::<T, B, K, 4, 4>(out, columns, coefficient, row, column),
                (1, 4) => tile::<T, B, K, 1, 4>(out, columns, coefficient, row, column),
                (16, _) => tile::<T, B, K, 16, 1>(out, columns, coefficient, row, column),
                (8, _) => tile::<T, B, K, 8, 1>(out, columns, coefficient, row, column),
                (4, _) => tile::<T, B, K, 4, 1>(out, columns, coefficient, row, column),
                _ => tile::<T, B, K, 1, 1>(out, columns, coefficient, row, column),
            }
            row += height;
        }
    }
}

/// Splits `0..N` into tiles `(start, width)`: as many of width `W` as fit, then tiles of 1.
#[inline(always)]
pub(crate) fn tiles<const N: usize, const W: usize>() -> impl Iterator<Item = (usize, usize)> {
    let wide = N / W * W;
    (0..wide)
        .step_by(W)
        .map(|start| (start, W))
        .chain((wide..N).map(|start| (start, 1)))
}

/// One `ROWS × COLUMNS` tile of [`combine_columns`], starting at `(row, column)`.
#[inline(always)]
fn tile<T: Scalar, const B: usize, const K: usize, const ROWS: usize, const COLUMNS: usize>(
    out: &mut [T],
    columns: &[T],
    coefficient: impl Fn(usize, usize) -> T,
    row: usize,
    column: usize,
) {
    // The values this tile reads and writes, as slices of known length, so no index below is
    // checked.
    let columns = &columns[row..][..(K - 1) * B + ROWS];
    let out = &mut out[column * B + row..][..(COLUMNS - 1) * B + ROWS];
    let mut sums = [[T::ZERO; ROWS]; COLUMNS];
    for k in 0..K {
        for c in 0..COLUMNS {
            let weight = coefficient(k, column + c);
            for r in 0..ROWS {
                sums[c][r] = columns[k * B + r].multiply_add(weight, sums[c][r]);
            }
        }
    }
    for (c, sum) in sums.iter().enumerate() {
        out[c * B..][..ROWS].copy_from_slice(sum);
    }
}

/// The dot products of columns `i..i + ROWS` of `a` with columns `o..o + COLUMNS` of `δ`
/// (both with `B` rows), written into `product[(i.., o..)]`.
#[inline(always)]
fn dots<
    T: Scalar,
    const B: usize,
    const ROWS: usize,
    const COLUMNS: usize,
    const I: usize,
    const O: usize,
>(
    product: &mut SMatrix<T, I, O>,
    a: &[T],
    delta: &[T],
    i: usize,
    o: usize,
) {
    let sums = if size_of::<T>() == 4 {
        dots_in_lanes::<T, B, ROWS, COLUMNS, 8>(a, delta, i, o)
    } else {
        dots_in_lanes::<T, B, ROWS, COLUMNS, 4>(a, delta, i, o)
    };
    for (r, row) in sums.iter().enumerate() {
        for (c, &sum) in row.iter().enumerate() {
            product[(i + r, o + c)] = sum;
        }
    }
}

/// `ROWS × COLUMNS` dot products over the batch, each in `L` interleaved partial sums — 4 for
/// `f64`, 8 for `f32`: one AVX2 register — added pairwise at the end, then the last `B mod L`
/// products in order: a fixed order of additions that any SIMD width can follow.
#[inline(always)]
fn dots_in_lanes<
    T: Scalar,
    const B: usize,
    const ROWS: usize,
    const COLUMNS: usize,
    const L: usize,
>(
    a: &[T],
    delta: &[T],
    i: usize,
    o: usize,
) -> [[T; COLUMNS]; ROWS] {
    // The columns this tile reads, as slices of known length, so no index below is checked.
    let a = &a[i * B..(i + ROWS) * B];
    let delta = &delta[o * B..(o + COLUMNS) * B];
    let mut partial = [[[T::ZERO; L]; COLUMNS]; ROWS];
    let whole = B / L * L;
    for start in (0..whole).step_by(L) {
        for r in 0..ROWS {
            for c in 0..COLUMNS {
                for lane in 0..L {
                    let (x, y) = (a[r * B + start + lane], delta[c * B + start + lane]);
                    partial[r][c][lane] = x.multiply_add(y, partial[r][c][lane]);
                }
            }
        }
    }
    let mut sums = [[T::ZERO; COLUMNS]; ROWS];
    for r in 0..ROWS {
        for c in 0..COLUMNS {
            let lanes = &mut partial[r][c];
            let mut width = L;
            while width > 1 {
                width /= 2;
                for lane in 0..width {
                    lanes[lane] += lanes[lane + width];
                }
            }
            sums[r][c] = (whole..B).fold(lanes[0], |sum, b| {
                a[r * B + b].multiply_add(delta[c * B + b], sum)
            });
        }
    }
    sums
}

/// The columns of a column-major matrix with `B` rows.
#[inline(always)]
fn columns<T, const B: usize>(matrix: &[T]) -> core::slice::ChunksExact<'_, T> {
    const { assert!(B > 0, "a batch needs at least one sample") };
    matrix.chunks_exact(B)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::kernels::{mul, transpose_mul};

    /// A one-sample product follows the order `dot` states, to the bit: lane `k mod L` for
    /// term `k`, then halves folded onto halves. The reference spells that order out by index.
    #[test]
    fn one_sample_products_sum_in_the_stated_lanes() {
        fn reference<T: Scalar>(x: &[T], w: &[T], lanes: usize) -> T {
            let mut sums = vec![T::ZERO; lanes];
            for k in 0..x.len() {
                sums[k % lanes] = x[k].multiply_add(w[k], sums[k % lanes]);
            }
            while sums.len() > 1 {
                let half = sums.len() / 2;
                sums = (0..half).map(|j| sums[j] + sums[j + half]).collect();
            }
            sums[0]
        }
        fn check<T: Scalar, const I: usize, const O: usize>(lanes: usize) {
            // Values of mixed magnitude, so that a different grouping would round differently.
            let value = |k: usize| T::literal(((k * 7919) % 1009) as f64 / 97.0 - 5.0);
            let x = SMatrix::<T, 1, I>::from_fn(|_, c| value(c + 1) * value(c + 500));
            let w = SMatrix::<T, I, O>::from_fn(|r, c| value(r * 31 + c * 17));
            // The product as this CPU runs it, and the portable loops (the same on an AVX2 CPU).
            let mut portable = SMatrix::<T, 1, O>::zeros();
            rows_product::<T, 1, I, O>(x.as_slice(), w.as_slice(), portable.as_mut_slice());
            for product in [mul(&x, &w), portable] {
                for o in 0..O {
                    let column = w.column(o);
                    let expected = reference(x.as_slice(), column.as_slice(), lanes);
                    assert_eq!(
                        product[o].to_f64().to_bits(),
                        expected.to_f64().to_bits(),
                        "{} {I}×{O}, output {o}",
                        T::NAME
                    );
                }
            }
        }
        check::<f64, 2, 4>(4); // shorter than the lanes
        check::<f64, 37, 5>(4);
        check::<f32, 37, 5>(8);
        check::<f32, 16, 3>(8);
        // On AVX2 CPUs, products of 8 (`f64`) or 16 (`f32`) inputs or more run in
        // `avx2::one_sample`, which groups 4 or 8 columns: whole groups and a partial last one,
        // whole blocks of lanes and a remainder.
        check::<f64, 8, 1>(4);
        check::<f64, 8, 4>(4);
        check::<f64, 9, 7>(4);
        check::<f64, 16, 32>(4);
        check::<f64, 35, 6>(4);
        check::<f64, 64, 9>(4);
        check::<f32, 16, 1>(8);
        check::<f32, 16, 8>(8);
        check::<f32, 17, 13>(8);
        check::<f32, 32, 32>(8);
        check::<f32, 45, 4>(8);
        check::<f32, 128, 10>(8);
    }

    /// `aᵀ·δ` follows the order `dots_in_lanes` states, to the bit: sample `b` in lane
    /// `b mod L` while whole registers last, the lanes folded half onto half, then the last
    /// `B mod L` samples in turn. The reference spells that order out by index; on AVX2 CPUs
    /// the product runs in `avx2::batch_dots`, so this checks that code against it.
    #[test]
    fn transpose_products_sum_in_the_stated_lanes() {
        fn reference<T: Scalar>(a: &[T], delta: &[T], lanes: usize) -> T {
            let whole = a.len() / lanes * lanes;
            let mut sums = vec![T::ZERO; lanes];
            for b in 0..whole {
                sums[b % lanes] = a[b].multiply_add(delta[b], sums[b % lanes]);
            }
            while sums.len() > 1 {
                let half = sums.len() / 2;
                sums = (0..half).map(|j| sums[j] + sums[j + half]).collect();
            }
            (whole..a.len()).fold(sums[0], |sum, b| a[b].multiply_add(delta[b], sum))
        }
        fn check<T: Scalar, const B: usize, const I: usize, const O: usize>(lanes: usize) {
            // Values of mixed magnitude, so that a different grouping would round differently.
            let value = |k: usize| T::literal(((k * 7919) % 1009) as f64 / 97.0 - 5.0);
            let a = SMatrix::<T, B, I>::from_fn(|r, c| value(r * 13 + c * 101 + 1) * value(r + 7));
            let delta = SMatrix::<T, B, O>::from_fn(|r, c| value(r * 31 + c * 17 + 3));
            // The product as this CPU runs it, and the portable loops (the same on an AVX2 CPU).
            let mut portable = SMatrix::<T, I, O>::zeros();
            transpose_product(&a, &delta, &mut portable);
            for product in [transpose_mul(&a, &delta), portable] {
                for i in 0..I {
                    for o in 0..O {
                        let (a, delta) = (a.column(i), delta.column(o));
                        let expected = reference(a.as_slice(), delta.as_slice(), lanes);
                        assert_eq!(
                            product[(i, o)].to_f64().to_bits(),
                            expected.to_f64().to_bits(),
                            "{} {B}×{I}×{O}, entry ({i}, {o})",
                            T::NAME
                        );
                    }
                }
            }
        }
        // Whole 2 × 4 tiles and the edge tiles (a last row, last columns); batches shorter than
        // a register, whole registers, and whole registers with a remainder of 1 or more.
        check::<f64, 3, 2, 4>(4);
        check::<f64, 22, 5, 7>(4);
        check::<f64, 64, 9, 10>(4);
        check::<f32, 7, 3, 5>(8);
        check::<f32, 21, 5, 6>(8);
        check::<f32, 64, 33, 10>(8);
    }
}
