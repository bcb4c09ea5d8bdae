//! `TanhKernel`: TFLite Micro's int8 TANH (`reference_integer_ops/tanh.h`).
//!
//! The output is fixed by the op: scale 1/128, zero point 0, so `tanh = q_out/128`. The input
//! goes to Q4.27 ([`Q4Input`]), gemmlowp's fixed-point tanh gives the result in Q0.31, and
//! `RoundingDivideByPOT(t, 24)` brings it to the int8 output. Integer arithmetic only.

use crate::int8::fixed_point::{rounding_divide_by_power_of_two, tanh};
use crate::int8::logistic::clamp_to_i8;
use crate::int8::q4_input::{Q4, Q4Input};

/// An int8 tanh, prepared for one input tensor's scale and zero point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TanhKernel {
    /// The prepared input stage.
    pub input: Q4Input,
}

impl TanhKernel {
    /// The output scale TFLite fixes for int8 TANH.
    pub const OUTPUT_SCALE: f32 = 1.0 / 128.0;
    /// The output zero point TFLite fixes for int8 TANH.
    pub const OUTPUT_ZERO_POINT: i32 = 0;

    /// `tanh(s·(q − z))` as int8 with scale 1/128 and zero point 0.
    #[inline(always)]
    pub const fn apply(&self, input: i8) -> i8 {
        match self.input.rescale(input) {
            Q4::Low => i8::MIN,
            Q4::High => i8::MAX,
            Q4::Value(q4) => {
                let output_q0 = tanh(q4, Q4Input::INTEGER_BITS);
                // Q0.31 → 1/128 steps: divide by 2^(31 − 7)
                clamp_to_i8(rounding_divide_by_power_of_two(output_q0, 31 - 7))
            }
        }
    }
}
