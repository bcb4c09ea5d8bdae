//! x86-64: the products written for AVX2, and the instruction-set tier a whole step runs in.
//!
//! `cargo build --release` targets baseline x86-64 (SSE2), and a library cannot ask its users
//! for `-C target-cpu=native`, so the CPU is asked at run time. [`tier`] chooses, for a step,
//! between the version compiled for AVX-512, the one compiled for AVX2 and the baseline one
//! ([`dispatch`](crate::math::dispatch) runs it); the products below check for AVX2 on every
//! call. Each `kernel!` line declares one product for one scalar, with its test against the
//! portable loops; the sizes from which each runs are in
//! [`thresholds`](crate::math::kernels::thresholds).

mod avx2;

use crate::math::dispatch::Work;
#[cfg(test)] // what each `kernel!` line is tested like
use crate::math::kernels::portable;
use crate::math::kernels::thresholds;

kernel! {
    avx2_rows_product_f64: RowsProduct::rows_product for f64,
    shapes <R, I, O>(x: R * I, w: I * O) -> out: R * O,
    runs avx2::one_sample::product_f64::<R, I, O>,
    where thresholds::rows_product_in_avx2::<f64>(I),
    on can_run_avx2(),
    tested like portable::rows_product::<f64, R, I, O>,
    on [(1, 4, 3), (1, 7, 2), (1, 8, 1), (1, 8, 4), (1, 9, 7), (1, 16, 32), (1, 35, 6),
        (1, 64, 9), (2, 8, 3), (2, 20, 5), (3, 33, 9), (3, 37, 6)],
}

kernel! {
    avx2_rows_product_f32: RowsProduct::rows_product for f32,
    shapes <R, I, O>(x: R * I, w: I * O) -> out: R * O,
    runs avx2::one_sample::product_f32::<R, I, O>,
    where thresholds::rows_product_in_avx2::<f32>(I),
    on can_run_avx2(),
    tested like portable::rows_product::<f32, R, I, O>,
    on [(1, 8, 3), (1, 15, 2), (1, 16, 1), (1, 16, 8), (1, 17, 13), (1, 32, 32), (1, 45, 4),
        (1, 128, 10), (2, 16, 5), (2, 40, 9), (3, 40, 12)],
}

kernel! {
    avx2_transpose_product_f64: TransposeProduct::transpose_product for f64,
    shapes <B, I, O>(a: B * I, delta: B * O) -> product: I * O,
    runs avx2::batch_dots::product_f64::<B, I, O>,
    where thresholds::transpose_product_in_avx2::<f64>(B),
    on can_run_avx2(),
    tested like portable_transpose_product::<f64, B, I, O>,
    on [(1, 2, 3), (3, 2, 4), (4, 1, 1), (4, 2, 4), (7, 3, 5), (21, 4, 1), (22, 5, 7),
        (64, 9, 10), (100, 2, 4)],
}

kernel! {
    avx2_transpose_product_f32: TransposeProduct::transpose_product for f32,
    shapes <B, I, O>(a: B * I, delta: B * O) -> product: I * O,
    runs avx2::batch_dots::product_f32::<B, I, O>,
    where thresholds::transpose_product_in_avx2::<f32>(B),
    on can_run_avx2(),
    tested like portable_transpose_product::<f32, B, I, O>,
    on [(4, 2, 3), (7, 3, 5), (8, 1, 1), (8, 2, 4), (21, 5, 6), (33, 3, 9), (64, 33, 10)],
}

/// The portable `aᵀ·δ` on slices, as the `kernel!` tests call every portable product. (The
/// portable function itself takes matrices: on slices, LLVM compiled its loops into 0.5 % more
/// instructions for a small `f32` training step.)
#[cfg(test)]
fn portable_transpose_product<T, const B: usize, const I: usize, const O: usize>(
    a: &[T],
    delta: &[T],
    product: &mut [T],
) where
    T: crate::math::scalar::Scalar,
{
    use nalgebra::SMatrix;
    let mut matrix = SMatrix::<T, I, O>::zeros();
    portable::transpose_product(
        &SMatrix::<T, B, I>::from_column_slice(a),
        &SMatrix::<T, B, O>::from_column_slice(delta),
        &mut matrix,
    );
    product.copy_from_slice(matrix.as_slice());
}

/// An instruction-set tier: which version of a step runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tier {
    /// Compiled for AVX-512F (which implies AVX2 and FMA).
    Avx512,
    /// Compiled for AVX2, and for FMA too with the `fma` feature.
    Avx2,
    /// Compiled for baseline x86-64 (SSE2).
    Baseline,
}

/// The tier `W`'s work runs in on this CPU: AVX-512 for `f64` work on the batches
/// [`thresholds::prefers_avx512`] names, where the CPU has it; else AVX2 where the CPU has it
/// (and FMA, with the `fma` feature); else the baseline. Never a tier the CPU cannot run.
#[inline(always)]
pub(crate) fn tier<W: Work>() -> Tier {
    if size_of::<W::Scalar>() == 8
        && thresholds::prefers_avx512(W::SAMPLES, W::FORWARD_ONLY)
        && std::arch::is_x86_feature_detected!("avx512f")
    {
        Tier::Avx512
    } else if can_run_avx2() {
        Tier::Avx2
    } else {
        Tier::Baseline
    }
}

/// Whether this CPU can run [`with_avx2`] and the AVX2 products: AVX2, and FMA too with the
/// `fma` feature.
#[inline(always)]
pub(crate) fn can_run_avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
        && (!cfg!(feature = "fma") || std::arch::is_x86_feature_detected!("fma"))
}

/// Runs `work` compiled for AVX2 (which implies AVX, SSE4.2 and below), and with the `fma`
/// feature for FMA too: what [`can_run_avx2`] checks.
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
pub(crate) fn with_avx2<W: Work>(work: W) -> W::Output {
    work.run()
}

/// Runs `work` compiled for AVX-512F, which in Rust's feature table implies AVX2, FMA and F16C
/// (and what those imply); every CPU with AVX-512F has all of them.
#[target_feature(enable = "avx512f")]
pub(crate) fn with_avx512<W: Work>(work: W) -> W::Output {
    work.run()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A step's work with no body: only its scalar and batch, which are all `tier` reads.
    struct Shape<T, const SAMPLES: usize, const FORWARD_ONLY: bool>(core::marker::PhantomData<T>);

    impl<T: crate::math::scalar::Scalar, const SAMPLES: usize, const FORWARD_ONLY: bool> Work
        for Shape<T, SAMPLES, FORWARD_ONLY>
    {
        type Scalar = T;
        const SAMPLES: usize = SAMPLES;
        const FORWARD_ONLY: bool = FORWARD_ONLY;
        type Output = ();
        fn run(self) {}
    }

    /// `f32` work never runs in the AVX-512 version, `f64` work does on the measured batches
    /// where the CPU has AVX-512F, and everything else runs in the widest version below it.
    #[test]
    fn tier_follows_the_sizes_and_the_cpu() {
        let below_avx512 = if can_run_avx2() {
            Tier::Avx2
        } else {
            Tier::Baseline
        };
        let measured_faster = if std::arch::is_x86_feature_detected!("avx512f") {
            Tier::Avx512
        } else {
            below_avx512
        };
        assert_eq!(tier::<Shape<f32, 100, false>>(), below_avx512);
        assert_eq!(tier::<Shape<f32, 8, true>>(), below_avx512);
        assert_eq!(tier::<Shape<f64, 100, false>>(), measured_faster);
        assert_eq!(tier::<Shape<f64, 8, true>>(), measured_faster);
        assert_eq!(tier::<Shape<f64, 8, false>>(), below_avx512);
        assert_eq!(tier::<Shape<f64, 21, false>>(), below_avx512);
        assert_eq!(tier::<Shape<f64, 1, true>>(), below_avx512);
    }
}
