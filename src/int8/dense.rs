//! `QuantizedDense`: TFLite's int8 fully connected layer, followed by its activation.
//!
//! Real values are `s·(q − z)`. Weights are int8 in `[−127, 127]` with zero point 0 and one
//! scale `s_w[o]` per output channel; the bias is int32 with scale `s_in·s_w[o]`. One output
//! (`reference_integer_ops/fully_connected.h`, TFLite Micro's per-channel path):
//!
//! ```text
//! acc[o] = Σ_d w[o][d]·(x[d] − z_in) + b[o]                         (int32)
//! y[o]   = clamp(MultiplyByQuantizedMultiplier(acc[o], M[o]) + z_out, lo, hi)
//! ```
//!
//! with `M[o] = s_in·s_w[o] / s_out` prepared as a [`QuantizedMultiplier`], `lo = z_out` for a
//! fused ReLU (the real value 0) and −128 otherwise, `hi = 127`. A sigmoid or tanh layer then
//! runs TFLite Micro's LOGISTIC or TANH on `y`. The layer stores `b[o] − z_in·Σ_d w[o][d]`
//! instead of `b[o]`: `Σ w·x + (b − z_in·Σ w)` is the same number as TFLite's sum, one
//! subtraction fewer per weight. A layer is only built when no such sum can overflow int32
//! for any input ([`QuantizedDense::try_new`]), so that number is exact.

use crate::int8::activation::{ActivationKind, QuantizedActivation};
use crate::int8::dot_product;
use crate::int8::logistic::clamp_to_i8;
use crate::int8::multiplier::QuantizedMultiplier;
use crate::math::message::{Argument, write_message};
use core::fmt;

/// Why a [`QuantizedDense`] was refused: for some int8 input, an output's int32 sum
/// `Σ_d w[o][d]·(x[d] − z_in) + b[o]` would overflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccumulatorOverflow {
    /// The output channel (from 0).
    pub output: usize,
    /// The largest magnitude its sum can reach, `|b[o]| + r·Σ_d |w[o][d]|`.
    pub largest: i128,
}

impl fmt::Display for AccumulatorOverflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_message(
            f,
            "output #|an int32 sum that cannot overflow (at most 2147483647 in magnitude)|one \
             that can reach #",
            &[
                Argument::Integer(self.output as i64),
                Argument::Wide(&self.largest),
            ],
        )
    }
}

#[cfg(feature = "std")]
impl std::error::Error for AccumulatorOverflow {}

/// An int8 fully connected layer from `I` inputs to `O` outputs with activation `A`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuantizedDense<const I: usize, const O: usize, A: QuantizedActivation> {
    /// `w[o][d]`: TFLite's `[out, in]` layout, one row per output channel.
    weights: [[i8; I]; O],
    /// `b[o] − z_in·Σ_d w[o][d]`, TFLite's bias with the input zero point folded in.
    folded_bias: [i32; O],
    /// `M[o] = s_in·s_w[o] / s_out`.
    multipliers: [QuantizedMultiplier; O],
    /// `z_in`.
    input_zero_point: i32,
    /// `z_out` of the fully connected result (before a sigmoid or tanh).
    output_zero_point: i32,
    /// The activation's prepared kernel.
    kernel: A::Kernel,
}

impl<const I: usize, const O: usize, A: QuantizedActivation> QuantizedDense<I, O, A> {
    /// A layer from TFLite's parts: `weights[o][d]`, the int32 `bias[o]` (scale
    /// `s_in·s_w[o]`), the multipliers `M[o]`, the zero points of the input and of the fully
    /// connected result, and the activation's kernel. `const`, so a baked layer is data.
    ///
    /// # Panics
    ///
    /// If [`try_new`](Self::try_new) refuses the parts: an int32 sum of this layer could
    /// overflow. In a `const` item that is a compile error.
    pub const fn new(
        weights: [[i8; I]; O],
        bias: [i32; O],
        multipliers: [QuantizedMultiplier; O],
        input_zero_point: i32,
        output_zero_point: i32,
        kernel: A::Kernel,
    ) -> Self {
        match Self::try_new(
            weights,
            bias,
            multipliers,
            input_zero_point,
            output_zero_point,
            kernel,
        ) {
            Ok(layer) => layer,
            Err(_) => panic!("an int32 accumulator of this layer could overflow"),
        }
    }

    /// [`new`](Self::new), or an error when some input could make the int32 sum
    /// `Σ_d w[o][d]·(x[d] − z_in) + b[o]` overflow: every output must satisfy
    /// `|b[o]| + r·Σ_d |w[o][d]| ≤ 2³¹ − 1`, where `r = max(|−128 − z_in|, |127 − z_in|)` is
    /// the largest `|x − z_in|` an int8 input reaches. Then no sum wraps and the layer's
    /// integer result is exact, as TFLite's is.
    pub const fn try_new(
        weights: [[i8; I]; O],
        bias: [i32; O],
        multipliers: [QuantizedMultiplier; O],
        input_zero_point: i32,
        output_zero_point: i32,
        kernel: A::Kernel,
    ) -> Result<Self, AccumulatorOverflow> {
        let z_in = input_zero_point as i64;
        let below = i8::MIN as i64 - z_in;
        let above = i8::MAX as i64 - z_in;
        let reach = if below.abs() > above.abs() {
            below.abs()
        } else {
            above.abs()
        };
        let mut folded_bias = bias;
        let mut o = 0;
        while o < O {
            let (mut sum, mut magnitude) = (0_i64, 0_i64);
            let mut d = 0;
            while d < I {
                sum += weights[o][d] as i64;
                magnitude += (weights[o][d] as i64).abs();
                d += 1;
            }
            // i128: I·127·r cannot reach 2⁶³ for any array that fits in memory, but proves it
            let largest = (bias[o] as i64).abs() as i128 + reach as i128 * magnitude as i128;
            if largest > i32::MAX as i128 {
                return Err(AccumulatorOverflow { output: o, largest });
            }
            // b − z_in·Σ w: |b| + |z_in|·Σ|w| ≤ largest, since r ≥ |z_in|
            folded_bias[o] = (bias[o] as i64 - z_in * sum) as i32;
            o += 1;
        }
        Ok(Self {
            weights,
            folded_bias,
            multipliers,
            input_zero_point,
            output_zero_point,
            kernel,
        })
    }

    /// The weights `w[o][d]`, one row per output.
    pub const fn weights(&self) -> &[[i8; I]; O] {
        &self.weights
    }

    /// TFLite's int32 bias `b[o]` (scale `s_in·s_w[o]`).
    pub fn bias(&self) -> [i32; O] {
        let mut bias = self.folded_bias;
        for (b, row) in bias.iter_mut().zip(&self.weights) {
            let sum = row.iter().map(|&w| i64::from(w)).sum::<i64>();
            // exact: the constructor checked that b and b − z_in·Σ w both fit
            *b = (i64::from(*b) + i64::from(self.input_zero_point) * sum) as i32;
        }
        bias
    }

    /// The requantisation multipliers `M[o]`.
    pub const fn multipliers(&self) -> &[QuantizedMultiplier; O] {
        &self.multipliers
    }

    /// `z_in`, the input's zero point.
    pub const fn input_zero_point(&self) -> i32 {
        self.input_zero_point
    }

    /// `z_out` of the fully connected result (the layer's output for ReLU and identity).
    pub const fn output_zero_point(&self) -> i32 {
        self.output_zero_point
    }

    /// The activation's prepared kernel.
    pub const fn kernel(&self) -> &A::Kernel {
        &self.kernel
    }

    /// The fused clamp's lower bound: `z_out` (the real 0) for a ReLU, −128 otherwise.
    #[inline(always)]
    const fn lower_bound(&self) -> i32 {
        if matches!(A::KIND, ActivationKind::Relu) && self.output_zero_point > i8::MIN as i32 {
            self.output_zero_point
        } else {
            i8::MIN as i32
        }
    }

    /// The layer's int8 outputs for one int8 input. Integer arithmetic only.
    #[inline(always)]
    pub fn forward(&self, input: &[i8; I]) -> [i8; O] {
        let lower = self.lower_bound();
        let mut output = [0_i8; O];
        // With the DSP extension, the input as int16 pairs for SMLAD, once for every row
        #[cfg(arm_dsp)]
        let mut widened = dot_product::Widened::new();
        #[cfg(arm_dsp)]
        dot_product::widen::<dot_product::Dsp, I>(input, &mut widened);
        for ((y, row), (&bias, multiplier)) in output
            .iter_mut()
            .zip(&self.weights)
            .zip(self.folded_bias.iter().zip(&self.multipliers))
        {
            // acc = Σ_d w[o][d]·x[d] + (b[o] − z_in·Σ_d w[o][d]), the same bits either way
            #[cfg(arm_dsp)]
            let accumulator =
                dot_product::packed::<dot_product::Dsp, I>(row, input, &widened, bias);
            #[cfg(not(arm_dsp))]
            let accumulator = dot_product::portable(row, input, bias);
            // y = clamp(MBQM(acc, M) + z_out, lo, 127)
            let scaled = multiplier
                .apply(accumulator)
                .wrapping_add(self.output_zero_point);
            let clamped = clamp_to_i8(if scaled < lower { lower } else { scaled });
            *y = A::apply_int8(&self.kernel, clamped);
        }
        output
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::Identity;

    fn layer(
        bias: i32,
        input_zero_point: i32,
    ) -> Result<QuantizedDense<2, 1, Identity>, AccumulatorOverflow> {
        QuantizedDense::try_new(
            [[127, -127]],
            [bias],
            [QuantizedMultiplier::ZERO],
            input_zero_point,
            0,
            (),
        )
    }

    #[test]
    fn a_sum_that_could_overflow_int32_is_refused_at_construction() {
        // z_in = 0: |x − z_in| reaches 128, so |acc| ≤ |b| + 128·254 = |b| + 32 512
        let edge = i32::MAX - 32_512;
        assert!(layer(edge, 0).is_ok());
        assert!(layer(-edge, 0).is_ok());
        assert_eq!(
            layer(edge + 1, 0),
            Err(AccumulatorOverflow {
                output: 0,
                largest: i32::MAX as i128 + 1
            })
        );
        // z_in = −128: |x − z_in| reaches 255
        assert!(layer(i32::MAX - 255 * 254, -128).is_ok());
        assert!(layer(i32::MAX - 255 * 254 + 1, -128).is_err());
        // a zero point outside int8 (possible in a file) widens the reach, and never wraps
        assert!(layer(0, i32::MIN).is_err());
        // the bias TFLite stored comes back, the zero point folded in and out again
        let built = layer(-5_000, 100).unwrap();
        assert_eq!(built.bias(), [-5_000]);
    }
}
