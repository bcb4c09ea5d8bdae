//! TFLite's FULLY_CONNECTED operator read into a [`QuantizedDense`] layer: its options, its
//! int8 weights, int32 bias and per-tensor or per-channel scales, and the multipliers TFLite
//! Micro prepares from them.

use crate::int8::activation::{ActivationKind, QuantizedActivation};
use crate::int8::dense::QuantizedDense;
use crate::int8::multiplier::QuantizedMultiplier;
use crate::int8::tflite::error::{Role, TfliteError, fused_name, operator_name};
use crate::int8::tflite::flatbuffer::Malformed;
use crate::int8::tflite::logistic_and_tanh::read_activation;
use crate::int8::tflite::read::{Cursor, FromTflite, check_known};
use crate::int8::tflite::schema::{
    FULLY_CONNECTED, INT8, INT32, Model, activation_quantization, expect_shape, expect_type,
};

impl<const I: usize, const O: usize, A: QuantizedActivation> FromTflite
    for QuantizedDense<I, O, A>
{
    fn read(model: &Model<'_>, cursor: &mut Cursor) -> Result<Self, TfliteError> {
        let layer = cursor.layer;
        let index = cursor.operator;
        if index >= model.operators.len() {
            return Err(TfliteError::MissingOperator {
                expected: "FULLY_CONNECTED",
                layer,
            });
        }
        let op = model.operator(index)?;
        check_known(index, op.code)?;
        if op.code != FULLY_CONNECTED {
            return Err(TfliteError::UnexpectedOperator {
                operator: index,
                expected: "FULLY_CONNECTED",
                found: operator_name(op.code),
            });
        }
        if op.inputs.len() < 2 || op.outputs.len() != 1 {
            return Err(Malformed {
                at: 0,
                reading: "FULLY_CONNECTED's inputs and outputs",
            }
            .into());
        }
        let input_index = op.inputs.i32(0, "Operator.inputs")?;
        if input_index != cursor.tensor {
            return Err(TfliteError::NotConnected {
                operator: index,
                expected: cursor.tensor,
                found: input_index,
            });
        }
        // options: fused activation, default weights format, no keep_num_dims
        let (fused, weights_format, keep_num_dims, asymmetric) = match op.options {
            Some(options) => (
                options.u8(0, 0, "FullyConnectedOptions.fused_activation_function")?,
                options.u8(1, 0, "FullyConnectedOptions.weights_format")?,
                options.u8(2, 0, "FullyConnectedOptions.keep_num_dims")?,
                options.u8(3, 0, "FullyConnectedOptions.asymmetric_quantize_inputs")?,
            ),
            None => (0, 0, 0, 0),
        };
        if weights_format != 0 {
            return Err(TfliteError::UnsupportedOptions {
                operator: index,
                option: "weights format",
            });
        }
        if keep_num_dims != 0 {
            return Err(TfliteError::UnsupportedOptions {
                operator: index,
                option: "keep_num_dims = false",
            });
        }
        if asymmetric != 0 {
            return Err(TfliteError::UnsupportedOptions {
                operator: index,
                option: "asymmetric_quantize_inputs = false",
            });
        }
        let expected_fused = if matches!(A::KIND, ActivationKind::Relu) {
            1
        } else {
            0
        };
        if fused != expected_fused {
            return Err(TfliteError::WrongActivation {
                layer,
                expected: fused_name(expected_fused),
                found: fused_name(fused),
            });
        }

        let input = model.tensor(input_index)?;
        expect_type(&input, Role::Input(layer), INT8)?;
        expect_shape(&input, Role::Input(layer), &[1, I])?;
        let input_quantization = activation_quantization(&input, Role::Input(layer))?;

        let weights_tensor = model.tensor(op.inputs.i32(1, "Operator.inputs")?)?;
        let role = Role::Weights(layer);
        expect_type(&weights_tensor, role, INT8)?;
        expect_shape(&weights_tensor, role, &[O, I])?;
        let data = model.data(&weights_tensor)?;
        if data.len() != O * I {
            return Err(TfliteError::WrongData {
                role,
                expected: O * I,
                found: data.len(),
            });
        }
        let mut weights = [[0_i8; I]; O];
        for (row, chunk) in weights.iter_mut().zip(data.chunks_exact(I.max(1))) {
            for (w, &byte) in row.iter_mut().zip(chunk) {
                *w = byte as i8;
            }
        }
        let scale_count = weights_tensor.scales.map_or(0, |v| v.len());
        let zero_count = weights_tensor.zero_points.map_or(0, |v| v.len());
        let (Some(scales), true) = (weights_tensor.scales, scale_count == 1 || scale_count == O)
        else {
            return Err(TfliteError::ScaleCount {
                role,
                expected: O,
                found: scale_count,
            });
        };
        if scale_count > 1 && weights_tensor.quantized_dimension != 0 {
            return Err(TfliteError::QuantizedDimension {
                role,
                found: weights_tensor.quantized_dimension,
            });
        }
        if let Some(zero_points) = weights_tensor.zero_points {
            for i in 0..zero_count {
                let z = zero_points.i64(i, "QuantizationParameters.zero_point")?;
                if z != 0 {
                    return Err(TfliteError::InvalidZeroPoint {
                        role,
                        expected: "of 0",
                        found: z,
                    });
                }
            }
        }

        let output_index = op.outputs.i32(0, "Operator.outputs")?;
        let output = model.tensor(output_index)?;
        expect_type(&output, Role::Output(layer), INT8)?;
        expect_shape(&output, Role::Output(layer), &[1, O])?;
        let output_quantization = activation_quantization(&output, Role::Output(layer))?;

        // M[o] = s_in·s_w[o]/s_out, prepared as TFLite Micro prepares it
        let mut multipliers = [QuantizedMultiplier::ZERO; O];
        for (o, multiplier) in multipliers.iter_mut().enumerate() {
            let weight_scale = scales.f32(
                if scale_count == 1 { 0 } else { o },
                "QuantizationParameters.scale",
            )?;
            if !(weight_scale > 0.0 && weight_scale.is_finite()) {
                return Err(TfliteError::InvalidScale {
                    role,
                    found: weight_scale,
                });
            }
            let real = if scale_count == 1 {
                // GetQuantizedConvolutionMultipler: the float product, then double
                f64::from(input_quantization.scale * weight_scale)
                    / f64::from(output_quantization.scale)
            } else {
                // PopulateConvolutionQuantizationParams: double throughout
                f64::from(input_quantization.scale) * f64::from(weight_scale)
                    / f64::from(output_quantization.scale)
            };
            *multiplier = QuantizedMultiplier::from_real(real)
                .map_err(|error| TfliteError::Multiplier { layer, error })?;
        }

        let mut bias = [0_i32; O];
        let bias_index = if op.inputs.len() > 2 {
            op.inputs.i32(2, "Operator.inputs")?
        } else {
            -1
        };
        if bias_index >= 0 {
            let role = Role::Bias(layer);
            let bias_tensor = model.tensor(bias_index)?;
            expect_type(&bias_tensor, role, INT32)?;
            expect_shape(&bias_tensor, role, &[O])?;
            let data = model.data(&bias_tensor)?;
            if data.len() != 4 * O {
                return Err(TfliteError::WrongData {
                    role,
                    expected: 4 * O,
                    found: data.len(),
                });
            }
            for (b, chunk) in bias.iter_mut().zip(data.chunks_exact(4)) {
                *b = i32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
            }
        }
        cursor.operator += 1;
        cursor.tensor = output_index;

        let kernel =
            read_activation::<O, A>(model, cursor, layer, output_index, output_quantization)?;
        cursor.layer += 1;
        QuantizedDense::try_new(
            weights,
            bias,
            multipliers,
            input_quantization.zero_point,
            output_quantization.zero_point,
            kernel,
        )
        .map_err(|error| TfliteError::Accumulator { layer, error })
    }
}
