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
        /// The class named.
        found: String,
        /// The class list.
        classes: Vec<String>,
    },
    /// The layout's class list names another number of classes than the network can tell
    /// apart.
    ClassListLength {
        /// The classes the network's `O` outputs take (`O`, or 2 for one output).
        expected: usize,
        /// The class list.
        found: Vec<String>,
    },
    /// The layout's class list names a class twice.
    DuplicateClass {
        /// The class named twice.
        name: String,
    },
    /// A column named in the layout is not in the header.
    UnknownColumn {
        /// The name asked for.
        name: String,
        /// The header's names.
        header: Vec<String>,
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
    /// The class column holds another number of classes than the network can tell apart.
    ClassCount {
        /// The classes the network's `O` outputs take (`O`, or 2 for one output).
        expected: usize,
        /// The class names found, in order of first appearance.
        found: Vec<String>,
    },
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
            CsvErrorKind::MissingCell { cell, found } => write!(
                f,
                "{file}: {cell}: expected a value, found the missing-cell text `{found}` (a \
                 policy for this column's missing cells: `Layout::on_missing`)"
            ),
            CsvErrorKind::MissingClass { cell } => {
                write!(
                    f,
                    "{file}: {cell}: expected a class name, found an empty cell"
                )
            }
            CsvErrorKind::UnknownClass {
                cell,
                found,
                classes,
            } => write!(
                f,
                "{file}: {cell}: class `{found}` is not one of the {} known classes: expected \
                 one of {}",
                classes.len(),
                classes.join(", ")
            ),
            CsvErrorKind::ClassListLength { expected, found } => write!(
                f,
                "{file}: the class list given has {} names ({}): expected {expected} for this \
                 network's outputs",
                found.len(),
                found.join(", ")
            ),
            CsvErrorKind::DuplicateClass { name } => write!(
                f,
                "{file}: the class list given names `{name}` twice: expected each class once"
            ),
            CsvErrorKind::UnknownColumn { name, header } => write!(
                f,
                "{file}: no column named `{name}`: the header has {}",
                header.join(", ")
            ),
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
        }
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

/// The state of one read.
struct Reading<'l, T, const I: usize, const O: usize> {
    layout: &'l Layout,
    mode: Mode,
    header: Vec<String>,
    inputs: Vec<usize>,
    labels: Vec<usize>,
    classes: Vec<String>,
    samples: SampleSet<T, I, O>,
    missing: MissingColumns,
    dropped_rows: usize,
}

impl<'l, T: Scalar, const I: usize, const O: usize> Reading<'l, T, I, O> {
    fn new(layout: &'l Layout, mode: Mode) -> Self {
        Self {
            layout,
            mode,
            header: Vec::new(),
            inputs: Vec::new(),
            labels: Vec::new(),
            classes: Vec::new(),
            samples: SampleSet::with_capacity(0),
            missing: MissingColumns::empty(),
            dropped_rows: 0,
        }
    }

    fn read(mut self, reader: impl Read) -> Result<CsvData<T, I, O>, CsvErrorKind> {
        self.take_class_list()?;
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
        let expected = if O == 1 { 2 } else { O };
        if list.len() != expected {
            return Err(CsvErrorKind::ClassListLength {
                expected,
                found: list.clone(),
            });
        }
        for (index, name) in list.iter().enumerate() {
            if list[..index].contains(name) {
                return Err(CsvErrorKind::DuplicateClass { name: name.clone() });
            }
        }
        self.classes.clone_from(list);
        Ok(())
    }

    /// Reads the header (or takes positions) and resolves the layout's columns.
    fn choose_columns(&mut self, first: &ByteRecord, line: u64) -> Result<(), CsvErrorKind> {
        let columns = first.len();
        if self.layout.header {
            for (index, field) in first.iter().enumerate() {
                let name = core::str::from_utf8(field).map_err(|_| CsvErrorKind::Malformed {
                    line,
                    message: format!("the header's column {} is not UTF-8", index + 1),
                })?;
                self.header.push(name.to_string());
            }
        }
        let find = |column: &Column| -> Result<usize, CsvErrorKind> {
            match column {
                Column::Index(index) if *index < columns => Ok(*index),
                Column::Index(index) => Err(CsvErrorKind::ColumnOutOfRange {
                    index: *index,
                    columns,
                }),
                Column::Name(name) => self.header.iter().position(|h| h == name).ok_or_else(|| {
                    CsvErrorKind::UnknownColumn {
                        name: name.clone(),
                        header: self.header.clone(),
                    }
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
            Some(chosen) => chosen.iter().map(find).collect::<Result<Vec<_>, _>>()?,
            None => (0..columns).filter(|c| !labels.contains(c)).collect(),
        };
        self.missing = self.layout.missing.resolve(columns, &inputs, find)?;
        let found = inputs.len() + self.missing.indicators().len();
        if found != I {
            return Err(CsvErrorKind::InputCount { expected: I, found });
        }
        self.labels = labels;
        self.inputs = inputs;
        Ok(())
    }

    fn name(&self, column: usize) -> String {
        self.header
            .get(column)
            .cloned()
            .unwrap_or_else(|| column.to_string())
    }

    fn cell(&self, line: u64, column: usize) -> Cell {
        Cell {
            line,
            column: column + 1,
            name: self.header.get(column).cloned(),
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
                found: text.to_string(),
            });
        };
        let value = T::literal(value);
        if value.is_finite() {
            Ok(value)
        } else {
            Err(CsvErrorKind::NotFinite {
                cell: self.cell(line, column),
                found: text.to_string(),
            })
        }
    }

    /// The policy of a used cell if it is missing; the error if that policy is not one of
    /// `allowed`.
    fn missing_policy(
        &self,
        record: &ByteRecord,
        line: u64,
        column: usize,
        allowed: impl Fn(MissingPolicy) -> bool,
    ) -> Result<Option<MissingPolicy>, CsvErrorKind> {
        let text = self.text(record, line, column)?;
        match self.missing.policy(column, text) {
            Some(policy) if !allowed(policy) => Err(CsvErrorKind::MissingCell {
                cell: self.cell(line, column),
                found: text.to_string(),
            }),
            policy => Ok(policy),
        }
    }

    fn sample(&mut self, record: &ByteRecord, line: u64) -> Result<(), CsvErrorKind> {
        let mut input = [T::ZERO; I];
        let mut missing = [false; I];
        for (slot, &column) in self.inputs.iter().enumerate() {
            match self.missing_policy(record, line, column, |p| p != MissingPolicy::Error)? {
                None => input[slot] = self.number(record, line, column)?,
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
                if self.missing_policy(record, line, column, drop)?.is_some() {
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
                let class = match self.classes.iter().position(|c| c == name) {
                    Some(class) => class,
                    None if matches!(self.layout.classes, ClassOrder::Given(_)) => {
                        return Err(CsvErrorKind::UnknownClass {
                            cell: self.cell(line, column),
                            found: name.to_string(),
                            classes: self.classes.clone(),
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
        let expected = if O == 1 { 2 } else { O };
        // A given class list was checked before reading; a file may hold some of its classes.
        if !matches!(self.layout.classes, ClassOrder::Given(_)) && self.classes.len() != expected {
            return Err(CsvErrorKind::ClassCount {
                expected,
                found: self.classes.clone(),
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

fn malformed(error: &::csv::Error) -> CsvErrorKind {
    match error.kind() {
        ::csv::ErrorKind::Io(io) => CsvErrorKind::Io(io.to_string()),
        _ => CsvErrorKind::Malformed {
            line: error.position().map_or(0, ::csv::Position::line),
            message: error.to_string(),
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
}
