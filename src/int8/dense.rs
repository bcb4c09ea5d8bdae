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
//! instead of `b[o]`: in wrapping int32 arithmetic `Σ w·x + (b − z_in·Σ w)` is the same number
//! as TFLite's sum, bit for bit, one subtraction fewer per weight.

use crate::int8::activation::{ActivationKind, QuantizedActivation};
use crate::int8::logistic::clamp_to_i8;
use crate::int8::multiplier::QuantizedMultiplier;

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
    pub const fn new(
        weights: [[i8; I]; O],
        bias: [i32; O],
        multipliers: [QuantizedMultiplier; O],
        input_zero_point: i32,
        output_zero_point: i32,
        kernel: A::Kernel,
    ) -> Self {
        let mut folded_bias = bias;
        let mut o = 0;
        while o < O {
            let mut sum = 0_i32;
            let mut d = 0;
            while d < I {
                sum = sum.wrapping_add(weights[o][d] as i32);
                d += 1;
            }
            // b − z_in·Σ w
            folded_bias[o] = bias[o].wrapping_sub(input_zero_point.wrapping_mul(sum));
            o += 1;
        }
        Self {
            weights,
            folded_bias,
            multipliers,
            input_zero_point,
            output_zero_point,
            kernel,
        }
    }

    /// The weights `w[o][d]`, one row per output.
    pub const fn weights(&self) -> &[[i8; I]; O] {
        &self.weights
    }

    /// TFLite's int32 bias `b[o]` (scale `s_in·s_w[o]`).
    pub fn bias(&self) -> [i32; O] {
        let mut bias = self.folded_bias;
        for (b, row) in bias.iter_mut().zip(&self.weights) {
            let sum = row.iter().fold(0_i32, |s, &w| s.wrapping_add(w as i32));
            *b = b.wrapping_add(self.input_zero_point.wrapping_mul(sum));
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
        for ((y, row), (&bias, multiplier)) in output
            .iter_mut()
            .zip(&self.weights)
            .zip(self.folded_bias.iter().zip(&self.multipliers))
        {
            // acc = Σ_d w[o][d]·x[d] + (b[o] − z_in·Σ_d w[o][d])
            let mut sum = 0_i32;
            for (&w, &x) in row.iter().zip(input) {
                sum = sum.wrapping_add(w as i32 * x as i32);
            }
            let accumulator = sum.wrapping_add(bias);
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
