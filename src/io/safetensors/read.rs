//! Reading a state dict into a network type, and [`ReadError`], every way a file can not fit.

use crate::io::safetensors::half_precision::{bf16_to_f64, f16_to_f64};
use crate::io::safetensors::layer_names::{self, key, split_key};
use crate::math::message::shortened;
use crate::math::scalar::Scalar;
use crate::model::describe::Describe;
use crate::model::parameters::Parameters;
use ::safetensors::tensor::TensorView;
use ::safetensors::{Dtype, SafeTensors};
use std::fmt;
use std::io;
use std::path::PathBuf;

/// A network of type `N` from the bytes of a safetensors file; `names` are the layers' names
/// in order, or `None` for the natural order of the names in the file.
pub(crate) fn from_bytes<N>(bytes: &[u8], names: Option<&[&str]>) -> Result<N, ReadError>
where
    N: Describe + Parameters<N::Scalar>,
{
    // a weight and a bias per layer, and the optional `__metadata__`: counted in the raw
    // header before the `safetensors` crate builds anything per key
    let limit = 2 * N::LAYER_COUNT + 1;
    if let Some(found) = header_key_count(bytes).filter(|&found| found > limit) {
        return Err(ReadError::TooManyKeys {
            expected: limit,
            architecture: N::architecture().to_string(),
            found,
        });
    }
    let file = SafeTensors::deserialize(bytes).map_err(|error| ReadError::Malformed {
        detail: error.to_string(),
    })?;
    let keys = file.names();
    let names: Vec<&str> = match names {
        None => layer_names::layer_names(&keys)
            .map_err(|key| ReadError::UnexpectedKey { key: key.into() })?,
        Some(names) => {
            check_names(names, N::LAYER_COUNT)?;
            let mut sorted = keys.clone();
            sorted.sort_by(|a, b| layer_names::natural_order(a, b));
            let stray = sorted
                .into_iter()
                .find(|key| split_key(key).is_none_or(|(name, _)| !names.contains(&name)));
            if let Some(key) = stray {
                return Err(ReadError::UnexpectedKey { key: key.into() });
            }
            names.to_vec()
        }
    };
    if names.len() != N::LAYER_COUNT {
        return Err(ReadError::LayerCount {
            expected: N::LAYER_COUNT,
            architecture: N::architecture().to_string(),
            found: names.iter().map(|name| name.to_string()).collect(),
        });
    }

    // Every tensor is checked before any is read: the parts in the order `parameters_mut`
    // yields the slices (each layer's weights, then its bias if it has one).
    let mut parts = Vec::with_capacity(2 * names.len());
    for ((index, shape), name) in N::layers().enumerate().zip(&names) {
        let layer = index + 1;
        let weight_key = key(name, "weight");
        let weights = tensor::<N::Scalar>(&file, &weight_key, layer)?;
        // nn.Linear(in, out).weight is out × in.
        check_shape(&weights, &weight_key, &[shape.outputs, shape.inputs])?;
        parts.push((weight_key, weights));

        let bias_key = key(name, "bias");
        match (shape.bias, file.tensor(&bias_key).is_ok()) {
            (true, _) => {
                let bias = tensor::<N::Scalar>(&file, &bias_key, layer)?;
                check_shape(&bias, &bias_key, &[shape.outputs])?;
                parts.push((bias_key, bias));
            }
            (false, true) => {
                return Err(ReadError::UnexpectedBias {
                    layer,
                    key: bias_key,
                });
            }
            (false, false) => {}
        }
    }

    // The layers fit; weights read into other activations would compute other outputs.
    check_activations::<N>(bytes)?;

    let mut network = N::zeros();
    // nalgebra stores the I × O weights column by column, which is the out × in matrix row by
    // row: PyTorch's own order, so a tensor is copied as it is.
    for (slice, (key, view)) in network.parameters_mut().zip(&parts) {
        for (index, (entry, value)) in slice.iter_mut().zip(decode(view)).enumerate() {
            if !value.is_finite() {
                return Err(ReadError::NonFinite {
                    key: key.clone(),
                    index,
                    found: value.to_string(),
                });
            }
            *entry = N::Scalar::literal(value); // exact: the dtype was checked to fit
        }
    }
    Ok(network)
}

/// The metadata key under which a file may name its layers' activations, as a JSON list of
/// [`Activation::NAME`](crate::model::Activation::NAME)s, input side first:
/// `"[\"relu\", \"softmax\"]"`. `scripts/sklearn_to_safetensors.py` writes it; a state dict
/// saved by PyTorch has none, and then nothing is checked.
pub const ACTIVATIONS_METADATA: &str = "activations";

/// When the file's metadata names its activations ([`ACTIVATIONS_METADATA`]), they must be the
/// type's, layer by layer: weights read into other activations would compute other outputs.
fn check_activations<N: Describe>(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok((_, metadata)) = SafeTensors::read_metadata(bytes) else {
        return Ok(()); // a malformed header is reported by the caller's own read
    };
    let Some(listed) = metadata
        .metadata()
        .as_ref()
        .and_then(|entries| entries.get(ACTIVATIONS_METADATA))
    else {
        return Ok(());
    };
    let expected: Vec<&str> = N::layers().map(|layer| layer.activation).collect();
    let found = activation_names(listed);
    if found.as_deref() == Some(expected.as_slice()) {
        return Ok(());
    }
    Err(ReadError::WrongActivations {
        expected: expected.iter().map(|name| name.to_string()).collect(),
        architecture: N::architecture().to_string(),
        found: shortened(listed),
    })
}

/// The names of a JSON list of plain strings (`["relu", "softmax"]`), or `None` when the text
/// is not one.
fn activation_names(list: &str) -> Option<Vec<&str>> {
    let inner = list.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return Some(Vec::new());
    }
    inner
        .split(',')
        .map(|item| {
            let name = item.trim().strip_prefix('"')?.strip_suffix('"')?;
            name.bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
                .then_some(name)
        })
        .collect()
}

/// The number of members of the JSON object that a safetensors header should be (8 bytes of
/// little-endian length, then the header): the commas at depth 1, outside strings, plus one.
/// One pass, nothing allocated. `None` when the bytes are too short to hold the header they
/// announce, or it is not an object: the `safetensors` crate then says what is wrong.
fn header_key_count(bytes: &[u8]) -> Option<usize> {
    let length: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    let length = usize::try_from(u64::from_le_bytes(length)).ok()?;
    let header = bytes.get(8..8usize.checked_add(length)?)?;
    let (mut depth, mut in_string, mut escaped) = (0_usize, false, false);
    let (mut commas, mut empty) = (0_usize, true);
    for &byte in header {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => {
                in_string = true;
                if depth == 1 {
                    empty = false;
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.checked_sub(1)?,
            b',' if depth == 1 => commas += 1,
            _ => {}
        }
    }
    Some(if empty { 0 } else { commas + 1 })
}

/// The tensor `key` of layer `layer`, in a dtype that `T` holds exactly.
fn tensor<'a, T: Scalar>(
    file: &SafeTensors<'a>,
    key: &str,
    layer: usize,
) -> Result<TensorView<'a>, ReadError> {
    let view = file.tensor(key).map_err(|_| ReadError::MissingKey {
        layer,
        key: key.to_string(),
    })?;
    let fits = match view.dtype() {
        Dtype::F16 | Dtype::BF16 | Dtype::F32 => true,
        Dtype::F64 => T::NAME == "f64",
        _ => false,
    };
    if fits {
        Ok(view)
    } else {
        Err(ReadError::WrongDtype {
            key: key.to_string(),
            scalar: T::NAME,
            found: view.dtype().to_string(),
        })
    }
}

fn check_shape(view: &TensorView<'_>, key: &str, expected: &[usize]) -> Result<(), ReadError> {
    if view.shape() == expected {
        Ok(())
    } else {
        Err(ReadError::WrongShape {
            key: key.to_string(),
            expected: expected.to_vec(),
            found: view.shape().to_vec(),
        })
    }
}

fn check_names(names: &[&str], expected: usize) -> Result<(), ReadError> {
    if names.len() != expected {
        return Err(ReadError::InvalidNames {
            detail: format!("expected {expected} layer names, found {}", names.len()),
        });
    }
    for (index, name) in names.iter().enumerate() {
        if names[..index].contains(name) {
            return Err(ReadError::InvalidNames {
                detail: format!("expected distinct layer names, found {name:?} twice"),
            });
        }
    }
    Ok(())
}

/// A tensor's entries as `f64`, exactly, in the file's (row-major) order.
fn decode<'a>(view: &TensorView<'a>) -> Box<dyn Iterator<Item = f64> + 'a> {
    let data = view.data();
    match view.dtype() {
        Dtype::F64 => Box::new(
            data.chunks_exact(8)
                .map(|bytes| f64::from_le_bytes(bytes.try_into().unwrap_or_default())),
        ),
        Dtype::F32 => Box::new(
            data.chunks_exact(4)
                .map(|bytes| f64::from(f32::from_le_bytes(bytes.try_into().unwrap_or_default()))),
        ),
        Dtype::F16 => Box::new(
            data.chunks_exact(2)
                .map(|bytes| f16_to_f64(u16::from_le_bytes([bytes[0], bytes[1]]))),
        ),
        Dtype::BF16 => Box::new(
            data.chunks_exact(2)
                .map(|bytes| bf16_to_f64(u16::from_le_bytes([bytes[0], bytes[1]]))),
        ),
        // `tensor` admits only the four float dtypes.
        _ => Box::new(core::iter::empty()),
    }
}

/// Why a safetensors file could not be read into a network type. Each message says what was
/// expected and what was found; keys are quoted as the file spells them.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// There is no file at the path.
    NotFound {
        /// The path.
        path: PathBuf,
    },
    /// The file exists but could not be read.
    Io {
        /// The path.
        path: PathBuf,
        /// What the operating system said.
        error: io::Error,
    },
    /// Not a safetensors file: too short, a header that is not JSON, offsets that do not match
    /// the dtypes and shapes, or data past the last tensor.
    Malformed {
        /// The `safetensors` crate's message.
        detail: String,
    },
    /// A key that is no layer's `weight` or `bias` (a batch norm's `running_mean`, say), or,
    /// with layer names given, one of a layer not named.
    UnexpectedKey {
        /// The key.
        key: String,
    },
    /// The header holds more keys than the type's layers can use (a weight and a bias each,
    /// and `__metadata__`): refused before any key is read.
    TooManyKeys {
        /// The most keys the type can use.
        expected: usize,
        /// The type's architecture, such as `3→5 relu→2 sigmoid f32`.
        architecture: String,
        /// The number of keys in the header.
        found: usize,
    },
    /// The file holds another number of layers than the type.
    LayerCount {
        /// The number of layers of the type.
        expected: usize,
        /// The type's architecture, such as `3→5 relu→2 sigmoid f32`.
        architecture: String,
        /// The layer names found, in the order they were taken.
        found: Vec<String>,
    },
    /// A layer's `weight`, or the `bias` of a layer whose type has one, is not in the file.
    MissingKey {
        /// The layer, counted from 1 on the input side.
        layer: usize,
        /// The key looked for.
        key: String,
    },
    /// The file has a bias for a layer whose type has none ([`NoBias`](crate::model::NoBias)).
    UnexpectedBias {
        /// The layer, counted from 1 on the input side.
        layer: usize,
        /// The bias's key.
        key: String,
    },
    /// A tensor's dtype is not one the network's scalar holds exactly: `f32` networks read
    /// `F32`, `F16` and `BF16`; `f64` networks read those and `F64`.
    WrongDtype {
        /// The key.
        key: String,
        /// The network's scalar, `"f32"` or `"f64"`.
        scalar: &'static str,
        /// The file's dtype, such as `F64` or `I64`.
        found: String,
    },
    /// A tensor has the wrong shape: weights are `[out, in]`, biases `[out]`.
    WrongShape {
        /// The key.
        key: String,
        /// The shape the type needs.
        expected: Vec<usize>,
        /// The file's shape.
        found: Vec<usize>,
    },
    /// An entry is NaN or infinite.
    NonFinite {
        /// The key.
        key: String,
        /// The entry's position in the tensor, row-major (PyTorch's order).
        index: usize,
        /// The value, such as `NaN` or `-inf`.
        found: String,
    },
    /// The file's metadata names activations ([`ACTIVATIONS_METADATA`]) other than the type's.
    WrongActivations {
        /// The type's activations, input side first.
        expected: Vec<String>,
        /// The type's architecture, such as `4→16 relu→3 softmax f32`.
        architecture: String,
        /// The file's list, as it is written (cut to 200 characters, ending in `…`).
        found: String,
    },
    /// The layer names passed to a `_named` reader are not one distinct name per layer.
    InvalidNames {
        /// What is wrong with them.
        detail: String,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound { path } => write!(f, "no safetensors file at {}", path.display()),
            ReadError::Io { path, error } => {
                write!(f, "could not read {}: {error}", path.display())
            }
            ReadError::Malformed { detail } => write!(
                f,
                "not a safetensors file: expected an 8-byte header length, a JSON header and \
                 the tensor data it describes, found an error ({detail})"
            ),
            ReadError::UnexpectedKey { key } => write!(
                f,
                "unexpected key \"{key}\": expected only the `weight` and `bias` of each \
                 nn.Linear layer"
            ),
            ReadError::LayerCount {
                expected,
                architecture,
                found,
            } => {
                let layers = if *expected == 1 { "layer" } else { "layers" };
                write!(
                    f,
                    "expected {expected} nn.Linear {layers} ({architecture}), found {}",
                    found.len()
                )?;
                for (index, name) in found.iter().enumerate() {
                    let separator = if index == 0 { " (" } else { ", " };
                    write!(f, "{separator}\"{name}\"")?;
                }
                if found.is_empty() {
                    Ok(())
                } else {
                    write!(f, ")")
                }
            }
            ReadError::TooManyKeys {
                expected,
                architecture,
                found,
            } => write!(
                f,
                "expected at most {expected} keys for {architecture} (a weight and a bias per \
                 layer, and __metadata__), found {found}"
            ),
            ReadError::MissingKey { layer, key } => {
                write!(f, "layer {layer}: expected a tensor \"{key}\", found none")
            }
            ReadError::UnexpectedBias { layer, key } => write!(
                f,
                "layer {layer} has no bias: expected no \"{key}\" (nn.Linear(..., bias=False)), \
                 found one"
            ),
            ReadError::WrongDtype { key, scalar, found } => {
                let expected = if *scalar == "f64" {
                    "F64, F32, F16 or BF16"
                } else {
                    "F32, F16 or BF16 (held exactly by f32; save the model after .float(), \
                     or use an f64 network)"
                };
                write!(
                    f,
                    "\"{key}\": expected dtype {expected} for an {scalar} network, found {found}"
                )
            }
            ReadError::WrongShape {
                key,
                expected,
                found,
            } => {
                write!(f, "\"{key}\": expected shape {expected:?}")?;
                if let [outputs, inputs] = expected[..] {
                    write!(
                        f,
                        " (out × in, as nn.Linear({inputs}, {outputs}) stores it)"
                    )?;
                }
                write!(f, ", found {found:?}")?;
                if expected.len() == 2 && found.iter().rev().eq(expected.iter()) {
                    write!(
                        f,
                        " (transposed: in × out is Keras's layout, not PyTorch's)"
                    )?;
                }
                Ok(())
            }
            ReadError::NonFinite { key, index, found } => write!(
                f,
                "\"{key}\", entry {index}: expected a finite number, found {found}"
            ),
            ReadError::WrongActivations {
                expected,
                architecture,
                found,
            } => write!(
                f,
                "expected activations [{}] ({architecture}), found {found} in the file's \
                 metadata: read it into a type with the file's activations",
                expected.join(", ")
            ),
            ReadError::InvalidNames { detail } => write!(f, "invalid layer names: {detail}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_header(header: &str) -> Vec<u8> {
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes
    }

    #[test]
    fn header_keys_are_counted_outside_strings_and_nested_values() {
        for (header, expected) in [
            ("{}", Some(0)),
            (" { } ", Some(0)),
            (r#"{"a":{"shape":[1,2],"data_offsets":[0,8]}}"#, Some(1)),
            (
                r#"{"a,b":{"x":[1,2]},"c":{},"__metadata__":{"k":"v,w"}}"#,
                Some(3),
            ),
            (r#"{"q\",}":{},"r":{}}"#, Some(2)), // an escaped quote inside a key
            (r#"{"a":{}]]"#, None),              // closes more than it opens
        ] {
            assert_eq!(header_key_count(&with_header(header)), expected, "{header}");
        }
        assert_eq!(header_key_count(b"short"), None);
        let mut announced_too_long = with_header("{}");
        announced_too_long[0] = 200;
        assert_eq!(header_key_count(&announced_too_long), None);
        let mut huge = with_header("{}");
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(header_key_count(&huge), None);
    }

    #[test]
    fn activation_lists_are_read_as_json_lists_of_names() {
        assert_eq!(
            activation_names(r#" [ "relu" ,"softmax"] "#),
            Some(vec!["relu", "softmax"])
        );
        assert_eq!(activation_names("[]"), Some(vec![]));
        for malformed in [r#""relu""#, "[relu]", r#"["relu",]"#, r#"["re lu"]"#, "["] {
            assert_eq!(activation_names(malformed), None, "{malformed}");
        }
    }

    #[test]
    fn a_file_naming_other_activations_is_refused_and_one_naming_none_is_read() {
        use crate::model::{Relu, Sigmoid};
        type Net = crate::mlp!(f32; 1 => 1 Relu => 1 Sigmoid);
        let file = |metadata: &str| {
            let mut header = format!(
                r#"{{"0.weight":{{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]}},"0.bias":{{"dtype":"F32","shape":[1],"data_offsets":[4,8]}},"1.weight":{{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}},"1.bias":{{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}{metadata}}}"#
            );
            while header.len() % 8 != 0 {
                header.push(' ');
            }
            let mut bytes = with_header(&header);
            for value in [1.0_f32, 0.0, 2.0, 0.5] {
                bytes.extend_from_slice(&value.to_le_bytes());
            }
            bytes
        };
        let read = |metadata: &str| from_bytes::<Net>(&file(metadata), None);
        assert!(read("").is_ok());
        assert!(read(r#","__metadata__":{"format":"pt"}"#).is_ok());
        assert!(read(r#","__metadata__":{"activations":"[\"relu\", \"sigmoid\"]"}"#).is_ok());
        for other in [
            r#"[\"tanh\", \"sigmoid\"]"#,
            r#"[\"relu\"]"#,
            r#"[\"relu\", \"sigmoid\", \"sigmoid\"]"#,
            "relu, sigmoid",
        ] {
            let metadata = format!(r#","__metadata__":{{"activations":"{other}"}}"#);
            let error = read(&metadata).unwrap_err();
            assert!(
                matches!(&error, ReadError::WrongActivations { expected, .. } if expected == &["relu", "sigmoid"]),
                "{other}: {error}"
            );
        }
    }
}
