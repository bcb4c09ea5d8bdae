//! A network or pipeline file's JSON, read into a tree no larger than the type allows.
//!
//! `serde_json::Value` would hold whatever the file holds: three million zeros under an unknown
//! field, or in place of four weights, are a tree of hundreds of megabytes before any check
//! runs. This reader builds the same tree while it streams the file in, but
//!
//! - skips the value of a top-level field the format does not have (noting its name, which
//!   the loader then refuses);
//! - keeps at most one entry more than the type has of each array the type gives a length:
//!   a layer's `weights` and `bias`, the standardizer's `mean` and `scale`, `class_names`
//!   (and at most [`LAYER_LIMIT`] architecture layers), counting the rest without keeping
//!   them, so an error can still give the file's length;
//! - refuses more than [`FREE_VALUE_LIMIT`] values anywhere else (content the format has no
//!   room for, which the loader would refuse anyway).
//!
//! So the tree is bounded by the type plus a constant, and time is linear in the file.

use crate::io::json::LoadError;
use crate::math::message::shortened;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::string::String;
use std::vec::Vec;

/// The most layers an `architecture` record keeps.
pub(crate) const LAYER_LIMIT: usize = 1024;

/// The most values kept outside the arrays the type gives a length.
pub(crate) const FREE_VALUE_LIMIT: usize = 65_536;

/// The top-level fields of a network (version 1: the first four), pipeline (version 2: the
/// first six) or pipeline with an imputer or a record encoder (version 3: all) file.
pub(crate) const FIELDS: [&str; 8] = [
    "format",
    "version",
    "architecture",
    "network",
    "standardizer",
    "class_names",
    "imputer",
    "encoder",
];

/// An array the type gives a length to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Counted {
    /// Layer `layer`'s (from 1) `"weights"` or `"bias"`.
    Layer(usize, &'static str),
    /// The standardizer's `"mean"` or `"scale"`.
    Standardizer(&'static str),
    /// `class_names`.
    ClassNames,
    /// `architecture.layers`.
    ArchitectureLayers,
}

/// What the reader saw but did not keep.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    /// The first top-level field the format does not have (cut to 200 characters).
    pub(crate) unknown_field: Option<String>,
    /// The true lengths of the arrays kept only in part.
    lengths: Vec<(Counted, usize)>,
}

impl Notes {
    /// The file's length of `array` if it was cut, else `kept`.
    pub(crate) fn length(&self, array: Counted, kept: usize) -> usize {
        self.lengths
            .iter()
            .find(|(which, _)| *which == array)
            .map_or(kept, |&(_, length)| length)
    }
}

/// The lengths the type gives: each layer's weight and bias count, and the widths of the
/// standardizer and the class names.
pub(crate) struct Shape {
    /// `(inputs · outputs, outputs)` of each layer, input side first.
    pub(crate) layers: Vec<(usize, usize)>,
    /// The network's input width.
    pub(crate) inputs: usize,
    /// The network's output width.
    pub(crate) outputs: usize,
}

/// The file's JSON as a tree bounded by `shape`, and what was left out of it; or the error for
/// content that is not JSON, or has no room in any file of this type.
pub(crate) fn read(bytes: &[u8], shape: &Shape) -> Result<(Value, Notes), LoadError> {
    let context = Context {
        shape,
        next_layer: Cell::new(0),
        free_values: Cell::new(0),
        notes: RefCell::new(Notes::default()),
        failure: RefCell::new(None),
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = Node {
        context: &context,
        place: Place::Root,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    if let Some(failure) = context.failure.into_inner() {
        return Err(failure);
    }
    match parsed {
        Ok(value) => Ok((value, context.notes.into_inner())),
        Err(error) if error.is_eof() => Err(LoadError::Truncated {
            detail: error.to_string(),
        }),
        Err(error) => Err(LoadError::Corrupted {
            detail: error.to_string(),
        }),
    }
}

struct Context<'s> {
    shape: &'s Shape,
    /// The layers handed out so far, in the order the `network` object nests them.
    next_layer: Cell<usize>,
    free_values: Cell<usize>,
    notes: RefCell<Notes>,
    /// An error that stopped the read (serde's own error cannot carry a [`LoadError`]).
    failure: RefCell<Option<LoadError>>,
}

impl Context<'_> {
    fn fail<E: de::Error>(&self, error: LoadError) -> E {
        *self.failure.borrow_mut() = Some(error);
        E::custom("stopped")
    }
}

/// Where a value sits in the file, which says what it may hold.
#[derive(Clone, Copy)]
enum Place {
    Root,
    Network,
    Architecture,
    Standardizer,
    /// An array the type gives this many entries.
    Counted(Counted, usize),
    /// An entry of a counted array: a number costs nothing, anything larger is free content.
    Entry,
    /// Anything else: every value counts against [`FREE_VALUE_LIMIT`].
    Free,
}

struct Node<'c, 's> {
    context: &'c Context<'s>,
    place: Place,
}

impl<'c, 's> Node<'c, 's> {
    fn at(&self, place: Place) -> Node<'c, 's> {
        Node {
            context: self.context,
            place,
        }
    }

    /// Counts one value against the limit on free content.
    fn charge<E: de::Error>(&self) -> Result<(), E> {
        if matches!(self.place, Place::Entry) {
            return Ok(());
        }
        let count = self.context.free_values.get() + 1;
        self.context.free_values.set(count);
        if count > FREE_VALUE_LIMIT {
            return Err(self.context.fail(LoadError::InvalidContent {
                detail: format!(
                    "more than {FREE_VALUE_LIMIT} values outside the arrays of weights, biases, \
                     standardizer and class names"
                ),
            }));
        }
        Ok(())
    }

    /// The place of a field's value inside an object at this node's place.
    fn field(&self, key: &str, layer: &mut Option<usize>) -> Place {
        let shape = self.context.shape;
        match (self.place, key) {
            (Place::Root, "architecture") => Place::Architecture,
            (Place::Root, "network") | (Place::Network, "first" | "rest") => Place::Network,
            (Place::Root, "standardizer") => Place::Standardizer,
            (Place::Root, "class_names") => {
                // one per output, or two for one output (`pipeline::ClassNames::COUNT`)
                Place::Counted(Counted::ClassNames, shape.outputs.max(2))
            }
            (Place::Network, part @ ("weights" | "bias")) => {
                // the first weights or bias of an object makes it the next layer
                let index = *layer.get_or_insert_with(|| {
                    let index = self.context.next_layer.get();
                    self.context.next_layer.set(index + 1);
                    index
                });
                match shape.layers.get(index) {
                    Some(&(weights, bias)) => {
                        let (part, length) = if part == "weights" {
                            ("weights", weights)
                        } else {
                            ("bias", bias)
                        };
                        Place::Counted(Counted::Layer(index + 1, part), length)
                    }
                    None => Place::Free, // more layers than the type: refused later
                }
            }
            (Place::Architecture, "layers") => {
                Place::Counted(Counted::ArchitectureLayers, LAYER_LIMIT)
            }
            (Place::Standardizer, part @ ("mean" | "scale")) => Place::Counted(
                Counted::Standardizer(if part == "mean" { "mean" } else { "scale" }),
                shape.inputs,
            ),
            _ => Place::Free,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        self.charge()?;
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        self.charge()?;
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        self.charge()?;
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        self.charge()?;
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        self.charge()?;
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        self.charge()?;
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.charge()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Value, A::Error> {
        let (entry, limit, counted) = match self.place {
            Place::Root => {
                return Err(self.context.fail(LoadError::NotANetworkFile {
                    found: "an array".to_string(),
                }));
            }
            Place::Counted(counted, limit) => (Place::Entry, limit, Some(counted)),
            _ => (Place::Free, usize::MAX, None),
        };
        self.charge()?;
        let mut entries = Vec::new();
        // one entry past the type's length is kept, so the array is seen to be too long
        while entries.len() <= limit {
            match sequence.next_element_seed(self.at(entry))? {
                Some(value) => entries.push(value),
                None => return Ok(Value::Array(entries)),
            }
        }
        let mut length = entries.len();
        while sequence.next_element::<IgnoredAny>()?.is_some() {
            length += 1;
        }
        if let Some(counted) = counted {
            self.context
                .notes
                .borrow_mut()
                .lengths
                .push((counted, length));
        }
        Ok(Value::Array(entries))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut fields: A) -> Result<Value, A::Error> {
        let place = match self.place {
            Place::Entry | Place::Counted(..) => Place::Free,
            place => place,
        };
        let node = self.at(place);
        node.charge()?;
        let mut layer = None;
        let mut map = Map::new();
        while let Some(key) = fields.next_key::<String>()? {
            if matches!(place, Place::Root) && !FIELDS.contains(&key.as_str()) {
                fields.next_value::<IgnoredAny>()?;
                let mut notes = self.context.notes.borrow_mut();
                notes.unknown_field.get_or_insert_with(|| shortened(&key));
                continue;
            }
            let value = fields.next_value_seed(node.at(node.field(&key, &mut layer)))?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::json::JsonFile;
    use crate::mlp;
    use crate::model::activation::{Identity, Relu};
    use crate::model::parameters::Parameters;

    type Net = mlp!(f64; 2 => 3 Relu => 1 Identity);

    fn shape() -> Shape {
        Shape {
            layers: vec![(6, 3), (3, 1)],
            inputs: 2,
            outputs: 1,
        }
    }

    #[test]
    fn counted_arrays_keep_one_entry_past_the_type_and_note_the_length() {
        let text = r#"{"network": {"first": {"weights": [1,2,3,4,5,6,7,8,9], "bias": [0,0,0]},
                       "rest": {"weights": [1,2,3], "bias": [[1,2,3,4,5,6,7,8,9]]}}}"#;
        let (value, notes) = read(text.as_bytes(), &shape()).unwrap();
        let first = &value["network"]["first"];
        assert_eq!(first["weights"].as_array().unwrap().len(), 7);
        assert_eq!(notes.length(Counted::Layer(1, "weights"), 7), 9);
        assert_eq!(notes.length(Counted::Layer(1, "bias"), 3), 3);
        // an array inside an entry is free content, kept whole
        assert_eq!(
            value["network"]["rest"]["bias"][0]
                .as_array()
                .unwrap()
                .len(),
            9
        );
        assert!(notes.unknown_field.is_none());
    }

    #[test]
    fn unknown_top_level_fields_are_skipped_and_named() {
        let text = r#"{"format": "x", "junk": [[1], {"a": 2}], "more": 3}"#;
        let (value, notes) = read(text.as_bytes(), &shape()).unwrap();
        assert_eq!(value, serde_json::json!({"format": "x"}));
        assert_eq!(notes.unknown_field.as_deref(), Some("junk"));
        // a version-1 file refuses the pipeline's fields too, as unknown
        let net = Net::zeros();
        let mut file: Value = serde_json::from_slice(&net.to_json().unwrap()).unwrap();
        file["class_names"] = serde_json::json!(["a"]);
        let error = Net::from_json(&serde_json::to_vec(&file).unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the network file's content is invalid: unknown field `class_names`: a file of \
             version 1 has only the fields format, version, architecture, network"
        );
    }

    #[test]
    fn free_content_is_limited_and_an_array_is_no_network_file() {
        let many = format!(
            "{{\"format\": {}}}",
            serde_json::json!(vec![0; FREE_VALUE_LIMIT])
        );
        assert!(matches!(
            read(many.as_bytes(), &shape()),
            Err(LoadError::InvalidContent { .. })
        ));
        let few = format!(
            "{{\"format\": {}}}",
            serde_json::json!(vec![0; FREE_VALUE_LIMIT - 10])
        );
        assert!(read(few.as_bytes(), &shape()).is_ok());
        assert!(matches!(
            read(b"[1, 2, 3]", &shape()),
            Err(LoadError::NotANetworkFile { found }) if found == "an array"
        ));
        assert!(matches!(
            read(b"{\"format\": ", &shape()),
            Err(LoadError::Truncated { .. })
        ));
        assert!(matches!(
            read(b"{} x", &shape()),
            Err(LoadError::Corrupted { .. })
        ));
    }
}
