//! Saving and loading a [`Pipeline`]: file format version 2, the network's version-1 fields
//! plus its standardizer and class names, or version 3 with its imputer, and a
//! [`RecordPipeline`]'s encoder, too (see the [`save`](crate::io::json) module for the format).

use crate::data::Standardizer;
use crate::data::encoding::RecordEncoder;
use crate::data::missing::{Fill, Imputer};
use crate::io::atomic_file::write_atomically;
use crate::io::bounded_json::{Counted, Notes};
use crate::io::json::{
    ArchitectureRecord, FORMAT, IMPUTED_PIPELINE_VERSION, JsonFile, LoadError, PIPELINE_VERSION,
    SaveError, VERSION, check_fields, check_finite_weights, check_header, network_from, parse,
    take_field,
};
use crate::math::scalar::Scalar;
use crate::pipeline::class_names::ClassNames;
use crate::pipeline::pipeline::Pipeline;
use crate::pipeline::record_pipeline::RecordPipeline;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// What a version-2 file holds, in the order it is written; a version-3 file has an imputer,
/// an encoder, or both.
#[derive(Serialize)]
struct PipelineFile<'a, N, T> {
    format: &'static str,
    version: u64,
    architecture: ArchitectureRecord,
    network: &'a N,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoder: Option<&'a RecordEncoder>,
    #[serde(skip_serializing_if = "Option::is_none")]
    imputer: Option<Vec<FillRecord<T>>>,
    standardizer: StandardizerRecord<T>,
    class_names: Option<Vec<&'a str>>,
}

/// One input's [`Fill`]: `"keep"`, `{"value": 104.5}` or `{"indicator_of": 1}`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum FillRecord<T> {
    Keep,
    Value(T),
    IndicatorOf(usize),
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
        self.file_bytes(None)
    }

    /// The file's content, with `encoder` in front if there is one.
    fn file_bytes(&self, encoder: Option<&RecordEncoder>) -> Result<Vec<u8>, SaveError>
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
        let imputer = self.imputer();
        if let Some(input) = imputer
            .fills()
            .iter()
            .position(|fill| matches!(fill, Fill::Value(value) if !value.is_finite()))
        {
            return Err(SaveError::InvalidPreprocessing {
                detail: format!("imputer, input {input}: expected a finite value to fill in"),
            });
        }
        let imputer = (!imputer.is_none()).then(|| {
            let record = |fill: &Fill<T>| match *fill {
                Fill::Keep => FillRecord::Keep,
                Fill::Value(value) => FillRecord::Value(value),
                Fill::IndicatorOf(source) => FillRecord::IndicatorOf(source),
            };
            imputer.fills().iter().map(record).collect()
        });
        let file = PipelineFile {
            format: FORMAT,
            version: match (&imputer, encoder) {
                (None, None) => PIPELINE_VERSION,
                _ => IMPUTED_PIPELINE_VERSION,
            },
            architecture: ArchitectureRecord::of::<N>(),
            network: self.network(),
            encoder,
            imputer,
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
        Self::from_json(&read_file(path.as_ref())?)
    }

    /// A pipeline from a file's content, checked as [`load`](Self::load) checks it.
    pub fn from_json(bytes: &[u8]) -> Result<Self, LoadError>
    where
        S: From<String>,
    {
        match Self::from_file_bytes(bytes)? {
            (pipeline, None) => Ok(pipeline),
            (_, Some(_)) => Err(LoadError::WrongContents {
                expected: "a network with its preprocessing",
                found: "a pipeline behind a record encoder; load it with \
                        `RecordPipeline::load`"
                    .to_string(),
            }),
        }
    }

    /// The pipeline in a file's content, and the encoder in front of it if there is one.
    fn from_file_bytes(bytes: &[u8]) -> Result<(Self, Option<RecordEncoder>), LoadError>
    where
        S: From<String>,
    {
        let (mut root, notes) = parse::<N>(bytes)?;
        let version = check_header(&root)?;
        if version == VERSION {
            return Err(LoadError::WrongContents {
                expected: "a network with its preprocessing (format version 2)",
                found: "a bare network without preprocessing (format version 1); load it with \
                        `JsonFile::load` and wrap it with `Pipeline::new`"
                    .to_string(),
            });
        }
        check_fields(&root, &notes, version)?;
        let network: N = network_from(&mut root, &notes)?;
        let (imputer, encoder) = match version {
            IMPUTED_PIPELINE_VERSION => {
                let encoder: Option<RecordEncoder> = take_optional_field(&mut root, "encoder")?;
                if let Some(encoder) = &encoder {
                    encoder.check().map_err(invalid)?;
                }
                (imputer_from::<T, I>(&mut root)?, encoder)
            }
            _ => (Imputer::none(), None),
        };
        let standardizer = standardizer_from::<T, I>(&mut root, &notes)?;
        let class_names = class_names_from::<S, O>(&mut root, &notes)?;
        let pipeline = Pipeline::from_imputed_parts(network, imputer, standardizer, class_names);
        Ok((pipeline, encoder))
    }
}

impl<N, T, const I: usize, const O: usize> RecordPipeline<N, T, I, O>
where
    N: JsonFile<Scalar = T>,
    T: Scalar + Serialize + DeserializeOwned,
{
    /// Writes the encoder and the pipeline to `path` atomically, as one file of format
    /// version 3 (see [`Pipeline::save`]).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), SaveError> {
        let path = path.as_ref();
        let bytes = self.to_json()?;
        write_atomically(path, |file| file.write_all(&bytes)).map_err(|error| SaveError::Io {
            path: path.to_path_buf(),
            error,
        })
    }

    /// The file's content, as [`save`](Self::save) writes it.
    pub fn to_json(&self) -> Result<Vec<u8>, SaveError> {
        self.pipeline().file_bytes(Some(self.encoder()))
    }

    /// Reads a record pipeline of this type from `path`, checked as [`Pipeline::load`]
    /// checks a pipeline; the encoder's categories must be sorted and distinct and its width
    /// the network's `I`. A file without an encoder is [`LoadError::WrongContents`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self, LoadError> {
        Self::from_json(&read_file(path.as_ref())?)
    }

    /// A record pipeline from a file's content, checked as [`load`](Self::load) checks it.
    pub fn from_json(bytes: &[u8]) -> Result<Self, LoadError> {
        match Pipeline::from_file_bytes(bytes)? {
            (pipeline, Some(encoder)) => {
                Self::new(encoder, pipeline).map_err(|error| invalid(error.to_string()))
            }
            (_, None) => Err(LoadError::WrongContents {
                expected: "a pipeline behind a record encoder",
                found: "a pipeline without one; load it with `Pipeline::load`".to_string(),
            }),
        }
    }
}

/// A top-level field that a version-3 file may leave out: `None` when it is absent.
fn take_optional_field<T: DeserializeOwned>(
    root: &mut Value,
    field: &str,
) -> Result<Option<T>, LoadError> {
    match root.get(field) {
        Some(_) => take_field(root, field),
        None => Ok(None),
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    fs::read(path).map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => LoadError::NotFound {
            path: path.to_path_buf(),
        },
        _ => LoadError::Io {
            path: path.to_path_buf(),
            error,
        },
    })
}

fn invalid(detail: String) -> LoadError {
    LoadError::InvalidPreprocessing { detail }
}

fn imputer_from<T, const I: usize>(root: &mut Value) -> Result<Imputer<T, I>, LoadError>
where
    T: Scalar + DeserializeOwned,
{
    if let Some(Value::Array(entries)) = root.get("imputer") {
        if entries.len() != I {
            return Err(invalid(format!(
                "imputer: expected {I} entries (one per input), found {}",
                entries.len()
            )));
        }
        if let Some(input) = entries
            .iter()
            .position(|e| e.get("value") == Some(&Value::Null))
        {
            return Err(invalid(format!(
                "imputer, input {input}: expected a finite value to fill in, found null"
            )));
        }
    }
    let records: Option<Vec<FillRecord<T>>> = take_optional_field(root, "imputer")?;
    let Some(records) = records else {
        return Ok(Imputer::none());
    };
    let mut fills = [Fill::Keep; I];
    for (input, (fill, record)) in fills.iter_mut().zip(records).enumerate() {
        *fill = match record {
            FillRecord::Keep => Fill::Keep,
            FillRecord::Value(value) if value.is_finite() => Fill::Value(value),
            FillRecord::Value(_) => {
                return Err(invalid(format!(
                    "imputer, input {input}: expected a finite value to fill in"
                )));
            }
            FillRecord::IndicatorOf(source) if source < I => Fill::IndicatorOf(source),
            FillRecord::IndicatorOf(source) => {
                return Err(invalid(format!(
                    "imputer, input {input}: indicates input {source}: expected one of the \
                     {I} inputs"
                )));
            }
        };
    }
    Ok(Imputer::from_fills(fills))
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
) -> Result<Option<ClassNames<S, O>>, LoadError> {
    let names: Option<Vec<String>> = take_field(root, "class_names")?;
    let Some(names) = names else {
        return Ok(None);
    };
    let found = notes.length(Counted::ClassNames, names.len());
    let names = ClassNames::try_from_names(names.into_iter().map(S::from)).map_err(|error| {
        let expected = error.expected;
        let which = match O {
            1 => "for one output: the class at or below 0.5, then the class above",
            _ => "one per output",
        };
        invalid(format!(
            "class_names: expected {expected} names ({which}), found {found}"
        ))
    })?;
    Ok(Some(names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::Identity;
    use crate::model::dense::Dense;

    type Net = Dense<f64, 2, 1, Identity>;
    type Model = Pipeline<Net, f64, 2, 1, String>;

    fn imputed() -> Model {
        let net = Net::from_weights(matrix![1.0; 2.0]);
        let imputer = Imputer::from_fills([Fill::Value(104.5), Fill::IndicatorOf(0)]);
        Pipeline::new(net, Standardizer::from_parts([1.0, 0.5], [2.0, 0.5])).with_imputer(imputer)
    }

    #[test]
    fn an_imputer_is_saved_as_version_3_and_loaded_back() {
        let bytes = imputed().to_json().unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["version"], 3);
        assert_eq!(
            value["imputer"],
            serde_json::json!([{ "value": 104.5 }, { "indicator_of": 0 }])
        );
        assert_eq!(Model::from_json(&bytes).unwrap(), imputed());
        // Without an imputer the file is version 2, as before, with no imputer field.
        let (net, standardizer, _) = imputed().into_parts();
        let plain: Model = Pipeline::new(net, standardizer);
        let value: Value = serde_json::from_slice(&plain.to_json().unwrap()).unwrap();
        assert_eq!(value["version"], 2);
        assert!(value.get("imputer").is_none());
    }

    #[test]
    fn a_one_output_pipeline_keeps_its_two_class_names() {
        // y = x₀ + 2·x₁ after imputing (x₁ is 1 where x₀ was missing, 0 where not) and
        // standardising, (x₀ − 1) / 2 and (x₁ − 0.5) / 0.5.
        let model = imputed()
            .try_with_class_names(["benign", "malignant"].map(String::from))
            .unwrap();
        let bytes = model.to_json().unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            value["class_names"],
            serde_json::json!(["benign", "malignant"])
        );
        assert_eq!(
            value["version"], 3,
            "the imputer's version, as without names"
        );
        let loaded = Model::from_json(&bytes).unwrap();
        assert_eq!(loaded, model);
        // [9, ·] → 4 + 2·(−1) = 2 > 0.5; [5, ·] → 2 − 2 = 0 ≤ 0.5; [6, ·] → 0.5, not above;
        // [missing, ·] → 104.5: 51.75 + 2·1 = 53.75.
        let cases = [
            (9.0, 2.0, "malignant"),
            (5.0, 0.0, "benign"),
            (6.0, 0.5, "benign"),
            (f64::NAN, 53.75, "malignant"),
        ];
        for (x, y, name) in cases {
            assert_eq!(loaded.predict_one([x, 7.0]), [y], "{x}");
            assert_eq!(loaded.predict_class_name([x, 7.0]), Some(name), "{x}");
        }
        // Without an imputer: version 2, as before.
        let (net, standardizer, names) = model.into_parts();
        let plain = Pipeline::from_parts(net, standardizer, names);
        let bytes = plain.to_json().unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["version"], 2);
        assert_eq!(Model::from_json(&bytes).unwrap(), plain);

        // One name for one output (what a file could hold before a one-output network had
        // two), or three: refused, naming both counts.
        for (names, found) in [
            (serde_json::json!(["malignant"]), 1),
            (serde_json::json!(["a", "b", "c"]), 3),
        ] {
            let mut file = value.clone();
            file["class_names"] = names;
            let error = Model::from_json(&serde_json::to_vec(&file).unwrap()).unwrap_err();
            assert!(
                matches!(error, LoadError::InvalidPreprocessing { .. }),
                "{error:?}"
            );
            assert_eq!(
                error.to_string(),
                format!(
                    "the file's preprocessing is invalid: class_names: expected 2 names (for one \
                     output: the class at or below 0.5, then the class above), found {found}"
                )
            );
        }
    }

    #[test]
    fn a_one_output_record_pipeline_names_raw_records_after_loading() {
        use crate::data::encoding::ColumnEncoding;
        // size, then colour as 0 (blue) or 1 (red): y = size + 2·colour after standardising
        // (size − 1) / 2 and (colour − 0.5) / 0.5.
        let training = [["1", "red"], ["2", "blue"]];
        let encodings = [ColumnEncoding::Number, ColumnEncoding::Ordinal];
        let encoder = RecordEncoder::fit(&["size", "colour"], &encodings, &training).unwrap();
        let (net, standardizer, _) = imputed().into_parts();
        let pipeline = Pipeline::new(net, standardizer)
            .try_with_class_names(["no", "yes"].map(String::from))
            .unwrap();
        let model = RecordPipeline::new(encoder, pipeline).unwrap();
        let loaded =
            RecordPipeline::<Net, f64, 2, 1>::from_json(&model.to_json().unwrap()).unwrap();
        assert_eq!(loaded, model);
        // "2, red": 0.5 + 2 = 2.5 > 0.5; "1, blue": 0 − 2 = −2; "4, blue": 1.5 − 2 = −0.5.
        for (record, y, name) in [
            (["2", "red"], 2.5, "yes"),
            (["1", "blue"], -2.0, "no"),
            (["4", "blue"], -0.5, "no"),
        ] {
            assert_eq!(loaded.predict_record(&record), Ok([y]), "{record:?}");
            assert_eq!(loaded.predict_record_class_name(&record), Ok(Some(name)));
        }
    }

    #[test]
    fn a_bad_imputer_is_refused_with_what_was_expected() {
        let bytes = imputed().to_json().unwrap();
        let mut value: Value = serde_json::from_slice(&bytes).unwrap();
        let load = |value: &Value| Model::from_json(&serde_json::to_vec(value).unwrap());
        value["imputer"] = serde_json::json!(["keep"]);
        let error = load(&value).unwrap_err().to_string();
        assert!(
            error.contains("imputer: expected 2 entries (one per input), found 1"),
            "{error}"
        );
        value["imputer"] = serde_json::json!(["keep", { "indicator_of": 2 }]);
        let error = load(&value).unwrap_err().to_string();
        assert!(
            error.contains("indicates input 2: expected one of the 2 inputs"),
            "{error}"
        );
        value["imputer"] = serde_json::json!([{ "value": null }, "keep"]);
        let error = load(&value).unwrap_err().to_string();
        assert!(
            error.contains("input 0: expected a finite value to fill in, found null"),
            "{error}"
        );
        let nan = imputed().with_imputer(Imputer::from_fills([Fill::Value(f64::NAN), Fill::Keep]));
        assert!(matches!(
            nan.to_json(),
            Err(SaveError::InvalidPreprocessing { .. })
        ));
    }

    #[test]
    fn a_record_pipeline_keeps_its_encoder_in_the_file() {
        use crate::data::encoding::ColumnEncoding;
        let training = [["1", "red"], ["2", "blue"]];
        let encodings = [ColumnEncoding::Number, ColumnEncoding::Ordinal];
        let encoder = RecordEncoder::fit(&["size", "colour"], &encodings, &training).unwrap();
        let (net, standardizer, _) = imputed().into_parts();
        let model = RecordPipeline::new(encoder, Pipeline::new(net, standardizer)).unwrap();
        let bytes = model.to_json().unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["version"], 3);
        assert_eq!(
            value["encoder"]["columns"][1]["categories"],
            serde_json::json!(["blue", "red"])
        );
        assert!(value.get("imputer").is_none());
        let loaded = RecordPipeline::<Net, f64, 2, 1>::from_json(&bytes).unwrap();
        assert_eq!(loaded, model);
        assert_eq!(
            loaded.predict_record(&["3", "red"]),
            model.predict_record(&["3", "red"])
        );
        // Loading it as a bare pipeline would drop the encoder: refused.
        let error = Model::from_json(&bytes).unwrap_err().to_string();
        assert!(
            error.contains("load it with `RecordPipeline::load`"),
            "{error}"
        );
        // And a pipeline without an encoder is not a record pipeline.
        let plain = imputed().to_json().unwrap();
        let error = RecordPipeline::<Net, f64, 2, 1>::from_json(&plain).unwrap_err();
        assert!(
            error.to_string().contains("load it with `Pipeline::load`"),
            "{error}"
        );
        // Categories out of order cannot come from fitting: refused, naming the column.
        let mut value = value;
        value["encoder"]["columns"][1]["categories"] = serde_json::json!(["red", "blue"]);
        let bytes = serde_json::to_vec(&value).unwrap();
        let error = RecordPipeline::<Net, f64, 2, 1>::from_json(&bytes).unwrap_err();
        assert!(
            error.to_string().contains("encoder column `colour`"),
            "{error}"
        );
    }
}
