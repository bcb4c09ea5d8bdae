//! Products written for AVX2 with `core::arch`, in the portable kernels' order to the bit.
//!
//! [`portable`](crate::math::kernels::portable) states each product as plain loops in a fixed order of
//! additions, which LLVM vectorises well for most shapes. Two of those loops it vectorises
//! badly: the dot products in lanes, where it runs 256-bit lanes as 128-bit halves, folds every
//! sum on its own, or (for `aᵀ·δ`) vectorises across the wrong index and keeps the sums on the
//! stack. The files here write those two with full 256-bit registers:
//! - [`one_sample`]: one sample's `x·W`, a dot product down each column of `W`;
//! - [`batch_dots`]: `aᵀ·δ`, a dot product over the batch for each weight.
//!
//! Every addition is the one the portable code does, on the same two values, so the results
//! are the same bits: each product's `kernel!` line in `x86_64` tests it against the portable
//! loops, and the portable tests spell the order out by index. Those lines are also where the
//! products are plugged in, with the CPU check and the smallest shape each is for.
//! With the `fma` feature each `sum + x·w` is one fused instruction, as `multiply_add` is then
//! everywhere.
//!
//! This module holds what both files use: the multiply-add and the folds of a dot product's
//! lanes.

pub(super) mod batch_dots;
pub(super) mod one_sample;

use core::arch::x86_64::*;

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

/// Four sums of 4 `f64` lanes l₀…l₃, each folded half onto half as the kernels fold them,
/// (l₀ + l₂) + (l₁ + l₃), all four at once.
#[inline]
#[target_feature(enable = "avx2")]
fn fold_f64([a, b, c, d]: [__m256d; 4]) -> [f64; 4] {
    // Lanes 0 + 2 and 1 + 3 of A and C side by side, then of B and D, and one pairwise
    // addition of those gives (l₀ + l₂) + (l₁ + l₃) of each, in order.
    let ac = _mm256_add_pd(
        _mm256_permute2f128_pd(a, c, 0x20),
        _mm256_permute2f128_pd(a, c, 0x31),
    );
    let bd = _mm256_add_pd(
        _mm256_permute2f128_pd(b, d, 0x20),
        _mm256_permute2f128_pd(b, d, 0x31),
    );
    let mut folded = [0.0; 4];
    // SAFETY: the pointer is that of a `[f64; 4]`.
    unsafe { _mm256_storeu_pd(folded.as_mut_ptr(), _mm256_hadd_pd(ac, bd)) };
    folded
}

/// Eight sums of 8 `f32` lanes l₀…l₇, each folded half onto half as the kernels fold them,
/// ((l₀ + l₄) + (l₂ + l₆)) + ((l₁ + l₅) + (l₃ + l₇)), all eight at once.
#[inline]
#[target_feature(enable = "avx2")]
fn fold_f32([a, b, c, d, e, f, g, h]: [__m256; 8]) -> [f32; 8] {
    // First mⱼ = lⱼ + lⱼ₊₄: A's in the low half of a register and E's in the high half, and so
    // on for B/F, C/G, D/H.
    let fold = |low: __m256, high: __m256| {
        _mm256_add_ps(
            _mm256_permute2f128_ps(low, high, 0x20),
            _mm256_permute2f128_ps(low, high, 0x31),
        )
    };
    let (ae, bf, cg, dh) = (fold(a, e), fold(b, f), fold(c, g), fold(d, h));
    // Then nⱼ = mⱼ + mⱼ₊₂ (j = 0, 1), two sums per register: [n₀ n₁ of A, of B | E, F].
    let pair = |first: __m256, second: __m256| {
        _mm256_add_ps(
            _mm256_shuffle_ps(first, second, 0x44),
            _mm256_shuffle_ps(first, second, 0xEE),
        )
    };
    let (abef, cdgh) = (pair(ae, bf), pair(cg, dh));
    // Last n₀ + n₁: [A B C D | E F G H].
    let mut folded = [0.0; 8];
    // SAFETY: the pointer is that of a `[f32; 8]`.
    unsafe { _mm256_storeu_ps(folded.as_mut_ptr(), _mm256_hadd_ps(abef, cdgh)) };
    folded
}
