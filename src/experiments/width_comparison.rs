//! Comparing hidden widths under cross-validation in one call.
//!
//! A network's widths are types, so "try 8, 16 and 32 hidden units" cannot be a loop over
//! numbers: each width is another network type, compiled on its own. The
//! [`cross_validate_widths!`](crate::cross_validate_widths) macro writes that loop at compile
//! time: for each width it declares a `const` of the name the caller chose, expands the
//! caller's scoring closure once more (where the network type names the `const`), and runs
//! [`cross_validate`](crate::experiments::cross_validate) on it. The results come back as a
//! [`WidthComparison`]: each width's [`CrossValidation`] in the order written, and the best.

use crate::experiments::cross_validation::CrossValidation;
use core::fmt;

/// Each hidden width's cross-validation, as
/// [`cross_validate_widths!`](crate::cross_validate_widths) returns them, and which width
/// scored best.
#[derive(Clone, Debug, PartialEq)]
pub struct WidthComparison {
    /// Each width with its cross-validation, in the order the widths were written.
    pub results: Vec<(usize, CrossValidation)>,
}

impl WidthComparison {
    /// The width whose mean score is highest, with its cross-validation; on a tie, the
    /// smaller width (the cheaper network). A NaN mean (no folds, or a NaN score) is never
    /// best; `None` when every mean is NaN.
    ///
    /// ```
    /// use static_mlp::experiments::{CrossValidation, WidthComparison};
    ///
    /// let result = |scores: Vec<f64>| CrossValidation::of(scores).unwrap();
    /// let comparison = WidthComparison {
    ///     results: vec![
    ///         (32, result(vec![0.9, 1.0])), // mean 0.95
    ///         (8, result(vec![0.8, 0.9])),  // mean 0.85
    ///         (16, result(vec![1.0, 0.9])), // mean 0.95: a tie with 32
    ///     ],
    /// };
    /// assert_eq!(comparison.best().map(|(width, _)| width), Some(16));
    /// ```
    pub fn best(&self) -> Option<(usize, &CrossValidation)> {
        let mut best: Option<(usize, &CrossValidation)> = None;
        for (width, result) in &self.results {
            if result.mean.is_nan() {
                continue;
            }
            let better = match best {
                None => true,
                Some((best_width, best_result)) => {
                    result.mean > best_result.mean
                        || (result.mean == best_result.mean && *width < best_width)
                }
            };
            if better {
                best = Some((*width, result));
            }
        }
        best
    }

    /// The cross-validation of `width`, if it was compared (the first, if it was written
    /// twice).
    pub fn get(&self, width: usize) -> Option<&CrossValidation> {
        self.results
            .iter()
            .find(|(compared, _)| *compared == width)
            .map(|(_, result)| result)
    }
}

/// A table of one row per width (mean, standard deviation, each fold's score), the best
/// width marked, with four decimals (or as many as the formatter's precision asks for), in
/// Markdown:
///
/// ```text
/// | hidden width | mean score | standard deviation | fold scores |
/// |---:|---:|---:|---|
/// | 1 | 0.7000 | 0.0816 | 0.6000 0.8000 0.7000 |
/// | 8 (best) | 0.9667 | 0.0471 | 1.0000 0.9000 1.0000 |
/// ```
impl fmt::Display for WidthComparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = f.precision().unwrap_or(4);
        let best = self.best().map(|(width, _)| width);
        writeln!(
            f,
            "| hidden width | mean score | standard deviation | fold scores |"
        )?;
        writeln!(f, "|---:|---:|---:|---|")?;
        for (width, result) in &self.results {
            let mark = if Some(*width) == best { " (best)" } else { "" };
            let scores: Vec<String> = result
                .scores
                .iter()
                .map(|score| format!("{score:.digits$}"))
                .collect();
            writeln!(
                f,
                "| {width}{mark} | {:.digits$} | {:.digits$} | {} |",
                result.mean,
                result.standard_deviation,
                scores.join(" ")
            )?;
        }
        Ok(())
    }
}

/// Cross-validates one network per hidden width, each width written once, and returns a
/// [`WidthComparison`](crate::experiments::WidthComparison): each width's
/// [`CrossValidation`](crate::experiments::CrossValidation) and the best.
///
/// ```text
/// cross_validate_widths!(HIDDEN in [4, 8, 16], &folds, threads, |number, fold| { … })
/// ```
///
/// is [`cross_validate`](crate::experiments::cross_validate)`(&folds, threads, |number, fold|
/// { … })` run once per width, in the order written, with `HIDDEN` a `const usize` of that
/// width inside the closure, so the closure names its network type with it
/// (`type Net = mlp!(f32; 13 => HIDDEN Relu => 3 Softmax);`). Each width is a network type of
/// its own, compiled on its own: the macro expands the closure once per width. The result is
/// `Result<WidthComparison, E>`, the first error (in width order, then fold order) if the
/// closure fails; the widths after it are not run. Each width's scores are exactly what
/// `cross_validate` returns for that network, for any number of threads. Needs `std`.
///
/// Every width costs compile time, as one more network type written by hand does: measured
/// at 1.9 s more of a release build and 1.8 s more of a dev build per width for a
/// 13→`H` ReLU→3 softmax network trained with Adam on mini-batches and scored with a
/// confusion matrix (2 cores of an AMD EPYC virtual machine at load 3, 2026-12-07,
/// `scripts/width_build_time.sh`; 12.9 s per release width at load 10). Compare a few widths,
/// then keep only the chosen type.
///
/// ```
/// use static_mlp::data::SampleSet;
/// use static_mlp::metrics::ConfusionMatrix;
/// use static_mlp::prelude::*;
/// use static_mlp::cross_validate_widths;
///
/// type Error = Box<dyn std::error::Error + Send + Sync>;
///
/// // Class 1 between 0.25 and 0.75: a band, which needs a few hidden units.
/// let inputs: Vec<[f64; 1]> = (0..60).map(|k| [f64::from(k) / 60.0]).collect();
/// let labels = inputs
///     .iter()
///     .map(|&[x]| if (0.25..0.75).contains(&x) { [0.0, 1.0] } else { [1.0, 0.0] })
///     .collect();
/// let folds = SampleSet::new(inputs, labels)?.stratified_folds(3, 0)?;
///
/// let comparison = cross_validate_widths!(HIDDEN in [1, 8], &folds, 2, |number, fold| -> Result<f64, Error> {
///     type Net = mlp!(f64; 1 => HIDDEN Tanh => 2 Softmax);
///     let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(number as u64));
///     let mut adam = Adam::new(0.05)?;
///     Fit::new(&CategoricalCrossEntropy, &mut adam).max_epochs(300).run(&mut net, &fold.training)?;
///     Ok(ConfusionMatrix::<2>::from_rows(&net, &fold.test).accuracy().ok_or("an empty fold")?)
/// })?;
/// println!("{comparison}");
/// let (width, best) = comparison.best().ok_or("no scores")?;
/// println!("best: {width} hidden units, accuracy {:.3} ± {:.3}", best.mean, best.standard_deviation);
/// assert_eq!(comparison.results.len(), 2);
/// // One tanh unit draws one boundary; the band has two.
/// assert!(comparison.get(8).ok_or("8")?.mean > comparison.get(1).ok_or("1")?.mean);
/// # Ok::<(), Error>(())
/// ```
#[macro_export]
macro_rules! cross_validate_widths {
    ($width:ident in [$($candidate:literal),+ $(,)?], $folds:expr, $threads:expr, $score:expr $(,)?) => {{
        let folds = $folds;
        let threads: usize = $threads;
        let mut results = ::std::vec::Vec::new();
        let mut failure = ::core::option::Option::None;
        $(
            if failure.is_none() {
                const $width: usize = $candidate;
                match $crate::experiments::cross_validate(folds, threads, $score) {
                    ::core::result::Result::Ok(result) => results.push(($width, result)),
                    ::core::result::Result::Err(error) => {
                        failure = ::core::option::Option::Some(error);
                    }
                }
            }
        )+
        match failure {
            ::core::option::Option::Some(error) => ::core::result::Result::Err(error),
            ::core::option::Option::None => {
                ::core::result::Result::Ok($crate::experiments::WidthComparison { results })
            }
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(scores: &[f64]) -> CrossValidation {
        CrossValidation::of(scores.to_vec()).unwrap()
    }

    #[test]
    fn the_best_is_the_highest_mean_and_the_smaller_width_on_a_tie() {
        let nan = CrossValidation {
            scores: vec![],
            mean: f64::NAN,
            standard_deviation: f64::NAN,
        };
        let comparison = WidthComparison {
            results: vec![
                (4, nan.clone()),
                (32, result(&[0.5, 1.0])), // 0.75
                (16, result(&[1.0, 0.5])), // 0.75, a tie: 16 is smaller
                (8, result(&[0.5, 0.5])),
            ],
        };
        assert_eq!(comparison.best().map(|(w, _)| w), Some(16));
        assert_eq!(comparison.get(8), Some(&result(&[0.5, 0.5])));
        assert_eq!(comparison.get(64), None);
        let table = comparison.to_string();
        assert!(
            table.contains("| 16 (best) | 0.7500 | 0.2500 | 1.0000 0.5000 |"),
            "{table}"
        );
        assert!(table.contains("| 32 | 0.7500 |"), "{table}");
        assert!(table.contains("| 4 | NaN | NaN |  |"), "{table}");
        assert!(format!("{comparison:.1}").contains("| 8 | 0.5 | 0.0 | 0.5 0.5 |"));
        let only_nan = WidthComparison {
            results: vec![(4, nan)],
        };
        assert_eq!(only_nan.best(), None);
    }

    /// A score's failure in the tests: the width and fold that failed.
    #[derive(Debug, PartialEq)]
    struct Failed(usize, usize);

    impl From<crate::experiments::TooManySeeds> for Failed {
        fn from(_: crate::experiments::TooManySeeds) -> Self {
            Self(usize::MAX, usize::MAX)
        }
    }

    #[test]
    fn the_macro_runs_each_width_in_order_and_stops_at_the_first_error() {
        use crate::data::SampleSet;
        let set = SampleSet::<f64, 1, 1>::new(vec![[0.0]; 8], vec![[0.0]; 8]).unwrap();
        let folds = set.stratified_folds(2, 0).unwrap();
        // The score says which width ran it: the const is the width in each expansion.
        let comparison = cross_validate_widths!(WIDTH in [3, 1, 2], &folds, 2, |number, _fold| {
            Ok::<f64, Failed>(WIDTH as f64 + number as f64 / 10.0)
        })
        .unwrap();
        let widths: Vec<usize> = comparison.results.iter().map(|(w, _)| *w).collect();
        assert_eq!(widths, [3, 1, 2]);
        assert_eq!(comparison.get(1).unwrap().scores, [1.0, 1.1]);
        assert_eq!(comparison.best().unwrap().0, 3);

        let failed = cross_validate_widths!(WIDTH in [1, 2, 3], &folds, 1, |number, _fold| {
            if WIDTH >= 2 && number == 1 {
                Err(Failed(WIDTH, number))
            } else {
                Ok(1.0)
            }
        });
        assert_eq!(failed, Err(Failed(2, 1)));
    }
}
