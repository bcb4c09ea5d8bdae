//! Cross-validation: one score per fold, trained on several threads, with the mean and the
//! spread that say how far one split's score can be trusted.

use crate::data::Fold;
use crate::experiments::sweep::{TooManySeeds, run_seeds};

/// The scores of a cross-validation, one per fold in fold order, with their mean and
/// standard deviation.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossValidation {
    /// Each fold's score, in fold order.
    pub scores: Vec<f64>,
    /// The mean of the scores.
    pub mean: f64,
    /// The scores' standard deviation around their mean, `√(Σ (s − mean)² / k)` over the `k`
    /// folds (numpy's `scores.std()`, as scikit-learn's examples report it).
    pub standard_deviation: f64,
}

impl CrossValidation {
    /// The mean and standard deviation of `scores` (at least one).
    pub fn of(scores: Vec<f64>) -> Option<Self> {
        if scores.is_empty() {
            return None;
        }
        let folds = scores.len() as f64;
        let mean = scores.iter().sum::<f64>() / folds;
        let variance = scores.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / folds;
        Some(Self {
            scores,
            mean,
            standard_deviation: variance.sqrt(),
        })
    }
}

/// Scores every fold with `score` (train a network on `fold.training`, measure it on
/// `fold.test`), on `threads` threads (0: one per core), and summarises the scores.
///
/// Each fold's score depends on its fold alone (seed any generator `score` uses from the fold
/// number it is given), so the result is the same for any number of threads. The first
/// error, in fold order, is returned instead when `score` fails on some fold. With no folds
/// the scores are empty and their mean and deviation NaN.
///
/// ```
/// use static_mlp::data::{Rows, SampleSet};
/// use static_mlp::experiments::cross_validate;
/// use static_mlp::metrics::ConfusionMatrix;
/// use static_mlp::prelude::*;
///
/// type Net = mlp!(f64; 1 => 4 Tanh => 2 Softmax);
/// // Class 1 above 0.5.
/// let inputs: Vec<[f64; 1]> = (0..40).map(|k| [f64::from(k) / 40.0]).collect();
/// let labels = inputs.iter().map(|&[x]| if x > 0.5 { [0.0, 1.0] } else { [1.0, 0.0] }).collect();
/// let folds = SampleSet::new(inputs, labels)?.stratified_folds(4, 0)?;
/// type Error = Box<dyn std::error::Error + Send + Sync>;
/// let result = cross_validate(&folds, 2, |number, fold| -> Result<f64, Error> {
///     let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(number as u64));
///     let mut adam = Adam::new(0.05)?;
///     Fit::new(&CategoricalCrossEntropy, &mut adam).max_epochs(200).run(&mut net, &fold.training)?;
///     let confusion = ConfusionMatrix::<2>::from_rows(&net, &fold.test);
///     Ok(confusion.balanced_accuracy().ok_or("an empty fold")?)
/// })?;
/// assert_eq!(result.scores.len(), 4);
/// println!("balanced accuracy {:.3} ± {:.3}", result.mean, result.standard_deviation);
/// # Ok::<(), Error>(())
/// ```
pub fn cross_validate<T, E, const I: usize, const O: usize>(
    folds: &[Fold<T, I, O>],
    threads: usize,
    score: impl Fn(usize, &Fold<T, I, O>) -> Result<f64, E> + Sync,
) -> Result<CrossValidation, E>
where
    T: Sync,
    E: Send + From<TooManySeeds>,
{
    let scores = run_seeds(folds.len() as u64, threads, |fold| {
        score(fold as usize, &folds[fold as usize])
    })?
    .into_iter()
    .collect::<Result<Vec<f64>, E>>()?;
    // No folds: an empty summary rather than an error the caller cannot have caused.
    Ok(CrossValidation::of(scores).unwrap_or(CrossValidation {
        scores: Vec::new(),
        mean: f64::NAN,
        standard_deviation: f64::NAN,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::SampleSet;

    #[test]
    fn mean_and_spread_by_hand() {
        // 0.9, 0.7, 0.8, 1.0: mean 0.85, deviations ±0.05 and ±0.15, variance 0.0125.
        let result = CrossValidation::of(vec![0.9, 0.7, 0.8, 1.0]).unwrap();
        assert!((result.mean - 0.85).abs() < 1e-15);
        assert!((result.standard_deviation - 0.0125_f64.sqrt()).abs() < 1e-15);
        assert_eq!(CrossValidation::of(Vec::new()), None);
    }

    /// A score's failure in the tests: the fold that failed.
    #[derive(Debug, PartialEq)]
    struct Failed(usize);

    impl From<TooManySeeds> for Failed {
        fn from(_: TooManySeeds) -> Self {
            Self(usize::MAX)
        }
    }

    #[test]
    fn scores_come_in_fold_order_whatever_the_threads() {
        // 10 samples in 4 folds: test sizes 3, 3, 2, 2 (the deal runs on over the one class).
        let set = SampleSet::<f64, 1, 1>::new(vec![[0.0]; 10], vec![[0.0]; 10]).unwrap();
        let folds = set.stratified_folds(4, 0).unwrap();
        for threads in [1, 3, 8] {
            let result = cross_validate(&folds, threads, |number, fold| {
                Ok::<_, Failed>(fold.test.len() as f64 + number as f64 / 10.0)
            })
            .unwrap();
            assert_eq!(result.scores, [3.0, 3.1, 2.2, 2.3]);
            assert!((result.mean - 2.65).abs() < 1e-15);
        }
        let failed = cross_validate(&folds, 2, |number, _| {
            if number >= 2 {
                Err(Failed(number))
            } else {
                Ok(1.0)
            }
        });
        assert_eq!(failed, Err(Failed(2)), "the first error in fold order");
    }
}
