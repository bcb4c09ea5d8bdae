//! Saving and loading a [`Pipeline`]: file format version 2, the network's version-1 fields
//! plus its standardizer and class names (see the [`save`](crate::io::json) module for the format).

use crate::data::Standardizer;
use crate::io::atomic_file::write_atomically;
use crate::io::bounded_json::{Counted, Notes};
use crate::io::json::{
    ArchitectureRecord, FORMAT, JsonFile, LoadError, PIPELINE_VERSION, SaveError, VERSION,
    check_fields, check_finite_weights, check_header, network_from, parse, take_field,
};
use crate::math::scalar::Scalar;
use crate::pipeline::pipeline::Pipeline;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// What a version-2 file holds, in the order it is written.
#[derive(Serialize)]
struct PipelineFile<'a, N, T> {
    format: &'static str,
    version: u64,
    architecture: ArchitectureRecord,
    network: &'a N,
    standardizer: StandardizerRecord<T>,
    class_names: Option<Vec<&'a str>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StandardizerRecord<T> {
    mean: Vec<T>,
    scale: Vec<T>,
}

impl<N, T, const I: usize, const O: usize, S> Pipeline<N, T, I, O, S>
where
    N: JsonFile<Scalar = T>,
    T: Scalar + Serialize + DeserializeOwned,
{
    /// Writes the pipeline to `path` atomically, as file format version 2: the network, its
    /// standardizer and its class names. As [`JsonFile::save`], a NaN or infinite weight (or
    /// standardizer value) is refused and the file already at `path` is left as it was.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), SaveError>
    where
        S: AsRef<str>,
    {
        let path = path.as_ref();
        let bytes = self.to_json()?;
        write_atomically(path, |file| file.write_all(&bytes)).map_err(|error| SaveError::Io {
            path: path.to_path_buf(),
            error,
        })
    }

    /// The file's content, as [`save`](Self::save) writes it.
    pub fn to_json(&self) -> Result<Vec<u8>, SaveError>
    where
        S: AsRef<str>,
    {
        check_finite_weights(self.network())?;
        let standardizer = self.standardizer();
        Standardizer::from_parts_checked(*standardizer.mean(), *standardizer.scale()).map_err(
            |error| SaveError::InvalidPreprocessing {
                detail: error.to_string(),
            },
        )?;
        let file = PipelineFile {
            format: FORMAT,
            version: PIPELINE_VERSION,
            architecture: ArchitectureRecord::of::<N>(),
            network: self.network(),
            standardizer: StandardizerRecord {
                mean: standardizer.mean().to_vec(),
                scale: standardizer.scale().to_vec(),
            },
            class_names: self
                .class_names()
                .map(|names| names.iter().map(AsRef::as_ref).collect()),
        };
        let mut bytes = serde_json::to_vec_pretty(&file).expect("a finite pipeline serialises");
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Reads a pipeline of this type from `path`: a version-2 file whose network has this
    /// type's architecture, whose standardizer has `I` values per part and whose class names,
    /// if any, number `O`. A version-1 file (a bare network) is
    /// [`LoadError::WrongContents`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self, LoadError>
    where
        S: From<String>,
    {
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

    /// A pipeline from a file's content, checked as [`load`](Self::load) checks it.
    pub fn from_json(bytes: &[u8]) -> Result<Self, LoadError>
    where
        S: From<String>,
    {
        let (mut root, notes) = parse::<N>(bytes)?;
        if check_header(&root)? == VERSION {
            return Err(LoadError::WrongContents {
                expected: "a network with its preprocessing (format version 2)",
                found: "a bare network without preprocessing (format version 1); load it with \
                        `JsonFile::load` and wrap it with `Pipeline::new`"
                    .to_string(),
            });
        }
        check_fields(&root, &notes, PIPELINE_VERSION)?;
        let network: N = network_from(&mut root, &notes)?;
        let standardizer = standardizer_from::<T, I>(&mut root, &notes)?;
        let class_names = class_names_from::<S, O>(&mut root, &notes)?;
        Ok(Pipeline::from_parts(network, standardizer, class_names))
    }
}

fn invalid(detail: String) -> LoadError {
    LoadError::InvalidPreprocessing { detail }
}

fn standardizer_from<T, const I: usize>(
    root: &mut Value,
    notes: &Notes,
) -> Result<Standardizer<T, I>, LoadError>
where
    T: Scalar + DeserializeOwned,
{
    // `null` is how JSON writers store NaN and infinities: name it before serde does.
    for part in ["mean", "scale"] {
        let entries = root.get("standardizer").and_then(|s| s.get(part));
        if let Some(Value::Array(entries)) = entries {
            let found = notes.length(Counted::Standardizer(part), entries.len());
            if found != I {
                return Err(invalid(format!(
                    "standardizer {part}: expected {I} numbers (one per input), found {found}"
                )));
            }
            if let Some(index) = entries.iter().position(Value::is_null) {
                return Err(invalid(format!(
                    "standardizer {part}, entry {index}: expected a finite number, found null"
                )));
            }
        }
    }
    let record: StandardizerRecord<T> = take_field(root, "standardizer")?;
    let mean: [T; I] = record
        .mean
        .try_into()
        .map_err(|_| invalid("length".into()))?;
    let scale: [T; I] = record
        .scale
        .try_into()
        .map_err(|_| invalid("length".into()))?;
    Standardizer::from_parts_checked(mean, scale).map_err(|error| invalid(error.to_string()))
}

fn class_names_from<S: From<String>, const O: usize>(
    root: &mut Value,
    notes: &Notes,
) -> Result<Option<[S; O]>, LoadError> {
    let names: Option<Vec<String>> = take_field(root, "class_names")?;
    let Some(names) = names else {
        return Ok(None);
    };
    let found = notes.length(Counted::ClassNames, names.len());
    let names: [String; O] = names.try_into().map_err(|_| {
        invalid(format!(
            "class_names: expected {O} names (one per output), found {found}"
        ))
    })?;
    Ok(Some(names.map(S::from)))
}
