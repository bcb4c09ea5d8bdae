//! Missing cells: which texts of a CSV file mean "no value", what to do with a row that has
//! one, and the [`Imputer`] that fills them in, fitted on the training part.
//!
//! A [`Layout`] says which texts are missing
//! ([`missing_texts`](crate::data::csv::Layout::missing_texts)) and, per column, a
//! [`MissingPolicy`] ([`on_missing`](crate::data::csv::Layout::on_missing)): a typed error
//! (the default), dropping the row (the reader counts them), or imputing a [`Statistic`] of
//! the training part, optionally with a 0/1 "was missing" input. The reader leaves an imputed
//! cell as NaN and says, per input, what to fill it with
//! ([`CsvData::imputation`](crate::data::csv::CsvData::imputation)); [`Imputer::fit`] computes
//! the values on the training rows only, and a [`Pipeline`](crate::pipeline::Pipeline) keeps
//! the fitted imputer, so a raw row with NaN for its missing cells is filled in at prediction
//! exactly as during training.
//!
//! ```
//! use static_mlp::data::Rows;
//! use static_mlp::data::csv::{Layout, read_csv_from};
//! use static_mlp::data::missing::{Imputer, MissingPolicy, Statistic};
//!
//! let text = "height,weight,kind\n1,NA,a\n2,10,b\n3,30,a\nNA,20,b\n";
//! let layout = Layout::class("kind")
//!     .missing_texts(["NA"])
//!     .on_missing("height", MissingPolicy::DropRow)
//!     .on_missing("weight", MissingPolicy::ImputeWithIndicator(Statistic::Median));
//! // Two inputs from the file, and the indicator of `weight` after them.
//! let data = read_csv_from::<f64, 3, 1>(text.as_bytes(), "pets.csv", &layout)?;
//! assert_eq!(data.dropped_rows, 1); // the last row: no height
//! assert_eq!(data.input_names, ["height", "weight", "weight_missing"]);
//!
//! let imputer = Imputer::fit(&data.imputation, data.samples.inputs())?;
//! let rows: Vec<[f64; 3]> = data.samples.inputs().iter().map(|row| imputer.apply(row)).collect();
//! assert_eq!(rows, [[1.0, 20.0, 1.0], [2.0, 10.0, 0.0], [3.0, 30.0, 0.0]]); // median of 10, 30
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "csv")]
use crate::data::csv::{Column, CsvErrorKind, Layout};
use crate::math::scalar::Scalar;
use core::fmt;
#[cfg(feature = "csv")]
use std::string::{String, ToString};
#[cfg(feature = "csv")]
use std::{vec, vec::Vec};

/// The value an imputed cell gets: a statistic of the column's values in the training rows
/// (the cells that are not missing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statistic {
    /// Their mean.
    Mean,
    /// Their median: the middle value, or the mean of the two middle values of an even count
    /// (as scikit-learn's `SimpleImputer(strategy="median")`).
    Median,
    /// The value found most often; of several as frequent, the smallest (as scikit-learn's
    /// `SimpleImputer(strategy="most_frequent")`).
    MostFrequent,
}

/// What reading a file does with a missing cell of one column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MissingPolicy {
    /// The read fails with [`CsvErrorKind::MissingCell`]
    /// naming the line and column. The default.
    #[default]
    Error,
    /// The row is left out; [`CsvData::dropped_rows`](crate::data::csv::CsvData::dropped_rows)
    /// counts such rows. The only policy for a label column besides the error.
    DropRow,
    /// The cell is filled in with this statistic of the training rows (an input column only).
    Impute(Statistic),
    /// As [`Impute`](Self::Impute), and the network gets one more input after the file's
    /// inputs: 1 where the cell was missing, 0 where it was not (named `<column>_missing`).
    ImputeWithIndicator(Statistic),
}

/// What one input of a row needs before the network takes it: the plan of an [`Imputer`],
/// before it is fitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Imputation {
    /// Nothing: the value is used as it is.
    Keep,
    /// A NaN is replaced by this statistic of the training rows.
    Fill(Statistic),
    /// The input is 1 where input `source` is NaN (missing), else 0.
    IndicatorOf(usize),
}

/// What a fitted [`Imputer`] does to one input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fill<T> {
    /// Nothing: the value is used as it is (a NaN stays NaN).
    Keep,
    /// A NaN is replaced by this value.
    Value(T),
    /// The input is 1 where input `source` of the raw row is NaN, else 0 (what the raw row
    /// holds here is not read).
    IndicatorOf(usize),
}

/// Fills in the missing (NaN) inputs of raw rows with values fitted on training rows, and
/// writes the 0/1 "was missing" inputs. Applied to a raw row once, before the
/// [`Standardizer`](crate::data::Standardizer); a [`Pipeline`](crate::pipeline::Pipeline)
/// does both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Imputer<T, const I: usize> {
    fills: [Fill<T>; I],
}

impl<T: Scalar, const I: usize> Imputer<T, I> {
    /// The imputer that changes nothing.
    pub const fn none() -> Self {
        Self {
            fills: [Fill::Keep; I],
        }
    }

    /// An imputer from its fitted fills, input `k` getting `fills[k]`: what a
    /// [baked](crate::pipeline::bake_pipeline) pipeline is built from. An
    /// [`IndicatorOf`](Fill::IndicatorOf) past the last input reads nothing and writes 0.
    pub const fn from_fills(fills: [Fill<T>; I]) -> Self {
        Self { fills }
    }

    /// What the imputer does to each input.
    pub const fn fills(&self) -> &[Fill<T>; I] {
        &self.fills
    }

    /// Whether the imputer changes nothing.
    pub fn is_none(&self) -> bool {
        self.fills.iter().all(|fill| *fill == Fill::Keep)
    }

    /// The raw row with its missing (NaN) inputs filled in and its indicator inputs written.
    /// Apply it once: the indicators are read from the row's NaNs, which it removes.
    pub fn apply(&self, raw: &[T; I]) -> [T; I] {
        core::array::from_fn(|k| match self.fills[k] {
            Fill::Keep => raw[k],
            Fill::Value(value) if is_missing(raw[k]) => value,
            Fill::Value(_) => raw[k],
            Fill::IndicatorOf(source) => match raw.get(source) {
                Some(&value) if is_missing(value) => T::ONE,
                _ => T::ZERO,
            },
        })
    }

    /// Fits the imputer on training rows: each [`Imputation::Fill`] input gets its statistic
    /// over the rows where it is not NaN. `plan` says what each of the `I` inputs needs (a
    /// CSV file's [`imputation`](crate::data::csv::CsvData::imputation)). Fit it on the
    /// training part only, and apply it to every part.
    #[cfg(feature = "std")]
    pub fn fit<R: core::borrow::Borrow<[T; I]>>(
        plan: &[Imputation],
        rows: &[R],
    ) -> Result<Self, ImputeError> {
        if plan.len() != I {
            return Err(ImputeError::PlanLength {
                expected: I,
                found: plan.len(),
            });
        }
        let mut fills = [Fill::Keep; I];
        for (input, (fill, imputation)) in fills.iter_mut().zip(plan).enumerate() {
            *fill = match *imputation {
                Imputation::Keep => Fill::Keep,
                Imputation::IndicatorOf(source) if source < I => Fill::IndicatorOf(source),
                Imputation::IndicatorOf(source) => {
                    return Err(ImputeError::IndicatorOutOfRange { input, source });
                }
                Imputation::Fill(statistic) => {
                    let mut values: std::vec::Vec<f64> = rows
                        .iter()
                        .map(|row| row.borrow()[input].to_f64())
                        .filter(|value| !value.is_nan())
                        .collect();
                    if values.is_empty() {
                        return Err(ImputeError::NoValues { input });
                    }
                    values.sort_by(f64::total_cmp);
                    Fill::Value(T::literal(statistic.of_sorted(&values)))
                }
            };
        }
        Ok(Self { fills })
    }
}

impl Statistic {
    /// The statistic of `values`, sorted and not empty.
    #[cfg(feature = "std")]
    fn of_sorted(self, values: &[f64]) -> f64 {
        let count = values.len();
        match self {
            Self::Mean => values.iter().sum::<f64>() / count as f64,
            Self::Median if count % 2 == 1 => values[count / 2],
            Self::Median => (values[count / 2 - 1] + values[count / 2]) / 2.0,
            Self::MostFrequent => {
                // Runs of equal values; the first longest run holds the smallest such value.
                let (mut best, mut best_length) = (values[0], 0);
                let mut start = 0;
                while start < count {
                    let length = values[start..]
                        .iter()
                        .take_while(|&&v| v == values[start])
                        .count();
                    if length > best_length {
                        (best, best_length) = (values[start], length);
                    }
                    start += length;
                }
                best
            }
        }
    }
}

/// What a [`Layout`] says about missing cells: the texts that mean one, and each column's
/// policy.
#[cfg(feature = "csv")]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MissingCells {
    texts: Vec<String>,
    policies: Vec<(Column, MissingPolicy)>,
}

#[cfg(feature = "csv")]
impl Layout {
    /// The cell texts that mean "no value", compared after white space is trimmed: say `""`,
    /// `"NA"`, `"NaN"`, `"?"`. None by default, so that every cell must be a number (or a
    /// class name). What a missing cell does is its column's [`MissingPolicy`]
    /// ([`on_missing`](Self::on_missing)): by default, an error naming it.
    pub fn missing_texts<S: AsRef<str>>(mut self, texts: impl IntoIterator<Item = S>) -> Self {
        self.missing.texts = texts.into_iter().map(|t| t.as_ref().to_string()).collect();
        self
    }

    /// What a missing cell of `column` does (see [`MissingPolicy`]); the last word on a column
    /// counts. A label column takes [`MissingPolicy::DropRow`] (any other policy is the error).
    /// Each [`MissingPolicy::ImputeWithIndicator`] input column adds one input after the
    /// file's, in the order of this call: count them in the network's input width.
    pub fn on_missing(mut self, column: impl Into<Column>, policy: MissingPolicy) -> Self {
        self.missing.policies.push((column.into(), policy));
        self
    }
}

#[cfg(feature = "csv")]
impl MissingCells {
    /// The columns a policy names, for the reader to find in the header.
    pub(crate) fn columns(&self) -> impl Iterator<Item = &Column> {
        self.policies.iter().map(|(column, _)| column)
    }

    /// The policy of each of a file's `columns` (found by `find`), for the input columns
    /// `inputs`.
    pub(crate) fn resolve(
        &self,
        columns: usize,
        inputs: &[usize],
        find: impl Fn(&Column) -> Result<usize, CsvErrorKind>,
    ) -> Result<MissingColumns, CsvErrorKind> {
        let mut policies = vec![MissingPolicy::Error; columns];
        let mut indicated = Vec::new();
        for (column, policy) in &self.policies {
            let index = find(column)?;
            policies[index] = *policy;
            indicated.retain(|&c| c != index);
            if matches!(policy, MissingPolicy::ImputeWithIndicator(_)) {
                indicated.push(index);
            }
        }
        // The indicated columns among the inputs, as indices into `inputs`.
        let indicators = indicated
            .iter()
            .filter_map(|column| inputs.iter().position(|c| c == column))
            .collect();
        Ok(MissingColumns {
            texts: self.texts.clone(),
            policies,
            indicators,
        })
    }
}

/// The missing-cell policy of each column of one file.
#[cfg(feature = "csv")]
pub(crate) struct MissingColumns {
    texts: Vec<String>,
    policies: Vec<MissingPolicy>,
    /// The inputs given a "was missing" input, in the order of theirs.
    indicators: Vec<usize>,
}

#[cfg(feature = "csv")]
impl MissingColumns {
    pub(crate) fn empty() -> Self {
        Self {
            texts: Vec::new(),
            policies: Vec::new(),
            indicators: Vec::new(),
        }
    }

    /// The policy of `column` if `text` means a missing cell, else `None`.
    pub(crate) fn policy(&self, column: usize, text: &str) -> Option<MissingPolicy> {
        self.texts
            .iter()
            .any(|t| t == text)
            .then(|| self.policies[column])
    }

    /// The inputs (indices into the file's input columns) that have a "was missing" input,
    /// in the order of those.
    pub(crate) fn indicators(&self) -> &[usize] {
        &self.indicators
    }

    /// What each input needs: the file's `inputs`, then their indicators.
    pub(crate) fn plan(&self, inputs: &[usize]) -> Vec<Imputation> {
        let own = inputs.iter().map(|&column| match self.policies[column] {
            MissingPolicy::Impute(statistic) | MissingPolicy::ImputeWithIndicator(statistic) => {
                Imputation::Fill(statistic)
            }
            MissingPolicy::Error | MissingPolicy::DropRow => Imputation::Keep,
        });
        let indicators = self.indicators.iter().copied().map(Imputation::IndicatorOf);
        own.chain(indicators).collect()
    }
}

/// Whether a raw value stands for a missing cell.
fn is_missing<T: Scalar>(value: T) -> bool {
    value.to_f64().is_nan()
}

/// Why [`Imputer::fit`] could not fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImputeError {
    /// The plan does not say what each input needs.
    PlanLength {
        /// The number of inputs, `I`.
        expected: usize,
        /// The plan's length.
        found: usize,
    },
    /// An input to fill has no value in any training row.
    NoValues {
        /// The input, 0-based.
        input: usize,
    },
    /// An indicator names an input past the last one.
    IndicatorOutOfRange {
        /// The indicator input, 0-based.
        input: usize,
        /// The input it names.
        source: usize,
    },
}

impl fmt::Display for ImputeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PlanLength { expected, found } => write!(
                f,
                "the imputation plan has {found} entries: expected {expected}, one per input"
            ),
            Self::NoValues { input } => write!(
                f,
                "input {input} is missing in every training row: expected at least one value \
                 to impute from"
            ),
            Self::IndicatorOutOfRange { input, source } => write!(
                f,
                "input {input} indicates whether input {source} is missing, which is past the \
                 last input: expected an existing input"
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ImputeError {}

// (fitting needs `std`)
#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    const NAN: f64 = f64::NAN;

    fn fit_one(statistic: Statistic, column: &[f64]) -> f64 {
        let rows: Vec<[f64; 1]> = column.iter().map(|&v| [v]).collect();
        let imputer = Imputer::fit(&[Imputation::Fill(statistic)], &rows).unwrap();
        imputer.apply(&[NAN])[0]
    }

    #[test]
    fn statistics_of_a_small_column_ignore_its_missing_cells() {
        // Observed values 4, 1, 2, 2, 9 (sorted 1 2 2 4 9): mean 18 / 5, median 2, mode 2.
        let column = [4.0, NAN, 1.0, 2.0, NAN, 2.0, 9.0];
        assert_eq!(fit_one(Statistic::Mean, &column), 3.6);
        assert_eq!(fit_one(Statistic::Median, &column), 2.0);
        assert_eq!(fit_one(Statistic::MostFrequent, &column), 2.0);
        // An even count: the mean of the two middle values, (2 + 4) / 2.
        assert_eq!(fit_one(Statistic::Median, &[4.0, 2.0, 9.0, 1.0]), 3.0);
        // A tie between 7 (twice) and 3 (twice): the smallest, as scikit-learn.
        assert_eq!(
            fit_one(Statistic::MostFrequent, &[7.0, 3.0, 7.0, 3.0, 5.0]),
            3.0
        );
    }

    #[test]
    fn indicators_are_read_from_the_raw_row() {
        let plan = [
            Imputation::Fill(Statistic::Mean),
            Imputation::Keep,
            Imputation::IndicatorOf(0),
        ];
        let rows = [[1.0, 5.0, 0.0], [3.0, 6.0, 0.0], [NAN, 7.0, 0.0]];
        let imputer = Imputer::fit(&plan, &rows).unwrap();
        assert_eq!(imputer.fills()[0], Fill::Value(2.0));
        assert_eq!(imputer.apply(&[NAN, 8.0, 123.0]), [2.0, 8.0, 1.0]);
        let kept = imputer.apply(&[5.0, NAN, NAN]);
        assert_eq!((kept[0], kept[2]), (5.0, 0.0));
        assert!(kept[1].is_nan()); // a kept input is not filled
        assert!(Imputer::<f64, 3>::none().is_none());
        assert!(!imputer.is_none());
    }

    #[test]
    fn a_column_missing_everywhere_or_a_bad_plan_is_an_error() {
        let rows = [[NAN, 1.0], [NAN, 2.0]];
        let plan = [Imputation::Fill(Statistic::Median), Imputation::Keep];
        assert_eq!(
            Imputer::fit(&plan, &rows),
            Err(ImputeError::NoValues { input: 0 })
        );
        assert_eq!(
            Imputer::fit(&plan[..1], &rows),
            Err(ImputeError::PlanLength {
                expected: 2,
                found: 1
            })
        );
        let plan = [Imputation::Keep, Imputation::IndicatorOf(2)];
        assert_eq!(
            Imputer::fit(&plan, &rows),
            Err(ImputeError::IndicatorOutOfRange {
                input: 1,
                source: 2
            })
        );
    }
    #[cfg(feature = "csv")]
    mod reading {
        use super::*;
        use crate::data::csv::{CsvErrorKind, read_csv, read_csv_from, read_csv_inputs_from};

        const CARS: &str = "datasets/cars.csv";

        fn cars_by_origin() -> Layout {
            Layout::class("origin").missing_texts([""])
        }

        #[test]
        fn a_missing_cell_is_an_error_naming_its_line_and_column_by_default() {
            // The first empty cell of cars.csv: miles_per_gallon on line 12.
            let error = read_csv::<f64, 7, 3>(CARS, &cars_by_origin()).unwrap_err();
            let CsvErrorKind::MissingCell { cell, found } = &error.kind else {
                panic!("expected a missing cell, found {error}");
            };
            assert_eq!((cell.line, cell.column, found.as_str()), (12, 1, ""));
            assert_eq!(
                error.to_string(),
                "datasets/cars.csv: line 12, column 1 (`miles_per_gallon`): expected a value, \
                 found the missing-cell text `` (a policy for this column's missing cells: \
                 `Layout::on_missing`)"
            );
            // Without missing texts, an empty cell is not a number, as before.
            let error = read_csv::<f64, 7, 3>(CARS, &Layout::class("origin")).unwrap_err();
            assert!(
                matches!(error.kind, CsvErrorKind::NotNumeric { .. }),
                "{error}"
            );
        }

        #[test]
        fn dropped_rows_are_counted() {
            let layout = cars_by_origin()
                .on_missing("miles_per_gallon", MissingPolicy::DropRow)
                .on_missing("horsepower", MissingPolicy::DropRow);
            let cars = read_csv::<f64, 7, 3>(CARS, &layout).unwrap();
            // 406 rows, 14 with an empty cell (8 miles per gallon, 6 horsepower).
            assert_eq!((cars.samples.len(), cars.dropped_rows), (392, 14));
            assert!(cars.imputation.iter().all(|i| *i == Imputation::Keep));
            // A missing label drops its row too; imputing one is refused.
            let text = "x,y\n1,NA\n2,3\n";
            let drop = Layout::numbers(["y"])
                .missing_texts(["NA"])
                .on_missing("y", MissingPolicy::DropRow);
            let data = read_csv_from::<f64, 1, 1>(text.as_bytes(), "t.csv", &drop).unwrap();
            assert_eq!(
                (data.samples.inputs(), data.dropped_rows),
                (&[[2.0]][..], 1)
            );
            let impute = drop.on_missing("y", MissingPolicy::Impute(Statistic::Mean));
            let error = read_csv_from::<f64, 1, 1>(text.as_bytes(), "t.csv", &impute).unwrap_err();
            assert!(
                matches!(error.kind, CsvErrorKind::MissingCell { .. }),
                "{error}"
            );
        }

        #[test]
        fn imputed_cells_are_nan_until_an_imputer_fitted_on_rows_fills_them() {
            let layout = cars_by_origin()
                .on_missing("miles_per_gallon", MissingPolicy::Impute(Statistic::Median))
                .on_missing(
                    "horsepower",
                    MissingPolicy::ImputeWithIndicator(Statistic::Mean),
                );
            let cars = read_csv::<f64, 8, 3>(CARS, &layout).unwrap();
            assert_eq!((cars.samples.len(), cars.dropped_rows), (406, 0));
            assert_eq!(cars.input_names[7], "horsepower_missing");
            assert_eq!(cars.imputation[3], Imputation::Fill(Statistic::Mean));
            assert_eq!(cars.imputation[7], Imputation::IndicatorOf(3));
            let imputer = Imputer::fit(&cars.imputation, cars.samples.inputs()).unwrap();
            // Computed with Python's csv module: the 400 horsepower values sum to 42033.
            assert_eq!(imputer.fills()[3], Fill::Value(42033.0 / 400.0));
            // Line 40 (sample 38) has no horsepower.
            let row = imputer.apply(&cars.samples.inputs()[38]);
            assert_eq!(cars.samples.inputs()[38][7], 1.0);
            assert_eq!((row[3], row[7]), (42033.0 / 400.0, 1.0));
            assert_eq!(cars.samples.inputs()[0][7], 0.0);
            // Too few inputs for the indicator: the error counts it.
            let error = read_csv::<f64, 7, 3>(CARS, &layout).unwrap_err();
            assert_eq!(
                error.kind,
                CsvErrorKind::InputCount {
                    expected: 7,
                    found: 8
                }
            );
            // Rows to predict keep their missing cells as NaN, and their indicators.
            let rows = read_csv_inputs_from::<f64, 8>(&b"miles_per_gallon,cylinders,displacement,horsepower,weight_in_lbs,acceleration,year\n,4,98,,2046,19,1971\n"[..], "new.csv", &layout).unwrap();
            assert!(rows.inputs[0][0].is_nan() && rows.inputs[0][3].is_nan());
            assert_eq!(rows.inputs[0][7], 1.0);
        }
    }
}
