//! Loading an int8 fully connected `.tflite` model into the matching [`QuantizedNetwork`] type.
//!
//! The file is what TensorFlow's converter writes for a Keras stack of `Dense` layers with
//! full int8 quantisation: one subgraph of FULLY_CONNECTED ops (fused activation NONE or
//! RELU), each optionally followed by a LOGISTIC or TANH op. The type says which layers and
//! widths to expect ([`mlp_int8!`](crate::mlp_int8)); the file must match it op for op, tensor
//! for tensor, and the loaded network computes what TensorFlow Lite Micro computes for the
//! file, bit for bit: the multipliers are prepared from the scales exactly as TFLite Micro
//! prepares them (`double` products; the per-tensor product of the two `float` scales in
//! `float`, as `GetQuantizedConvolutionMultipler` does).
//!
//! The reader (`files/flatbuffer.rs`) is hand-written for the few tables needed,
//! so loading needs neither `std` nor `alloc`; every way a file can be wrong is a
//! [`TfliteError`] that says what was expected and what was found.

use crate::int8::activation::{ActivationKind, QuantizedActivation};
use crate::int8::dense::{AccumulatorOverflow, QuantizedDense};
use crate::int8::multiplier::{MultiplierError, QuantizedMultiplier};
use crate::int8::network::{QuantizationParameters, QuantizedLayer, QuantizedNetwork};
use crate::int8::q4_input::Q4Input;
pub use crate::int8::tflite::flatbuffer::Malformed;
use crate::int8::tflite::flatbuffer::{Buffer, Table, Vector};
use crate::model::chain::Chain;
use core::fmt;

/// TFLite's builtin operator codes this loader knows by name.
const FULLY_CONNECTED: i32 = 9;
const LOGISTIC: i32 = 14;
const TANH: i32 = 28;
/// TFLite's `TensorType` values for int8 and int32.
const INT8: u8 = 9;
const INT32: u8 = 2;

/// A tensor's part in the network, for messages: `layer 2 weights`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The input of layer `n` (from 1).
    Input(usize),
    /// The weights of layer `n`.
    Weights(usize),
    /// The bias of layer `n`.
    Bias(usize),
    /// The fully connected result of layer `n`.
    Output(usize),
    /// The output of layer `n`'s LOGISTIC or TANH op.
    ActivationOutput(usize),
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input(n) => write!(f, "layer {n} input"),
            Self::Weights(n) => write!(f, "layer {n} weights"),
            Self::Bias(n) => write!(f, "layer {n} bias"),
            Self::Output(n) => write!(f, "layer {n} output"),
            Self::ActivationOutput(n) => write!(f, "layer {n} activation output"),
        }
    }
}

/// A tensor shape as found in a file (up to four dimensions are kept for messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    dimensions: [i32; 4],
    rank: usize,
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[")?;
        for (i, d) in self.dimensions[..self.rank.min(4)].iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{d}")?;
        }
        if self.rank > 4 {
            write!(f, ", …")?;
        }
        write!(f, "]")
    }
}

/// Everything that can be wrong with a `.tflite` file for a given network type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TfliteError {
    /// The bytes are not a TFLite flatbuffer: bytes 4..8 are not `TFL3`.
    NotATfliteFile {
        /// The four bytes found there.
        found: [u8; 4],
    },
    /// The flatbuffer is cut short or points outside itself.
    Malformed(Malformed),
    /// The schema version is not 3.
    UnsupportedVersion(u32),
    /// The model has not exactly one subgraph.
    SubgraphCount(usize),
    /// The subgraph has not exactly one input and one output tensor.
    InputOutputCount {
        /// Input tensors found.
        inputs: usize,
        /// Output tensors found.
        outputs: usize,
    },
    /// An operator this loader does not run (by TFLite's builtin code).
    UnsupportedOperator {
        /// The operator's position in the subgraph (from 0).
        operator: usize,
        /// Its builtin code, such as 3 for CONV_2D.
        code: i32,
    },
    /// An operator other than the one the type's next layer needs.
    UnexpectedOperator {
        /// The operator's position.
        operator: usize,
        /// What the type needs there.
        expected: &'static str,
        /// What the file has.
        found: &'static str,
    },
    /// The file ends before the type's layers do.
    MissingOperator {
        /// What the type needs next.
        expected: &'static str,
        /// The layer (from 1).
        layer: usize,
    },
    /// Operators are left after the type's last layer.
    ExtraOperators {
        /// The first operator left over.
        operator: usize,
        /// How many are left.
        count: usize,
    },
    /// A fully connected op's fused activation is not the one the type's layer has.
    WrongActivation {
        /// The layer (from 1).
        layer: usize,
        /// The type's (`"none"` or `"relu"`).
        expected: &'static str,
        /// The file's, by TFLite's `ActivationFunctionType` name.
        found: &'static str,
    },
    /// An op reads a tensor other than the previous op's output.
    NotConnected {
        /// The operator's position.
        operator: usize,
        /// The tensor it should read.
        expected: i32,
        /// The tensor it reads.
        found: i32,
    },
    /// A tensor's element type is not what the layer needs.
    WrongType {
        /// Which tensor.
        role: Role,
        /// `"int8"` or `"int32"`.
        expected: &'static str,
        /// The file's TFLite `TensorType` name.
        found: &'static str,
    },
    /// A tensor's shape does not fit the type's widths.
    WrongShape {
        /// Which tensor.
        role: Role,
        /// The shape the type needs.
        expected: Shape,
        /// The file's.
        found: Shape,
    },
    /// A tensor's data is missing or of the wrong length.
    WrongData {
        /// Which tensor.
        role: Role,
        /// The bytes the shape needs.
        expected: usize,
        /// The bytes the file holds.
        found: usize,
    },
    /// A tensor has no scale, or not as many scales as it needs (1, or one per output for
    /// per-channel weights).
    ScaleCount {
        /// Which tensor.
        role: Role,
        /// How many it needs.
        expected: usize,
        /// How many it has.
        found: usize,
    },
    /// A scale is zero, negative, NaN or infinite.
    InvalidScale {
        /// Which tensor.
        role: Role,
        /// The scale.
        found: f32,
    },
    /// A zero point outside what the tensor allows (0 for weights and biases, −128..=127 for
    /// activations, TFLite's fixed −128 / 0 for LOGISTIC / TANH outputs).
    InvalidZeroPoint {
        /// Which tensor.
        role: Role,
        /// The allowed values, as text.
        expected: &'static str,
        /// The zero point found.
        found: i64,
    },
    /// Per-channel weights quantised along a dimension other than 0 (the output channel).
    QuantizedDimension {
        /// Which tensor.
        role: Role,
        /// The dimension found.
        found: i32,
    },
    /// A LOGISTIC or TANH output with another scale than the op fixes (1/256 or 1/128).
    WrongFixedScale {
        /// Which tensor.
        role: Role,
        /// The scale the op fixes.
        expected: f32,
        /// The scale found.
        found: f32,
    },
    /// A rescaling factor `s_in·s_w/s_out` TFLite cannot represent.
    Multiplier {
        /// The layer (from 1).
        layer: usize,
        /// Why.
        error: MultiplierError,
    },
    /// A layer whose int32 sum could overflow for some input (a bias or weights too large).
    Accumulator {
        /// The layer (from 1).
        layer: usize,
        /// Which output, and how large its sum can get.
        error: AccumulatorOverflow,
    },
    /// The file's options for an op are not TFLite's defaults this loader relies on
    /// (shuffled weights, `keep_num_dims`, asymmetric quantised inputs).
    UnsupportedOptions {
        /// The operator's position.
        operator: usize,
        /// Which option.
        option: &'static str,
    },
    /// The network's last tensor is not the subgraph's output.
    WrongOutputTensor {
        /// The subgraph's output.
        expected: i32,
        /// The last layer's output.
        found: i32,
    },
}

impl From<Malformed> for TfliteError {
    fn from(malformed: Malformed) -> Self {
        Self::Malformed(malformed)
    }
}

impl fmt::Display for TfliteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotATfliteFile { found } => write!(
                f,
                "not a TFLite model: expected the identifier \"TFL3\" at byte 4, found {found:?}"
            ),
            Self::Malformed(Malformed { at, reading }) => write!(
                f,
                "the TFLite file is malformed: reading {reading} needed byte {at}, outside the file or inconsistent"
            ),
            Self::UnsupportedVersion(found) => {
                write!(
                    f,
                    "unsupported TFLite schema version: expected 3, found {found}"
                )
            }
            Self::SubgraphCount(found) => {
                write!(f, "expected a model with 1 subgraph, found {found}")
            }
            Self::InputOutputCount { inputs, outputs } => write!(
                f,
                "expected a subgraph with 1 input and 1 output tensor, found {inputs} inputs and {outputs} outputs"
            ),
            Self::UnsupportedOperator { operator, code } => write!(
                f,
                "operator {operator}: expected FULLY_CONNECTED, LOGISTIC or TANH, found {} (builtin code {code}), which this loader does not run",
                operator_name(*code)
            ),
            Self::UnexpectedOperator {
                operator,
                expected,
                found,
            } => write!(f, "operator {operator}: expected {expected}, found {found}"),
            Self::MissingOperator { expected, layer } => write!(
                f,
                "layer {layer}: expected a {expected} operator, found the end of the model (the file has fewer layers than the type)"
            ),
            Self::ExtraOperators { operator, count } => write!(
                f,
                "expected no operator after the type's last layer, found {count} from operator {operator} on (the file has more layers than the type)"
            ),
            Self::WrongActivation {
                layer,
                expected,
                found,
            } => write!(
                f,
                "layer {layer}: expected the fused activation {expected}, found {found}"
            ),
            Self::NotConnected {
                operator,
                expected,
                found,
            } => write!(
                f,
                "operator {operator}: expected it to read tensor {expected} (the previous layer's output), found tensor {found}"
            ),
            Self::WrongType {
                role,
                expected,
                found,
            } => write!(f, "{role}: expected {expected} values, found {found}"),
            Self::WrongShape {
                role,
                expected,
                found,
            } => write!(f, "{role}: expected shape {expected}, found {found}"),
            Self::WrongData {
                role,
                expected,
                found,
            } => write!(
                f,
                "{role}: expected {expected} bytes of data, found {found}"
            ),
            Self::ScaleCount {
                role,
                expected,
                found,
            } => write!(f, "{role}: expected {expected} scale(s), found {found}"),
            Self::InvalidScale { role, found } => {
                write!(f, "{role}: expected a positive finite scale, found {found}")
            }
            Self::InvalidZeroPoint {
                role,
                expected,
                found,
            } => write!(f, "{role}: expected a zero point {expected}, found {found}"),
            Self::QuantizedDimension { role, found } => write!(
                f,
                "{role}: expected per-channel scales along dimension 0 (outputs), found dimension {found}"
            ),
            Self::WrongFixedScale {
                role,
                expected,
                found,
            } => write!(f, "{role}: expected the scale {expected}, found {found}"),
            Self::Multiplier { layer, error } => write!(f, "layer {layer}: {error}"),
            Self::Accumulator { layer, error } => write!(f, "layer {layer}: {error}"),
            Self::UnsupportedOptions { operator, option } => write!(
                f,
                "operator {operator}: expected TFLite's default {option}, found another"
            ),
            Self::WrongOutputTensor { expected, found } => write!(
                f,
                "expected the last layer to write the model's output tensor {expected}, found tensor {found}"
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for TfliteError {}

/// TFLite's name for a builtin operator code, for messages.
pub fn operator_name(code: i32) -> &'static str {
    match code {
        0 => "ADD",
        1 => "AVERAGE_POOL_2D",
        2 => "CONCATENATION",
        3 => "CONV_2D",
        4 => "DEPTHWISE_CONV_2D",
        6 => "DEQUANTIZE",
        9 => "FULLY_CONNECTED",
        14 => "LOGISTIC",
        17 => "MAX_POOL_2D",
        18 => "MUL",
        19 => "RELU",
        21 => "RELU6",
        22 => "RESHAPE",
        25 => "SOFTMAX",
        28 => "TANH",
        114 => "QUANTIZE",
        _ => "an operator",
    }
}

fn type_name(kind: u8) -> &'static str {
    match kind {
        0 => "float32",
        1 => "float16",
        2 => "int32",
        3 => "uint8",
        4 => "int64",
        5 => "string",
        6 => "bool",
        7 => "int16",
        9 => "int8",
        10 => "float64",
        _ => "another type",
    }
}

fn fused_name(code: u8) -> &'static str {
    match code {
        0 => "NONE",
        1 => "RELU",
        2 => "RELU_N1_TO_1",
        3 => "RELU6",
        4 => "TANH",
        5 => "SIGN_BIT",
        _ => "an unknown activation",
    }
}

/// The parts of a model the layers read.
#[derive(Clone, Copy, Debug)]
pub struct Model<'a> {
    operator_codes: Vector<'a>,
    tensors: Vector<'a>,
    buffers: Vector<'a>,
    operators: Vector<'a>,
    input: i32,
    output: i32,
}

/// A tensor's fields as read.
#[derive(Clone, Copy, Debug)]
struct Tensor<'a> {
    shape: Shape,
    kind: u8,
    buffer: u32,
    scales: Option<Vector<'a>>,
    zero_points: Option<Vector<'a>>,
    quantized_dimension: i32,
}

/// One operator as read.
#[derive(Clone, Copy, Debug)]
struct Operator<'a> {
    code: i32,
    inputs: Vector<'a>,
    outputs: Vector<'a>,
    options: Option<Table<'a>>,
}

impl<'a> Model<'a> {
    /// Reads the model's tables (not yet its layers).
    fn read(bytes: &'a [u8]) -> Result<Self, TfliteError> {
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

    fn operator(&self, index: usize) -> Result<Operator<'a>, TfliteError> {
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

    fn tensor(&self, index: i32) -> Result<Tensor<'a>, TfliteError> {
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
    fn data(&self, tensor: &Tensor<'a>) -> Result<&'a [u8], TfliteError> {
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

/// Where the loader is: the next operator, the tensor the next layer reads, the layer number.
#[derive(Clone, Copy, Debug)]
pub struct Cursor {
    operator: usize,
    tensor: i32,
    layer: usize,
}

fn expect_type(tensor: &Tensor<'_>, role: Role, kind: u8) -> Result<(), TfliteError> {
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

fn expect_shape(tensor: &Tensor<'_>, role: Role, expected: &[usize]) -> Result<(), TfliteError> {
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
fn activation_quantization(
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

/// A layer type the loader can fill from the file's next operators.
pub trait FromTflite: Sized {
    /// Reads this layer (or these layers) at `cursor`, advancing it.
    fn read(model: &Model<'_>, cursor: &mut Cursor) -> Result<Self, TfliteError>;
}

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

        let kernel = match A::FIXED_OUTPUT {
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
                if !(-1e-8..=1e-8)
                    .contains(&(f64::from(quantization.scale) - f64::from(fixed_scale)))
                {
                    return Err(TfliteError::WrongFixedScale {
                        role,
                        expected: fixed_scale,
                        found: quantization.scale,
                    });
                }
                cursor.operator += 1;
                cursor.tensor = activation_index;
                let prepared =
                    Q4Input::prepare(output_quantization.scale, output_quantization.zero_point)
                        .ok_or(TfliteError::InvalidScale {
                            role: Role::Output(layer),
                            found: output_quantization.scale,
                        })?;
                A::kernel(prepared)
            }
        };
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

/// An operator code this loader runs, or the error for one it does not.
fn check_known(operator: usize, code: i32) -> Result<(), TfliteError> {
    match code {
        FULLY_CONNECTED | LOGISTIC | TANH => Ok(()),
        _ => Err(TfliteError::UnsupportedOperator { operator, code }),
    }
}

impl<First: FromTflite, Rest: FromTflite, const H: usize> FromTflite for Chain<First, Rest, H> {
    fn read(model: &Model<'_>, cursor: &mut Cursor) -> Result<Self, TfliteError> {
        let first = First::read(model, cursor)?;
        let rest = Rest::read(model, cursor)?;
        Ok(Chain::from_parts_unchecked(first, rest))
    }
}

impl<L: QuantizedLayer<I, O> + FromTflite, const I: usize, const O: usize>
    QuantizedNetwork<L, I, O>
{
    /// Loads an int8 fully connected `.tflite` model (the bytes of the file, for example from
    /// `include_bytes!`) into this network type. The result computes TFLite Micro's outputs
    /// bit for bit. Needs neither `std` nor `alloc`.
    ///
    /// ```
    /// use static_mlp::prelude::*;
    /// use static_mlp::mlp_int8;
    ///
    /// type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
    /// let bytes = include_bytes!("../../../tests/fixtures/tflite/sine.tflite");
    /// let sine = Sine::from_tflite(bytes)?;
    /// let [y] = sine.predict_one([0]);
    /// assert_eq!(y, 3); // TFLite Micro's output for this input
    ///
    /// // The same file read as another architecture says what differs:
    /// type Wrong = mlp_int8!(1 => 8 Relu => 16 Relu => 1 Identity);
    /// let error = Wrong::from_tflite(bytes).unwrap_err();
    /// assert_eq!(error.to_string(), "layer 1 weights: expected shape [8, 1], found [16, 1]");
    /// # Ok::<(), static_mlp::int8::tflite::TfliteError>(())
    /// ```
    pub fn from_tflite(bytes: &[u8]) -> Result<Self, TfliteError> {
        let model = Model::read(bytes)?;
        let mut cursor = Cursor {
            operator: 0,
            tensor: model.input,
            layer: 1,
        };
        let input = activation_quantization(&model.tensor(model.input)?, Role::Input(1))?;
        let layers = L::read(&model, &mut cursor)?;
        if cursor.operator < model.operators.len() {
            let code = model.operator(cursor.operator)?.code;
            check_known(cursor.operator, code)?;
            return Err(TfliteError::ExtraOperators {
                operator: cursor.operator,
                count: model.operators.len() - cursor.operator,
            });
        }
        if cursor.tensor != model.output {
            return Err(TfliteError::WrongOutputTensor {
                expected: model.output,
                found: cursor.tensor,
            });
        }
        let output =
            activation_quantization(&model.tensor(model.output)?, Role::Output(cursor.layer - 1))?;
        Ok(Self::new(layers, input, output))
    }
}
