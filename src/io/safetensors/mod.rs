//! PyTorch weights in and out: a network as the state dict of an `nn.Sequential` of
//! `nn.Linear` layers, in a safetensors file (the `safetensors` feature).
//!
//! ```
//! use static_mlp::prelude::*;
//! use static_mlp::io::safetensors::{ReadError, SafetensorsFile};
//!
//! // nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2), nn.Sigmoid()): the file
//! // records the two Linear layers only; the activations come from the type.
//! type Net = mlp!(f32; 3 => 5 Relu => 2 Sigmoid);
//! let net = Net::random(Init::He, &mut StdRng::seed_from_u64(1));
//!
//! let bytes = net.to_safetensors()?; // keys 0.weight [5, 3], 0.bias [5], 2.weight, 2.bias
//! assert_eq!(Net::from_safetensors(&bytes)?, net); // bit for bit
//!
//! type Wider = mlp!(f32; 3 => 8 Relu => 2 Sigmoid);
//! let error = Wider::from_safetensors(&bytes).unwrap_err();
//! assert!(matches!(error, ReadError::WrongShape { .. }));
//! assert_eq!(
//!     error.to_string(),
//!     "\"0.weight\": expected shape [8, 3] (out × in, as nn.Linear(3, 8) stores it), found [5, 3]"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What the file holds
//!
//! A safetensors file is an 8-byte little-endian header length, a JSON header naming each
//! tensor's `dtype`, `shape` and byte range, and the tensors' little-endian data. PyTorch's
//! `safetensors.torch.save_file(model.state_dict(), path)` writes, for each `nn.Linear(in, out)`
//! at position `k` of an `nn.Sequential`, `k.weight` of shape `[out, in]` and `k.bias` of shape
//! `[out]` (none with `bias=False`). Activations have no parameters, so the positions skip
//! them (`0`, `2`, `4`, …) and the file does not say which they were: they come from the
//! type. A file whose metadata names them ([`ACTIVATIONS_METADATA`], as
//! `scripts/sklearn_to_safetensors.py` writes) is read only into a type with those
//! activations ([`ReadError::WrongActivations`]). A model built from an `OrderedDict` has its own names
//! (`fc1.weight`, …); [`layer_names`] tells how layers are matched to names and ordered.
//!
//! # Reading
//!
//! The file must fit the type exactly: one `weight` per layer of shape `[out, in]`, a `bias`
//! of shape `[out]` exactly where the type has one, no other key, every entry finite, and a
//! dtype the scalar holds exactly (`f32` networks read `F32`, `F16` and `BF16`; `f64`
//! networks also `F64`). Each way a file can fail is a [`ReadError`] that names the key, what
//! the type expects and what the file has. Half-precision values are widened exactly, so a
//! net computes with precisely the numbers PyTorch stored.
//!
//! # Writing
//!
//! [`SafetensorsFile::save_safetensors`] writes the same format in the network's own dtype (`F32`
//! or `F64`), keys `0`, `2`, `4`, … as in `nn.Sequential(Linear, activation, Linear, …)`,
//! metadata `{"format": "pt"}`, atomically: a temporary file renamed over the target, so a
//! failure leaves the old file. PyTorch loads it with
//! `model.load_state_dict(safetensors.torch.load_file(path))`. The layout is converted for
//! free: this crate's `I × O` weights (samples as rows, `z = x·W`), stored column by column,
//! are byte for byte PyTorch's `out × in` weight stored row by row (`z = x·Wᵀ`).
//!
//! [`build_script`](crate::io::build_script) bakes a file into a `const` at build time, so a file
//! that does not fit the type fails the build.

mod half_precision;
pub mod layer_names;
mod read;
mod write;

pub use read::{ACTIVATIONS_METADATA, ReadError};
pub use write::WriteError;

use crate::io::atomic_file::write_atomically;
use crate::model::describe::Describe;
use crate::model::parameters::Parameters;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// PyTorch state dicts in safetensors files, for every network type (every type
/// [`mlp!`](crate::mlp) names). See the [module docs](self) for the format and the checks.
pub trait SafetensorsFile: Describe + Parameters<Self::Scalar> {
    /// Reads a network from the safetensors file at `path`, its layers in the natural order
    /// of their names ([`layer_names`]).
    fn load_safetensors(path: impl AsRef<Path>) -> Result<Self, ReadError> {
        let path = path.as_ref();
        let bytes = fs::read(path).map_err(|error| match error.kind() {
            io::ErrorKind::NotFound => ReadError::NotFound {
                path: path.to_path_buf(),
            },
            _ => ReadError::Io {
                path: path.to_path_buf(),
                error,
            },
        })?;
        Self::from_safetensors(&bytes)
    }

    /// A network from a safetensors file's bytes, its layers in the natural order of their
    /// names ([`layer_names`]): `0 < 2 < 10`, `fc1 < fc2`.
    fn from_safetensors(bytes: &[u8]) -> Result<Self, ReadError> {
        read::from_bytes(bytes, None)
    }

    /// A network from a safetensors file's bytes whose layers are named `names`, input side
    /// first: for names whose natural order is not the network's, such as
    /// `["hidden", "output"]`. Every key must belong to one of them.
    fn from_safetensors_named(bytes: &[u8], names: &[&str]) -> Result<Self, ReadError> {
        read::from_bytes(bytes, Some(names))
    }

    /// The network as the bytes of a safetensors file, with `nn.Sequential`'s keys `0.weight`,
    /// `0.bias`, `2.weight`, … (a `Linear` and an activation per layer).
    fn to_safetensors(&self) -> Result<Vec<u8>, WriteError> {
        let names = write::sequential_names(Self::LAYER_COUNT);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        write::to_bytes(self, &names)
    }

    /// The network as the bytes of a safetensors file whose layers are named `names`, input
    /// side first (`["fc1", "fc2"]` gives `fc1.weight`, `fc1.bias`, `fc2.weight`, …).
    fn to_safetensors_named(&self, names: &[&str]) -> Result<Vec<u8>, WriteError> {
        write::to_bytes(self, names)
    }

    /// Writes [`to_safetensors`](Self::to_safetensors)'s bytes to `path` atomically. On any
    /// error the file already at `path`, if any, is left as it was.
    fn save_safetensors(&self, path: impl AsRef<Path>) -> Result<(), WriteError> {
        let path = path.as_ref();
        let bytes = self.to_safetensors()?;
        write_atomically(path, |file| file.write_all(&bytes)).map_err(|error| WriteError::Io {
            path: path.to_path_buf(),
            error,
        })
    }
}

impl<N> SafetensorsFile for N where N: Describe + Parameters<N::Scalar> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp;
    use crate::model::activation::{Identity, Relu, Sigmoid, Tanh};
    use crate::model::init::Init;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    type Net = mlp!(f32; 3 => 5 Relu => 4 Tanh => 2 Sigmoid);
    type NoBiasNet = mlp!(f32, no_bias; 2 => 4 Relu => 1 Identity);

    fn net() -> Net {
        Net::random(Init::He, &mut StdRng::seed_from_u64(3))
    }

    /// A safetensors file written by hand: `(key, dtype, shape, little-endian data)`.
    fn file(tensors: &[(&str, &str, &[usize], Vec<u8>)]) -> Vec<u8> {
        let mut header = String::from("{");
        let mut offset = 0;
        for (index, (key, dtype, shape, data)) in tensors.iter().enumerate() {
            let separator = if index == 0 { "" } else { "," };
            header += &format!(
                "{separator}\"{key}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape:?},\
                 \"data_offsets\":[{offset},{}]}}",
                offset + data.len()
            );
            offset += data.len();
        }
        header += "}";
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        for (_, _, _, data) in tensors {
            bytes.extend_from_slice(data);
        }
        bytes
    }

    fn f32s(values: &[f32]) -> Vec<u8> {
        values
            .iter()
            .flat_map(|value| value.to_le_bytes())
            .collect()
    }

    #[test]
    fn weights_are_read_out_by_in_into_in_by_out() {
        // nn.Linear(2, 3): weight [[1, 2], [3, 4], [5, 6]] maps x to x·Wᵀ + b.
        type One = mlp!(f64; 2 => 3 Identity);
        let bytes = file(&[
            (
                "weight",
                "F32",
                &[3, 2],
                f32s(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            ),
            ("bias", "F32", &[3], f32s(&[0.5, 0.0, -0.5])),
        ]);
        let layer = One::from_safetensors(&bytes).unwrap();
        // W here is I × O: entry (i, o) is PyTorch's weight[o][i].
        assert_eq!(layer.weights()[(0, 1)], 3.0);
        assert_eq!(layer.weights()[(1, 2)], 6.0);
        use crate::model::network::Network;
        // x = (1, 10): (1·1 + 10·2 + 0.5, 1·3 + 10·4, 1·5 + 10·6 − 0.5)
        assert_eq!(layer.predict_one([1.0, 10.0]), [21.5, 43.0, 64.5]);
    }

    #[test]
    fn a_network_round_trips_bit_for_bit() {
        let net = net();
        let bytes = net.to_safetensors().unwrap();
        assert_eq!(Net::from_safetensors(&bytes).unwrap(), net);
        let named = net
            .to_safetensors_named(&["hidden", "middle", "out"])
            .unwrap();
        assert_eq!(
            Net::from_safetensors_named(&named, &["hidden", "middle", "out"]).unwrap(),
            net
        );
        let no_bias = NoBiasNet::random(Init::He, &mut StdRng::seed_from_u64(4));
        let bytes = no_bias.to_safetensors().unwrap();
        assert_eq!(NoBiasNet::from_safetensors(&bytes).unwrap(), no_bias);
    }

    #[test]
    fn the_writer_writes_what_pytorch_reads() {
        let bytes = net().to_safetensors().unwrap();
        let length = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        let header = std::str::from_utf8(&bytes[8..8 + length]).unwrap();
        let header: serde_json::Value = serde_json::from_str(header.trim_end()).unwrap();
        assert_eq!(header["__metadata__"]["format"], "pt");
        assert_eq!(header["0.weight"]["shape"], serde_json::json!([5, 3]));
        assert_eq!(header["2.bias"]["dtype"], "F32");
        assert_eq!(header["4.weight"]["shape"], serde_json::json!([2, 4]));
        assert_eq!(header.as_object().unwrap().len(), 7);
        // The same network gives the same bytes.
        assert_eq!(net().to_safetensors().unwrap(), bytes);
    }

    #[test]
    fn half_precision_is_widened_exactly() {
        type One = mlp!(f32; 1 => 2 Identity);
        // 0.1 and -65504 in half precision, 0.1 and 3.0e38 in bfloat16 (rounded to nearest).
        let bits = |values: [u16; 2]| values.map(u16::to_le_bytes).concat();
        let bytes = file(&[
            ("0.weight", "F16", &[2, 1], bits([0x2E66, 0xFBFF])),
            ("0.bias", "BF16", &[2], bits([0x3DCD, 0x7F62])),
        ]);
        let layer = One::from_safetensors(&bytes).unwrap();
        assert_eq!(layer.weights()[(0, 0)], 1638.0 / 16384.0);
        assert_eq!(layer.weights()[(0, 1)], -65504.0);
        assert_eq!(layer.bias()[0], 205.0 / 2048.0);
        assert_eq!(layer.bias()[1], f32::from_bits(0x7F62_0000));
    }

    fn error<N: SafetensorsFile + core::fmt::Debug>(bytes: &[u8]) -> String {
        N::from_safetensors(bytes).unwrap_err().to_string()
    }

    #[test]
    fn every_mismatch_says_what_was_expected_and_found() {
        type One = mlp!(f32; 2 => 1 Sigmoid);
        let weight = || ("0.weight", "F32", &[1_usize, 2][..], f32s(&[1.0, 2.0]));
        let bias = || ("0.bias", "F32", &[1_usize][..], f32s(&[0.0]));
        assert_eq!(
            error::<One>(&file(&[weight()])),
            "layer 1: expected a tensor \"0.bias\", found none"
        );
        assert_eq!(
            error::<mlp!(f32, no_bias; 2 => 1 Sigmoid)>(&file(&[weight(), bias()])),
            "layer 1 has no bias: expected no \"0.bias\" (nn.Linear(..., bias=False)), found one"
        );
        assert_eq!(
            error::<One>(&file(&[
                weight(),
                bias(),
                ("1.running_mean", "F32", &[1], f32s(&[0.0]))
            ])),
            "unexpected key \"1.running_mean\": expected only the `weight` and `bias` of each \
             nn.Linear layer"
        );
        assert_eq!(
            error::<One>(&file(&[
                weight(),
                bias(),
                ("2.weight", "F32", &[1, 1], f32s(&[0.0]))
            ])),
            "expected 1 nn.Linear layer (2→1 sigmoid f32), found 2 (\"0\", \"2\")"
        );
        assert_eq!(
            error::<One>(&file(&[
                ("0.weight", "F32", &[2, 1], f32s(&[1.0, 2.0])),
                bias()
            ])),
            "\"0.weight\": expected shape [1, 2] (out × in, as nn.Linear(2, 1) stores it), found \
             [2, 1] (transposed: in × out is Keras's layout, not PyTorch's)"
        );
        let f64s: Vec<u8> = [1.0_f64, 2.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(
            error::<One>(&file(&[("0.weight", "F64", &[1, 2], f64s.clone()), bias()])),
            "\"0.weight\": expected dtype F32, F16 or BF16 (held exactly by f32; save the model \
             after .float(), or use an f64 network) for an f32 network, found F64"
        );
        assert!(
            <mlp!(f64; 2 => 1 Sigmoid)>::from_safetensors(&file(&[
                ("0.weight", "F64", &[1, 2], f64s),
                ("0.bias", "F16", &[1], vec![0, 0]),
            ]))
            .is_ok()
        );
        assert_eq!(
            error::<One>(&file(&[("0.weight", "I32", &[1, 2], vec![0; 8]), bias()])),
            "\"0.weight\": expected dtype F32, F16 or BF16 (held exactly by f32; save the model \
             after .float(), or use an f64 network) for an f32 network, found I32"
        );
        assert_eq!(
            error::<One>(&file(&[
                ("0.weight", "F32", &[1, 2], f32s(&[1.0, f32::NAN])),
                bias()
            ])),
            "\"0.weight\", entry 1: expected a finite number, found NaN"
        );
        let infinite = 0x7C00_u16.to_le_bytes().to_vec(); // +∞ in half precision
        assert_eq!(
            error::<One>(&file(&[weight(), ("0.bias", "F16", &[1], infinite)])),
            "\"0.bias\", entry 0: expected a finite number, found inf"
        );
        assert!(error::<One>(&[1, 2, 3]).starts_with("not a safetensors file: expected"));
        assert_eq!(
            error::<One>(&file(&[])),
            "expected 1 nn.Linear layer (2→1 sigmoid f32), found 0"
        );
        assert_eq!(
            error::<One>(&file(&[(".weight", "F32", &[1, 2], f32s(&[1.0, 2.0]))])),
            "unexpected key \".weight\": expected only the `weight` and `bias` of each \
             nn.Linear layer"
        );
        let mut cut = file(&[weight(), bias()]);
        cut.pop();
        assert!(matches!(
            One::from_safetensors(&cut),
            Err(ReadError::Malformed { .. })
        ));
    }

    #[test]
    fn named_layers_must_name_every_key() {
        let bytes = net().to_safetensors_named(&["a", "b", "c"]).unwrap();
        assert_eq!(
            Net::from_safetensors_named(&bytes, &["a", "b", "d"])
                .unwrap_err()
                .to_string(),
            "unexpected key \"c.bias\": expected only the `weight` and `bias` of each nn.Linear \
             layer"
        );
        assert_eq!(
            Net::from_safetensors_named(&bytes, &["a", "b"])
                .unwrap_err()
                .to_string(),
            "invalid layer names: expected 3 layer names, found 2"
        );
        assert!(matches!(
            net().to_safetensors_named(&["a", "a", "c"]),
            Err(WriteError::InvalidNames { .. })
        ));
    }

    #[test]
    fn a_non_finite_network_is_not_written() {
        let mut net = net();
        net.parameters_mut().nth(2).unwrap()[3] = f32::INFINITY;
        assert_eq!(
            net.to_safetensors().unwrap_err().to_string(),
            "not written: \"2.weight\", entry 3 is inf, expected a finite number"
        );
    }

    #[test]
    fn activations_are_the_types_not_the_files() {
        // The same file read as two types with other activations: same weights.
        type Sigmoids = mlp!(f32; 3 => 5 Sigmoid => 4 Sigmoid => 2 Sigmoid);
        let bytes = net().to_safetensors().unwrap();
        let other = Sigmoids::from_safetensors(&bytes).unwrap();
        assert!(
            other
                .parameters()
                .flatten()
                .eq(net().parameters().flatten())
        );
    }

    #[test]
    fn a_header_with_more_keys_than_the_type_uses_is_refused_before_it_is_read() {
        // 100 000 zero-size tensors: nothing a three-layer net can use
        let tensors: Vec<(String, &str, &[usize], Vec<u8>)> = (0..100_000)
            .map(|index| (format!("{index}.weight"), "F32", &[0_usize][..], Vec::new()))
            .collect();
        let tensors: Vec<(&str, &str, &[usize], Vec<u8>)> = tensors
            .iter()
            .map(|(key, dtype, shape, data)| (key.as_str(), *dtype, *shape, data.clone()))
            .collect();
        let error = Net::from_safetensors(&file(&tensors)).unwrap_err();
        assert!(
            matches!(
                error,
                ReadError::TooManyKeys {
                    expected: 7,
                    found: 100_000,
                    ..
                }
            ),
            "{error}"
        );
        assert_eq!(
            error.to_string(),
            "expected at most 7 keys for 3→5 relu→4 tanh→2 sigmoid f32 (a weight and a bias \
             per layer, and __metadata__), found 100000"
        );
        // a file the type can use, with its metadata, is 7 keys and loads
        let bytes = net().to_safetensors().unwrap();
        assert_eq!(Net::from_safetensors(&bytes).unwrap(), net());
    }
}
