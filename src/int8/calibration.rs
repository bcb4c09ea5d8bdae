//! Post-training quantisation: a trained float network and calibration inputs in, the
//! [`QuantizedNetwork`] of the same shape out, as TensorFlow Lite's converter makes one.
//!
//! The float network runs on the calibration inputs; each layer's observed output range
//! `[min, max]`, widened to contain 0, gives its activation quantisation (TFLite's
//! `GetAsymmetricQuantizationParams`: `s = (max − min)/255`, `z` from whichever end rounds
//! with the smaller error). For a sigmoid or tanh layer the range observed is that of the
//! fully connected result before the activation, and the activation's output takes the scale
//! TFLite fixes (1/256 and −128, 1/128 and 0). Weights are symmetric per output channel,
//! `s_w[o] = max_d |w[o][d]| / 127`, `q = round(w/s_w)` in `[−127, 127]`; biases are int32
//! with scale `s_in·s_w[o]`; a bias too large for that (at least half the int32 range) widens
//! `s_w[o]` to `2·|b|/(s_in·(2³¹ − 1))` first, as TFLite's converter does, so no bias is
//! clamped. The input's range is observed the same way. Floating point
//! throughout: this runs once, when the network is built.

use crate::int8::activation::{ActivationKind, QuantizedActivation};
use crate::int8::dense::{AccumulatorOverflow, QuantizedDense};
use crate::int8::multiplier::{MultiplierError, QuantizedMultiplier, round_half_away_from_zero};
use crate::int8::network::{
    QuantizationParameters, QuantizedForm, QuantizedLayer, QuantizedNetwork,
};
use crate::int8::q4_input::Q4Input;
use crate::math::message::{Argument, write_message};
use crate::math::scalar::Scalar;
use crate::model::activation::Activation;
use crate::model::chain::Chain;
use crate::model::dense::{BiasMode, Dense};
use crate::model::layer::Layer;
use core::fmt;
use nalgebra::SMatrix;

/// Why a network could not be quantised.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CalibrationError {
    /// A calibration input, weight, bias or activation is NaN or infinite.
    NonFinite {
        /// Which: `"calibration input"`, `"weight"`, `"bias"` or `"activation"`.
        what: &'static str,
        /// The layer (from 1; 0 for the input).
        layer: usize,
    },
    /// A layer's rescaling factor `s_in·s_w/s_out` has no TFLite multiplier.
    Multiplier {
        /// The layer (from 1).
        layer: usize,
        /// Why.
        error: MultiplierError,
    },
    /// A layer's int32 sum could overflow for some input, even with the weight scale widened
    /// as TFLite's converter widens it for a large bias.
    Accumulator {
        /// The layer (from 1).
        layer: usize,
        /// Which output, and how large its sum can get.
        error: AccumulatorOverflow,
    },
}

impl fmt::Display for CalibrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (Self::NonFinite { layer, .. }
        | Self::Multiplier { layer, .. }
        | Self::Accumulator { layer, .. }) = *self;
        // Layer 0 is the calibration input, which needs no prefix.
        if layer != 0 {
            write_message(f, "layer #: ", &[Argument::Integer(layer as i64)])?;
        }
        match self {
            Self::NonFinite { what, .. } => {
                write_message(f, "|finite #s|NaN or an infinity", &[Argument::Text(what)])
            }
            Self::Multiplier { error, .. } => fmt::Display::fmt(error, f),
            Self::Accumulator { error, .. } => fmt::Display::fmt(error, f),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CalibrationError {}

/// Quantises `network` from the calibration `inputs` (one sample a row).
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::{data, mlp_int8};
/// use static_mlp::int8::quantize;
///
/// type Net = mlp!(f32; 2 => 8 Relu => 1 Sigmoid);
/// let net = Net::random(Init::He, &mut StdRng::seed_from_u64(3));
/// let xor = data::xor_easy::<f32>();
/// let int8: mlp_int8!(2 => 8 Relu => 1 Sigmoid) = quantize(&net, &xor.inputs)?;
/// let [float] = net.predict_one([0.1, 0.9]);
/// let [quantized] = int8.predict_one_f32([0.1, 0.9]);
/// assert!((float - quantized).abs() < 0.02);
/// # Ok::<(), static_mlp::int8::CalibrationError>(())
/// ```
pub fn quantize<N, T, const I: usize, const O: usize, const B: usize>(
    network: &N,
    inputs: &SMatrix<T, B, I>,
) -> Result<QuantizedNetwork<N::Quantized, I, O>, CalibrationError>
where
    T: Scalar,
    N: Calibrate<T, I, O>,
    N::Quantized: QuantizedLayer<I, O>,
{
    let (min, max) = range(inputs.iter().copied(), "calibration input", 0)?;
    let input = asymmetric_quantization(min, max);
    let (layers, output, _) = network.calibrate(inputs, input, 1)?;
    Ok(QuantizedNetwork::new(layers, input, output))
}

/// A float layer (or chain) that can quantise itself from calibration data.
pub trait Calibrate<T: Scalar, const I: usize, const O: usize>:
    Layer<T, I, O> + QuantizedForm
{
    /// The number of dense layers.
    const LAYERS: usize;

    /// The quantised layer(s), the quantisation of the output, and the float outputs (the
    /// next layer's calibration inputs), for `inputs` quantised as `input`; `layer` numbers
    /// the first layer (from 1) for error messages.
    #[allow(clippy::type_complexity)]
    fn calibrate<const B: usize>(
        &self,
        inputs: &SMatrix<T, B, I>,
        input: QuantizationParameters,
        layer: usize,
    ) -> Result<(Self::Quantized, QuantizationParameters, SMatrix<T, B, O>), CalibrationError>;
}

impl<T, const I: usize, const O: usize, A, Bias> Calibrate<T, I, O> for Dense<T, I, O, A, Bias>
where
    T: Scalar,
    A: Activation + QuantizedActivation,
    Bias: BiasMode,
{
    const LAYERS: usize = 1;

    fn calibrate<const B: usize>(
        &self,
        inputs: &SMatrix<T, B, I>,
        input: QuantizationParameters,
        layer: usize,
    ) -> Result<
        (
            QuantizedDense<I, O, A>,
            QuantizationParameters,
            SMatrix<T, B, O>,
        ),
        CalibrationError,
    > {
        range(self.weights().iter().copied(), "weight", layer)?;
        range(self.bias().iter().copied(), "bias", layer)?;
        // z = x·W + b, a = f(z)
        let mut z = inputs * self.weights();
        for (mut column, &b) in z.column_iter_mut().zip(self.bias().iter()) {
            column.iter_mut().for_each(|z| *z += b);
        }
        let activations = z.map(A::apply);
        // the tensor after the fully connected op: z, or relu(z) when the ReLU is fused
        let observed = if matches!(A::KIND, ActivationKind::Relu) {
            &activations
        } else {
            &z
        };
        let (min, max) = range(observed.iter().copied(), "activation", layer)?;
        let fully_connected = asymmetric_quantization(min, max);
        let output = match A::FIXED_OUTPUT {
            Some((scale, zero_point)) => QuantizationParameters { scale, zero_point },
            None => fully_connected,
        };

        let mut weights = [[0_i8; I]; O];
        let mut bias = [0_i32; O];
        let mut multipliers = [QuantizedMultiplier::ZERO; O];
        for o in 0..O {
            let column = self.weights().column(o);
            let largest = column
                .iter()
                .fold(0.0_f64, |m, w| m.max(magnitude(w.to_f64())));
            // s_w = max|w| / 127 (an all-zero channel gets scale 1, as TFLite gives it)
            let mut weight_scale = if largest > 0.0 {
                (largest / 127.0) as f32
            } else {
                1.0
            };
            // TFLite's AdjustWeightsForBiasScale: a bias of at least half the int32 range in
            // steps of s_in·s_w widens s_w so that the bias lands at 2³¹/2 steps, instead of
            // being clamped to a different number.
            let bias_magnitude = magnitude(self.bias()[o].to_f64());
            let int32_range = f64::from(i32::MAX);
            if bias_magnitude
                >= 0.5 * f64::from(input.scale) * f64::from(weight_scale) * int32_range
            {
                weight_scale =
                    (2.0 * bias_magnitude / (int32_range * f64::from(input.scale))) as f32;
            }
            for (d, w) in column.iter().enumerate() {
                let q = round_half_away_from_zero(w.to_f64() / f64::from(weight_scale));
                weights[o][d] = q.clamp(-127.0, 127.0) as i8;
            }
            // b in steps of s_in·s_w (the product in f32, as the converter computes it)
            let bias_scale = f64::from(input.scale * weight_scale);
            let b = self.bias()[o].to_f64();
            let q = if b == 0.0 {
                0.0
            } else {
                round_half_away_from_zero(b / bias_scale)
            };
            if !(f64::from(i32::MIN)..=int32_range).contains(&q) {
                // only when s_in·s_w underflows f32: a clamped bias would be a wrong answer
                return Err(CalibrationError::Accumulator {
                    layer,
                    error: AccumulatorOverflow {
                        output: o,
                        largest: if q.is_finite() { q as i128 } else { i128::MAX },
                    },
                });
            }
            bias[o] = q as i32;
            // M = s_in·s_w / s_out, in f64 as TFLite Micro prepares per-channel weights
            let real =
                f64::from(input.scale) * f64::from(weight_scale) / f64::from(fully_connected.scale);
            multipliers[o] = QuantizedMultiplier::from_real(real)
                .map_err(|error| CalibrationError::Multiplier { layer, error })?;
        }
        let kernel = A::kernel(
            Q4Input::prepare(fully_connected.scale, fully_connected.zero_point).unwrap_or(
                Q4Input {
                    zero_point: 0,
                    multiplier: 0,
                    left_shift: 0,
                    range_radius: 0,
                },
            ),
        );
        let quantized = QuantizedDense::try_new(
            weights,
            bias,
            multipliers,
            input.zero_point,
            fully_connected.zero_point,
            kernel,
        )
        .map_err(|error| CalibrationError::Accumulator { layer, error })?;
        Ok((quantized, output, activations))
    }
}

impl<T, First, Rest, const I: usize, const H: usize, const O: usize> Calibrate<T, I, O>
    for Chain<First, Rest, H>
where
    T: Scalar,
    First: Calibrate<T, I, H>,
    Rest: Calibrate<T, H, O>,
{
    const LAYERS: usize = First::LAYERS + Rest::LAYERS;

    fn calibrate<const B: usize>(
        &self,
        inputs: &SMatrix<T, B, I>,
        input: QuantizationParameters,
        layer: usize,
    ) -> Result<(Self::Quantized, QuantizationParameters, SMatrix<T, B, O>), CalibrationError> {
        let (first, hidden_quantization, hidden) = self.first().calibrate(inputs, input, layer)?;
        let (rest, output, outputs) =
            self.rest()
                .calibrate(&hidden, hidden_quantization, layer + First::LAYERS)?;
        Ok((Chain::from_parts_unchecked(first, rest), output, outputs))
    }
}

/// `|x|` without `std`.
fn magnitude(x: f64) -> f64 {
    if x < 0.0 { -x } else { x }
}

/// The smallest and largest of `values`, as `f32`, or an error for a non-finite one.
fn range<T: Scalar>(
    values: impl Iterator<Item = T>,
    what: &'static str,
    layer: usize,
) -> Result<(f32, f32), CalibrationError> {
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for value in values {
        let value = value.to_f64();
        if value.is_nan() || value.is_infinite() {
            return Err(CalibrationError::NonFinite { what, layer });
        }
        min = min.min(value);
        max = max.max(value);
    }
    Ok((min as f32, max as f32))
}

/// TFLite's `GetAsymmetricQuantizationParams` for int8 over `[min, max]` widened to hold 0.
pub fn asymmetric_quantization(min: f32, max: f32) -> QuantizationParameters {
    let (min, max) = (min.min(0.0), max.max(0.0));
    if min == max {
        return QuantizationParameters {
            scale: 1.0,
            zero_point: 0,
        }; // only 0 was seen
    }
    let (qmin, qmax) = (-128.0_f64, 127.0_f64);
    let scale = (max - min) / 255.0; // in f32, as the converter computes it
    let (min_steps, max_steps) = (f64::from(min / scale), f64::from(max / scale));
    let from_min = qmin - min_steps;
    let from_max = qmax - max_steps;
    let from_min_error = magnitude(qmin) + magnitude(min_steps);
    let from_max_error = magnitude(qmax) + magnitude(max_steps);
    let zero_point = if from_min_error < from_max_error {
        from_min
    } else {
        from_max
    };
    let zero_point = if zero_point < qmin {
        -128
    } else if zero_point > qmax {
        127
    } else {
        round_half_away_from_zero(zero_point) as i32
    };
    QuantizationParameters { scale, zero_point }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_become_tflites_scale_and_zero_point() {
        // [0, 1] (a ReLU output): 0 is the lowest code
        assert_eq!(
            asymmetric_quantization(0.0, 1.0),
            QuantizationParameters {
                scale: 1.0 / 255.0,
                zero_point: -128
            }
        );
        // [−1, 1]: z = 127 − 1/s = −0.5 in exact arithmetic, but 1/s in f32 is 127.49999…
        assert_eq!(
            asymmetric_quantization(-1.0, 1.0),
            QuantizationParameters {
                scale: 2.0 / 255.0,
                zero_point: 0
            }
        );
        // a range without 0 is widened to reach it
        assert_eq!(
            asymmetric_quantization(2.0, 4.0),
            asymmetric_quantization(0.0, 4.0)
        );
        assert_eq!(asymmetric_quantization(-4.0, -2.0).zero_point, 127);
        // nothing but 0 seen
        assert_eq!(
            asymmetric_quantization(0.0, 0.0),
            QuantizationParameters {
                scale: 1.0,
                zero_point: 0
            }
        );
        // the real 0 is exactly representable: s·(z − z) = 0, and the ends within a step
        for (min, max) in [(-0.3_f32, 5.1_f32), (-7.0, 0.01), (-2.5, 2.4)] {
            let q = asymmetric_quantization(min, max);
            assert!(
                (q.dequantize(-128) - min).abs() <= q.scale
                    && (q.dequantize(127) - max).abs() <= q.scale
            );
            assert_eq!(q.quantize(0.0) as i32, q.zero_point);
        }
    }
}
