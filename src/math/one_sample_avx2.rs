//! One sample's product `x·W` written for AVX2 with `core::arch`, in [`dot`]'s lane order.
//!
//! [`kernels::mul`](crate::math::kernels) computes each output of one sample as a dot product
//! down a column of `W`, in 4 (`f64`) or 8 (`f32`) lanes folded half onto half. Left to itself,
//! LLVM runs those lanes as two 128-bit registers and folds every output on its own; here they
//! are full 256-bit registers, and four (`f64`) or eight (`f32`) outputs are folded together,
//! their lanes transposed into one register by shuffles and pairwise additions. A batch of
//! two or three samples runs here too, each row as one sample, the rows side by side so that
//! they share each load of `W`. Every addition is the one the portable code does, on the same
//! two values, so the results are the same bits (tested in `kernels` against the portable
//! lanes for every shape class). With the `fma` feature each `sum + x·w` is one fused
//! instruction, as `multiply_add` is then everywhere.
//!
//! [`dot`]: crate::math::kernels

use core::arch::x86_64::*;

/// `out = x·W` for `R` samples (`x`: `R` rows of `I` values, `W`: `O` columns of `I`,
/// column-major, `out`: `R` rows of `O`) on AVX2, each row in [`dot`](crate::math::kernels)'s
/// order, if this CPU can: `false`, with nothing written, if it cannot (see
/// [`can_run_avx2`](crate::math::dispatch::can_run_avx2)).
#[inline(always)]
pub(crate) fn product_f64<const R: usize, const I: usize, const O: usize>(
    x: &[f64],
    w: &[f64],
    out: &mut [f64],
) -> bool {
    if I < 8 || !crate::math::dispatch::can_run_avx2() {
        return false;
    }
    // SAFETY: the CPU has AVX2 (and FMA with the `fma` feature), which is all the function
    // is compiled for.
    unsafe { product_f64_avx2::<R, I, O>(x, w, out) };
    true
}

/// [`product_f64`] for `f32`, in 8 lanes.
#[inline(always)]
pub(crate) fn product_f32<const R: usize, const I: usize, const O: usize>(
    x: &[f32],
    w: &[f32],
    out: &mut [f32],
) -> bool {
    if I < 16 || !crate::math::dispatch::can_run_avx2() {
        return false;
    }
    // SAFETY: as in `product_f64`.
    unsafe { product_f32_avx2::<R, I, O>(x, w, out) };
    true
}

/// `sum + x·w` in each lane: rounded twice by default, fused with the `fma` feature.
#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
fn multiply_add_f64(x: __m256d, w: __m256d, sum: __m256d) -> __m256d {
    #[cfg(feature = "fma")]
    return _mm256_fmadd_pd(x, w, sum);
    #[cfg(not(feature = "fma"))]
    _mm256_add_pd(sum, _mm256_mul_pd(x, w))
}

/// [`multiply_add_f64`] for `f32`.
#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
fn multiply_add_f32(x: __m256, w: __m256, sum: __m256) -> __m256 {
    #[cfg(feature = "fma")]
    return _mm256_fmadd_ps(x, w, sum);
    #[cfg(not(feature = "fma"))]
    _mm256_add_ps(sum, _mm256_mul_ps(x, w))
}

/// The last `I mod L` values of a slice, zero-padded to `L` lanes. A padded lane adds
/// `0·0 = +0` to its sum, which leaves it unchanged: the sums start at `+0` and so are never
/// `−0`, the one value `+0` would change.
#[inline(always)]
fn padded<T: Copy + Default, const L: usize>(rest: &[T]) -> [T; L] {
    let mut lanes = [T::default(); L];
    lanes[..rest.len()].copy_from_slice(rest);
    lanes
}

#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
fn product_f64_avx2<const R: usize, const I: usize, const O: usize>(
    x: &[f64],
    w: &[f64],
    out: &mut [f64],
) {
    // SAFETY (every load and store): each pointer is that of a `[f64; 4]`.
    let load = |lanes: &[f64; 4]| unsafe { _mm256_loadu_pd(lanes.as_ptr()) };
    // Each row's whole blocks of 4, and its last `I mod 4` values zero-padded.
    let rows: [(&[[f64; 4]], __m256d); R] = core::array::from_fn(|r| {
        let (blocks, rest) = x[r * I..(r + 1) * I].as_chunks::<4>();
        (blocks, load(&padded(rest)))
    });
    // Four columns at a time; a last group of fewer keeps zeros in the sums it does not use.
    for (group, columns) in w[..I * O].chunks(4 * I).enumerate() {
        let mut sums = [[_mm256_setzero_pd(); 4]; R];
        for (c, column) in columns.chunks_exact(I).enumerate() {
            let (blocks, rest) = column.as_chunks::<4>();
            for (k, w) in blocks.iter().enumerate() {
                let w = load(w); // one load of `W` for every row
                for (sums, (x, _)) in sums.iter_mut().zip(&rows) {
                    sums[c] = multiply_add_f64(load(&x[k]), w, sums[c]);
                }
            }
            if !rest.is_empty() {
                let w = load(&padded(rest));
                for (sums, (_, x_tail)) in sums.iter_mut().zip(&rows) {
                    sums[c] = multiply_add_f64(*x_tail, w, sums[c]);
                }
            }
        }
        for (r, [a, b, c, d]) in sums.into_iter().enumerate() {
            // Sums A, B, C, D: lanes 0 + 2 and 1 + 3 of A and C side by side, then of B and D,
            // and one pairwise addition of those gives (l₀ + l₂) + (l₁ + l₃) of each, in order.
            let ac = _mm256_add_pd(
                _mm256_permute2f128_pd(a, c, 0x20),
                _mm256_permute2f128_pd(a, c, 0x31),
            );
            let bd = _mm256_add_pd(
                _mm256_permute2f128_pd(b, d, 0x20),
                _mm256_permute2f128_pd(b, d, 0x31),
            );
            let mut results = [0.0; 4];
            unsafe { _mm256_storeu_pd(results.as_mut_ptr(), _mm256_hadd_pd(ac, bd)) };
            let outputs = &mut out[r * O..(r + 1) * O][group * 4..];
            let count = outputs.len().min(4);
            outputs[..count].copy_from_slice(&results[..count]);
        }
    }
}

#[inline]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
fn product_f32_avx2<const R: usize, const I: usize, const O: usize>(
    x: &[f32],
    w: &[f32],
    out: &mut [f32],
) {
    // SAFETY (every load and store): each pointer is that of a `[f32; 8]`.
    let load = |lanes: &[f32; 8]| unsafe { _mm256_loadu_ps(lanes.as_ptr()) };
    let rows: [(&[[f32; 8]], __m256); R] = core::array::from_fn(|r| {
        let (blocks, rest) = x[r * I..(r + 1) * I].as_chunks::<8>();
        (blocks, load(&padded(rest)))
    });
    for (group, columns) in w[..I * O].chunks(8 * I).enumerate() {
        let mut sums = [[_mm256_setzero_ps(); 8]; R];
        for (c, column) in columns.chunks_exact(I).enumerate() {
            let (blocks, rest) = column.as_chunks::<8>();
            for (k, w) in blocks.iter().enumerate() {
                let w = load(w);
                for (sums, (x, _)) in sums.iter_mut().zip(&rows) {
                    sums[c] = multiply_add_f32(load(&x[k]), w, sums[c]);
                }
            }
            if !rest.is_empty() {
                let w = load(&padded(rest));
                for (sums, (_, x_tail)) in sums.iter_mut().zip(&rows) {
                    sums[c] = multiply_add_f32(*x_tail, w, sums[c]);
                }
            }
        }
        for (r, [a, b, c, d, e, f, g, h]) in sums.into_iter().enumerate() {
            // Sums A…H, lanes l₀…l₇. First mⱼ = lⱼ + lⱼ₊₄: A's in the low half of a register
            // and E's in the high half, and so on for B/F, C/G, D/H.
            let fold = |low: __m256, high: __m256| {
                _mm256_add_ps(
                    _mm256_permute2f128_ps(low, high, 0x20),
                    _mm256_permute2f128_ps(low, high, 0x31),
                )
            };
            let (ae, bf, cg, dh) = (fold(a, e), fold(b, f), fold(c, g), fold(d, h));
            // Then nⱼ = mⱼ + mⱼ₊₂ (j = 0, 1), two columns per register: [n₀ n₁ of A, of B | E, F].
            let pair = |first: __m256, second: __m256| {
                _mm256_add_ps(
                    _mm256_shuffle_ps(first, second, 0x44),
                    _mm256_shuffle_ps(first, second, 0xEE),
                )
            };
            let (abef, cdgh) = (pair(ae, bf), pair(cg, dh));
            // Last n₀ + n₁: [A B C D | E F G H].
            let mut results = [0.0; 8];
            unsafe { _mm256_storeu_ps(results.as_mut_ptr(), _mm256_hadd_ps(abef, cdgh)) };
            let outputs = &mut out[r * O..(r + 1) * O][group * 8..];
            let count = outputs.len().min(8);
            outputs[..count].copy_from_slice(&results[..count]);
        }
    }
}
