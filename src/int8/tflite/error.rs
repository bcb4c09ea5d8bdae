//! [`TfliteError`]: everything that can be wrong with a `.tflite` file for a network type,
//! with the tensor roles, shapes and TFLite names its messages use.

use crate::int8::dense::AccumulatorOverflow;
use crate::int8::multiplier::MultiplierError;
use crate::int8::tflite::flatbuffer::Malformed;
use crate::math::message::{Argument, write_message};
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

impl Role {
    /// The layer and the word for the tensor: `(2, "weights")`.
    fn parts(self) -> (usize, &'static str) {
        match self {
            Self::Input(n) => (n, "input"),
            Self::Weights(n) => (n, "weights"),
            Self::Bias(n) => (n, "bias"),
            Self::Output(n) => (n, "output"),
            Self::ActivationOutput(n) => (n, "activation output"),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (layer, word) = self.parts();
        write_message(f, "layer # #", &[integer(layer), Argument::Text(word)])
    }
}

/// A tensor shape as found in a file (up to four dimensions are kept for messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub(super) dimensions: [i32; 4],
    pub(super) rank: usize,
}

impl Shape {
    /// The shape as a template's argument: up to four dimensions, and whether there are more.
    fn argument(&self) -> Argument<'_> {
        let kept = self.dimensions.get(..self.rank.min(4)).unwrap_or(&[]);
        Argument::Dimensions(kept, self.rank > 4)
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_message(f, "#", &[self.argument()])
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
    /// One template per variant (`subject|expected|found`, `#` for each number or name, as
    /// `math::message` reads it), written by one loop.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Argument::{Float32, Integer, Text};
        let mut a = [Text(""); 4];
        let template = match self {
            Self::NotATfliteFile {
                found: [b0, b1, b2, b3],
            } => {
                a[0] = byte(*b0);
                a[1] = byte(*b1);
                a[2] = byte(*b2);
                a[3] = byte(*b3);
                "not a TFLite file|\"TFL3\" at byte 4|[#, #, #, #]"
            }
            Self::Malformed(Malformed { at, reading }) => {
                a[0] = Text(reading);
                a[1] = integer(*at);
                "malformed TFLite file|# inside the file|byte # outside it"
            }
            Self::UnsupportedVersion(found) => {
                a[0] = Integer(i64::from(*found));
                "|schema version 3|#"
            }
            Self::SubgraphCount(found) => {
                a[0] = integer(*found);
                "|1 subgraph|#"
            }
            Self::InputOutputCount { inputs, outputs } => {
                a[0] = integer(*inputs);
                a[1] = integer(*outputs);
                "|1 input and 1 output tensor|# and #"
            }
            Self::UnsupportedOperator { operator, code } => {
                a[0] = integer(*operator);
                a[1] = Text(operator_name(*code));
                a[2] = tensor(*code);
                "operator #|FULLY_CONNECTED, LOGISTIC or TANH|# (builtin code #)"
            }
            Self::UnexpectedOperator {
                operator,
                expected,
                found,
            } => {
                a[0] = integer(*operator);
                a[1] = Text(expected);
                a[2] = Text(found);
                "operator #|#|#"
            }
            Self::MissingOperator { expected, layer } => {
                a[0] = integer(*layer);
                a[1] = Text(expected);
                "layer #|#|the end of the model"
            }
            Self::ExtraOperators { operator, count } => {
                a[0] = integer(*operator);
                a[1] = integer(*count);
                "operator #|the end of the model after the type's last layer|# more operator(s)"
            }
            Self::WrongActivation {
                layer,
                expected,
                found,
            } => {
                a[0] = integer(*layer);
                a[1] = Text(expected);
                a[2] = Text(found);
                "layer #|fused activation #|#"
            }
            Self::NotConnected {
                operator,
                expected,
                found,
            } => {
                a[0] = integer(*operator);
                a[1] = tensor(*expected);
                a[2] = tensor(*found);
                "operator #|input tensor # (the previous output)|#"
            }
            Self::WrongOutputTensor { expected, found } => {
                a[0] = tensor(*expected);
                a[1] = tensor(*found);
                "|the last layer to write output tensor #|#"
            }
            Self::UnsupportedOptions { operator, option } => {
                a[0] = integer(*operator);
                a[1] = Text(option);
                "operator #|TFLite's default #|another"
            }
            Self::Multiplier { layer, error } => {
                write_message(f, "layer #: ", &[integer(*layer)])?;
                return fmt::Display::fmt(error, f);
            }
            Self::Accumulator { layer, error } => {
                write_message(f, "layer #: ", &[integer(*layer)])?;
                return fmt::Display::fmt(error, f);
            }
            // the rest are about one tensor: `layer 2 weights: …`
            Self::WrongType { role, .. }
            | Self::WrongShape { role, .. }
            | Self::WrongData { role, .. }
            | Self::ScaleCount { role, .. }
            | Self::InvalidScale { role, .. }
            | Self::InvalidZeroPoint { role, .. }
            | Self::QuantizedDimension { role, .. }
            | Self::WrongFixedScale { role, .. } => {
                let (layer, word) = role.parts();
                a[0] = integer(layer);
                a[1] = Text(word);
                // one grouped arm, not one per variant, is 0.5 KB less of firmware flash
                // (`scripts/cortex_m_sizes.sh`); the inner match lists the same variants
                let (template, first, second) = match self {
                    Self::WrongType {
                        expected, found, ..
                    } => ("layer # #|# values|#", Text(expected), Text(found)),
                    Self::WrongShape {
                        expected, found, ..
                    } => ("layer # #|shape #|#", expected.argument(), found.argument()),
                    Self::WrongData {
                        expected, found, ..
                    } => (
                        "layer # #|# bytes of data|#",
                        integer(*expected),
                        integer(*found),
                    ),
                    Self::ScaleCount {
                        expected, found, ..
                    } => ("layer # #|# scales|#", integer(*expected), integer(*found)),
                    Self::InvalidScale { found, .. } => (
                        "layer # #|a positive finite scale|#",
                        Float32(*found),
                        Text(""),
                    ),
                    Self::InvalidZeroPoint {
                        expected, found, ..
                    } => (
                        "layer # #|a zero point #|#",
                        Text(expected),
                        Integer(*found),
                    ),
                    Self::QuantizedDimension { found, .. } => (
                        "layer # #|scales along dimension 0 (outputs)|dimension #",
                        tensor(*found),
                        Text(""),
                    ),
                    Self::WrongFixedScale {
                        expected, found, ..
                    } => (
                        "layer # #|the scale #|#",
                        Float32(*expected),
                        Float32(*found),
                    ),
                    _ => ("", Text(""), Text("")), // not reached: the variants above
                };
                a[2] = first;
                a[3] = second;
                template
            }
        };
        write_message(f, template, &a)
    }
}

/// A count or position as a template's argument.
pub(crate) fn integer(value: usize) -> Argument<'static> {
    Argument::Integer(value as i64)
}

fn byte(value: u8) -> Argument<'static> {
    Argument::Integer(i64::from(value))
}

fn tensor(value: i32) -> Argument<'static> {
    Argument::Integer(i64::from(value))
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
    use super::{Role, Shape, TfliteError};
    use crate::int8::dense::AccumulatorOverflow;
    use crate::int8::multiplier::MultiplierError;
    use crate::int8::{CalibrationError, tflite::flatbuffer::Malformed};

    /// The messages that print a float, a wide integer or bytes, written by the crate's
    /// integer-only writers: floats with the digits that read back to them (9 for an `f32`).
    #[test]
    fn messages_with_floats_and_wide_integers_say_what_was_expected_and_found() {
        let cases: [(TfliteError, String); 8] = [
            (
                TfliteError::WrongFixedScale {
                    role: Role::ActivationOutput(2),
                    expected: 1.0 / 256.0,
                    found: 0.1,
                },
                "layer 2 activation output: expected the scale 0.00390625, found 0.100000001".into(),
            ),
            (
                TfliteError::InvalidScale {
                    role: Role::Weights(1),
                    found: -3.5e-7,
                },
                "layer 1 weights: expected a positive finite scale, found -3.49999993e-7".into(),
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
                "not a TFLite file: expected \"TFL3\" at byte 4, found [79, 78, 78, 88]".into(),
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
                "layer 1: output 4: expected an int32 sum that cannot overflow (at most 2147483647 in \
                 magnitude), found one that can reach 170141183460469231731687303715884105727"
                    .into(),
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(error.to_string(), expected);
        }
        let shape = |dimensions: [i32; 4], rank| Shape { dimensions, rank };
        let others = [
            (
                TfliteError::WrongShape {
                    role: Role::Bias(2),
                    expected: shape([16, 0, 0, 0], 1),
                    found: shape([1, 2, 3, 4], 6),
                },
                "layer 2 bias: expected shape [16], found [1, 2, 3, 4, …]",
            ),
            (
                TfliteError::InputOutputCount {
                    inputs: 2,
                    outputs: 0,
                },
                "expected 1 input and 1 output tensor, found 2 and 0",
            ),
            (
                TfliteError::NotConnected {
                    operator: 1,
                    expected: 3,
                    found: -1,
                },
                "operator 1: expected input tensor 3 (the previous output), found -1",
            ),
            (
                TfliteError::ExtraOperators {
                    operator: 2,
                    count: 3,
                },
                "operator 2: expected the end of the model after the type's last layer, found 3 more \
                 operator(s)",
            ),
            (
                TfliteError::UnsupportedOptions {
                    operator: 0,
                    option: "weights format",
                },
                "operator 0: expected TFLite's default weights format, found another",
            ),
        ];
        for (error, expected) in others {
            assert_eq!(error.to_string(), expected);
        }
        assert_eq!(
            CalibrationError::NonFinite {
                what: "weight",
                layer: 2
            }
            .to_string(),
            "layer 2: expected finite weights, found NaN or an infinity"
        );
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
            "malformed TFLite file: expected the model table inside the file, found byte 12 outside it"
        );
    }
}
