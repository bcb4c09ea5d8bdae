//! Products written for AVX2 with `core::arch`, in the portable kernels' order to the bit.
//!
//! [`kernels`](crate::math::kernels) states each product as plain loops in a fixed order of
//! additions, which LLVM vectorises well for most shapes. Two of those loops it vectorises
//! badly: the dot products in lanes, where it runs 256-bit lanes as 128-bit halves, folds every
//! sum on its own, or (for `aᵀ·δ`) vectorises across the wrong index and keeps the sums on the
//! stack. The files here write those two with full 256-bit registers:
//! - [`one_sample`]: one sample's `x·W`, a dot product down each column of `W`;
//! - [`batch_dots`]: `aᵀ·δ`, a dot product over the batch for each weight.
//!
//! Every addition is the one the portable code does, on the same two values, so the results
//! are the same bits (the tests in `kernels` spell the order out by index and compare). The
//! kernels reach this code through the crate-private methods of
//! [`Scalar`](crate::math::scalar::Scalar)'s sealed supertrait, implemented here for `f32` and
//! `f64`: each checks [`can_run_avx2`](crate::math::dispatch::can_run_avx2) and the shape, and
//! returns `false`, with nothing written, where this code cannot run or does not pay; the
//! caller then runs the portable loops.
//! With the `fma` feature each `sum + x·w` is one fused instruction, as `multiply_add` is then
//! everywhere. Like `dispatch`'s versions, this code is compiled in release builds and in the
//! crate's unit tests only: other builds with debug assertions (`cargo test`'s integration
//! tests, `cargo build`) run the portable loops, which keeps every network type of the test
//! suite from compiling a second copy of its products.
//!
//! This module holds those entry points and what both files use: the multiply-add and the folds
//! of a dot product's lanes.

mod batch_dots;
mod one_sample;

use crate::math::dispatch::can_run_avx2;
use crate::math::scalar::sealed::Sealed;
use core::arch::x86_64::*;

// Each entry point's first test is the smallest shape the code is for: one-sample products
// from two registers of inputs (below that the portable loop measured faster), `aᵀ·δ` from one
// register of samples (below that every sample is remainder). SAFETY (every call): the CPU has
// AVX2, and FMA with the `fma` feature, which is all the functions are compiled for.
impl Sealed for f64 {
    #[inline(always)]
    fn rows_product_avx2<const R: usize, const I: usize, const O: usize>(
        x: &[f64],
        w: &[f64],
        out: &mut [f64],
    ) -> bool {
        if I < 8 || !can_run_avx2() {
            return false;
        }
        unsafe { one_sample::product_f64::<R, I, O>(x, w, out) };
        true
    }

    #[inline(always)]
    fn transpose_product_avx2<const B: usize, const I: usize, const O: usize>(
        a: &[f64],
        delta: &[f64],
        product: &mut [f64],
    ) -> bool {
        if B < 4 || !can_run_avx2() {
            return false;
        }
        unsafe { batch_dots::product_f64::<B, I, O>(a, delta, product) };
        true
    }
}

impl Sealed for f32 {
    #[inline(always)]
    fn rows_product_avx2<const R: usize, const I: usize, const O: usize>(
        x: &[f32],
        w: &[f32],
        out: &mut [f32],
    ) -> bool {
        if I < 16 || !can_run_avx2() {
            return false;
        }
        unsafe { one_sample::product_f32::<R, I, O>(x, w, out) };
        true
    }

    #[inline(always)]
    fn transpose_product_avx2<const B: usize, const I: usize, const O: usize>(
        a: &[f32],
        delta: &[f32],
        product: &mut [f32],
    ) -> bool {
        if B < 8 || !can_run_avx2() {
            return false;
        }
        unsafe { batch_dots::product_f32::<B, I, O>(a, delta, product) };
        true
    }
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
