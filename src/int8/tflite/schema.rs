//! The tables of a `.tflite` file the loader reads (the model, its operators and tensors), seen
//! through [`flatbuffer`](super::flatbuffer), and the checks of a tensor's type, shape and
//! quantisation.

use crate::int8::network::QuantizationParameters;
use crate::int8::tflite::error::{Role, Shape, TfliteError, type_name};
use crate::int8::tflite::flatbuffer::{Buffer, Malformed, Table, Vector};

/// TFLite's builtin operator codes this loader knows by name.
pub(super) const FULLY_CONNECTED: i32 = 9;
pub(super) const LOGISTIC: i32 = 14;
pub(super) const TANH: i32 = 28;
/// TFLite's `TensorType` values for int8 and int32.
pub(super) const INT8: u8 = 9;
pub(super) const INT32: u8 = 2;

/// The parts of a model the layers read.
#[derive(Clone, Copy, Debug)]
pub struct Model<'a> {
    operator_codes: Vector<'a>,
    tensors: Vector<'a>,
    buffers: Vector<'a>,
    pub(super) operators: Vector<'a>,
    pub(super) input: i32,
    pub(super) output: i32,
}

/// A tensor's fields as read.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tensor<'a> {
    pub(super) shape: Shape,
    pub(super) kind: u8,
    buffer: u32,
    pub(super) scales: Option<Vector<'a>>,
    pub(super) zero_points: Option<Vector<'a>>,
    pub(super) quantized_dimension: i32,
}

/// One operator as read.
#[derive(Clone, Copy, Debug)]
pub(super) struct Operator<'a> {
    pub(super) code: i32,
    pub(super) inputs: Vector<'a>,
    pub(super) outputs: Vector<'a>,
    pub(super) options: Option<Table<'a>>,
}

impl<'a> Model<'a> {
    /// Reads the model's tables (not yet its layers).
    pub(super) fn read(bytes: &'a [u8]) -> Result<Self, TfliteError> {
        let buffer = Buffer::new(bytes);
        let identifier = buffer.bytes(4, 4, "the file identifier").map_err(|_| {
            let mut found = [0; 4];
            for (f, b) in found.iter_mut().zip(bytes.iter().skip(4)) {
                *f = *b;
            }
            TfliteError::NotATfliteFile { found }
        })?;
        if identifier != b"TFL3" {
            let mut found = [0; 4];
            found.copy_from_slice(identifier);
            return Err(TfliteError::NotATfliteFile { found });
        }
        let model = buffer.root()?;
        let version = model.u32(0, 0, "Model.version")?;
        if version != 3 {
            return Err(TfliteError::UnsupportedVersion(version));
        }
        let empty = |v: Option<Vector<'a>>, reading| v.ok_or(Malformed { at: 0, reading });
        let operator_codes = empty(
            model.vector(1, 4, "Model.operator_codes")?,
            "Model.operator_codes",
        )?;
        let subgraphs = empty(model.vector(2, 4, "Model.subgraphs")?, "Model.subgraphs")?;
        if subgraphs.len() != 1 {
            return Err(TfliteError::SubgraphCount(subgraphs.len()));
        }
        let buffers = empty(model.vector(4, 4, "Model.buffers")?, "Model.buffers")?;
        let subgraph = subgraphs.table(0, "SubGraph")?;
        let tensors = empty(
            subgraph.vector(0, 4, "SubGraph.tensors")?,
            "SubGraph.tensors",
        )?;
        let inputs = subgraph.vector(1, 4, "SubGraph.inputs")?;
        let outputs = subgraph.vector(2, 4, "SubGraph.outputs")?;
        let (input_count, output_count) = (
            inputs.map_or(0, |v| v.len()),
            outputs.map_or(0, |v| v.len()),
        );
        let (Some(inputs), Some(outputs), 1, 1) = (inputs, outputs, input_count, output_count)
        else {
            return Err(TfliteError::InputOutputCount {
                inputs: input_count,
                outputs: output_count,
            });
        };
        let operators = empty(
            subgraph.vector(3, 4, "SubGraph.operators")?,
            "SubGraph.operators",
        )?;
        Ok(Self {
            operator_codes,
            tensors,
            buffers,
            operators,
            input: inputs.i32(0, "SubGraph.inputs")?,
            output: outputs.i32(0, "SubGraph.outputs")?,
        })
    }

    pub(super) fn operator(&self, index: usize) -> Result<Operator<'a>, TfliteError> {
        let table = self.operators.table(index, "Operator")?;
        let opcode_index = table.u32(0, 0, "Operator.opcode_index")? as usize;
        if opcode_index >= self.operator_codes.len() {
            return Err(Malformed {
                at: 0,
                reading: "Operator.opcode_index",
            }
            .into());
        }
        let code_table = self.operator_codes.table(opcode_index, "OperatorCode")?;
        // TFLite's GetBuiltinCode: the larger of the deprecated byte and the int32 field
        let deprecated = code_table.u8(0, 0, "OperatorCode.deprecated_builtin_code")? as i8 as i32;
        let builtin = code_table.i32(3, 0, "OperatorCode.builtin_code")?;
        let inputs = table.vector(1, 4, "Operator.inputs")?.ok_or(Malformed {
            at: 0,
            reading: "Operator.inputs",
        })?;
        let outputs = table.vector(2, 4, "Operator.outputs")?.ok_or(Malformed {
            at: 0,
            reading: "Operator.outputs",
        })?;
        Ok(Operator {
            code: deprecated.max(builtin),
            inputs,
            outputs,
            options: table.table(4, "Operator.builtin_options")?,
        })
    }

    pub(super) fn tensor(&self, index: i32) -> Result<Tensor<'a>, TfliteError> {
        let position = usize::try_from(index)
            .ok()
            .filter(|&i| i < self.tensors.len())
            .ok_or(Malformed {
                at: 0,
                reading: "a tensor index",
            })?;
        let table = self.tensors.table(position, "Tensor")?;
        let mut shape = Shape {
            dimensions: [0; 4],
            rank: 0,
        };
        if let Some(dimensions) = table.vector(0, 4, "Tensor.shape")? {
            shape.rank = dimensions.len();
            for (i, d) in shape
                .dimensions
                .iter_mut()
                .enumerate()
                .take(dimensions.len())
            {
                *d = dimensions.i32(i, "Tensor.shape")?;
            }
        }
        let quantization = table.table(4, "Tensor.quantization")?;
        let (scales, zero_points, quantized_dimension) = match quantization {
            Some(q) => (
                q.vector(2, 4, "QuantizationParameters.scale")?,
                q.vector(3, 8, "QuantizationParameters.zero_point")?,
                q.i32(6, 0, "QuantizationParameters.quantized_dimension")?,
            ),
            None => (None, None, 0),
        };
        Ok(Tensor {
            shape,
            kind: table.u8(1, 0, "Tensor.type")?,
            buffer: table.u32(2, 0, "Tensor.buffer")?,
            scales,
            zero_points,
            quantized_dimension,
        })
    }

    /// The data of a constant tensor (empty when it has none).
    pub(super) fn data(&self, tensor: &Tensor<'a>) -> Result<&'a [u8], TfliteError> {
        let index = tensor.buffer as usize;
        if index >= self.buffers.len() {
            return Err(Malformed {
                at: 0,
                reading: "Tensor.buffer",
            }
            .into());
        }
        let buffer = self.buffers.table(index, "Buffer")?;
        Ok(buffer
            .vector(0, 1, "Buffer.data")?
            .map_or(&[][..], |v| v.bytes()))
    }
}

/// Checks a tensor's element type.
pub(super) fn expect_type(tensor: &Tensor<'_>, role: Role, kind: u8) -> Result<(), TfliteError> {
    if tensor.kind == kind {
        Ok(())
    } else {
        Err(TfliteError::WrongType {
            role,
            expected: type_name(kind),
            found: type_name(tensor.kind),
        })
    }
}

/// Checks a tensor's shape against the dimensions the type needs.
pub(super) fn expect_shape(
    tensor: &Tensor<'_>,
    role: Role,
    expected: &[usize],
) -> Result<(), TfliteError> {
    let mut shape = Shape {
        dimensions: [0; 4],
        rank: expected.len(),
    };
    for (d, &e) in shape.dimensions.iter_mut().zip(expected) {
        *d = e as i32;
    }
    if tensor.shape == shape {
        Ok(())
    } else {
        Err(TfliteError::WrongShape {
            role,
            expected: shape,
            found: tensor.shape,
        })
    }
}

/// An activation tensor's `(scale, zero point)`: one positive scale, a zero point in i8.
pub(super) fn activation_quantization(
    tensor: &Tensor<'_>,
    role: Role,
) -> Result<QuantizationParameters, TfliteError> {
    let scales = tensor.scales.map_or(0, |v| v.len());
    let zero_points = tensor.zero_points.map_or(0, |v| v.len());
    let (Some(scale_vector), Some(zero_vector), 1, 1) =
        (tensor.scales, tensor.zero_points, scales, zero_points)
    else {
        return Err(TfliteError::ScaleCount {
            role,
            expected: 1,
            found: scales,
        });
    };
    let scale = scale_vector.f32(0, "QuantizationParameters.scale")?;
    if !(scale > 0.0 && scale.is_finite()) {
        return Err(TfliteError::InvalidScale { role, found: scale });
    }
    let zero_point = zero_vector.i64(0, "QuantizationParameters.zero_point")?;
    if !(-128..=127).contains(&zero_point) {
        return Err(TfliteError::InvalidZeroPoint {
            role,
            expected: "in -128..=127",
            found: zero_point,
        });
    }
    Ok(QuantizationParameters {
        scale,
        zero_point: zero_point as i32,
    })
}
