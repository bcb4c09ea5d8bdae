//! Which shapes run in which code: every size from which a product or a whole step leaves the
//! portable loops for code written for an instruction set, in one place.
//!
//! Sizes are in bytes where the rule is "so many registers": a 256-bit AVX2 register holds 32
//! bytes, 4 `f64` or 8 `f32`. Every figure below was measured on this project's machine; none
//! changes a result, except [`ROW_BY_ROW_MAX_SAMPLES`], which is part of the products' stated
//! order (see its comment).

/// `f64` work on this many samples or more runs in the AVX-512 version of a step: the linear
/// set's batch of 100 measured 17 % faster there than in the AVX2 version.
pub(crate) const AVX512_FROM_SAMPLES: usize = 32;

/// Below [`AVX512_FROM_SAMPLES`], training batches that fill whole 8-wide `f64` registers run
/// in the AVX-512 version from this many samples: 4 to 21 % faster at 16. A batch of 8 measured
/// from 8 % slower to 7 % faster, so it stays with AVX2.
pub(crate) const AVX512_WHOLE_REGISTERS_FROM_SAMPLES_TRAINING: usize = 16;

/// [`AVX512_WHOLE_REGISTERS_FROM_SAMPLES_TRAINING`] for prediction (a forward pass alone): 9 %
/// faster at 2-4-4-1 and 23 % at 16→32→32→4 on a batch of 8.
pub(crate) const AVX512_WHOLE_REGISTERS_FROM_SAMPLES_PREDICTION: usize = 8;

/// `f64` values in an AVX-512 register: the batches that fill whole registers are multiples of
/// it. Other batches below [`AVX512_FROM_SAMPLES`] stay with AVX2: their 8-wide loops are
/// mostly remainder, and the AVX2 version measured faster, by 13 % on XOR-easy's 21 samples and
/// by a third on one sample (`predict_one`: 50 ns against 75 ns), where the short vectors'
/// comparisons go through 512-bit registers. (`f32` work never runs in the AVX-512 version: it
/// measured up to twice as slow there.)
pub(crate) const AVX512_F64_LANES: usize = 8;

/// One sample's `x·W` (and two or three samples' side by side) runs in the AVX2 code from this
/// many bytes of inputs, two registers: 8 `f64` or 16 `f32`. Below that the portable loop
/// measured faster.
pub(crate) const AVX2_ROWS_PRODUCT_FROM_INPUT_BYTES: usize = 64;

/// `aᵀ·δ` runs in the AVX2 code from this many bytes of samples, one register: 4 `f64` or 8
/// `f32`. Below that every sample is remainder, which the portable loop adds just as well.
pub(crate) const AVX2_TRANSPOSE_PRODUCT_FROM_BATCH_BYTES: usize = 32;

/// A batch of at most this many samples, with [`ROW_BY_ROW_FROM_INPUT_BYTES`] of inputs or
/// more, is multiplied row by row, each row as one sample is: too few rows to fill SIMD lanes
/// along the batch. Unlike the other sizes here this one chooses an order of additions, not
/// just code: such a batch gives each row `predict_one`'s bits, on every CPU.
pub(crate) const ROW_BY_ROW_MAX_SAMPLES: usize = 3;

/// The inputs, in bytes, from which [`ROW_BY_ROW_MAX_SAMPLES`] applies: those from which one
/// sample's product runs in the AVX2 code ([`AVX2_ROWS_PRODUCT_FROM_INPUT_BYTES`]), so that the
/// rows share each load of `W` there.
pub(crate) const ROW_BY_ROW_FROM_INPUT_BYTES: usize = AVX2_ROWS_PRODUCT_FROM_INPUT_BYTES;

/// Whether `f64` work on `samples` samples runs faster in the AVX-512 version of a step than in
/// the AVX2 one (see the constants above). `forward_only`: the work is a forward pass alone.
pub(crate) const fn prefers_avx512(samples: usize, forward_only: bool) -> bool {
    let smallest_whole = if forward_only {
        AVX512_WHOLE_REGISTERS_FROM_SAMPLES_PREDICTION
    } else {
        AVX512_WHOLE_REGISTERS_FROM_SAMPLES_TRAINING
    };
    samples >= AVX512_FROM_SAMPLES
        || (samples >= smallest_whole && samples.is_multiple_of(AVX512_F64_LANES))
}

/// Whether `x·W` of `inputs` inputs of `T` runs in the AVX2 code.
pub(crate) const fn rows_product_in_avx2<T>(inputs: usize) -> bool {
    inputs * size_of::<T>() >= AVX2_ROWS_PRODUCT_FROM_INPUT_BYTES
}

/// Whether `aᵀ·δ` over a batch of `samples` samples of `T` runs in the AVX2 code.
pub(crate) const fn transpose_product_in_avx2<T>(samples: usize) -> bool {
    samples * size_of::<T>() >= AVX2_TRANSPOSE_PRODUCT_FROM_BATCH_BYTES
}

/// Whether a batch of `samples` samples of `inputs` inputs of `T` is multiplied row by row.
pub(crate) const fn row_by_row<T>(samples: usize, inputs: usize) -> bool {
    samples <= ROW_BY_ROW_MAX_SAMPLES && inputs * size_of::<T>() >= ROW_BY_ROW_FROM_INPUT_BYTES
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The batches that go to AVX-512 are the ones measured faster there, and no others.
    #[test]
    fn avx512_is_chosen_for_the_measured_batches() {
        for (samples, forward_only, expected) in [
            (1, true, false),
            (4, true, false),
            (8, true, true),
            (8, false, false),
            (12, true, false),
            (16, false, true),
            (21, false, false), // XOR-easy
            (24, false, true),
            (31, true, false),
            (32, false, true),
            (100, false, true), // the linear set
        ] {
            assert_eq!(
                prefers_avx512(samples, forward_only),
                expected,
                "{samples} samples, forward only: {forward_only}"
            );
        }
    }

    /// The AVX2 products start at two registers of inputs and one of samples; batches of two or
    /// three go row by row from two registers of inputs.
    #[test]
    fn avx2_products_and_rows_start_at_the_stated_sizes() {
        assert!(!rows_product_in_avx2::<f64>(7) && rows_product_in_avx2::<f64>(8));
        assert!(!rows_product_in_avx2::<f32>(15) && rows_product_in_avx2::<f32>(16));
        assert!(!transpose_product_in_avx2::<f64>(3) && transpose_product_in_avx2::<f64>(4));
        assert!(!transpose_product_in_avx2::<f32>(7) && transpose_product_in_avx2::<f32>(8));
        assert!(row_by_row::<f64>(3, 8) && !row_by_row::<f64>(4, 8) && !row_by_row::<f64>(2, 7));
        assert!(row_by_row::<f32>(2, 16) && !row_by_row::<f32>(2, 15));
    }
}
