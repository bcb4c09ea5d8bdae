//! Saving a trained network to a file and loading it back, safely.
//!
//! ```
//! use static_mlp::prelude::*;
//! use static_mlp::io::json::{LoadError, JsonFile};
//!
//! type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
//! let net = XorNet::random(Init::Xavier, &mut StdRng::seed_from_u64(1));
//!
//! # struct RemovedOnDrop(std::path::PathBuf);
//! # impl Drop for RemovedOnDrop {
//! #     fn drop(&mut self) {
//! #         let _ = std::fs::remove_dir_all(&self.0);
//! #     }
//! # }
//! # let directory = std::env::temp_dir().join(format!("static-mlp-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&directory)?;
//! # let _removed = RemovedOnDrop(directory.clone());
//! let path = directory.join("xor.json"); // any path of yours
//! net.save(&path)?;
//! assert_eq!(XorNet::load(&path)?, net); // bit for bit
//!
//! type Other = mlp!(f32; 2 => 8 Sigmoid => 1 Sigmoid);
//! let error = Other::load(&path).unwrap_err();
//! assert!(matches!(error, LoadError::ArchitectureMismatch { .. }));
//! assert_eq!(
//!     error.to_string(),
//!     "the file holds 2→4→4→1 sigmoid f64, this type is 2→8→1 sigmoid f32"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The format
//!
//! One JSON object, written by serde (the matrices by nalgebra's own serde support):
//!
//! ```text
//! {
//!   "format": "static-mlp network",
//!   "version": 1,
//!   "architecture": { "scalar": "f64", "layers": [
//!       { "inputs": 2, "outputs": 4, "activation": "sigmoid", "bias": true }, … ] },
//!   "network": { "first": { "weights": [ … ], "bias": [ … ] }, "rest": { … } }
//! }
//! ```
//!
//! A [`Pipeline`](crate::pipeline::Pipeline) (a network with the preprocessing it was trained behind) is
//! written as **version 2**: the same fields, plus its standardizer and class names,
//!
//! ```text
//!   "version": 2, "architecture": { … }, "network": { … },
//!   "standardizer": { "mean": [ … ], "scale": [ … ] },
//!   "class_names": ["setosa", "versicolor", "virginica"]      (or null)
//! ```
//!
//! with one class name per output, or two for a network with one output: the class for an
//! output of 0.5 or below, then the class above (`["malignant", "benign"]`).
//!
//! A pipeline with an [`Imputer`](crate::data::missing::Imputer) (missing cells filled in
//! before standardising), or a [`RecordPipeline`](crate::pipeline::RecordPipeline) (a
//! [`RecordEncoder`](crate::data::encoding::RecordEncoder) in front), is written as
//! **version 3**: version 2's fields plus either or both of
//!
//! ```text
//!   "encoder": { "columns": [{ "name": "origin", "encoding": "one_hot",
//!                              "categories": ["Europe", "Japan", "USA"] }, …],
//!                "unknown": "error", "missing_texts": [""] },
//!   "imputer": ["keep", { "value": 104.5 }, { "indicator_of": 1 }]      (one per input)
//! ```
//!
//! and every other pipeline still as version 2, which earlier releases read. A file with an
//! encoder loads only as a `RecordPipeline`: dropping the encoder is refused as
//! [`LoadError::WrongContents`].
//! A bare network is still written as version 1, so files stay readable by earlier releases.
//! Loading a version-2 file as a bare network, or a version-1 file as a pipeline, is
//! [`LoadError::WrongContents`]: dropping the preprocessing silently is exactly the misuse the
//! pipeline exists to prevent.
//!
//! `network` nests like the type: a [`Chain`](crate::model::Chain) is `{"first", "rest"}`, a
//! [`Dense`](crate::model::Dense) layer `{"weights", "bias"}` with its `I × O` weights in column-major
//! order (nalgebra's), so the entries for output unit 0 come first. Floats are written in
//! the shortest form that reads back to the same bits. `architecture` repeats what the type
//! says, so a file is checked against the type before a single weight is read.
//!
//! # Safety of the file
//!
//! [`JsonFile::save`] writes a temporary file next to the target, flushes it to disk and renames
//! it over the target, so a crash or a full disk leaves either the old file or the new one,
//! never half of one. (A crash mid-write can leave the temporary file, `.smlp-` and 16 hex
//! digits `.tmp`, beside it; a failure the process sees removes it. The temporary is always a
//! new file with a random name, so no other file is opened or removed; the replaced file's
//! permissions carry over, and saving through a symbolic link replaces the file it points to.) [`JsonFile::load`] returns a [`LoadError`] for anything that is not a
//! complete file for this very type; it never panics.

use crate::io::atomic_file::write_atomically;
use crate::io::bounded_json::{self, Counted, FIELDS, Notes, Shape};
use crate::math::message::shortened;
use crate::math::scalar::Scalar;
use crate::model::describe::ArchitectureText;
use crate::model::describe::Describe;
use crate::model::describe::LayerShape;
use crate::model::parameters::Parameters;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The value of a file's `"format"` field.
pub const FORMAT: &str = "static-mlp network";
/// The file format version of a bare network, which [`JsonFile`] writes and reads.
pub const VERSION: u64 = 1;
/// The file format version of a [`Pipeline`](crate::pipeline::Pipeline): a network with its
/// standardizer and class names, which [`Pipeline::save`](crate::pipeline::Pipeline::save) writes.
pub const PIPELINE_VERSION: u64 = 2;
/// The file format version of a [`Pipeline`](crate::pipeline::Pipeline) with an
/// [`Imputer`](crate::data::missing::Imputer), or of a
/// [`RecordPipeline`](crate::pipeline::RecordPipeline): version 2's fields plus the imputer's
/// and the encoder's, written for such pipelines only.
pub const IMPUTED_PIPELINE_VERSION: u64 = 3;

/// Saving and loading for every network type (every type [`mlp!`](crate::mlp) names).
///
/// Implemented for all types that can be; bring it into scope to call `net.save(path)` and
/// `XorNet::load(path)`.
pub trait JsonFile: Describe + Parameters<Self::Scalar> + Serialize + DeserializeOwned {
    /// Writes the network to `path` atomically (see the [module docs](self)).
    ///
    /// A network with a NaN or infinite weight is refused, since it could not be loaded back;
    /// on any error the file already at `path`, if any, is left as it was.
    fn save(&self, path: impl AsRef<Path>) -> Result<(), SaveError> {
        let path = path.as_ref();
        let bytes = self.to_json()?;
        write_atomically(path, |file| file.write_all(&bytes)).map_err(|error| SaveError::Io {
            path: path.to_path_buf(),
            error,
        })
    }

    /// Reads a network of this type from `path`.
    fn load(path: impl AsRef<Path>) -> Result<Self, LoadError> {
        let path = path.as_ref();
        let bytes = fs::read(path).map_err(|error| match error.kind() {
            io::ErrorKind::NotFound => LoadError::NotFound {
                path: path.to_path_buf(),
            },
            _ => LoadError::Io {
                path: path.to_path_buf(),
                error,
            },
        })?;
        Self::from_json(&bytes)
    }

    /// The file's content, as [`save`](Self::save) writes it.
    fn to_json(&self) -> Result<Vec<u8>, SaveError> {
        check_finite_weights(self)?;
        let file = NetworkFile {
            format: FORMAT.to_string(),
            version: VERSION,
            architecture: ArchitectureRecord::of::<Self>(),
            network: self,
        };
        let mut bytes = serde_json::to_vec_pretty(&file).expect("a finite network serialises");
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// A network from a file's content, checked as [`load`](Self::load) checks it.
    fn from_json(bytes: &[u8]) -> Result<Self, LoadError> {
        let (mut root, notes) = parse::<Self>(bytes)?;
        match check_header(&root)? {
            VERSION => {
                check_fields(&root, &notes, VERSION)?;
                network_from(&mut root, &notes)
            }
            version => Err(LoadError::WrongContents {
                expected: "a bare network (format version 1)",
                found: format!(
                    "a network with its preprocessing (format version {version}); load it \
                     with `Pipeline::load`"
                ),
            }),
        }
    }
}

impl<N> JsonFile for N where N: Describe + Parameters<N::Scalar> + Serialize + DeserializeOwned {}

/// The file's JSON, bounded by what a file for `N` can hold ([`bounded_json`]), and what was
/// left out of it; or the error for content that is not JSON.
pub(crate) fn parse<N: Describe>(bytes: &[u8]) -> Result<(Value, Notes), LoadError> {
    let layers: Vec<(usize, usize)> = N::layers()
        .map(|layer| (layer.inputs * layer.outputs, layer.outputs))
        .collect();
    let shape = Shape {
        inputs: N::layers().next().map_or(0, |layer| layer.inputs),
        outputs: N::layers().last().map_or(0, |layer| layer.outputs),
        layers,
    };
    bounded_json::read(bytes, &shape)
}

/// Refuses a top-level field that a file of `version` does not have.
pub(crate) fn check_fields(root: &Value, notes: &Notes, version: u64) -> Result<(), LoadError> {
    let fields: &[&str] = match version {
        VERSION => &FIELDS[..4],
        PIPELINE_VERSION => &FIELDS[..6],
        _ => &FIELDS,
    };
    let unknown = notes.unknown_field.clone().or_else(|| {
        root.as_object()?
            .keys()
            .find(|key| !fields.contains(&key.as_str()))
            .map(|key| shortened(key))
    });
    match unknown {
        None => Ok(()),
        Some(name) => Err(LoadError::InvalidContent {
            detail: format!(
                "unknown field `{name}`: a file of version {version} has only the fields {}",
                fields.join(", ")
            ),
        }),
    }
}

/// Refuses a network with a NaN or infinite weight, naming it.
pub(crate) fn check_finite_weights<N>(network: &N) -> Result<(), SaveError>
where
    N: Describe + Parameters<N::Scalar>,
{
    for_each_parameter(network, |layer, part, index, value| {
        if value.to_f64().is_finite() {
            Ok(())
        } else {
            Err(SaveError::NonFiniteWeight {
                layer,
                part,
                index,
                value: value.to_f64(),
            })
        }
    })
}

/// The network a file's `architecture` and `network` fields hold, checked against `N`.
pub(crate) fn network_from<N>(root: &mut Value, notes: &Notes) -> Result<N, LoadError>
where
    N: Describe + Parameters<N::Scalar> + DeserializeOwned,
{
    let architecture: ArchitectureRecord = take_field(root, "architecture")?;
    let expected = ArchitectureRecord::of::<N>();
    if architecture != expected {
        return Err(LoadError::ArchitectureMismatch {
            file: architecture.to_string(),
            expected: expected.to_string(),
        });
    }

    let network_value = root.get("network").unwrap_or(&Value::Null);
    check_layers(network_value, &mut N::layers().enumerate(), notes)?;
    let network: N = take_field(root, "network")?;

    // Numbers within f64's range can still overflow f32: check what was actually read.
    for_each_parameter(&network, |layer, part, index, value| {
        if value.to_f64().is_finite() {
            Ok(())
        } else {
            Err(LoadError::NonFiniteWeight {
                layer,
                part,
                index,
                found: value.to_f64().to_string(),
            })
        }
    })?;
    Ok(network)
}

/// Why [`JsonFile::save`] did not save. The file at the path, if any, is unchanged.
#[derive(Debug)]
#[non_exhaustive]
pub enum SaveError {
    /// A weight is NaN or infinite (training diverged): such a file could not be loaded back.
    NonFiniteWeight {
        /// The layer, counted from 1 on the input side.
        layer: usize,
        /// `"weights"` or `"bias"`.
        part: &'static str,
        /// The entry's position in the part, in the file's (column-major) order.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A pipeline's standardizer holds a NaN or infinite mean or a scale that is not a
    /// positive finite number: such a file could not be loaded back.
    InvalidPreprocessing {
        /// What is wrong.
        detail: String,
    },
    /// The temporary file could not be written, flushed or renamed.
    Io {
        /// The path being saved to.
        path: PathBuf,
        /// What the operating system said.
        error: io::Error,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::NonFiniteWeight {
                layer,
                part,
                index,
                value,
            } => write!(
                f,
                "not saved: layer {layer} {part}, entry {index} is {value}, expected a finite \
                 number (a network with non-finite weights could not be loaded back)"
            ),
            SaveError::InvalidPreprocessing { detail } => write!(
                f,
                "not saved: {detail} (such a file could not be loaded back)"
            ),
            SaveError::Io { path, error } => write!(
                f,
                "could not save to {}: {error} (the file there, if any, is unchanged)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for SaveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SaveError::Io { error, .. } => Some(error),
            SaveError::NonFiniteWeight { .. } | SaveError::InvalidPreprocessing { .. } => None,
        }
    }
}

/// Why [`JsonFile::load`] could not load a network. Each message says what was expected and
/// what was found.
#[derive(Debug)]
#[non_exhaustive]
pub enum LoadError {
    /// There is no file at the path.
    NotFound {
        /// The path.
        path: PathBuf,
    },
    /// The file exists but could not be read (permissions, a directory, a disk error).
    Io {
        /// The path.
        path: PathBuf,
        /// What the operating system said.
        error: io::Error,
    },
    /// The content stops before the JSON is complete: the file was cut short.
    Truncated {
        /// The JSON parser's message, with line and column.
        detail: String,
    },
    /// The content is not valid JSON (or not UTF-8).
    Corrupted {
        /// The JSON parser's message, with line and column.
        detail: String,
    },
    /// Valid JSON, but not a network file: no `"format": "static-mlp network"`.
    NotANetworkFile {
        /// What the file holds instead.
        found: String,
    },
    /// A network file of a version this crate does not read.
    UnsupportedVersion {
        /// The file's `"version"`, as written.
        found: String,
    },
    /// A network file for another architecture: other widths, activations, biases or scalar.
    ArchitectureMismatch {
        /// The file's architecture, such as `2→8→1 sigmoid f32`.
        file: String,
        /// The architecture of the type being loaded.
        expected: String,
    },
    /// A layer's weights or bias have the wrong number of entries.
    WrongLength {
        /// The layer, counted from 1 on the input side.
        layer: usize,
        /// `"weights"` or `"bias"`.
        part: &'static str,
        /// The number of entries the layer has.
        expected: usize,
        /// The number of entries in the file.
        found: usize,
    },
    /// A weight is `null` (how JSON writers store NaN and infinities) or too large for the
    /// scalar type.
    NonFiniteWeight {
        /// The layer, counted from 1 on the input side.
        layer: usize,
        /// `"weights"` or `"bias"`.
        part: &'static str,
        /// The entry's position in the part, in the file's (column-major) order.
        index: usize,
        /// What the file holds there (`null`, or the value once read, such as `inf`).
        found: String,
    },
    /// A layer without bias has a non-zero bias in the file.
    UnexpectedBias {
        /// The layer, counted from 1 on the input side.
        layer: usize,
    },
    /// A valid file of the other kind: a network with its preprocessing (version 2) loaded as
    /// a bare network, or a bare network (version 1) loaded as a
    /// [`Pipeline`](crate::pipeline::Pipeline).
    WrongContents {
        /// What was being loaded.
        expected: &'static str,
        /// What the file holds, and how to load it.
        found: String,
    },
    /// A pipeline file's standardizer or class names do not fit the pipeline's type or are
    /// not valid: the wrong number of values or names, a non-finite mean, a scale that is not
    /// positive.
    InvalidPreprocessing {
        /// Which part, and what was expected and found.
        detail: String,
    },
    /// Anything else that does not fit the format: a missing field, a string where a number
    /// belongs, an unknown field.
    InvalidContent {
        /// serde's message.
        detail: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotFound { path } => write!(f, "no network file at {}", path.display()),
            LoadError::Io { path, error } => {
                write!(f, "could not read {}: {error}", path.display())
            }
            LoadError::Truncated { detail } => write!(
                f,
                "the file is cut short: expected more JSON, found the end ({detail})"
            ),
            LoadError::Corrupted { detail } => {
                write!(
                    f,
                    "the file is corrupted: expected JSON, found an error ({detail})"
                )
            }
            LoadError::NotANetworkFile { found } => write!(
                f,
                "not a network file: expected a JSON object with \"format\": \"{FORMAT}\", \
                 found {found}"
            ),
            LoadError::UnsupportedVersion { found } => write!(
                f,
                "unsupported network file version: expected {VERSION} (a network), \
                 {PIPELINE_VERSION} (a network with its preprocessing) or \
                 {IMPUTED_PIPELINE_VERSION} (with an imputer too), found {found}"
            ),
            LoadError::WrongContents { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            LoadError::InvalidPreprocessing { detail } => {
                write!(f, "the file's preprocessing is invalid: {detail}")
            }
            LoadError::ArchitectureMismatch { file, expected } => {
                write!(f, "the file holds {file}, this type is {expected}")
            }
            LoadError::WrongLength {
                layer,
                part,
                expected,
                found,
            } => {
                let numbers = if *expected == 1 { "number" } else { "numbers" };
                write!(
                    f,
                    "layer {layer} {part}: expected {expected} {numbers}, found {found}"
                )
            }
            LoadError::NonFiniteWeight {
                layer,
                part,
                index,
                found,
            } => write!(
                f,
                "layer {layer} {part}, entry {index}: expected a finite number, found {found}"
            ),
            LoadError::UnexpectedBias { layer } => write!(
                f,
                "layer {layer} has no bias: expected its bias to be all zeros, found a non-zero \
                 entry"
            ),
            LoadError::InvalidContent { detail } => {
                write!(f, "the network file's content is invalid: {detail}")
            }
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// What a file holds, in the order it is written.
#[derive(Serialize)]
struct NetworkFile<'a, N> {
    format: String,
    version: u64,
    architecture: ArchitectureRecord,
    network: &'a N,
}

/// A [`Describe`] architecture as data, as the file records it.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArchitectureRecord {
    scalar: String,
    layers: Vec<LayerRecord>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerRecord {
    inputs: usize,
    outputs: usize,
    activation: String,
    bias: bool,
}

impl ArchitectureRecord {
    pub(crate) fn of<N: Describe>() -> Self {
        ArchitectureRecord {
            scalar: <N::Scalar as Scalar>::NAME.to_string(),
            layers: N::layers()
                .map(|layer| LayerRecord {
                    inputs: layer.inputs,
                    outputs: layer.outputs,
                    activation: layer.activation.to_string(),
                    bias: layer.bias,
                })
                .collect(),
        }
    }
}

impl fmt::Display for ArchitectureRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let layers = self.layers.iter().map(|layer| LayerShape {
            inputs: layer.inputs,
            outputs: layer.outputs,
            activation: &layer.activation,
            bias: layer.bias,
        });
        let text = ArchitectureText {
            scalar: &self.scalar,
            layers,
        };
        write!(f, "{text}")
    }
}

/// Accepts only a network file of a version this crate reads, and returns that version.
pub(crate) fn check_header(root: &Value) -> Result<u64, LoadError> {
    let found = match root {
        Value::Object(fields) => match fields.get("format") {
            Some(Value::String(format)) if format == FORMAT => None,
            Some(other) => Some(format!("\"format\": {other}")),
            None => Some("an object without a \"format\" field".to_string()),
        },
        Value::Array(_) => Some("an array".to_string()),
        other => Some(format!("the value {other}")),
    };
    if let Some(found) = found {
        return Err(LoadError::NotANetworkFile { found });
    }
    match root.get("version") {
        Some(version) => match version.as_u64() {
            Some(number @ (VERSION | PIPELINE_VERSION | IMPUTED_PIPELINE_VERSION)) => Ok(number),
            _ => Err(LoadError::UnsupportedVersion {
                found: version.to_string(),
            }),
        },
        None => Err(LoadError::UnsupportedVersion {
            found: "no \"version\" field".to_string(),
        }),
    }
}

/// Removes `field` from the file's top-level object and deserialises it.
pub(crate) fn take_field<T: DeserializeOwned>(
    root: &mut Value,
    field: &str,
) -> Result<T, LoadError> {
    let value = root.get_mut(field).map(Value::take);
    let value = value.ok_or_else(|| LoadError::InvalidContent {
        detail: format!("missing field `{field}`"),
    })?;
    serde_json::from_value(value).map_err(|error| LoadError::InvalidContent {
        detail: error.to_string(),
    })
}

/// Walks the `network` value as the type nests it (chains in order, first then rest) and
/// checks each layer's arrays against its shape, for messages more precise than serde's.
/// Whatever it does not recognise is left for serde to reject.
fn check_layers<'a>(
    node: &Value,
    shapes: &mut impl Iterator<Item = (usize, LayerShape<'a>)>,
    notes: &Notes,
) -> Result<(), LoadError> {
    if let (Some(first), Some(rest)) = (node.get("first"), node.get("rest")) {
        check_layers(first, shapes, notes)?;
        return check_layers(rest, shapes, notes);
    }
    let Some((index, shape)) = shapes.next() else {
        return Ok(());
    };
    let layer = index + 1;
    let parts = [
        ("weights", shape.inputs * shape.outputs),
        ("bias", shape.outputs),
    ];
    for (part, expected) in parts {
        let Some(Value::Array(entries)) = node.get(part) else {
            continue;
        };
        let found = notes.length(Counted::Layer(layer, part), entries.len());
        if found != expected {
            return Err(LoadError::WrongLength {
                layer,
                part,
                expected,
                found,
            });
        }
        if let Some(index) = entries.iter().position(Value::is_null) {
            return Err(LoadError::NonFiniteWeight {
                layer,
                part,
                index,
                found: "null".to_string(),
            });
        }
        let nonzero = entries
            .iter()
            .any(|entry| entry.as_f64().is_some_and(|value| value != 0.0));
        if part == "bias" && !shape.bias && nonzero {
            return Err(LoadError::UnexpectedBias { layer });
        }
    }
    Ok(())
}

/// Calls `check(layer, part, index, value)` for every parameter, layers counted from 1.
fn for_each_parameter<N, E>(
    network: &N,
    mut check: impl FnMut(usize, &'static str, usize, N::Scalar) -> Result<(), E>,
) -> Result<(), E>
where
    N: Describe + Parameters<N::Scalar>,
{
    // `parameters()` yields each layer's weights, then its bias if it has one.
    let parts = N::layers().enumerate().flat_map(|(index, shape)| {
        let bias = shape.bias.then_some((index + 1, "bias"));
        [Some((index + 1, "weights")), bias].into_iter().flatten()
    });
    for ((layer, part), values) in parts.zip(network.parameters()) {
        for (index, &value) in values.iter().enumerate() {
            check(layer, part, index, value)?;
        }
    }
    Ok(())
}
