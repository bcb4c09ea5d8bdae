//! `ConfusionMatrix`: counts of actual against predicted classes, with per-class precision and
//! recall, and a table for people to read.

use crate::data::Rows;
use crate::math::argmax::class_of;
use crate::math::scalar::Scalar;
use crate::metrics::accuracy::row_argmax;
use crate::model::network::Network;
use core::fmt;
use nalgebra::SMatrix;

/// How often each of `K` actual classes was predicted as each class, `K × K` counts.
///
/// A sample's actual class is the [`argmax`](crate::metrics::argmax) of its label row and its
/// predicted class the argmax of the network's output row. An output with no single largest
/// value (a NaN or a tie) is counted as **undecided** for its actual class, never as a class,
/// so [`accuracy`](Self::accuracy) agrees with [`class_accuracy`](crate::metrics::class_accuracy).
/// A label row with no single class is counted in [`unlabelled`](Self::unlabelled) only.
///
/// It holds only counts, so it needs no allocation: add batches as they are computed with
/// [`add_batch`](Self::add_batch), or single samples with [`add`](Self::add).
///
/// ```
/// use static_mlp::metrics::ConfusionMatrix;
/// use static_mlp::nalgebra::SMatrix;
///
/// // Four samples (rows) of three classes.
/// let outputs = SMatrix::<f64, 4, 3>::from_row_slice(&[
///     0.8, 0.1, 0.1, //
///     0.2, 0.7, 0.1, //
///     0.1, 0.6, 0.3, //
///     0.2, 0.2, 0.6,
/// ]);
/// let labels = SMatrix::<f64, 4, 3>::from_row_slice(&[
///     1.0, 0.0, 0.0, //
///     0.0, 1.0, 0.0, //
///     0.0, 0.0, 1.0, //
///     0.0, 0.0, 1.0,
/// ]);
/// let mut confusion = ConfusionMatrix::<3>::new();
/// confusion.add_batch(&outputs, &labels);
/// assert_eq!(confusion.count(2, 1), 1); // one "2" taken for a "1"
/// assert_eq!(confusion.recall(2), Some(0.5));
/// assert_eq!(confusion.precision(1), Some(0.5));
/// println!("{}", confusion.with_class_names(&["cat", "dog", "bird"]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfusionMatrix<const K: usize> {
    /// `counts[actual][predicted]`.
    counts: [[usize; K]; K],
    /// Samples of each actual class whose output named no single class.
    undecided: [usize; K],
    /// Samples whose label named no single class.
    unlabelled: usize,
}

impl<const K: usize> Default for ConfusionMatrix<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const K: usize> ConfusionMatrix<K> {
    /// An empty matrix: every count zero.
    pub const fn new() -> Self {
        Self {
            counts: [[0; K]; K],
            undecided: [0; K],
            unlabelled: 0,
        }
    }

    /// The matrix of a batch of outputs against their labels (one sample per row).
    pub fn from_batch<T: Scalar, const B: usize>(
        outputs: &SMatrix<T, B, K>,
        labels: &SMatrix<T, B, K>,
    ) -> Self {
        let mut matrix = Self::new();
        matrix.add_batch(outputs, labels);
        matrix
    }

    /// The matrix of `network`'s outputs on every sample of `rows` (a [`SampleSet`], a
    /// [`SampleSlice`], a [`Dataset`], …) against the samples' labels, one sample at a time,
    /// allocating nothing.
    ///
    /// With `O` outputs there are `K = O` classes, the largest output and label being the
    /// class; a network with one output has `K = 2` classes, 0 and 1, an output or label above
    /// 0.5 being class 1 (a NaN output is undecided). Another `K` is a compile error.
    ///
    /// [`SampleSet`]: crate::data::SampleSet
    /// [`SampleSlice`]: crate::data::SampleSlice
    /// [`Dataset`]: crate::data::Dataset
    ///
    /// ```
    /// use static_mlp::data::SampleSlice;
    /// use static_mlp::metrics::ConfusionMatrix;
    /// use static_mlp::model::{Dense, Identity};
    /// use static_mlp::nalgebra::SMatrix;
    ///
    /// // One identity unit with weight 1 and no bias: the output is the input.
    /// let net: Dense<f64, 1, 1, Identity> = Dense::from_weights(SMatrix::identity());
    /// let inputs = [[0.9], [0.2], [0.7], [0.1]];
    /// let labels = [[1.0], [1.0], [0.0], [0.0]];
    /// let confusion = ConfusionMatrix::<2>::from_rows(&net, &SampleSlice::new(&inputs, &labels)?);
    /// assert_eq!(confusion.counts(), &[[1, 1], [1, 1]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_rows<T, Net, D, const I: usize, const O: usize>(network: &Net, rows: &D) -> Self
    where
        T: Scalar,
        Net: Network<T, I, O>,
        D: Rows<T, I, O> + ?Sized,
    {
        const {
            assert!(
                if O == 1 { K == 2 } else { K == O },
                "a confusion matrix has one class per output, or two for a single output"
            );
        };
        let mut matrix = Self::new();
        for sample in 0..rows.len() {
            match class_of(&rows.label(sample)) {
                Some(actual) => {
                    let predicted = class_of(&network.predict_one(rows.input(sample)));
                    matrix.add(actual, predicted);
                }
                None => matrix.unlabelled += 1,
            }
        }
        matrix
    }

    /// Adds a batch of outputs against their labels.
    pub fn add_batch<T: Scalar, const B: usize>(
        &mut self,
        outputs: &SMatrix<T, B, K>,
        labels: &SMatrix<T, B, K>,
    ) {
        for row in 0..B {
            match row_argmax(labels, row) {
                Some(actual) => self.add(actual, row_argmax(outputs, row)),
                None => self.unlabelled += 1,
            }
        }
    }

    /// Adds one sample of class `actual` predicted as `predicted` (`None`: undecided). An
    /// `actual` or `predicted` class outside `0..K` is counted as unlabelled or undecided.
    pub fn add(&mut self, actual: usize, predicted: Option<usize>) {
        let Some(row) = self.counts.get_mut(actual) else {
            self.unlabelled += 1;
            return;
        };
        match predicted.and_then(|predicted| row.get_mut(predicted)) {
            Some(count) => *count += 1,
            None => self.undecided[actual] += 1,
        }
    }

    /// The number of samples of class `actual` predicted as `predicted` (0 outside `0..K`).
    pub fn count(&self, actual: usize, predicted: usize) -> usize {
        self.counts
            .get(actual)
            .and_then(|row| row.get(predicted))
            .copied()
            .unwrap_or(0)
    }

    /// The counts, `counts()[actual][predicted]`.
    pub const fn counts(&self) -> &[[usize; K]; K] {
        &self.counts
    }

    /// The number of samples of class `actual` whose output named no single class.
    pub fn undecided(&self, actual: usize) -> usize {
        self.undecided.get(actual).copied().unwrap_or(0)
    }

    /// The number of samples whose label named no single class (not in any other count).
    pub const fn unlabelled(&self) -> usize {
        self.unlabelled
    }

    /// The number of samples with a class: every count and every undecided one.
    pub fn total(&self) -> usize {
        (0..K).map(|actual| self.actual_total(actual)).sum()
    }

    /// The samples of class `actual`, decided or not.
    fn actual_total(&self, actual: usize) -> usize {
        self.counts[actual].iter().sum::<usize>() + self.undecided[actual]
    }

    /// The samples predicted as class `predicted`.
    fn predicted_total(&self, predicted: usize) -> usize {
        self.counts.iter().map(|row| row[predicted]).sum()
    }

    /// The fraction of samples predicted as their actual class (undecided ones are wrong), or
    /// `None` when there are none.
    pub fn accuracy(&self) -> Option<f64> {
        let correct: usize = (0..K).map(|class| self.counts[class][class]).sum();
        ratio(correct, self.total())
    }

    /// Of the samples predicted as `class`, the fraction that are of it: `TP / (TP + FP)`.
    /// `None` when nothing was predicted as `class` (or `class ≥ K`).
    pub fn precision(&self, class: usize) -> Option<f64> {
        if class >= K {
            return None;
        }
        ratio(self.counts[class][class], self.predicted_total(class))
    }

    /// Of the samples of `class`, the fraction predicted as it: `TP / (TP + FN)`, undecided
    /// ones counting as missed. `None` when there are no samples of `class` (or `class ≥ K`).
    pub fn recall(&self, class: usize) -> Option<f64> {
        if class >= K {
            return None;
        }
        ratio(self.counts[class][class], self.actual_total(class))
    }

    /// The mean of the [recall](Self::recall) of every class that has samples: accuracy in
    /// which each class counts alike, however few its samples (scikit-learn's
    /// `balanced_accuracy_score`). On a set of 90 samples of one class and 10 of another, a
    /// network that always answers the first has accuracy 0.9 but balanced accuracy 0.5.
    /// `None` when there are no samples.
    ///
    /// ```
    /// use static_mlp::metrics::ConfusionMatrix;
    ///
    /// let mut confusion = ConfusionMatrix::<2>::new();
    /// for _ in 0..90 { confusion.add(0, Some(0)); }
    /// for _ in 0..10 { confusion.add(1, Some(0)); }
    /// assert_eq!(confusion.accuracy(), Some(0.9));
    /// assert_eq!(confusion.balanced_accuracy(), Some(0.5));
    /// ```
    pub fn balanced_accuracy(&self) -> Option<f64> {
        mean((0..K).filter_map(|class| self.recall(class)))
    }

    /// The F1 score of `class`, the harmonic mean of its precision and recall:
    /// `2·TP / (2·TP + FP + FN)`, undecided samples of the class counting as missed (FN). 0
    /// when the class was predicted and never right; `None` when it has no samples and was
    /// never predicted (or `class ≥ K`).
    pub fn f1(&self, class: usize) -> Option<f64> {
        if class >= K {
            return None;
        }
        let right = self.counts[class][class];
        let wrong = self.predicted_total(class) - right + self.actual_total(class) - right;
        ratio(2 * right, 2 * right + wrong)
    }

    /// The mean of the [F1 score](Self::f1) of every class that has samples or was predicted
    /// (scikit-learn's `f1_score(average="macro")`): each class counts alike, however few its
    /// samples. `None` when there are no samples.
    pub fn macro_f1(&self) -> Option<f64> {
        mean((0..K).filter_map(|class| self.f1(class)))
    }

    /// The matrix as a table whose rows and columns are headed by `names` instead of class
    /// numbers. A class without a name (when `names` is shorter than `K`) shows its number.
    pub fn with_class_names<'a, S: AsRef<str>>(
        &'a self,
        names: &'a [S],
    ) -> ConfusionTable<'a, K, S> {
        ConfusionTable {
            matrix: self,
            names,
        }
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The mean of `values`, `None` when there are none.
fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0_usize), |(sum, count), v| (sum + v, count + 1));
    ratio(1, count).map(|share| sum * share)
}

/// A [`ConfusionMatrix`] with class names, for [`Display`](fmt::Display); made by
/// [`ConfusionMatrix::with_class_names`].
#[derive(Clone, Copy, Debug)]
pub struct ConfusionTable<'a, const K: usize, S> {
    matrix: &'a ConfusionMatrix<K>,
    names: &'a [S],
}

/// A class's heading: its name, or its number.
enum Heading<'a> {
    Name(&'a str),
    Number(usize),
}

impl fmt::Display for Heading<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Heading::Name(name) => f.pad(name),
            Heading::Number(number) => f.pad(itoa(*number, &mut [0; 20])),
        }
    }
}

/// `number` in decimal, in `buffer`.
fn itoa(mut number: usize, buffer: &mut [u8; 20]) -> &str {
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            break;
        }
    }
    core::str::from_utf8(&buffer[start..]).unwrap_or("?")
}

/// The number of characters `value` takes when displayed.
fn width_of(value: impl fmt::Display) -> usize {
    struct Counter(usize);
    impl fmt::Write for Counter {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 += s.chars().count();
            Ok(())
        }
    }
    let mut counter = Counter(0);
    let _ = fmt::write(&mut counter, format_args!("{value}"));
    counter.0
}

/// A fraction as a percentage with one decimal, or `-` when undefined.
struct Percent(Option<f64>);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(fraction) => {
                let width = f.width().unwrap_or(0);
                write!(
                    f,
                    "{:>w$.1}%",
                    fraction * 100.0,
                    w = width.saturating_sub(1)
                )
            }
            None => f.pad("-"),
        }
    }
}

impl<const K: usize, S: AsRef<str>> ConfusionTable<'_, K, S> {
    fn heading(&self, class: usize) -> Heading<'_> {
        match self.names.get(class) {
            Some(name) => Heading::Name(name.as_ref()),
            None => Heading::Number(class),
        }
    }
}

/// Rows are actual classes, columns predicted ones, then an `undecided` column when any output
/// named no single class, and each row's recall; the last rows are each column's precision
/// and the overall accuracy.
impl<const K: usize, S: AsRef<str>> fmt::Display for ConfusionTable<'_, K, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let matrix = self.matrix;
        const CORNER: &str = "actual \\ predicted";
        const PRECISION: &str = "precision";
        let show_undecided = matrix.undecided.iter().any(|&n| n > 0);
        let label_width = (0..K)
            .map(|class| width_of(self.heading(class)))
            .chain([CORNER.len(), PRECISION.len()])
            .max()
            .unwrap_or(0);
        let largest = matrix.counts.iter().flatten().chain(&matrix.undecided);
        let count_width = largest.map(|&n| width_of(n)).max().unwrap_or(1);
        let column_width = |class: usize| {
            width_of(self.heading(class))
                .max(count_width)
                .max("100.0%".len())
        };

        write!(f, "{CORNER:<label_width$}")?;
        for class in 0..K {
            write!(f, "  {:>w$}", self.heading(class), w = column_width(class))?;
        }
        if show_undecided {
            write!(f, "  undecided")?;
        }
        writeln!(f, "  recall")?;
        for actual in 0..K {
            write!(f, "{:<label_width$}", self.heading(actual))?;
            for predicted in 0..K {
                let count = matrix.counts[actual][predicted];
                write!(f, "  {count:>w$}", w = column_width(predicted))?;
            }
            if show_undecided {
                write!(f, "  {:>9}", matrix.undecided[actual])?;
            }
            writeln!(f, "  {:>6}", Percent(matrix.recall(actual)))?;
        }
        write!(f, "{PRECISION:<label_width$}")?;
        for class in 0..K {
            let precision = Percent(matrix.precision(class));
            write!(f, "  {precision:>w$}", w = column_width(class))?;
        }
        writeln!(f)?;
        let correct: usize = (0..K).map(|class| matrix.counts[class][class]).sum();
        write!(
            f,
            "accuracy {} ({correct} of {})",
            Percent(matrix.accuracy()),
            matrix.total()
        )?;
        if matrix.unlabelled > 0 {
            write!(
                f,
                "; {} samples without a single label class",
                matrix.unlabelled
            )?;
        }
        Ok(())
    }
}

/// The table with class numbers as headings; see [`ConfusionMatrix::with_class_names`].
impl<const K: usize> fmt::Display for ConfusionMatrix<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let no_names: &[&str] = &[];
        fmt::Display::fmt(&self.with_class_names(no_names), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::accuracy::class_accuracy;

    fn example() -> ConfusionMatrix<3> {
        let outputs = matrix![
            0.8, 0.1, 0.1;
            0.2, 0.7, 0.1;
            0.1, 0.6, 0.3;
            0.2, 0.2, 0.6;
            f64::NAN, 0.0, 0.0;
            0.4, 0.4, 0.2
        ];
        let labels = matrix![
            1.0, 0.0, 0.0;
            0.0, 1.0, 0.0;
            0.0, 0.0, 1.0;
            0.0, 0.0, 1.0;
            1.0, 0.0, 0.0;
            0.0, 1.0, 0.0
        ];
        let matrix = ConfusionMatrix::from_batch(&outputs, &labels);
        assert_eq!(matrix.accuracy(), Some(class_accuracy(&outputs, &labels)));
        matrix
    }

    #[test]
    fn counts_precision_and_recall_by_hand() {
        let m = example();
        assert_eq!(m.counts(), &[[1, 0, 0], [0, 1, 0], [0, 1, 1]]);
        assert_eq!((m.undecided(0), m.undecided(1), m.undecided(2)), (1, 1, 0));
        assert_eq!(m.total(), 6);
        assert_eq!(m.accuracy(), Some(0.5));
        assert_eq!(m.recall(0), Some(0.5)); // one right, one NaN
        assert_eq!(m.recall(2), Some(0.5));
        assert_eq!(m.precision(1), Some(0.5));
        assert_eq!(m.precision(2), Some(1.0));
        assert_eq!(m.precision(3), None);
        assert_eq!(ConfusionMatrix::<2>::new().recall(0), None);
        assert_eq!(ConfusionMatrix::<2>::new().accuracy(), None);
    }

    #[test]
    fn balanced_accuracy_and_macro_f1_by_hand() {
        // Eight of class 0, all right; two of class 1, one taken for a 0.
        let mut m = ConfusionMatrix::<2>::new();
        (0..8).for_each(|_| m.add(0, Some(0)));
        m.add(1, Some(0));
        m.add(1, Some(1));
        assert_eq!(m.accuracy(), Some(0.9));
        // Recalls 1 and 1/2.
        assert_eq!(m.balanced_accuracy(), Some(0.75));
        // F1: class 0, TP 8, FP 1, FN 0: 16/17; class 1, TP 1, FP 0, FN 1: 2/3.
        assert_eq!(m.f1(0), Some(16.0 / 17.0));
        assert_eq!(m.f1(1), Some(2.0 / 3.0));
        let macro_f1 = m.macro_f1().unwrap();
        assert!((macro_f1 - 41.0 / 51.0).abs() < 1e-15, "{macro_f1}");

        // The example: F1 2/3, 2/4 (class 2 taken for a 1 is a false 1), 2/3 (undecided
        // samples are missed); recalls all 1/2.
        let m = example();
        assert_eq!(m.balanced_accuracy(), Some(0.5));
        assert!((m.macro_f1().unwrap() - 11.0 / 18.0).abs() < 1e-15);

        // A class with no samples: left out of balanced accuracy; in macro F1 only if it was
        // predicted (then with F1 0).
        let mut m = ConfusionMatrix::<3>::new();
        m.add(0, Some(0));
        m.add(1, Some(1));
        assert_eq!(
            (m.balanced_accuracy(), m.macro_f1()),
            (Some(1.0), Some(1.0))
        );
        m.add(1, Some(2));
        assert_eq!(m.f1(2), Some(0.0));
        assert_eq!(m.balanced_accuracy(), Some(0.75));
        // F1s 1, 2/3, 0.
        assert!((m.macro_f1().unwrap() - 5.0 / 9.0).abs() < 1e-15);
        assert_eq!(ConfusionMatrix::<2>::new().balanced_accuracy(), None);
        assert_eq!(ConfusionMatrix::<2>::new().macro_f1(), None);
        assert_eq!(m.f1(3), None);
    }

    #[test]
    fn from_rows_counts_a_networks_outputs_on_any_rows() {
        use crate::data::{Dataset, SampleSlice};
        use crate::model::activation::Identity;
        use crate::model::dense::Dense;
        // Outputs equal to the inputs.
        let net: Dense<f64, 2, 2, Identity> = Dense::from_weights(matrix![1.0, 0.0; 0.0, 1.0]);
        let inputs = [[1.0, 0.0], [0.0, 1.0], [0.3, 0.2], [0.5, 0.5], [0.0, 2.0]];
        let labels = [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [0.5, 0.5]];
        let rows = SampleSlice::new(&inputs, &labels).unwrap();
        let m = ConfusionMatrix::<2>::from_rows(&net, &rows);
        // (0→0), (0→1), (1→0), (1→undecided: a tie), and a label with no single class.
        assert_eq!(m.counts(), &[[1, 1], [1, 0]]);
        assert_eq!((m.undecided(1), m.unlabelled()), (1, 1));

        // One output: above 0.5 is class 1.
        let line: Dense<f64, 1, 1, Identity> = Dense::from_weights(matrix![1.0]);
        let data = Dataset::<f64, 4, 1, 1> {
            inputs: matrix![0.9; 0.2; 0.7; f64::NAN],
            labels: matrix![1.0; 1.0; 0.0; 0.0],
        };
        let m = ConfusionMatrix::<2>::from_rows(&line, &data);
        assert_eq!(m.counts(), &[[0, 1], [1, 1]]);
        assert_eq!(m.undecided(0), 1);
    }

    #[test]
    fn out_of_range_classes_are_not_counted_as_classes() {
        let mut m = ConfusionMatrix::<2>::new();
        m.add(5, Some(0));
        m.add(1, Some(7));
        m.add(0, None);
        assert_eq!(m.unlabelled(), 1);
        assert_eq!((m.undecided(0), m.undecided(1)), (1, 1));
        assert_eq!(m.counts(), &[[0, 0], [0, 0]]);
    }

    #[test]
    fn prints_a_table_with_names() {
        let table = example()
            .with_class_names(&["setosa", "versicolor", "virginica"])
            .to_string();
        let expected = "\
actual \\ predicted  setosa  versicolor  virginica  undecided  recall
setosa                   1           0          0          1   50.0%
versicolor               0           1          0          1   50.0%
virginica                0           1          1          0   50.0%
precision           100.0%       50.0%     100.0%
accuracy 50.0% (3 of 6)";
        assert_eq!(table, expected, "\n{table}");
    }

    #[test]
    fn prints_numbers_without_names_and_dashes_for_undefined() {
        let mut m = ConfusionMatrix::<2>::new();
        m.add(0, Some(0));
        m.add(0, Some(0));
        let expected = "\
actual \\ predicted       0       1  recall
0                        2       0  100.0%
1                        0       0       -
precision           100.0%       -
accuracy 100.0% (2 of 2)";
        let table = m.to_string();
        assert_eq!(table, expected, "\n{table}");
        let partial = m.with_class_names(&["only"]).to_string();
        assert!(
            partial.starts_with("actual \\ predicted    only       1  recall"),
            "{partial}"
        );
    }
}
