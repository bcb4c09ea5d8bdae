//! Text columns as inputs: a [`RecordEncoder`] turns a raw text record (`&[&str]`, one field
//! per column) into the network's `[T; I]`, numbers as they are and each text column one-hot
//! or ordinal encoded with the categories of the training part.
//!
//! The encoded width depends on the data (a one-hot column is as wide as its number of
//! categories), while a network's input width is part of its type. So the encoder says its
//! width ([`RecordEncoder::width`], and [`inputs_declaration`](RecordEncoder::inputs_declaration)
//! prints the line to paste, `const INPUTS: usize = 9;`), and encoding into another width is
//! [`EncodeError::InputWidth`], naming it.
//!
//! ```
//! use static_mlp::data::encoding::{ColumnEncoding, RecordEncoder};
//!
//! let training = [["4", "USA"], ["6", "Japan"], ["4", "Europe"]];
//! let encoder = RecordEncoder::fit(
//!     &["cylinders", "origin"],
//!     &[ColumnEncoding::Number, ColumnEncoding::OneHot],
//!     &training,
//! )?;
//! // Categories sorted, as scikit-learn's OneHotEncoder: Europe, Japan, USA.
//! assert_eq!(encoder.width(), 4);
//! assert_eq!(encoder.inputs_declaration(), "const INPUTS: usize = 4;");
//! assert_eq!(encoder.encode::<f32, 4>(&["8", "USA"])?, [8.0, 0.0, 0.0, 1.0]);
//! assert!(encoder.encode::<f32, 3>(&["8", "USA"]).is_err()); // the width is 4
//! # Ok::<(), static_mlp::data::encoding::EncodeError>(())
//! ```

use crate::data::{StandardizeError, Standardizer};
use crate::math::scalar::Scalar;
use core::fmt;
use std::string::{String, ToString};
use std::vec::Vec;

/// How one column of a text record becomes inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum ColumnEncoding {
    /// A number, one input, taken as it is (a missing text gives NaN, for an
    /// [`Imputer`](crate::data::missing::Imputer)).
    Number,
    /// One input per category of the training part, in sorted order (as scikit-learn's
    /// `OneHotEncoder`): 1 for the record's category, 0 for the others.
    OneHot,
    /// One input: the index of the category among the training part's, sorted (as
    /// scikit-learn's `OrdinalEncoder`).
    Ordinal,
}

/// What encoding a category the training part did not have does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum UnknownCategory {
    /// [`EncodeError::UnknownCategory`], naming it. The default.
    #[default]
    Error,
    /// A one-hot column gets all zeros (scikit-learn's `handle_unknown="ignore"`); an ordinal
    /// column, which has no such value, is still the error.
    AllZero,
}

/// A fitted column: its name and how it is encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
struct EncodedColumn {
    name: String,
    encoding: ColumnEncoding,
    /// The training part's categories, sorted; empty for a number.
    categories: Vec<String>,
}

impl EncodedColumn {
    fn width(&self) -> usize {
        match self.encoding {
            ColumnEncoding::OneHot => self.categories.len(),
            ColumnEncoding::Number | ColumnEncoding::Ordinal => 1,
        }
    }
}

/// Turns raw text records into network inputs, with the categories fitted on the training
/// part (see the [module](self)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct RecordEncoder {
    columns: Vec<EncodedColumn>,
    unknown: UnknownCategory,
    missing_texts: Vec<String>,
}

impl RecordEncoder {
    /// Fits the categories of each text column on the `training` records: column `k` is named
    /// `names[k]` and encoded as `encodings[k]`. Each record has one field per column.
    pub fn fit<R, S>(
        names: &[&str],
        encodings: &[ColumnEncoding],
        training: &[R],
    ) -> Result<Self, EncodeError>
    where
        R: AsRef<[S]>,
        S: AsRef<str>,
    {
        if encodings.len() != names.len() {
            return Err(EncodeError::FieldCount {
                expected: names.len(),
                found: encodings.len(),
            });
        }
        if training.is_empty() {
            return Err(EncodeError::NoTrainingRecords);
        }
        for record in training {
            check_field_count(names.len(), record.as_ref().len())?;
        }
        let columns = names
            .iter()
            .zip(encodings)
            .enumerate()
            .map(|(k, (name, &encoding))| {
                let mut categories = Vec::new();
                if encoding != ColumnEncoding::Number {
                    categories = training
                        .iter()
                        .map(|r| r.as_ref()[k].as_ref().trim().to_string())
                        .collect();
                    categories.sort();
                    categories.dedup();
                }
                EncodedColumn {
                    name: name.to_string(),
                    encoding,
                    categories,
                }
            })
            .collect();
        Ok(Self {
            columns,
            unknown: UnknownCategory::Error,
            missing_texts: Vec::new(),
        })
    }

    /// The same encoder, an unknown category doing what `unknown` says.
    pub fn unknown_categories(self, unknown: UnknownCategory) -> Self {
        Self { unknown, ..self }
    }

    /// The same encoder, these texts in a number column giving NaN (a missing cell, for an
    /// [`Imputer`](crate::data::missing::Imputer)) instead of an error.
    pub fn missing_texts<S: AsRef<str>>(self, texts: impl IntoIterator<Item = S>) -> Self {
        let missing_texts = texts.into_iter().map(|t| t.as_ref().to_string()).collect();
        Self {
            missing_texts,
            ..self
        }
    }

    /// The number of inputs a record encodes to: the network's input width `I`.
    pub fn width(&self) -> usize {
        self.columns.iter().map(EncodedColumn::width).sum()
    }

    /// The Rust line that declares the input width, `const INPUTS: usize = 9;`, to paste
    /// into the program that names the network's type.
    pub fn inputs_declaration(&self) -> String {
        format!("const INPUTS: usize = {};", self.width())
    }

    /// The inputs' names: a number's or an ordinal column's name, and `name=category` for
    /// each input of a one-hot column.
    pub fn input_names(&self) -> Vec<String> {
        let mut names = Vec::with_capacity(self.width());
        for column in &self.columns {
            match column.encoding {
                ColumnEncoding::OneHot => names.extend(
                    column
                        .categories
                        .iter()
                        .map(|c| format!("{}={c}", column.name)),
                ),
                _ => names.push(column.name.clone()),
            }
        }
        names
    }

    /// The training part's categories of the column named `name` (empty for a number, `None`
    /// for no such column).
    pub fn categories(&self, name: &str) -> Option<&[String]> {
        let column = self.columns.iter().find(|c| c.name == name)?;
        Some(&column.categories)
    }

    /// Which inputs come from a text column (`true`) rather than a number.
    pub fn encoded_inputs(&self) -> Vec<bool> {
        self.columns
            .iter()
            .flat_map(|c| core::iter::repeat_n(c.encoding != ColumnEncoding::Number, c.width()))
            .collect()
    }

    /// A [`Standardizer`] fitted on encoded training `rows` that leaves the encoded inputs
    /// alone (mean 0, scale 1): only the numbers are standardised.
    pub fn fit_standardizer<T: Scalar, const I: usize>(
        &self,
        rows: &[[T; I]],
    ) -> Result<Standardizer<T, I>, StandardizeError> {
        let fitted = Standardizer::fit(rows)?;
        let (mut mean, mut scale) = (*fitted.mean(), *fitted.scale());
        for (k, encoded) in self.encoded_inputs().into_iter().enumerate().take(I) {
            if encoded {
                (mean[k], scale[k]) = (T::ZERO, T::ONE);
            }
        }
        Ok(Standardizer::from_parts(mean, scale))
    }

    /// The inputs of one raw text record, one field per column (white space around a field is
    /// ignored). `I` must be [`width`](Self::width).
    pub fn encode<T: Scalar, const I: usize>(
        &self,
        record: &[&str],
    ) -> Result<[T; I], EncodeError> {
        if I != self.width() {
            return Err(EncodeError::InputWidth {
                expected: self.width(),
                found: I,
            });
        }
        check_field_count(self.columns.len(), record.len())?;
        let mut inputs = [T::ZERO; I];
        let mut slot = 0;
        for (column, field) in self.columns.iter().zip(record) {
            let field = field.trim();
            let category = || {
                column
                    .categories
                    .binary_search_by(|c| c.as_str().cmp(field))
            };
            match column.encoding {
                ColumnEncoding::Number if self.missing_texts.iter().any(|t| t == field) => {
                    inputs[slot] = T::literal(f64::NAN);
                }
                ColumnEncoding::Number => {
                    let value = field.parse::<f64>().ok().map(T::literal);
                    inputs[slot] =
                        value
                            .filter(|v| v.is_finite())
                            .ok_or_else(|| EncodeError::NotNumeric {
                                column: column.name.clone(),
                                found: field.to_string(),
                            })?;
                }
                ColumnEncoding::OneHot => match category() {
                    Ok(index) => inputs[slot + index] = T::ONE,
                    Err(_) if self.unknown == UnknownCategory::AllZero => {}
                    Err(_) => return Err(self.unknown_category(column, field)),
                },
                ColumnEncoding::Ordinal => match category() {
                    Ok(index) => inputs[slot] = T::literal(index as f64),
                    Err(_) => return Err(self.unknown_category(column, field)),
                },
            }
            slot += column.width();
        }
        Ok(inputs)
    }

    /// Whether the encoder is one [`fit`](Self::fit) can make: each text column's categories
    /// sorted, distinct and not empty, a number column without any. What a loaded file is
    /// checked against; the error says which column is not.
    #[cfg(feature = "serde")]
    pub(crate) fn check(&self) -> Result<(), String> {
        for column in &self.columns {
            let text = column.encoding != ColumnEncoding::Number;
            let sorted = column.categories.windows(2).all(|pair| pair[0] < pair[1]);
            let has_categories = !column.categories.is_empty();
            if text != has_categories || !sorted {
                return Err(format!(
                    "encoder column `{}`: expected {}, found {:?}",
                    column.name,
                    if text {
                        "its categories, sorted, each once"
                    } else {
                        "no categories for a number"
                    },
                    column.categories
                ));
            }
        }
        Ok(())
    }

    fn unknown_category(&self, column: &EncodedColumn, found: &str) -> EncodeError {
        EncodeError::UnknownCategory {
            column: column.name.clone(),
            found: found.to_string(),
            categories: column.categories.clone(),
        }
    }
}

fn check_field_count(expected: usize, found: usize) -> Result<(), EncodeError> {
    if expected == found {
        Ok(())
    } else {
        Err(EncodeError::FieldCount { expected, found })
    }
}

/// Why a [`RecordEncoder`] could not be fitted or could not encode a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncodeError {
    /// The network's input width is not the encoder's.
    InputWidth {
        /// The encoder's width.
        expected: usize,
        /// The network's input width `I`.
        found: usize,
    },
    /// A record (or the list of encodings) has another number of fields than columns.
    FieldCount {
        /// The number of columns.
        expected: usize,
        /// The number of fields.
        found: usize,
    },
    /// There is no training record to fit on.
    NoTrainingRecords,
    /// A number column's field is not a finite number.
    NotNumeric {
        /// The column.
        column: String,
        /// The field.
        found: String,
    },
    /// A text column's field is not one of the training part's categories.
    UnknownCategory {
        /// The column.
        column: String,
        /// The field.
        found: String,
        /// The training part's categories.
        categories: Vec<String>,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InputWidth { expected, found } => write!(
                f,
                "the records encode to {expected} inputs, but the network takes {found}: \
                 expected `const INPUTS: usize = {expected};`"
            ),
            Self::FieldCount { expected, found } => write!(
                f,
                "a record has {found} fields: expected {expected}, one per column"
            ),
            Self::NoTrainingRecords => {
                write!(f, "no training records: expected at least one to fit on")
            }
            Self::NotNumeric { column, found } => {
                write!(f, "column `{column}`: expected a number, found `{found}`")
            }
            Self::UnknownCategory {
                column,
                found,
                categories,
            } => write!(
                f,
                "column `{column}`: category `{found}` was not in the training records: \
                 expected one of {}",
                categories.join(", ")
            ),
        }
    }
}

impl std::error::Error for EncodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn cars() -> RecordEncoder {
        let training = [
            ["18", "USA", "8"],
            ["26", "Japan", "4"],
            ["24", "Europe", "4"],
            ["15", "USA", "6"],
        ];
        RecordEncoder::fit(
            &["mpg", "origin", "cylinders"],
            &[
                ColumnEncoding::Number,
                ColumnEncoding::OneHot,
                ColumnEncoding::Ordinal,
            ],
            &training,
        )
        .unwrap()
    }

    #[test]
    fn one_hot_and_ordinal_use_the_sorted_training_categories() {
        let encoder = cars();
        // 1 + 3 origins + 1 ordinal.
        assert_eq!(encoder.width(), 5);
        assert_eq!(encoder.inputs_declaration(), "const INPUTS: usize = 5;");
        assert_eq!(
            encoder.input_names(),
            [
                "mpg",
                "origin=Europe",
                "origin=Japan",
                "origin=USA",
                "cylinders"
            ]
        );
        // Cylinders sort as text: "4" < "6" < "8".
        assert_eq!(
            encoder.encode::<f64, 5>(&["30", "Japan", "8"]),
            Ok([30.0, 0.0, 1.0, 0.0, 2.0])
        );
        assert_eq!(
            encoder.encode::<f64, 5>(&[" 9 ", "Europe ", "4"]),
            Ok([9.0, 1.0, 0.0, 0.0, 0.0])
        );
        assert_eq!(encoder.encoded_inputs(), [false, true, true, true, true]);
    }

    #[test]
    fn an_unknown_category_is_an_error_or_all_zeros_as_chosen() {
        let error = cars().encode::<f64, 5>(&["30", "Mars", "8"]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "column `origin`: category `Mars` was not in the training records: expected one of \
             Europe, Japan, USA"
        );
        let lenient = cars().unknown_categories(UnknownCategory::AllZero);
        assert_eq!(
            lenient.encode::<f64, 5>(&["30", "Mars", "8"]),
            Ok([30.0, 0.0, 0.0, 0.0, 2.0])
        );
        // An ordinal column has no "none" value: still the error.
        assert!(matches!(
            lenient.encode::<f64, 5>(&["30", "USA", "5"]),
            Err(EncodeError::UnknownCategory { .. })
        ));
    }

    #[test]
    fn a_wrong_width_names_the_right_one_and_bad_fields_are_errors() {
        let error = cars().encode::<f64, 4>(&["30", "USA", "8"]).unwrap_err();
        assert_eq!(
            error,
            EncodeError::InputWidth {
                expected: 5,
                found: 4
            }
        );
        assert!(error.to_string().contains("`const INPUTS: usize = 5;`"));
        assert_eq!(
            cars().encode::<f64, 5>(&["30", "USA"]),
            Err(EncodeError::FieldCount {
                expected: 3,
                found: 2
            })
        );
        assert!(matches!(
            cars().encode::<f64, 5>(&["NA", "USA", "8"]),
            Err(EncodeError::NotNumeric { .. })
        ));
        let missing = cars()
            .missing_texts(["NA"])
            .encode::<f64, 5>(&["NA", "USA", "8"])
            .unwrap();
        assert!(missing[0].is_nan());
        let none: [[&str; 1]; 0] = [];
        assert_eq!(
            RecordEncoder::fit(&["a"], &[ColumnEncoding::OneHot], &none),
            Err(EncodeError::NoTrainingRecords)
        );
    }

    #[test]
    fn the_standardizer_leaves_encoded_inputs_alone() {
        let encoder = cars();
        let rows: Vec<[f64; 5]> = [["18", "USA", "8"], ["26", "Japan", "4"]]
            .iter()
            .map(|r| encoder.encode(r).unwrap())
            .collect();
        let standardizer = encoder.fit_standardizer(&rows).unwrap();
        // mpg 18 and 26: mean 22, population deviation 4.
        assert_eq!(standardizer.mean(), &[22.0, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(standardizer.scale(), &[4.0, 1.0, 1.0, 1.0, 1.0]);
    }
}
