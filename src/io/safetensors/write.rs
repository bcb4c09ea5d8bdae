//! Writing a network as a PyTorch state dict, and [`WriteError`].

use crate::io::safetensors::layer_names::key;
use crate::math::scalar::Scalar;
use crate::model::describe::Describe;
use crate::model::parameters::Parameters;
use ::safetensors::{Dtype, View};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::PathBuf;

/// The layer names `nn.Sequential(Linear, activation, Linear, activation, …)` gives its
/// `Linear` layers: `0`, `2`, `4`, …
pub(crate) fn sequential_names(count: usize) -> Vec<String> {
    (0..count).map(|layer| (2 * layer).to_string()).collect()
}

/// The bytes of a safetensors file holding `network`'s state dict under the layer `names`.
pub(crate) fn to_bytes<N>(network: &N, names: &[&str]) -> Result<Vec<u8>, WriteError>
where
    N: Describe + Parameters<N::Scalar>,
{
    if names.len() != N::LAYER_COUNT {
        return Err(WriteError::InvalidNames {
            detail: format!(
                "expected {} layer names, found {}",
                N::LAYER_COUNT,
                names.len()
            ),
        });
    }
    for (index, name) in names.iter().enumerate() {
        if names[..index].contains(name) {
            return Err(WriteError::InvalidNames {
                detail: format!("expected distinct layer names, found {name:?} twice"),
            });
        }
    }

    // `parameters` yields each layer's weights, then its bias if it has one; the I × O weights
    // column by column are the out × in matrix row by row, PyTorch's layout.
    let parts = N::layers().zip(names).flat_map(|(shape, name)| {
        let weight = (key(name, "weight"), vec![shape.outputs, shape.inputs]);
        let bias = shape.bias.then(|| (key(name, "bias"), vec![shape.outputs]));
        [Some(weight), bias].into_iter().flatten()
    });
    let dtype = if N::Scalar::NAME == "f64" {
        Dtype::F64
    } else {
        Dtype::F32
    };
    let mut tensors = Vec::with_capacity(2 * names.len());
    for ((key, shape), values) in parts.zip(network.parameters()) {
        let mut data = Vec::with_capacity(values.len() * dtype.bitsize() / 8);
        for (index, value) in values.iter().map(|value| value.to_f64()).enumerate() {
            if !value.is_finite() {
                return Err(WriteError::NonFinite { key, index, value });
            }
            match dtype {
                Dtype::F64 => data.extend_from_slice(&value.to_le_bytes()),
                _ => data.extend_from_slice(&(value as f32).to_le_bytes()), // exact: it is an f32
            }
        }
        tensors.push((key, Tensor { dtype, shape, data }));
    }
    // One metadata entry, as `safetensors.torch.save_file` writes it: with more, the order of
    // the entries would change from run to run (the crate keeps them in a hash map).
    let metadata = HashMap::from([("format".to_string(), "pt".to_string())]);
    Ok(
        ::safetensors::serialize(tensors, Some(metadata.into_iter().collect()))
            .expect("finite tensors whose sizes match their shapes serialise"),
    )
}

/// One tensor to write.
struct Tensor {
    dtype: Dtype,
    shape: Vec<usize>,
    data: Vec<u8>,
}

impl View for Tensor {
    fn dtype(&self) -> Dtype {
        self.dtype
    }
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.data)
    }
    fn data_len(&self) -> usize {
        self.data.len()
    }
}

/// Why a network was not written as a safetensors file. A file already at the path is left
/// as it was.
#[derive(Debug)]
#[non_exhaustive]
pub enum WriteError {
    /// A weight is NaN or infinite (training diverged).
    NonFinite {
        /// The tensor's key.
        key: String,
        /// The entry's position in the tensor, row-major (PyTorch's order).
        index: usize,
        /// The value.
        value: f64,
    },
    /// The layer names passed to a `_named` writer are not one distinct name per layer.
    InvalidNames {
        /// What is wrong with them.
        detail: String,
    },
    /// The temporary file could not be written, flushed or renamed.
    Io {
        /// The path being written.
        path: PathBuf,
        /// What the operating system said.
        error: io::Error,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::NonFinite { key, index, value } => write!(
                f,
                "not written: \"{key}\", entry {index} is {value}, expected a finite number"
            ),
            WriteError::InvalidNames { detail } => {
                write!(f, "not written: invalid layer names: {detail}")
            }
            WriteError::Io { path, error } => write!(
                f,
                "could not write {}: {error} (the file there, if any, is unchanged)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}
