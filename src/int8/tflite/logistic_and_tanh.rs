//! TFLite's LOGISTIC and TANH operators, one of which follows a FULLY_CONNECTED one when the
//! layer's activation is a sigmoid or a tanh: its output must have the op's fixed scale and
//! zero point.

use crate::int8::activation::{ActivationKind, QuantizedActivation};
use crate::int8::network::QuantizationParameters;
use crate::int8::q4_input::Q4Input;
use crate::int8::tflite::error::{Role, TfliteError, operator_name};
use crate::int8::tflite::flatbuffer::Malformed;
use crate::int8::tflite::read::{Cursor, check_known};
use crate::int8::tflite::schema::{
    INT8, LOGISTIC, Model, TANH, activation_quantization, expect_shape, expect_type,
};

/// The kernel of layer `layer`'s activation `A` (`O` wide). For a sigmoid or a tanh, reads the
/// op at `cursor` (it must read `output_index`, the FULLY_CONNECTED output quantised as
/// `output_quantization`) and advances the cursor past it; other activations have no op.
pub(super) fn read_activation<const O: usize, A: QuantizedActivation>(
    model: &Model<'_>,
    cursor: &mut Cursor,
    layer: usize,
    output_index: i32,
    output_quantization: QuantizationParameters,
) -> Result<A::Kernel, TfliteError> {
    Ok(match A::FIXED_OUTPUT {
        None => A::kernel(Q4Input {
            zero_point: 0,
            multiplier: 0,
            left_shift: 0,
            range_radius: 0,
        }),
        Some((fixed_scale, fixed_zero_point)) => {
            let expected = if matches!(A::KIND, ActivationKind::Logistic) {
                "LOGISTIC"
            } else {
                "TANH"
            };
            let code = if matches!(A::KIND, ActivationKind::Logistic) {
                LOGISTIC
            } else {
                TANH
            };
            let index = cursor.operator;
            if index >= model.operators.len() {
                return Err(TfliteError::MissingOperator { expected, layer });
            }
            let op = model.operator(index)?;
            check_known(index, op.code)?;
            if op.code != code {
                return Err(TfliteError::UnexpectedOperator {
                    operator: index,
                    expected,
                    found: operator_name(op.code),
                });
            }
            if op.inputs.len() != 1 || op.outputs.len() != 1 {
                return Err(Malformed {
                    at: 0,
                    reading: "the activation's inputs and outputs",
                }
                .into());
            }
            let read = op.inputs.i32(0, "Operator.inputs")?;
            if read != output_index {
                return Err(TfliteError::NotConnected {
                    operator: index,
                    expected: output_index,
                    found: read,
                });
            }
            let activation_index = op.outputs.i32(0, "Operator.outputs")?;
            let role = Role::ActivationOutput(layer);
            let activation = model.tensor(activation_index)?;
            expect_type(&activation, role, INT8)?;
            expect_shape(&activation, role, &[1, O])?;
            let quantization = activation_quantization(&activation, role)?;
            if quantization.zero_point != fixed_zero_point {
                return Err(TfliteError::InvalidZeroPoint {
                    role,
                    expected: if fixed_zero_point == 0 {
                        "of 0"
                    } else {
                        "of -128"
                    },
                    found: quantization.zero_point as i64,
                });
            }
            // TFLite Micro checks the scale to within 1e-8 of 1/256 (1/128)
            if !(-1e-8..=1e-8).contains(&(f64::from(quantization.scale) - f64::from(fixed_scale))) {
                return Err(TfliteError::WrongFixedScale {
                    role,
                    expected: fixed_scale,
                    found: quantization.scale,
                });
            }
            cursor.operator += 1;
            cursor.tensor = activation_index;
            let prepared =
                Q4Input::prepare(output_quantization.scale, output_quantization.zero_point).ok_or(
                    TfliteError::InvalidScale {
                        role: Role::Output(layer),
                        found: output_quantization.scale,
                    },
                )?;
            A::kernel(prepared)
        }
    })
}
