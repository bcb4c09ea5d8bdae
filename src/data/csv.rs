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
//!
//! **Several files of the same data** (a training file and a test file, new rows later) must
//! number their classes alike, or accuracy is measured against the wrong classes. Read the
//! training file first, then every other file with the layout it returns, [`CsvData::layout`]:
//! its class list is the training file's, so labels map by name, a file may hold only some of
//! the classes, and a class the training file did not have is a
//! [`CsvErrorKind::UnknownClass`] naming it and its line. A loaded
//! [`Pipeline`](crate::pipeline::Pipeline)'s class names do the same through
//! [`Layout::with_classes`]; [`read_csv_inputs`] reads rows without labels, to predict them.
//!
//! ```
//! use static_mlp::data::Rows;
//! use static_mlp::data::csv::{Layout, read_csv_from};
//!
//! let training = "x,kind\n1,cat\n2,dog\n3,bird\n";
//! let test = "x,kind\n4,bird\n5,cat\n"; // another order, and no dog
//! let training = read_csv_from::<f32, 1, 3>(training.as_bytes(), "train.csv", &Layout::class("kind"))?;
//! let test = read_csv_from::<f32, 1, 3>(test.as_bytes(), "test.csv", &training.layout)?;
//! assert_eq!(test.classes, ["cat", "dog", "bird"]); // the training file's numbering
//! assert_eq!(test.samples.label(0), [0.0, 0.0, 1.0]); // bird is class 2 in both files
//! # Ok::<(), static_mlp::data::csv::CsvError>(())
//! ```

use crate::data::missing::{Imputation, MissingCells, MissingColumns, MissingPolicy};
use crate::data::sample_set::SampleSet;
use crate::math::message::shortened;
use crate::math::scalar::Scalar;
use csv_core::ReadFieldResult;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
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
    /// One column of class names (any text). Classes are numbered by first appearance (or as
    /// [`Layout::with_classes`] or [`Layout::sorted_classes`] say); with `O` outputs there
    /// must be `O` classes, each label a one-hot row, except that a network with one output
    /// takes exactly two classes as a single 0/1 label (class 0 being the first class seen,
    /// or the first in the list).
    Class(Column),
    /// `O` numeric columns, the targets of a regression, taken as they are.
    Numbers(Vec<Column>),
}

/// How the classes of a class column are numbered.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ClassOrder {
    /// In the order the file first names them.
    FirstAppearance,
    /// In sorted order of their names.
    Sorted,
    /// As this list numbers them: the training data's classes.
    Given(Vec<String>),
}

/// Which columns are the inputs and which the labels, whether there is a header row, and how
/// classes are numbered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    inputs: Option<Vec<Column>>,
    labels: Labels,
    header: bool,
    classes: ClassOrder,
    pub(crate) missing: MissingCells,
}

impl Layout {
    /// The label is the class column `column`; every other column is an input, in file order.
    ///
    /// Classes are numbered in the order the file first names them: right for the one file a
    /// network is trained on. Read every other file of the same data (a test file, new rows)
    /// with the training file's class list, [`CsvData::layout`] or
    /// [`with_classes`](Self::with_classes), so that class `k` names the same class in both.
    pub fn class(column: impl Into<Column>) -> Self {
        Self {
            inputs: None,
            labels: Labels::Class(column.into()),
            header: true,
            classes: ClassOrder::FirstAppearance,
            missing: MissingCells::default(),
        }
    }

    /// No label column: every column (or the [chosen](Self::inputs) ones) is an input. For
    /// [`read_csv_inputs`], which reads rows to predict; [`read_csv`] refuses it, as it has no
    /// labels to give.
    pub fn unlabelled() -> Self {
        Self::numbers(core::iter::empty::<usize>())
    }

    /// The labels are the numeric columns `columns`, in that order (regression); every other
    /// column is an input.
    pub fn numbers<C: Into<Column>>(columns: impl IntoIterator<Item = C>) -> Self {
        Self {
            inputs: None,
            labels: Labels::Numbers(columns.into_iter().map(Into::into).collect()),
            header: true,
            classes: ClassOrder::FirstAppearance,
            missing: MissingCells::default(),
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

    /// The classes are exactly `names`, class `k` being `names[k]`: the training data's
    /// classes ([`CsvData::classes`], or a loaded
    /// [`Pipeline`](crate::pipeline::Pipeline)'s [class
    /// names](crate::pipeline::Pipeline::class_names)). Labels map by name; a file may hold
    /// only some of the classes; a class not in the list is a [`CsvErrorKind::UnknownClass`]
    /// naming it and its line. The list must name each class once, as many as the network's
    /// outputs take. No effect on numeric labels.
    ///
    /// ```
    /// use static_mlp::data::Rows;
    /// use static_mlp::data::csv::{CsvErrorKind, Layout, read_csv_from};
    ///
    /// let layout = Layout::class("kind").with_classes(["cat", "dog"]);
    /// let data = read_csv_from::<f64, 1, 1>(&b"x,kind\n1,dog\n"[..], "new.csv", &layout)?;
    /// assert_eq!(data.samples.label(0), [1.0]); // dog is class 1, though it came first
    ///
    /// let error = read_csv_from::<f64, 1, 1>(&b"x,kind\n1,dog\n2,fox\n"[..], "new.csv", &layout)
    ///     .unwrap_err();
    /// assert!(matches!(error.kind, CsvErrorKind::UnknownClass { .. }));
    /// assert_eq!(
    ///     error.to_string(),
    ///     "new.csv: line 3, column 2 (`kind`): class `fox` is not one of the 2 known classes: \
    ///      expected one of cat, dog"
    /// );
    /// # Ok::<(), static_mlp::data::csv::CsvError>(())
    /// ```
    pub fn with_classes<S: AsRef<str>>(self, names: impl IntoIterator<Item = S>) -> Self {
        let names = names.into_iter().map(|n| n.as_ref().to_string()).collect();
        Self {
            classes: ClassOrder::Given(names),
            ..self
        }
    }

    /// The classes are numbered in sorted order of their names (by Unicode code point, so
    /// `"10"` comes before `"9"`), as scikit-learn's `LabelEncoder` numbers them, instead of
    /// by first appearance. Two files holding the same classes then number them alike
    /// whatever order their rows are in; a file holding only some of them still needs the
    /// training data's list ([`with_classes`](Self::with_classes)).
    ///
    /// ```
    /// use static_mlp::data::csv::{Layout, read_csv_from};
    ///
    /// let text = "x,kind\n1,dog\n2,cat\n3,bird\n";
    /// let layout = Layout::class("kind").sorted_classes();
    /// let data = read_csv_from::<f64, 1, 3>(text.as_bytes(), "pets.csv", &layout)?;
    /// assert_eq!(data.classes, ["bird", "cat", "dog"]);
    /// assert_eq!(data.samples.labels()[0], [0.0, 0.0, 1.0]); // dog
    /// # Ok::<(), static_mlp::data::csv::CsvError>(())
    /// ```
    pub fn sorted_classes(self) -> Self {
        Self {
            classes: ClassOrder::Sorted,
            ..self
        }
    }
}

/// What [`read_csv`] returns: the samples and what the file said about them.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvData<T, const I: usize, const O: usize> {
    /// The samples, in file order.
    pub samples: SampleSet<T, I, O>,
    /// The class names, in class-index order (first appearance, unless the layout said
    /// otherwise); empty for numeric labels.
    pub classes: Vec<String>,
    /// The input columns' names from the header (their positions, as text, without one),
    /// then `<name>_missing` for each "was missing" input.
    pub input_names: Vec<String>,
    /// The rows left out for a missing cell ([`MissingPolicy::DropRow`]).
    pub dropped_rows: usize,
    /// What each input needs before the network takes it: fit an
    /// [`Imputer`](crate::data::missing::Imputer) with it on the training part.
    pub imputation: Vec<Imputation>,
    /// The layout to read every other file of the same data with: the one this file was read
    /// with, its class list fixed to [`classes`](Self::classes) (see
    /// [`Layout::with_classes`]).
    pub layout: Layout,
}

/// What [`read_csv_inputs`] returns: rows of inputs, without labels.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvInputs<T, const I: usize> {
    /// The input rows, in file order.
    pub inputs: Vec<[T; I]>,
    /// The input columns' names from the header (their positions, as text, without one),
    /// then `<name>_missing` for each "was missing" input.
    pub input_names: Vec<String>,
    /// The rows left out for a missing cell ([`MissingPolicy::DropRow`]).
    pub dropped_rows: usize,
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
    /// A cell holds a missing-cell text ([`Layout::missing_texts`]) and its column's policy is
    /// the error ([`MissingPolicy::Error`], the default).
    MissingCell {
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
    /// A class cell names a class that is not in the layout's class list
    /// ([`Layout::with_classes`]).
    UnknownClass {
        /// Where.
        cell: Cell,
        /// The class named (cut to [`TEXT_LIMIT`] characters).
        found: String,
        /// The class list (at most `max(O, 2)` names, each cut to [`TEXT_LIMIT`] characters).
        classes: Vec<String>,
    },
    /// The layout's class list names another number of classes than the network can tell
    /// apart.
    ClassListLength {
        /// The classes the network's `O` outputs take (`O`, or 2 for one output).
        expected: usize,
        /// The list's first names, at most [`NAMES_LIMIT`] of them, each cut to
        /// [`TEXT_LIMIT`] characters.
        found: Vec<String>,
        /// How many names the list has.
        count: usize,
    },
    /// The layout's class list names a class twice.
    DuplicateClass {
        /// The class named twice (cut to [`TEXT_LIMIT`] characters).
        name: String,
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
pub const TEXT_LIMIT: usize = crate::math::message::TEXT_LIMIT;

/// The most header names [`CsvErrorKind::UnknownColumn`] lists.
pub const NAMES_LIMIT: usize = 20;

impl CsvErrorKind {
    /// [`UnknownColumn`](Self::UnknownColumn) for `name`, listing the first [`NAMES_LIMIT`]
    /// of the header's `names` (`columns` in all), each cut to [`TEXT_LIMIT`] characters.
    pub(crate) fn unknown_column<'a>(
        name: &str,
        names: impl IntoIterator<Item = &'a str>,
        columns: usize,
    ) -> Self {
        CsvErrorKind::UnknownColumn {
            name: shortened(name),
            header: names.into_iter().take(NAMES_LIMIT).map(shortened).collect(),
            columns,
        }
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

impl fmt::Display for CsvErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvErrorKind::Io(message) => write!(f, "cannot read: {message}"),
            CsvErrorKind::Empty => write!(f, "no samples: expected at least one data row"),
            CsvErrorKind::Malformed { line, message } => {
                write!(f, "line {line}: not valid CSV: {message}")
            }
            CsvErrorKind::FieldCount {
                line,
                expected,
                found,
            } => write!(
                f,
                "line {line} has {found} fields: expected {expected}, as on the first line"
            ),
            CsvErrorKind::NotNumeric { cell, found } => {
                write!(f, "{cell}: expected a number, found `{found}`")
            }
            CsvErrorKind::NotFinite { cell, found } => {
                write!(f, "{cell}: expected a finite number, found `{found}`")
            }
            CsvErrorKind::MissingCell { cell, found } => write!(
                f,
                "{cell}: expected a value, found the missing-cell text `{found}` (a \
                 policy for this column's missing cells: `Layout::on_missing`)"
            ),
            CsvErrorKind::MissingClass { cell } => {
                write!(f, "{cell}: expected a class name, found an empty cell")
            }
            CsvErrorKind::UnknownClass {
                cell,
                found,
                classes,
            } => write!(
                f,
                "{cell}: class `{found}` is not one of the {} known classes: expected \
                 one of {}",
                classes.len(),
                classes.join(", ")
            ),
            CsvErrorKind::ClassListLength {
                expected,
                found,
                count,
            } => {
                write!(
                    f,
                    "the class list given has {count} names ({}",
                    found.join(", ")
                )?;
                if *count > found.len() {
                    write!(f, ", …")?;
                }
                write!(f, "): expected {expected} for this network's outputs")
            }
            CsvErrorKind::DuplicateClass { name } => write!(
                f,
                "the class list given names `{name}` twice: expected each class once"
            ),
            CsvErrorKind::UnknownColumn {
                name,
                header,
                columns,
            } => {
                write!(
                    f,
                    "no column named `{name}`: the header has {}",
                    header.join(", ")
                )?;
                if *columns > header.len() {
                    write!(f, ", … ({columns} columns)")?;
                }
                Ok(())
            }
            CsvErrorKind::DuplicateColumn { column, name } => {
                write!(f, "column {column}")?;
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
                "no column {index} (0-based): the file has {columns} columns"
            ),
            CsvErrorKind::InputCount { expected, found } => write!(
                f,
                "the network takes {expected} inputs, but the file has {found} input \
                 columns: expected {expected}, found {found} (the input width is part of the \
                 network's type: change it, or choose the input columns)"
            ),
            CsvErrorKind::LabelCount { expected, found } => write!(
                f,
                "the network has {expected} outputs, but {found} label columns were \
                 named: expected {expected}, found {found}"
            ),
            CsvErrorKind::ClassCount { expected, found } => write!(
                f,
                "the class column holds {} classes ({}): expected {expected} for this \
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
                "{cell}: expected {expected} classes for this network's outputs \
                 ({}), found another, `{found}`",
                classes.join(", ")
            ),
        }
    }
}

impl std::error::Error for CsvErrorKind {}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.kind)
    }
}

impl std::error::Error for CsvError {}

/// Reads the CSV file at `path` into samples of `I` inputs and `O` labels, as `layout` says.
///
/// Fields are separated by `,`, may be quoted, and have white space trimmed. Every line must
/// have as many fields as the first; every input cell (and numeric label cell) must be a
/// finite number. Nothing panics: each way a file can be wrong is a [`CsvErrorKind`].
///
/// To read a test file (or any file after the training one), pass the training data's
/// [`layout`](CsvData::layout), so that both files number their classes alike.
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
    Reading::<T, I, O>::new(layout, Mode::Labelled)
        .read(reader)
        .map_err(|kind| CsvError {
            file: file.to_string(),
            kind,
        })
}

/// Reads the inputs of the CSV file at `path`, without labels: rows to predict.
///
/// The layout is the training file's (or [`Layout::unlabelled`]): its input columns are read
/// as [`read_csv`] reads them, and its label columns, when the file has them (a name in its
/// header, an index below its column count), are left out and not read. So the same layout
/// reads a labelled file and the same rows without their label column.
///
/// ```
/// use static_mlp::data::csv::{Layout, read_csv_inputs_from};
///
/// let layout = Layout::class("kind");
/// let labelled = read_csv_inputs_from::<f32, 2>(&b"a,kind,b\n1,cat,2\n"[..], "x.csv", &layout)?;
/// let unlabelled = read_csv_inputs_from::<f32, 2>(&b"a,b\n1,2\n"[..], "y.csv", &layout)?;
/// assert_eq!(labelled.inputs, [[1.0, 2.0]]);
/// assert_eq!(labelled, unlabelled);
/// # Ok::<(), static_mlp::data::csv::CsvError>(())
/// ```
pub fn read_csv_inputs<T: Scalar, const I: usize>(
    path: impl AsRef<Path>,
    layout: &Layout,
) -> Result<CsvInputs<T, I>, CsvError> {
    let path = path.as_ref();
    let file = path.display().to_string();
    match std::fs::File::open(path) {
        Ok(opened) => read_csv_inputs_from(opened, &file, layout),
        Err(error) => Err(CsvError {
            file,
            kind: CsvErrorKind::Io(error.to_string()),
        }),
    }
}

/// [`read_csv_inputs`] from any reader; `file` names it in errors.
pub fn read_csv_inputs_from<T: Scalar, const I: usize>(
    reader: impl Read,
    file: &str,
    layout: &Layout,
) -> Result<CsvInputs<T, I>, CsvError> {
    Reading::<T, I, 0>::new(layout, Mode::InputsOnly)
        .read(reader)
        .map(|data| CsvInputs {
            inputs: data.samples.into_parts().0,
            input_names: data.input_names,
            dropped_rows: data.dropped_rows,
        })
        .map_err(|kind| CsvError {
            file: file.to_string(),
            kind,
        })
}

/// Whether a read wants the labels, or only the inputs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Labelled,
    InputsOnly,
}

/// The fields of a CSV stream, one at a time (`csv_core`'s parser): a field is unescaped into
/// one reused buffer, or skipped without being kept, so memory is the longest kept field, not
/// a line (a header of millions of names costs nothing per name).
pub(crate) struct Fields<R> {
    input: BufReader<R>,
    parser: csv_core::Reader,
    buffer: Vec<u8>,
}

impl<R: Read> Fields<R> {
    pub(crate) fn new(reader: R) -> Self {
        Self {
            input: BufReader::new(reader),
            parser: csv_core::Reader::new(),
            buffer: Vec::new(),
        }
    }

    /// Reads one field, into `buffer` if `keep`. `Some(true)` if it ends its record, `None` at
    /// the end of the file.
    fn next(&mut self, keep: bool) -> Result<Option<bool>, CsvErrorKind> {
        let Self {
            input,
            parser,
            buffer,
        } = self;
        buffer.clear();
        let mut discarded = [0_u8; 256];
        loop {
            let available = input
                .fill_buf()
                .map_err(|error| CsvErrorKind::Io(shortened(&error.to_string())))?;
            let (result, read) = if keep {
                let start = buffer.len();
                if start == buffer.capacity() {
                    buffer.reserve(start.max(256)); // doubling: at most twice the field
                }
                buffer.resize(buffer.capacity(), 0); // room to write into
                let (result, read, written) = parser.read_field(available, &mut buffer[start..]);
                buffer.truncate(start + written);
                (result, read)
            } else {
                let (result, read, _) = parser.read_field(available, &mut discarded);
                (result, read)
            };
            input.consume(read);
            match result {
                ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
                ReadFieldResult::Field { record_end } => return Ok(Some(record_end)),
                ReadFieldResult::End => return Ok(None),
            }
        }
    }

    /// The line (from 1) the next record starts on.
    pub(crate) fn line(&self) -> u64 {
        self.parser.line()
    }

    /// Reads one record: each field `keep(index)` asks for goes to `visit(index, field)`, as
    /// read (not trimmed), in a buffer the visitor may swap for another. Its line (from 1) and
    /// number of fields, or `None` at the end.
    pub(crate) fn record(
        &mut self,
        keep: impl Fn(usize) -> bool,
        mut visit: impl FnMut(usize, &mut Vec<u8>) -> Result<(), CsvErrorKind>,
    ) -> Result<Option<(u64, usize)>, CsvErrorKind> {
        let line = self.parser.line();
        let mut index = 0;
        loop {
            let wanted = keep(index);
            let Some(record_end) = self.next(wanted)? else {
                return Ok(None);
            };
            if wanted {
                visit(index, &mut self.buffer)?;
            }
            index += 1;
            if record_end {
                return Ok(Some((line, index)));
            }
        }
    }
}

/// What the first line said: its number of fields and the few of them kept.
struct FirstLine {
    columns: usize,
    /// `(column, text)` of the fields kept: the first [`NAMES_LIMIT`], those the layout could
    /// use, and (with a header) each column named in the layout.
    kept: Vec<(usize, Vec<u8>)>,
    /// With a header: the first column of each name in the layout, if any.
    found: Vec<(String, usize)>,
}

impl FirstLine {
    fn text(&self, column: usize) -> Option<&[u8]> {
        self.kept
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, text)| text.as_slice())
    }
}

/// The state of one read.
struct Reading<'l, T, const I: usize, const O: usize> {
    layout: &'l Layout,
    mode: Mode,
    /// The names of the used columns, by column (empty without a header).
    header: Vec<(usize, String)>,
    inputs: Vec<usize>,
    labels: Vec<usize>,
    /// The used columns, sorted, each once: a row's cells are kept in this order.
    used: Vec<usize>,
    classes: Vec<String>,
    samples: SampleSet<T, I, O>,
    missing: MissingColumns,
    dropped_rows: usize,
}

impl<'l, T: Scalar, const I: usize, const O: usize> Reading<'l, T, I, O> {
    /// The classes `O` outputs tell apart: `O`, or 2 for one output (a 0/1 label).
    const CLASSES: usize = if O == 1 { 2 } else { O };

    fn new(layout: &'l Layout, mode: Mode) -> Self {
        Self {
            layout,
            mode,
            header: Vec::new(),
            inputs: Vec::new(),
            labels: Vec::new(),
            used: Vec::new(),
            classes: Vec::new(),
            samples: SampleSet::with_capacity(0),
            missing: MissingColumns::empty(),
            dropped_rows: 0,
        }
    }

    /// Every column the layout names, by index or by name: labels, inputs, and the columns a
    /// missing-cell policy names.
    fn chosen(&self) -> impl Iterator<Item = &Column> {
        let labels: &[Column] = match &self.layout.labels {
            Labels::Class(column) => core::slice::from_ref(column),
            Labels::Numbers(columns) => columns,
        };
        labels
            .iter()
            .chain(self.layout.inputs.iter().flatten())
            .chain(self.layout.missing.columns())
    }

    fn read(mut self, reader: impl Read) -> Result<CsvData<T, I, O>, CsvErrorKind> {
        self.take_class_list()?;
        let mut fields = Fields::new(reader);
        let first = self.first_line(&mut fields)?;
        let Some((first_line, first)) = first else {
            return Err(CsvErrorKind::Empty);
        };
        self.choose_columns(&first, first_line)?;
        let mut cells: Vec<Vec<u8>> = vec![Vec::new(); self.used.len()];
        if !self.layout.header {
            for (slot, &column) in self.used.iter().enumerate() {
                cells[slot].clear();
                cells[slot].extend_from_slice(first.text(column).unwrap_or_default());
            }
            self.sample(&cells, first_line)?;
        }
        let expected = first.columns;
        drop(first);
        loop {
            let used = &self.used;
            let record = fields.record(
                |column| used.binary_search(&column).is_ok(),
                |column, field| {
                    if let Ok(slot) = used.binary_search(&column) {
                        core::mem::swap(&mut cells[slot], field); // no copy of a long cell
                    }
                    Ok(())
                },
            )?;
            let Some((line, found)) = record else { break };
            if found != expected {
                return Err(CsvErrorKind::FieldCount {
                    line,
                    expected,
                    found,
                });
            }
            self.sample(&cells, line)?;
        }
        if self.samples.inputs().is_empty() {
            return Err(CsvErrorKind::Empty);
        }
        self.finish_classes()?;
        let mut input_names: Vec<String> = self.inputs.iter().map(|&c| self.name(c)).collect();
        for &input in self.missing.indicators() {
            input_names.push(format!("{}_missing", input_names[input]));
        }
        let layout = match self.layout.labels {
            Labels::Class(_) => self.layout.clone().with_classes(&self.classes),
            Labels::Numbers(_) => self.layout.clone(),
        };
        Ok(CsvData {
            samples: self.samples,
            classes: self.classes,
            input_names,
            dropped_rows: self.dropped_rows,
            imputation: self.missing.plan(&self.inputs),
            layout,
        })
    }

    /// Checks the layout's class list, if it gives one, and numbers classes by it.
    fn take_class_list(&mut self) -> Result<(), CsvErrorKind> {
        let (Mode::Labelled, Labels::Class(_), ClassOrder::Given(list)) =
            (self.mode, &self.layout.labels, &self.layout.classes)
        else {
            return Ok(());
        };
        if list.len() != Self::CLASSES {
            return Err(CsvErrorKind::ClassListLength {
                expected: Self::CLASSES,
                found: list
                    .iter()
                    .take(NAMES_LIMIT)
                    .map(|c| shortened(c))
                    .collect(),
                count: list.len(),
            });
        }
        // at most max(O, 2) names: a quadratic check is a few comparisons
        for (index, name) in list.iter().enumerate() {
            if list[..index].contains(name) {
                return Err(CsvErrorKind::DuplicateClass {
                    name: shortened(name),
                });
            }
        }
        self.classes.clone_from(list);
        Ok(())
    }

    /// Reads the first line, keeping only what choosing the columns needs.
    fn first_line(
        &self,
        fields: &mut Fields<impl Read>,
    ) -> Result<Option<(u64, FirstLine)>, CsvErrorKind> {
        let label_count = match &self.layout.labels {
            Labels::Class(_) => 1,
            Labels::Numbers(columns) => columns.len(),
        };
        let by_index: Vec<usize> = self
            .chosen()
            .filter_map(|column| match column {
                Column::Index(index) => Some(*index),
                Column::Name(_) => None,
            })
            .collect();
        let names: Vec<&str> = self
            .chosen()
            .filter_map(|column| match column {
                Column::Name(name) => Some(name.as_str()),
                Column::Index(_) => None,
            })
            .collect();
        // every column might be used when the inputs are "all the others"
        let leading = NAMES_LIMIT.max(I.saturating_add(label_count).saturating_add(1));
        let keep = |index: usize| index < leading || by_index.contains(&index);
        let header = self.layout.header;
        let mut kept = Vec::new();
        let mut found: Vec<(String, usize)> = Vec::new();
        let line = fields.parser.line();
        let record = fields.record(
            |index| header || keep(index),
            |index, field| {
                let text = field.trim_ascii();
                if header {
                    let name = core::str::from_utf8(text).map_err(|_| CsvErrorKind::Malformed {
                        line,
                        message: format!("the header's column {} is not UTF-8", index + 1),
                    })?;
                    if let Some(&wanted) = names.iter().find(|&&wanted| wanted == name)
                        && !found.iter().any(|(n, _)| n == wanted)
                    {
                        found.push((wanted.to_string(), index));
                    }
                }
                if keep(index) {
                    kept.push((index, text.to_vec()));
                }
                Ok(())
            },
        );
        Ok(record?.map(|(line, columns)| {
            (
                line,
                FirstLine {
                    columns,
                    kept,
                    found,
                },
            )
        }))
    }

    /// Resolves the layout's columns against the first line.
    fn choose_columns(&mut self, first: &FirstLine, line: u64) -> Result<(), CsvErrorKind> {
        let columns = first.columns;
        let header = |index: usize| -> Result<&str, CsvErrorKind> {
            core::str::from_utf8(first.text(index).unwrap_or_default()).map_err(|_| {
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
                Column::Name(name) if self.layout.header => first
                    .found
                    .iter()
                    .find(|(found, _)| found == name)
                    .map(|&(_, index)| index)
                    .ok_or_else(|| {
                        let names = (0..columns).map(|index| header(index).unwrap_or_default());
                        CsvErrorKind::unknown_column(name, names, columns)
                    }),
                Column::Name(name) => Err(CsvErrorKind::UnknownColumn {
                    name: shortened(name),
                    header: Vec::new(),
                    columns: 0,
                }),
            }
        };
        let named = match &self.layout.labels {
            Labels::Class(column) => core::slice::from_ref(column),
            Labels::Numbers(chosen) => chosen.as_slice(),
        };
        let labels = match self.mode {
            // Only the label columns the file has are left out of the inputs.
            Mode::InputsOnly => named.iter().filter_map(|c| find(c).ok()).collect(),
            Mode::Labelled => {
                if let Labels::Numbers(chosen) = &self.layout.labels
                    && chosen.len() != O
                {
                    return Err(CsvErrorKind::LabelCount {
                        expected: O,
                        found: chosen.len(),
                    });
                }
                named.iter().map(find).collect::<Result<Vec<_>, _>>()?
            }
        };
        let inputs = match &self.layout.inputs {
            Some(chosen) => {
                // (a missing-value indicator may add inputs: the exact count is checked below)
                if chosen.len() > I {
                    return Err(CsvErrorKind::InputCount {
                        expected: I,
                        found: chosen.len(),
                    });
                }
                chosen.iter().map(find).collect::<Result<Vec<_>, _>>()?
            }
            None => {
                // every other column; counted first, so a wide file is refused before a
                // list of its columns is made (indicators may add inputs: exact count below)
                let found = columns - (0..columns).filter(|c| labels.contains(c)).count();
                if found > I {
                    return Err(CsvErrorKind::InputCount { expected: I, found });
                }
                (0..columns).filter(|c| !labels.contains(c)).collect()
            }
        };
        self.missing = self.layout.missing.resolve(columns, &inputs, find)?;
        let found = inputs.len() + self.missing.indicators().len();
        if found != I {
            return Err(CsvErrorKind::InputCount { expected: I, found });
        }
        // at most I + O columns: a quadratic check is a few comparisons
        let chosen: Vec<usize> = labels.iter().chain(&inputs).copied().collect();
        let name_of = |column: usize| -> Result<String, CsvErrorKind> {
            match first.found.iter().find(|&&(_, index)| index == column) {
                Some((name, _)) => Ok(name.clone()),
                None => header(column).map(ToString::to_string),
            }
        };
        for (position, &column) in chosen.iter().enumerate() {
            if chosen[..position].contains(&column) {
                return Err(CsvErrorKind::DuplicateColumn {
                    column: column + 1,
                    name: if self.layout.header {
                        Some(shortened(&name_of(column)?))
                    } else {
                        None
                    },
                });
            }
        }
        if self.layout.header {
            for &column in &chosen {
                self.header.push((column, name_of(column)?));
            }
        }
        let mut used = chosen;
        used.sort_unstable();
        self.used = used;
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
        cells: &'r [Vec<u8>],
        line: u64,
        column: usize,
    ) -> Result<&'r str, CsvErrorKind> {
        let bytes = match self.used.binary_search(&column) {
            Ok(slot) => cells[slot].trim_ascii(),
            Err(_) => &[],
        };
        core::str::from_utf8(bytes).map_err(|_| CsvErrorKind::Malformed {
            line,
            message: format!("{} is not UTF-8", self.cell(line, column)),
        })
    }

    /// A used cell as a finite `T`.
    fn number(&self, cells: &[Vec<u8>], line: u64, column: usize) -> Result<T, CsvErrorKind> {
        let text = self.text(cells, line, column)?;
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

    /// The policy of a used cell if it is missing; the error if that policy is not one of
    /// `allowed`.
    fn missing_policy(
        &self,
        cells: &[Vec<u8>],
        line: u64,
        column: usize,
        allowed: impl Fn(MissingPolicy) -> bool,
    ) -> Result<Option<MissingPolicy>, CsvErrorKind> {
        let text = self.text(cells, line, column)?;
        match self.missing.policy(column, text) {
            Some(policy) if !allowed(policy) => Err(CsvErrorKind::MissingCell {
                cell: self.cell(line, column),
                found: text.to_string(),
            }),
            policy => Ok(policy),
        }
    }

    fn sample(&mut self, cells: &[Vec<u8>], line: u64) -> Result<(), CsvErrorKind> {
        let mut input = [T::ZERO; I];
        let mut missing = [false; I];
        for (slot, &column) in self.inputs.iter().enumerate() {
            match self.missing_policy(cells, line, column, |p| p != MissingPolicy::Error)? {
                None => input[slot] = self.number(cells, line, column)?,
                Some(MissingPolicy::DropRow) => {
                    self.dropped_rows += 1;
                    return Ok(());
                }
                // Imputed later, by an `Imputer` fitted on the training part.
                Some(_) => (input[slot], missing[slot]) = (T::literal(f64::NAN), true),
            }
        }
        let indicators = self.missing.indicators();
        for (slot, &source) in (self.inputs.len()..I).zip(indicators) {
            input[slot] = if missing[source] { T::ONE } else { T::ZERO };
        }
        if self.mode == Mode::Labelled {
            for &column in &self.labels {
                let drop = |p| p == MissingPolicy::DropRow;
                if self.missing_policy(cells, line, column, drop)?.is_some() {
                    self.dropped_rows += 1;
                    return Ok(());
                }
            }
        }
        let mut label = [T::ZERO; O];
        match self.layout.labels {
            _ if self.mode == Mode::InputsOnly => {}
            Labels::Numbers(_) => {
                for (slot, &column) in label.iter_mut().zip(&self.labels) {
                    *slot = self.number(cells, line, column)?;
                }
            }
            Labels::Class(_) => {
                let column = self.labels[0];
                let name = self.text(cells, line, column)?;
                if name.is_empty() {
                    return Err(CsvErrorKind::MissingClass {
                        cell: self.cell(line, column),
                    });
                }
                // at most max(O, 2) names are ever kept, so the search is short
                let class = match self.classes.iter().position(|c| c == name) {
                    Some(class) => class,
                    None if matches!(self.layout.classes, ClassOrder::Given(_)) => {
                        return Err(CsvErrorKind::UnknownClass {
                            cell: self.cell(line, column),
                            found: shortened(name),
                            classes: self.classes.iter().map(|c| shortened(c)).collect(),
                        });
                    }
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
    /// once the number of classes is known (and, for sorted classes, their order).
    fn finish_classes(&mut self) -> Result<(), CsvErrorKind> {
        if self.mode == Mode::InputsOnly || !matches!(self.layout.labels, Labels::Class(_)) {
            return Ok(());
        }
        // A given class list was checked before reading; a file may hold some of its classes.
        if !matches!(self.layout.classes, ClassOrder::Given(_))
            && self.classes.len() != Self::CLASSES
        {
            return Err(CsvErrorKind::ClassCount {
                expected: Self::CLASSES,
                found: self.classes.iter().map(|c| shortened(c)).collect(),
            });
        }
        if self.layout.classes == ClassOrder::Sorted {
            let mut sorted = self.classes.clone();
            sorted.sort();
            // The sorted position of each class, by its index in order of appearance.
            let position: Vec<usize> = self
                .classes
                .iter()
                .map(|name| sorted.iter().position(|s| s == name).unwrap_or_default())
                .collect();
            for label in self.samples.labels_mut() {
                label[0] = T::literal(position[label[0].to_f64() as usize] as f64);
            }
            self.classes = sorted;
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
    fn a_given_class_list_numbers_classes_by_name_and_allows_a_subset() {
        // The training file names cat, dog, bird; this one only bird and cat, bird first.
        let layout = Layout::class("kind").with_classes(["cat", "dog", "bird"]);
        let data = read::<2, 3>("a,b,kind\n1,2,bird\n3,4,cat\n5,6,bird\n", &layout).unwrap();
        assert_eq!(data.classes, ["cat", "dog", "bird"]);
        assert_eq!(
            data.samples.labels(),
            [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
        );
        assert_eq!(data.layout, layout);
        // One output: the list's first class is 0, whichever the file names first.
        let layout = Layout::class("c").with_classes(vec!["no".to_string(), "yes".to_string()]);
        let data = read::<1, 1>("v,c\n0.5,yes\n1.5,yes\n", &layout).unwrap();
        assert_eq!(data.samples.labels(), [[1.0], [1.0]]);
    }

    #[test]
    fn the_layout_read_back_fixes_the_training_files_classes() {
        let training = read::<2, 3>(SMALL, &Layout::class("kind")).unwrap();
        assert_eq!(
            training.layout,
            Layout::class("kind").with_classes(["cat", "dog", "bird"])
        );
        let test = read::<2, 3>("a,b,kind\n0,0,dog\n", &training.layout).unwrap();
        assert_eq!(test.samples.labels(), [[0.0, 1.0, 0.0]]);
        // Numeric labels have no classes: the layout comes back as given.
        let layout = Layout::numbers(["z"]);
        let data = read::<2, 1>("x,y,z\n1,2,3\n", &layout).unwrap();
        assert_eq!(data.layout, layout);
    }

    #[test]
    fn sorted_classes_are_numbered_by_name() {
        let layout = Layout::class("kind").sorted_classes();
        let data = read::<2, 3>(SMALL, &layout).unwrap();
        assert_eq!(data.classes, ["bird", "cat", "dog"]);
        // cat, dog, cat, bird
        assert_eq!(
            data.samples.labels(),
            [
                [0.0, 1.0, 0.0],
                [0.0, 0.0, 1.0],
                [0.0, 1.0, 0.0],
                [1.0, 0.0, 0.0]
            ]
        );
        let data = read::<1, 1>(
            "v,c\n0.5,yes\n1.5,no\n",
            &Layout::class("c").sorted_classes(),
        )
        .unwrap();
        assert_eq!(
            (data.classes, data.samples.labels()),
            (
                vec!["no".to_string(), "yes".to_string()],
                &[[1.0], [0.0]][..]
            )
        );
    }

    #[test]
    fn a_class_list_that_cannot_fit_or_a_class_outside_it_is_an_error() {
        let three = Layout::class("kind").with_classes(["cat", "dog", "bird"]);
        let cases = [
            (
                "a,b,kind\n1,2,cat\n3,4,fox\n",
                three.clone(),
                "pets.csv: line 3, column 3 (`kind`): class `fox` is not one of the 3 known \
                 classes: expected one of cat, dog, bird",
            ),
            (
                "a,b,kind\n1,2,cat\n",
                Layout::class("kind").with_classes(["cat", "dog"]),
                "pets.csv: the class list given has 2 names (cat, dog): expected 3 for this \
                 network's outputs",
            ),
            (
                "a,b,kind\n1,2,cat\n",
                Layout::class("kind").with_classes(["cat", "dog", "cat"]),
                "pets.csv: the class list given names `cat` twice: expected each class once",
            ),
            (
                "a,b\n1,2\n",
                Layout::unlabelled(),
                "pets.csv: the network has 3 outputs, but 0 label columns were named: expected \
                 3, found 0",
            ),
        ];
        for (text, layout, expected) in cases {
            assert_eq!(message(text, &layout), expected, "for {text:?}");
        }
        let error = read::<2, 3>("a,b,kind\n1,2,cat\n3,4,fox\n", &three).unwrap_err();
        let CsvErrorKind::UnknownClass { cell, found, .. } = error else {
            panic!("expected an unknown class, found {error:?}");
        };
        assert_eq!((cell.line, found.as_str()), (3, "fox"));
    }

    #[test]
    fn inputs_are_read_without_the_label_column_present_or_not() {
        let read_inputs = |text: &str, layout: &Layout| {
            read_csv_inputs_from::<f64, 2>(text.as_bytes(), "new.csv", layout)
        };
        let with_label = read_inputs(SMALL, &Layout::class("kind")).unwrap();
        assert_eq!(
            with_label.inputs,
            [[1.0, 2.0], [3.0, 4.0], [5.0, 6.5], [0.0, 0.0]]
        );
        assert_eq!(with_label.input_names, ["a", "b"]);
        // The label cells are not read: an empty one is no error here.
        let without = read_inputs("a,b\n1,2\n", &Layout::class("kind")).unwrap();
        assert_eq!(without.inputs, [[1.0, 2.0]]);
        let headerless = Layout::class(2_usize).without_header();
        assert_eq!(
            read_inputs("1,2,\n3,4,x\n", &headerless).unwrap().inputs,
            [[1.0, 2.0], [3.0, 4.0]]
        );
        assert_eq!(
            read_inputs("1,2\n", &headerless).unwrap().inputs,
            [[1.0, 2.0]]
        );
        assert_eq!(
            read_inputs("5,6\n", &Layout::unlabelled().without_header())
                .unwrap()
                .inputs,
            [[5.0, 6.0]]
        );
        let error = read_inputs("a,b,c\n1,2,3\n", &Layout::class("kind")).unwrap_err();
        assert_eq!(
            error.kind,
            CsvErrorKind::InputCount {
                expected: 2,
                found: 3
            }
        );
        let error = read_inputs("a,b\n1,x\n", &Layout::unlabelled()).unwrap_err();
        assert!(
            matches!(error.kind, CsvErrorKind::NotNumeric { .. }),
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

    #[test]
    fn quotes_line_breaks_blank_lines_and_a_byte_order_mark() {
        // CRLF endings, a blank line, quoted commas and a quoted line break, trimmed spaces
        let text =
            "\u{feff}a,b,kind\r\n\r\n1, 2 ,\"cat, grey\"\r\n\"3\",4,\"dog\nbig\"\r\n5,6,cat\r\n";
        let data = read::<2, 3>(text, &Layout::class("kind")).unwrap();
        assert_eq!(data.classes, ["cat, grey", "dog\nbig", "cat"]);
        assert_eq!(data.samples.inputs(), [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
        assert_eq!(data.input_names, ["a", "b"]);
        // a record's line counts every line break before it, the quoted one included
        let text = "a,b,kind\n1,2,cat\n\"3\",4,\"dog\nbig\"\n5,x,cat\n";
        let error = read::<2, 3>(text, &Layout::class("kind")).unwrap_err();
        assert_eq!(
            error,
            CsvErrorKind::NotNumeric {
                cell: Cell {
                    line: 5,
                    column: 2,
                    name: Some("b".into())
                },
                found: "x".into()
            }
        );
        // no line break at the end, and a last field that is empty
        let data = read::<1, 1>("x,y\n1,", &Layout::numbers(["x"]).inputs(["x"]));
        assert!(data.is_err()); // x twice
        let error = read::<1, 1>("x,y\n1,", &Layout::numbers(["y"])).unwrap_err();
        assert!(
            matches!(error, CsvErrorKind::NotNumeric { .. }),
            "{error:?}"
        );
        let data = read::<1, 1>("x,y\n1,2", &Layout::numbers(["y"])).unwrap();
        assert_eq!(data.samples.labels(), [[2.0]]);
    }
}
