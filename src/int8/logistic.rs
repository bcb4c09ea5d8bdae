//! `LogisticKernel`: TFLite Micro's int8 LOGISTIC (`reference_integer_ops/logistic.h`).
//!
//! The output is fixed by the op: scale 1/256, zero point −128, so `σ = (q_out + 128)/256`.
//! The input goes to Q4.27 ([`Q4Input`]), gemmlowp's fixed-point logistic gives `σ` in Q0.31,
//! and `RoundingDivideByPOT(σ, 23) − 128` brings it to the int8 output. Integer arithmetic
//! only.

use crate::int8::fixed_point::{logistic, rounding_divide_by_power_of_two};
use crate::int8::q4_input::{Q4, Q4Input};

/// An int8 logistic, prepared for one input tensor's scale and zero point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LogisticKernel {
    /// The prepared input stage.
    pub input: Q4Input,
}

impl LogisticKernel {
    /// The output scale TFLite fixes for int8 LOGISTIC.
    pub const OUTPUT_SCALE: f32 = 1.0 / 256.0;
    /// The output zero point TFLite fixes for int8 LOGISTIC.
    pub const OUTPUT_ZERO_POINT: i32 = -128;

    /// `σ(s·(q − z))` as int8 with scale 1/256 and zero point −128.
    #[inline(always)]
    pub const fn apply(&self, input: i8) -> i8 {
        match self.input.rescale(input) {
            Q4::Low => i8::MIN,
            Q4::High => i8::MAX,
            Q4::Value(q4) => {
                let output_q0 = logistic(q4, Q4Input::INTEGER_BITS);
                // Q0.31 → 1/256 steps: divide by 2^(31 − 8), then shift by the zero point
                let output =
                    rounding_divide_by_power_of_two(output_q0, 31 - 8) + Self::OUTPUT_ZERO_POINT;
                clamp_to_i8(output)
            }
        }
    }
}

/// `min(max(x, −128), 127)`.
#[inline(always)]
pub(crate) const fn clamp_to_i8(x: i32) -> i8 {
    if x < i8::MIN as i32 {
        i8::MIN
    } else if x > i8::MAX as i32 {
        i8::MAX
    } else {
        x as i8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::int8::tanh::TanhKernel;

    #[test]
    fn every_input_is_within_one_step_of_the_real_function_and_monotone() {
        for (scale, zero_point) in [(0.0625_f32, 3), (0.1, -20), (0.02, 0), (0.5, 127)] {
            let input = Q4Input::prepare(scale, zero_point).unwrap();
            let (logistic, tanh) = (LogisticKernel { input }, TanhKernel { input });
            let (mut last_logistic, mut last_tanh) = (i8::MIN, i8::MIN);
            for q in i8::MIN..=i8::MAX {
                let x = f64::from(scale) * (q as i32 - zero_point) as f64;
                let sigma = 1.0 / (1.0 + (-x).exp());
                let got = (logistic.apply(q) as f64 + 128.0) / 256.0;
                assert!(
                    (got - sigma).abs() <= 1.0 / 256.0,
                    "σ({x}) = {sigma}, got {got}"
                );
                let got = tanh.apply(q) as f64 / 128.0;
                assert!(
                    (got - x.tanh()).abs() <= 1.0 / 128.0,
                    "tanh({x}) = {}, got {got}",
                    x.tanh()
                );
                assert!(logistic.apply(q) >= last_logistic && tanh.apply(q) >= last_tanh);
                (last_logistic, last_tanh) = (logistic.apply(q), tanh.apply(q));
            }
        }
    }
}
