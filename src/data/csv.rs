//! Reading a [`SampleSet`] from a CSV file: which columns are inputs and which the label,
//! class names made into one-hot labels, and a typed [`CsvError`] naming the file, line and
//! column of anything wrong. (The `csv` feature, on by default.)
//!
//! ```
//! use static_mlp::data::Rows;
//! use static_mlp::data::csv::{Layout, read_csv};
//!
//! // Iris: four measurements, then the species as text in the column `class`.
//! let iris = read_csv::<f32, 4, 3>("datasets/iris.csv", &Layout::class("class"))?;
//! assert_eq!(iris.samples.len(), 150);
//! assert_eq!(iris.classes, ["setosa", "versicolor", "virginica"]);
//! assert_eq!(iris.samples.label(0), [1.0, 0.0, 0.0]); // one-hot, classes by first appearance
//! # Ok::<(), static_mlp::data::csv::CsvError>(())
//! ```

use crate::data::sample_set::SampleSet;
use crate::math::scalar::Scalar;
use ::csv::{ByteRecord, ReaderBuilder, Trim};
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::string::{String, ToString};
use std::vec::Vec;

/// A column, by its 0-based position or by its name in the header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    /// The column at this 0-based position (0 is the first).
    Index(usize),
    /// The column with this name in the header row.
    Name(String),
}

impl From<usize> for Column {
    fn from(index: usize) -> Self {
        Self::Index(index)
    }
}

impl From<&str> for Column {
    fn from(name: &str) -> Self {
        Self::Name(name.to_string())
    }
}

impl From<String> for Column {
    fn from(name: String) -> Self {
        Self::Name(name)
    }
}

/// What the label columns hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Labels {
    /// One column of class names (any text). Classes are numbered by first appearance; with
    /// `O` outputs there must be `O` classes, each label a one-hot row, except that a network
    /// with one output takes exactly two classes as a single 0/1 label (the first class seen
    /// is 0).
    Class(Column),
    /// `O` numeric columns, the targets of a regression, taken as they are.
    Numbers(Vec<Column>),
}

/// Which columns are the inputs and which the labels, and whether there is a header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    inputs: Option<Vec<Column>>,
    labels: Labels,
    header: bool,
}

impl Layout {
    /// The label is the class column `column`; every other column is an input, in file order.
    pub fn class(column: impl Into<Column>) -> Self {
        Self {
            inputs: None,
            labels: Labels::Class(column.into()),
            header: true,
        }
    }

    /// The labels are the numeric columns `columns`, in that order (regression); every other
    /// column is an input.
    pub fn numbers<C: Into<Column>>(columns: impl IntoIterator<Item = C>) -> Self {
        Self {
            inputs: None,
            labels: Labels::Numbers(columns.into_iter().map(Into::into).collect()),
            header: true,
        }
    }

    /// The inputs are exactly `columns`, in that order, instead of every non-label column.
    pub fn inputs<C: Into<Column>>(self, columns: impl IntoIterator<Item = C>) -> Self {
        Self {
            inputs: Some(columns.into_iter().map(Into::into).collect()),
            ..self
        }
    }

    /// The file has no header row: its first line is a sample, and columns can only be
    /// chosen by index.
    pub fn without_header(self) -> Self {
        Self {
            header: false,
            ..self
        }
    }
}

/// What [`read_csv`] returns: the samples and what the file said about them.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvData<T, const I: usize, const O: usize> {
    /// The samples, in file order.
    pub samples: SampleSet<T, I, O>,
    /// The class names, in class-index order (first appearance); empty for numeric labels.
    pub classes: Vec<String>,
    /// The input columns' names from the header (their positions, as text, without one).
    pub input_names: Vec<String>,
}

/// A CSV file that could not be read into samples, with the file's name.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvError {
    /// The file (its path as given, or the name given to [`read_csv_from`]).
    pub file: String,
    /// What is wrong, and where.
    pub kind: CsvErrorKind,
}

/// Where a cell is: its 1-based line in the file and 1-based column, and the column's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The line, counting from 1 (the header, if any, is line 1).
    pub line: u64,
    /// The column, counting from 1.
    pub column: usize,
    /// The column's name in the header, if there is one.
    pub name: Option<String>,
}

/// The ways a CSV file can be wrong for a network of `I` inputs and `O` outputs.
#[derive(Clone, Debug, PartialEq)]
pub enum CsvErrorKind {
    /// The file could not be opened or read.
    Io(String),
    /// The file has no samples (nothing, or a header only).
    Empty,
    /// A line is not valid CSV (say, bytes that are not UTF-8 in a cell that is used).
    Malformed {
        /// The line, counting from 1.
        line: u64,
        /// What the parser said.
        message: String,
    },
    /// A line has another number of fields than the first line.
    FieldCount {
        /// The line, counting from 1.
        line: u64,
        /// The first line's number of fields.
        expected: usize,
        /// This line's.
        found: usize,
    },
    /// A cell that must be a number is not one.
    NotNumeric {
        /// Where.
        cell: Cell,
        /// The cell's text.
        found: String,
    },
    /// A cell holds NaN or an infinity, or a number too large for the network's scalar.
    NotFinite {
        /// Where.
        cell: Cell,
        /// The cell's text.
        found: String,
    },
    /// A class cell is empty.
    MissingClass {
        /// Where.
        cell: Cell,
    },
    /// A column named in the layout is not in the header.
    UnknownColumn {
        /// The name asked for (cut to [`TEXT_LIMIT`] characters).
        name: String,
        /// The header's first names, at most [`NAMES_LIMIT`] of them, each cut to
        /// [`TEXT_LIMIT`] characters.
        header: Vec<String>,
        /// The number of columns in the header.
        columns: usize,
    },
    /// The layout chooses one column twice: as an input and as a label, or twice as either.
    DuplicateColumn {
        /// The column, counting from 1.
        column: usize,
        /// Its name in the header, if there is one (cut to [`TEXT_LIMIT`] characters).
        name: Option<String>,
    },
    /// A column index in the layout is past the last column.
    ColumnOutOfRange {
        /// The 0-based index asked for.
        index: usize,
        /// The number of columns in the file.
        columns: usize,
    },
    /// The file has another number of input columns than the network has inputs.
    InputCount {
        /// The network's input width `I`.
        expected: usize,
        /// The number of input columns in the file.
        found: usize,
    },
    /// The layout names another number of numeric label columns than the network has outputs.
    LabelCount {
        /// The network's output width `O`.
        expected: usize,
        /// The number of label columns named.
        found: usize,
    },
    /// The class column holds fewer classes than the network can tell apart.
    ClassCount {
        /// The classes the network's `O` outputs take (`O`, or 2 for one output).
        expected: usize,
        /// The class names found, in order of first appearance (each cut to [`TEXT_LIMIT`]
        /// characters).
        found: Vec<String>,
    },
    /// A class beyond the number the network can tell apart: reading stops at its first row.
    ExtraClass {
        /// Where it first appears.
        cell: Cell,
        /// The classes the network's `O` outputs take (`O`, or 2 for one output).
        expected: usize,
        /// The classes seen before it, in order of first appearance (each cut to
        /// [`TEXT_LIMIT`] characters).
        classes: Vec<String>,
        /// The extra class's name (cut to [`TEXT_LIMIT`] characters).
        found: String,
    },
}

/// The most characters of a file's text (a cell, a column name, a parser message) that an
/// error keeps; longer texts are cut there and end in `…`.
pub const TEXT_LIMIT: usize = 200;

/// The most header names [`CsvErrorKind::UnknownColumn`] lists.
pub const NAMES_LIMIT: usize = 20;

/// `text`, or its first [`TEXT_LIMIT`] characters and `…`.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(TEXT_LIMIT) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)?;
        match &self.name {
            Some(name) => write!(f, " (`{name}`)"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.file;
        match &self.kind {
            CsvErrorKind::Io(message) => write!(f, "{file}: cannot read: {message}"),
            CsvErrorKind::Empty => write!(f, "{file}: no samples: expected at least one data row"),
            CsvErrorKind::Malformed { line, message } => {
                write!(f, "{file}: line {line}: not valid CSV: {message}")
            }
            CsvErrorKind::FieldCount {
                line,
                expected,
                found,
            } => write!(
                f,
                "{file}: line {line} has {found} fields: expected {expected}, as on the first line"
            ),
            CsvErrorKind::NotNumeric { cell, found } => {
                write!(f, "{file}: {cell}: expected a number, found `{found}`")
            }
            CsvErrorKind::NotFinite { cell, found } => write!(
                f,
                "{file}: {cell}: expected a finite number, found `{found}`"
            ),
            CsvErrorKind::MissingClass { cell } => {
                write!(
                    f,
                    "{file}: {cell}: expected a class name, found an empty cell"
                )
            }
            CsvErrorKind::UnknownColumn {
                name,
                header,
                columns,
            } => {
                write!(
                    f,
                    "{file}: no column named `{name}`: the header has {}",
                    header.join(", ")
                )?;
                if *columns > header.len() {
                    write!(f, ", … ({columns} columns)")?;
                }
                Ok(())
            }
            CsvErrorKind::DuplicateColumn { column, name } => {
                write!(f, "{file}: column {column}")?;
                if let Some(name) = name {
                    write!(f, " (`{name}`)")?;
                }
                write!(
                    f,
                    " is chosen twice: expected each input and label column once"
                )
            }
            CsvErrorKind::ColumnOutOfRange { index, columns } => write!(
                f,
                "{file}: no column {index} (0-based): the file has {columns} columns"
            ),
            CsvErrorKind::InputCount { expected, found } => write!(
                f,
                "{file}: the network takes {expected} inputs, but the file has {found} input \
                 columns: expected {expected}, found {found} (the input width is part of the \
                 network's type: change it, or choose the input columns)"
            ),
            CsvErrorKind::LabelCount { expected, found } => write!(
                f,
                "{file}: the network has {expected} outputs, but {found} label columns were \
                 named: expected {expected}, found {found}"
            ),
            CsvErrorKind::ClassCount { expected, found } => write!(
                f,
                "{file}: the class column holds {} classes ({}): expected {expected} for this \
                 network's outputs",
                found.len(),
                found.join(", ")
            ),
            CsvErrorKind::ExtraClass {
                cell,
                expected,
                classes,
                found,
            } => write!(
                f,
                "{file}: {cell}: expected {expected} classes for this network's outputs \
                 ({}), found another, `{found}`",
                classes.join(", ")
            ),
        }
    }
}

impl std::error::Error for CsvError {}

/// Reads the CSV file at `path` into samples of `I` inputs and `O` labels, as `layout` says.
///
/// Fields are separated by `,`, may be quoted, and have white space trimmed. Every line must
/// have as many fields as the first; every input cell (and numeric label cell) must be a
/// finite number. Nothing panics: each way a file can be wrong is a [`CsvErrorKind`].
pub fn read_csv<T: Scalar, const I: usize, const O: usize>(
    path: impl AsRef<Path>,
    layout: &Layout,
) -> Result<CsvData<T, I, O>, CsvError> {
    let path = path.as_ref();
    let file = path.display().to_string();
    match std::fs::File::open(path) {
        Ok(opened) => read_csv_from(opened, &file, layout),
        Err(error) => Err(CsvError {
            file,
            kind: CsvErrorKind::Io(error.to_string()),
        }),
    }
}

/// [`read_csv`] from any reader; `file` names it in errors.
pub fn read_csv_from<T: Scalar, const I: usize, const O: usize>(
    reader: impl Read,
    file: &str,
    layout: &Layout,
) -> Result<CsvData<T, I, O>, CsvError> {
    const { assert!(O > 0, "a network has at least one output to label") };
    Reading::<T, I, O>::new(layout)
        .read(reader)
        .map_err(|kind| CsvError {
            file: file.to_string(),
            kind,
        })
}

/// The state of one read.
struct Reading<'l, T, const I: usize, const O: usize> {
    layout: &'l Layout,
    /// The names of the used columns, by column (empty without a header).
    header: Vec<(usize, String)>,
    inputs: Vec<usize>,
    labels: Vec<usize>,
    classes: Vec<String>,
    samples: SampleSet<T, I, O>,
}

impl<'l, T: Scalar, const I: usize, const O: usize> Reading<'l, T, I, O> {
    /// The classes `O` outputs tell apart: `O`, or 2 for one output (a 0/1 label).
    const CLASSES: usize = if O == 1 { 2 } else { O };

    fn new(layout: &'l Layout) -> Self {
        Self {
            layout,
            header: Vec::new(),
            inputs: Vec::new(),
            labels: Vec::new(),
            classes: Vec::new(),
            samples: SampleSet::with_capacity(0),
        }
    }

    fn read(mut self, reader: impl Read) -> Result<CsvData<T, I, O>, CsvErrorKind> {
        let mut csv = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(Trim::All)
            .from_reader(reader);
        let mut record = ByteRecord::new();
        let mut width = None;
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(error) => return Err(malformed(&error)),
            }
            let line = record.position().map_or(0, ::csv::Position::line);
            let Some(expected) = width else {
                width = Some(record.len());
                self.choose_columns(&record, line)?;
                if self.layout.header {
                    continue;
                }
                self.sample(&record, line)?;
                continue;
            };
            if record.len() != expected {
                return Err(CsvErrorKind::FieldCount {
                    line,
                    expected,
                    found: record.len(),
                });
            }
            self.sample(&record, line)?;
        }
        if self.samples.inputs().is_empty() {
            return Err(CsvErrorKind::Empty);
        }
        self.finish_classes()?;
        let input_names = self.inputs.iter().map(|&c| self.name(c)).collect();
        Ok(CsvData {
            samples: self.samples,
            classes: self.classes,
            input_names,
        })
    }

    /// Reads the header (or takes positions) and resolves the layout's columns. Only the
    /// names of the columns used are kept.
    fn choose_columns(&mut self, first: &ByteRecord, line: u64) -> Result<(), CsvErrorKind> {
        let columns = first.len();
        let header = |index: usize| -> Result<&str, CsvErrorKind> {
            core::str::from_utf8(first.get(index).unwrap_or_default()).map_err(|_| {
                CsvErrorKind::Malformed {
                    line,
                    message: format!("the header's column {} is not UTF-8", index + 1),
                }
            })
        };
        let find = |column: &Column| -> Result<usize, CsvErrorKind> {
            match column {
                Column::Index(index) if *index < columns => Ok(*index),
                Column::Index(index) => Err(CsvErrorKind::ColumnOutOfRange {
                    index: *index,
                    columns,
                }),
                Column::Name(name) if self.layout.header => {
                    for index in 0..columns {
                        if header(index)? == name {
                            return Ok(index);
                        }
                    }
                    Err(CsvErrorKind::UnknownColumn {
                        name: shortened(name),
                        header: (0..columns.min(NAMES_LIMIT))
                            .map(|index| header(index).map(shortened))
                            .collect::<Result<_, _>>()?,
                        columns,
                    })
                }
                Column::Name(name) => Err(CsvErrorKind::UnknownColumn {
                    name: shortened(name),
                    header: Vec::new(),
                    columns: 0,
                }),
            }
        };
        let labels = match &self.layout.labels {
            Labels::Class(column) => vec![find(column)?],
            Labels::Numbers(chosen) => {
                if chosen.len() != O {
                    return Err(CsvErrorKind::LabelCount {
                        expected: O,
                        found: chosen.len(),
                    });
                }
                chosen.iter().map(find).collect::<Result<Vec<_>, _>>()?
            }
        };
        let inputs = match &self.layout.inputs {
            Some(chosen) => {
                if chosen.len() != I {
                    return Err(CsvErrorKind::InputCount {
                        expected: I,
                        found: chosen.len(),
                    });
                }
                chosen.iter().map(find).collect::<Result<Vec<_>, _>>()?
            }
            None => {
                // every other column; counted first, so a wide file is refused before a
                // list of its columns is made
                let found = columns - (0..columns).filter(|c| labels.contains(c)).count();
                if found != I {
                    return Err(CsvErrorKind::InputCount { expected: I, found });
                }
                (0..columns).filter(|c| !labels.contains(c)).collect()
            }
        };
        // at most I + O columns: a quadratic check is a few comparisons
        let chosen: Vec<usize> = labels.iter().chain(&inputs).copied().collect();
        for (position, &column) in chosen.iter().enumerate() {
            if chosen[..position].contains(&column) {
                return Err(CsvErrorKind::DuplicateColumn {
                    column: column + 1,
                    name: if self.layout.header {
                        Some(shortened(header(column)?))
                    } else {
                        None
                    },
                });
            }
        }
        if self.layout.header {
            for &column in &chosen {
                self.header.push((column, header(column)?.to_string()));
            }
        }
        self.labels = labels;
        self.inputs = inputs;
        Ok(())
    }

    /// The header's name of a used column.
    fn header_name(&self, column: usize) -> Option<&str> {
        self.header
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, name)| name.as_str())
    }

    fn name(&self, column: usize) -> String {
        self.header_name(column)
            .map_or_else(|| column.to_string(), ToString::to_string)
    }

    fn cell(&self, line: u64, column: usize) -> Cell {
        Cell {
            line,
            column: column + 1,
            name: self.header_name(column).map(shortened),
        }
    }

    /// The text of a used cell.
    fn text<'r>(
        &self,
        record: &'r ByteRecord,
        line: u64,
        column: usize,
    ) -> Result<&'r str, CsvErrorKind> {
        let bytes = record.get(column).unwrap_or_default();
        core::str::from_utf8(bytes).map_err(|_| CsvErrorKind::Malformed {
            line,
            message: format!("{} is not UTF-8", self.cell(line, column)),
        })
    }

    /// A used cell as a finite `T`.
    fn number(&self, record: &ByteRecord, line: u64, column: usize) -> Result<T, CsvErrorKind> {
        let text = self.text(record, line, column)?;
        let Ok(value) = text.parse::<f64>() else {
            return Err(CsvErrorKind::NotNumeric {
                cell: self.cell(line, column),
                found: shortened(text),
            });
        };
        let value = T::literal(value);
        if value.is_finite() {
            Ok(value)
        } else {
            Err(CsvErrorKind::NotFinite {
                cell: self.cell(line, column),
                found: shortened(text),
            })
        }
    }

    fn sample(&mut self, record: &ByteRecord, line: u64) -> Result<(), CsvErrorKind> {
        let mut input = [T::ZERO; I];
        for (slot, &column) in input.iter_mut().zip(&self.inputs) {
            *slot = self.number(record, line, column)?;
        }
        let mut label = [T::ZERO; O];
        match self.layout.labels {
            Labels::Numbers(_) => {
                for (slot, &column) in label.iter_mut().zip(&self.labels) {
                    *slot = self.number(record, line, column)?;
                }
            }
            Labels::Class(_) => {
                let column = self.labels[0];
                let name = self.text(record, line, column)?;
                if name.is_empty() {
                    return Err(CsvErrorKind::MissingClass {
                        cell: self.cell(line, column),
                    });
                }
                // at most max(O, 2) names are ever kept, so the search is short
                let class = match self.classes.iter().position(|c| c == name) {
                    Some(class) => class,
                    None if self.classes.len() == Self::CLASSES => {
                        return Err(CsvErrorKind::ExtraClass {
                            cell: self.cell(line, column),
                            expected: Self::CLASSES,
                            classes: self.classes.iter().map(|c| shortened(c)).collect(),
                            found: shortened(name),
                        });
                    }
                    None => {
                        self.classes.push(name.to_string());
                        self.classes.len() - 1
                    }
                };
                // Labels are written once the class count is known (`finish_classes`); for
                // now the class index is kept in the first label.
                label[0] = T::literal(class as f64);
            }
        }
        self.samples.push(input, label);
        Ok(())
    }

    /// Turns the class indices kept while reading into one-hot rows (or 0/1 for one output),
    /// once the number of classes is known.
    fn finish_classes(&mut self) -> Result<(), CsvErrorKind> {
        if !matches!(self.layout.labels, Labels::Class(_)) {
            return Ok(());
        }
        if self.classes.len() != Self::CLASSES {
            return Err(CsvErrorKind::ClassCount {
                expected: Self::CLASSES,
                found: self.classes.iter().map(|c| shortened(c)).collect(),
            });
        }
        if O > 1 {
            for label in self.samples.labels_mut() {
                let class = label[0].to_f64() as usize;
                *label = [T::ZERO; O];
                label[class] = T::ONE;
            }
        }
        Ok(())
    }
}

fn malformed(error: &::csv::Error) -> CsvErrorKind {
    match error.kind() {
        ::csv::ErrorKind::Io(io) => CsvErrorKind::Io(shortened(&io.to_string())),
        _ => CsvErrorKind::Malformed {
            line: error.position().map_or(0, ::csv::Position::line),
            message: shortened(&error.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Rows;

    fn read<const I: usize, const O: usize>(
        text: &str,
        layout: &Layout,
    ) -> Result<CsvData<f64, I, O>, CsvErrorKind> {
        read_csv_from(text.as_bytes(), "test.csv", layout).map_err(|error| {
            assert_eq!(error.file, "test.csv");
            error.kind
        })
    }

    const SMALL: &str = "a,b,kind\n1,2,cat\n3,4,dog\n5,6.5,cat\n0,0,bird\n";

    #[test]
    fn classes_become_one_hot_rows_by_first_appearance() {
        let data = read::<2, 3>(SMALL, &Layout::class("kind")).unwrap();
        assert_eq!(data.classes, ["cat", "dog", "bird"]);
        assert_eq!(data.input_names, ["a", "b"]);
        assert_eq!(
            data.samples.inputs(),
            [[1.0, 2.0], [3.0, 4.0], [5.0, 6.5], [0.0, 0.0]]
        );
        assert_eq!(data.samples.label(1), [0.0, 1.0, 0.0]);
        assert_eq!(data.samples.label(3), [0.0, 0.0, 1.0]);
    }

    #[test]
    fn columns_by_index_or_name_and_numeric_labels() {
        let text = "x,y,z\n1,2,3\n4,5,6\n";
        let data = read::<1, 2>(text, &Layout::numbers([0_usize, 2]).inputs(["y"])).unwrap();
        assert_eq!(data.samples.inputs(), [[2.0], [5.0]]);
        assert_eq!(data.samples.labels(), [[1.0, 3.0], [4.0, 6.0]]);
        assert!(data.classes.is_empty());
        let data = read::<2, 1>(
            "1,2,3\n4,5,6\n",
            &Layout::numbers([1_usize]).without_header(),
        )
        .unwrap();
        assert_eq!(data.samples.inputs(), [[1.0, 3.0], [4.0, 6.0]]);
        assert_eq!(data.input_names, ["0", "2"]);
    }

    #[test]
    fn two_classes_for_one_output_are_zero_and_one() {
        let text = "v,c\n0.5,yes\n1.5,no\n2.5,yes\n";
        let data = read::<1, 1>(text, &Layout::class(1_usize)).unwrap();
        assert_eq!(data.samples.labels(), [[0.0], [1.0], [0.0]]);
        assert_eq!(data.classes, ["yes", "no"]);
    }

    fn message(text: &str, layout: &Layout) -> String {
        let error = read_csv_from::<f64, 2, 3>(text.as_bytes(), "pets.csv", layout).unwrap_err();
        error.to_string()
    }

    #[test]
    fn every_error_names_where_and_what() {
        let class = Layout::class("kind");
        let cases = [
            ("", "pets.csv: no samples: expected at least one data row"),
            (
                "a,b,kind\n",
                "pets.csv: no samples: expected at least one data row",
            ),
            (
                "a,b,kind\n1,2,cat\n1,x,dog\n",
                "pets.csv: line 3, column 2 (`b`): expected a number, found `x`",
            ),
            (
                "a,b,kind\n1,2,cat\n,2,dog\n",
                "pets.csv: line 3, column 1 (`a`): expected a number, found ``",
            ),
            (
                "a,b,kind\n1,NaN,cat\n",
                "pets.csv: line 2, column 2 (`b`): expected a finite number, found `NaN`",
            ),
            (
                "a,b,kind\n1,-inf,cat\n",
                "pets.csv: line 2, column 2 (`b`): expected a finite number, found `-inf`",
            ),
            (
                "a,b,kind\n1,2,cat\n1,2\n",
                "pets.csv: line 3 has 2 fields: expected 3, as on the first line",
            ),
            (
                "a,b,kind\n1,2,\n",
                "pets.csv: line 2, column 3 (`kind`): expected a class name, found an empty cell",
            ),
            (
                "a,b,kind\n1,2,cat\n3,4,dog\n",
                "pets.csv: the class column holds 2 classes (cat, dog): expected 3 for this \
                 network's outputs",
            ),
            (
                "a,b,c,kind\n1,2,3,cat\n",
                "pets.csv: the network takes 2 inputs, but the file has 3 input columns: \
                 expected 2, found 3 (the input width is part of the network's type: change \
                 it, or choose the input columns)",
            ),
            (
                "a,b,species\n1,2,cat\n",
                "pets.csv: no column named `kind`: the header has a, b, species",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(message(text, &class), expected, "for {text:?}");
        }
        assert_eq!(
            message("1,2,3\n", &Layout::class(7_usize).without_header()),
            "pets.csv: no column 7 (0-based): the file has 3 columns"
        );
        assert_eq!(
            message("a,b,y\n1,2,3\n", &Layout::numbers(["y"])),
            "pets.csv: the network has 3 outputs, but 1 label columns were named: expected 3, \
             found 1"
        );
        // f32 cannot hold 1e39.
        let error =
            read_csv_from::<f32, 1, 1>(&b"x,y\n1e39,1\n"[..], "big.csv", &Layout::numbers(["y"]))
                .unwrap_err();
        assert!(
            matches!(error.kind, CsvErrorKind::NotFinite { .. }),
            "{error}"
        );
    }

    #[test]
    fn a_missing_file_is_an_io_error_naming_it() {
        let error =
            read_csv::<f64, 1, 1>("no/such/file.csv", &Layout::numbers([0_usize])).unwrap_err();
        assert_eq!(error.file, "no/such/file.csv");
        assert!(matches!(error.kind, CsvErrorKind::Io(_)));
        assert!(
            error
                .to_string()
                .starts_with("no/such/file.csv: cannot read: ")
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_malformed_not_a_panic() {
        let bytes = b"a,b,kind\n1,\xff,cat\n";
        let error =
            read_csv_from::<f64, 2, 3>(&bytes[..], "bad.csv", &Layout::class("kind")).unwrap_err();
        assert!(
            matches!(error.kind, CsvErrorKind::Malformed { line: 2, .. }),
            "{error}"
        );
    }

    #[test]
    fn a_class_beyond_the_outputs_stops_the_read_at_its_row() {
        // 200 000 rows, each its own class, read as 3 classes: the fourth ends the read
        let mut text = String::from("x,c\n");
        for i in 0..200_000 {
            text += &format!("{i},class-{i}\n");
        }
        let error = read::<1, 3>(&text, &Layout::class("c")).unwrap_err();
        assert_eq!(
            error,
            CsvErrorKind::ExtraClass {
                cell: Cell {
                    line: 5,
                    column: 2,
                    name: Some("c".to_string())
                },
                expected: 3,
                classes: vec!["class-0".into(), "class-1".into(), "class-2".into()],
                found: "class-3".to_string(),
            }
        );
        let message = read_csv_from::<f64, 1, 3>(text.as_bytes(), "many.csv", &Layout::class("c"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "many.csv: line 5, column 2 (`c`): expected 3 classes for this network's outputs \
             (class-0, class-1, class-2), found another, `class-3`"
        );
        // one output takes two classes
        let error = read::<1, 1>("x,c\n1,a\n2,b\n3,a\n4,c\n", &Layout::class("c")).unwrap_err();
        assert!(
            matches!(error, CsvErrorKind::ExtraClass { expected: 2, .. }),
            "{error:?}"
        );
    }

    #[test]
    fn texts_copied_into_errors_are_cut() {
        let long = "7".repeat(100_000) + "x";
        let error = read::<1, 1>(&format!("a,y\n{long},1\n"), &Layout::numbers(["y"])).unwrap_err();
        let CsvErrorKind::NotNumeric { found, .. } = error else {
            panic!("{error:?}")
        };
        assert_eq!(found, "7".repeat(TEXT_LIMIT) + "…");
        // cut at a character, not a byte
        let wide = "é".repeat(300);
        let error =
            read::<1, 3>(&format!("a,kind\n1,{wide}\n"), &Layout::class("kind")).unwrap_err();
        let CsvErrorKind::ClassCount { found, .. } = error else {
            panic!("{error:?}")
        };
        assert_eq!(found, ["é".repeat(TEXT_LIMIT) + "…"]);
        // a header of a million empty names is not copied into the error
        let header = ",".repeat(1_000_000);
        let error = read::<1, 1>(&format!("{header}\n"), &Layout::class("kind")).unwrap_err();
        assert_eq!(
            error,
            CsvErrorKind::UnknownColumn {
                name: "kind".into(),
                header: vec![String::new(); NAMES_LIMIT],
                columns: 1_000_001,
            }
        );
        let message = read_csv_from::<f64, 1, 1>(
            format!("{header}\n").as_bytes(),
            "wide.csv",
            &Layout::class("kind"),
        )
        .unwrap_err()
        .to_string();
        assert!(message.len() < 200, "{message}");
        assert!(message.ends_with(", … (1000001 columns)"), "{message}");
    }

    #[test]
    fn a_column_chosen_twice_is_refused() {
        let text = "a,b,kind\n1,2,cat\n";
        assert_eq!(
            message(text, &Layout::class("kind").inputs(["a", "kind"])),
            "pets.csv: column 3 (`kind`) is chosen twice: expected each input and label column \
             once"
        );
        let error = read::<2, 1>(text, &Layout::numbers(["b"]).inputs(["a", "a"])).unwrap_err();
        assert_eq!(
            error,
            CsvErrorKind::DuplicateColumn {
                column: 1,
                name: Some("a".into())
            }
        );
        let error = read::<1, 2>(
            "1,2\n",
            &Layout::numbers([0_usize, 0])
                .without_header()
                .inputs([1_usize]),
        )
        .unwrap_err();
        assert_eq!(
            error,
            CsvErrorKind::DuplicateColumn {
                column: 1,
                name: None
            }
        );
    }
}
