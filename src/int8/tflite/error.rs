//! [`TfliteError`]: everything that can be wrong with a `.tflite` file for a network type,
//! with the tensor roles, shapes and TFLite names its messages use.

use crate::int8::dense::AccumulatorOverflow;
use crate::int8::multiplier::MultiplierError;
use crate::int8::tflite::flatbuffer::Malformed;
use crate::math::decimal::{Decimal, WideInteger};
use core::fmt;

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
    pub(super) dimensions: [i32; 4],
    pub(super) rank: usize,
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
            Self::NotATfliteFile {
                found: [a, b, c, d],
            } => write!(
                f,
                "not a TFLite model: expected the identifier \"TFL3\" at byte 4, found [{a}, {b}, {c}, {d}]"
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
            Self::InvalidScale { role, found } => write!(
                f,
                "{role}: expected a positive finite scale, found {}",
                Decimal::F32(*found)
            ),
            Self::InvalidZeroPoint {
                role,
                expected,
                found,
            } => write!(
                f,
                "{role}: expected a zero point {expected}, found {}",
                WideInteger(i128::from(*found))
            ),
            Self::QuantizedDimension { role, found } => write!(
                f,
                "{role}: expected per-channel scales along dimension 0 (outputs), found dimension {found}"
            ),
            Self::WrongFixedScale {
                role,
                expected,
                found,
            } => write!(
                f,
                "{role}: expected the scale {}, found {}",
                Decimal::F32(*expected),
                Decimal::F32(*found)
            ),
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

/// TFLite's name for a `TensorType` value, for messages.
pub(super) fn type_name(kind: u8) -> &'static str {
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

/// TFLite's name for an `ActivationFunctionType` value, for messages.
pub(super) fn fused_name(code: u8) -> &'static str {
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

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::{Role, TfliteError};
    use crate::int8::dense::AccumulatorOverflow;
    use crate::int8::multiplier::MultiplierError;
    use crate::int8::{CalibrationError, tflite::flatbuffer::Malformed};

    /// The messages that print a float, a wide integer or bytes: written by the crate's
    /// integer-only writers, they read as `{}` of the same values would.
    #[test]
    fn messages_with_floats_and_wide_integers_say_what_was_expected_and_found() {
        let cases: [(TfliteError, String); 8] = [
            (
                TfliteError::WrongFixedScale {
                    role: Role::ActivationOutput(2),
                    expected: 1.0 / 256.0,
                    found: 0.1,
                },
                "layer 2 activation output: expected the scale 0.00390625, found 0.1".into(),
            ),
            (
                TfliteError::InvalidScale {
                    role: Role::Weights(1),
                    found: -3.5e-7,
                },
                "layer 1 weights: expected a positive finite scale, found -0.00000035".into(),
            ),
            (
                TfliteError::InvalidScale {
                    role: Role::Input(1),
                    found: f32::NAN,
                },
                "layer 1 input: expected a positive finite scale, found NaN".into(),
            ),
            (
                TfliteError::InvalidZeroPoint {
                    role: Role::Output(3),
                    expected: "in -128..=127",
                    found: i64::MIN,
                },
                format!("layer 3 output: expected a zero point in -128..=127, found {}", i64::MIN),
            ),
            (
                TfliteError::NotATfliteFile { found: *b"ONNX" },
                "not a TFLite model: expected the identifier \"TFL3\" at byte 4, found [79, 78, 78, 88]".into(),
            ),
            (
                TfliteError::Multiplier {
                    layer: 1,
                    error: MultiplierError::TooLarge(3.0e9),
                },
                "layer 1: expected a rescaling factor below 2^31, found 3000000000".into(),
            ),
            (
                TfliteError::Multiplier {
                    layer: 2,
                    error: MultiplierError::NotPositiveFinite(f64::NEG_INFINITY),
                },
                "layer 2: expected a positive finite rescaling factor, found -inf".into(),
            ),
            (
                TfliteError::Accumulator {
                    layer: 1,
                    error: AccumulatorOverflow {
                        output: 4,
                        largest: 170_141_183_460_469_231_731_687_303_715_884_105_727,
                    },
                },
                "layer 1: output 4: expected an int32 sum that cannot overflow (|bias| + |x - z_in|·Σ|w| \
                 at most 2147483647), found one that can reach 170141183460469231731687303715884105727"
                    .into(),
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(error.to_string(), expected);
        }
        assert_eq!(
            CalibrationError::Multiplier {
                layer: 3,
                error: MultiplierError::TooLarge(2_147_483_648.5),
            }
            .to_string(),
            "layer 3: expected a rescaling factor below 2^31, found 2147483648.5"
        );
        assert_eq!(
            TfliteError::Malformed(Malformed {
                at: 12,
                reading: "the model table"
            })
            .to_string(),
            "the TFLite file is malformed: reading the model table needed byte 12, outside the file or inconsistent"
        );
    }
}
