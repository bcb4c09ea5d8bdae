//! Shuffled training / validation / test splits of a [`SampleSet`], from a seed, optionally
//! stratified by class.

use crate::data::rows::Rows;
use crate::data::sample_set::SampleSet;
use crate::math::scalar::Scalar;
use core::fmt;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// A set cut into three disjoint parts that together hold every sample once.
#[derive(Clone, Debug, PartialEq)]
pub struct Split<T, const I: usize, const O: usize> {
    /// What the network is trained on.
    pub training: SampleSet<T, I, O>,
    /// What training decisions (when to stop, which settings) are judged on.
    pub validation: SampleSet<T, I, O>,
    /// What the final result is reported on, and nothing else.
    pub test: SampleSet<T, I, O>,
    /// Which samples of the set each part holds, in the part's order: to compare with another
    /// tool on the same rows, or to split other data about the same samples alike.
    pub indices: SplitIndices,
}

/// The samples of each part of a [`Split`], as indices into the set that was split: part
/// row `r` is sample `training[r]` (and so on) of the set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitIndices {
    /// The training part's samples.
    pub training: Vec<usize>,
    /// The validation part's samples.
    pub validation: Vec<usize>,
    /// The test part's samples.
    pub test: Vec<usize>,
}

/// Why a set could not be split.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SplitError {
    /// A fraction is not finite, is negative, or the two leave nothing to train on.
    Fractions {
        /// The validation fraction given.
        validation: f64,
        /// The test fraction given.
        test: f64,
    },
    /// The training part came out empty (too few samples for the fractions).
    EmptyTraining {
        /// The number of samples in the set.
        samples: usize,
    },
    /// A number of cross-validation folds below 2 or above the number of samples.
    Folds {
        /// The number of folds asked for.
        folds: usize,
        /// The number of samples in the set.
        samples: usize,
    },
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fractions { validation, test } => write!(
                f,
                "cannot split with validation fraction {validation} and test fraction {test}: \
                 expected each finite and at least 0, adding up to less than 1"
            ),
            Self::EmptyTraining { samples } => write!(
                f,
                "splitting {samples} samples leaves none to train on: expected more samples \
                 or smaller validation and test fractions"
            ),
            Self::Folds { folds, samples } => write!(
                f,
                "cannot cut {samples} samples into {folds} folds: expected at least 2 folds and \
                 no more than the samples"
            ),
        }
    }
}

impl core::error::Error for SplitError {}

impl<T: Scalar, const I: usize, const O: usize> SampleSet<T, I, O> {
    /// Shuffles the samples with a generator seeded by `seed`, then holds out
    /// `round(n·validation)` of them for validation and `round(n·test)` for testing; the rest
    /// is the training part. The same seed gives the same split.
    ///
    /// ```
    /// use static_mlp::data::{Rows, SampleSet};
    ///
    /// let set = SampleSet::<f64, 1, 1>::new((0..100).map(|k| [f64::from(k)]).collect(), vec![[0.0]; 100])?;
    /// let split = set.split_shuffled(0.1, 0.2, 7)?;
    /// assert_eq!((split.training.len(), split.validation.len(), split.test.len()), (70, 10, 20));
    /// // Test row 0 is the set's sample `split.indices.test[0]`, whose input is its number.
    /// assert_eq!(split.test.input(0), [split.indices.test[0] as f64]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn split_shuffled(
        &self,
        validation: f64,
        test: f64,
        seed: u64,
    ) -> Result<Split<T, I, O>, SplitError> {
        check_fractions(validation, test)?;
        let mut rng = StdRng::seed_from_u64(seed);
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.shuffle(&mut rng);
        let mut parts = SplitIndices::default();
        parts.deal(&order, validation, test);
        self.assemble(parts)
    }

    /// Like [`split_shuffled`](Self::split_shuffled), but each class is split on its own,
    /// `round(n_c·validation)` and `round(n_c·test)` of its `n_c` samples held out, so every
    /// part has (up to rounding) the class proportions of the whole set. A sample's class is
    /// the index of its largest label (one-hot labels), or, with one label, whether it is
    /// above 0.5 (0/1 labels). Each part is shuffled again, so classes are interleaved.
    ///
    /// ```
    /// use static_mlp::data::{Rows, SampleSet};
    ///
    /// // 90 samples of class 0 and 10 of class 1.
    /// let labels = (0..100).map(|k| [if k < 90 { 0.0 } else { 1.0 }]).collect();
    /// let set = SampleSet::<f64, 1, 1>::new(vec![[0.0]; 100], labels)?;
    /// let split = set.split_stratified(0.0, 0.2, 3)?;
    /// let ones = split.test.labels().iter().filter(|&&[y]| y == 1.0).count();
    /// assert_eq!((split.test.len(), ones), (20, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn split_stratified(
        &self,
        validation: f64,
        test: f64,
        seed: u64,
    ) -> Result<Split<T, I, O>, SplitError> {
        check_fractions(validation, test)?;
        let mut rng = StdRng::seed_from_u64(seed);
        let classes = if O == 1 { 2 } else { O };
        let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); classes];
        for sample in 0..self.len() {
            by_class[class_of(&self.label(sample))].push(sample);
        }
        let mut parts = SplitIndices::default();
        for members in &mut by_class {
            members.shuffle(&mut rng);
            parts.deal(members, validation, test);
        }
        parts.training.shuffle(&mut rng);
        parts.validation.shuffle(&mut rng);
        parts.test.shuffle(&mut rng);
        self.assemble(parts)
    }

    fn assemble(&self, parts: SplitIndices) -> Result<Split<T, I, O>, SplitError> {
        if parts.training.is_empty() {
            return Err(SplitError::EmptyTraining {
                samples: self.len(),
            });
        }
        Ok(Split {
            training: self.select(&parts.training),
            validation: self.select(&parts.validation),
            test: self.select(&parts.test),
            indices: parts,
        })
    }
}

/// The class of a label row: the index of its largest value, or for a single label whether
/// it is above 0.5.
pub(crate) fn class_of<T: Scalar, const O: usize>(label: &[T; O]) -> usize {
    if O == 1 {
        return usize::from(label[0] > T::literal(0.5));
    }
    let mut best = 0;
    for (k, value) in label.iter().enumerate() {
        if *value > label[best] {
            best = k;
        }
    }
    best
}

impl SplitIndices {
    /// Deals already shuffled `samples`: the first `round(n·test)` to the test part, the next
    /// `round(n·validation)` to validation, the rest to training.
    fn deal(&mut self, samples: &[usize], validation: f64, test: f64) {
        let n = samples.len() as f64;
        let tests = ((n * test).round() as usize).min(samples.len());
        let validations = ((n * validation).round() as usize).min(samples.len() - tests);
        let (held_for_test, rest) = samples.split_at(tests);
        let (held_for_validation, kept) = rest.split_at(validations);
        self.test.extend_from_slice(held_for_test);
        self.validation.extend_from_slice(held_for_validation);
        self.training.extend_from_slice(kept);
    }
}

fn check_fractions(validation: f64, test: f64) -> Result<(), SplitError> {
    let valid = |f: f64| f.is_finite() && f >= 0.0;
    if valid(validation) && valid(test) && validation + test < 1.0 {
        Ok(())
    } else {
        Err(SplitError::Fractions { validation, test })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// `n` samples whose input is their index, with one-hot labels of 3 classes in the
    /// proportions 50 : 30 : 20.
    fn numbered(n: usize) -> SampleSet<f64, 1, 3> {
        let mut set = SampleSet::with_capacity(n);
        for k in 0..n {
            let class = match k % 10 {
                0..5 => 0,
                5..8 => 1,
                _ => 2,
            };
            let mut label = [0.0; 3];
            label[class] = 1.0;
            set.push([k as f64], label);
        }
        set
    }

    fn ids(part: &SampleSet<f64, 1, 3>) -> Vec<usize> {
        part.inputs().iter().map(|&[x]| x as usize).collect()
    }

    fn class_counts(part: &SampleSet<f64, 1, 3>) -> [usize; 3] {
        let mut counts = [0; 3];
        for label in part.labels() {
            counts[class_of(label)] += 1;
        }
        counts
    }

    #[test]
    fn parts_are_disjoint_cover_the_set_and_have_the_asked_sizes() {
        let set = numbered(1_000);
        for split in [
            set.split_shuffled(0.15, 0.2, 1).unwrap(),
            set.split_stratified(0.15, 0.2, 1).unwrap(),
        ] {
            let sizes = (
                split.training.len(),
                split.validation.len(),
                split.test.len(),
            );
            assert_eq!(sizes, (650, 150, 200));
            let mut all = HashSet::new();
            for part in [&split.training, &split.validation, &split.test] {
                for id in ids(part) {
                    assert!(all.insert(id), "sample {id} is in two parts");
                    // A sample keeps its own label.
                    assert_eq!(
                        part.label(ids(part).iter().position(|&i| i == id).unwrap()),
                        set.label(id)
                    );
                }
            }
            assert_eq!(all.len(), 1_000);
            // The indices name each part's samples, row for row (an input is its number).
            assert_eq!(ids(&split.training), split.indices.training);
            assert_eq!(ids(&split.validation), split.indices.validation);
            assert_eq!(ids(&split.test), split.indices.test);
        }
    }

    #[test]
    fn the_seed_decides_the_split() {
        let set = numbered(200);
        let a = set.split_shuffled(0.1, 0.1, 5).unwrap();
        assert_eq!(a, set.split_shuffled(0.1, 0.1, 5).unwrap());
        assert_ne!(
            ids(&a.test),
            ids(&set.split_shuffled(0.1, 0.1, 6).unwrap().test)
        );
        let first: Vec<usize> = ids(&a.training).into_iter().take(20).collect();
        assert_ne!(first, (0..20).collect::<Vec<_>>(), "shuffled, not in order");
    }

    #[test]
    fn stratified_parts_keep_the_class_proportions() {
        let set = numbered(1_000); // 500 : 300 : 200
        let split = set.split_stratified(0.1, 0.2, 9).unwrap();
        assert_eq!(class_counts(&split.test), [100, 60, 40]);
        assert_eq!(class_counts(&split.validation), [50, 30, 20]);
        assert_eq!(class_counts(&split.training), [350, 210, 140]);
        // Unstratified, the test part's proportions wander.
        let counts: Vec<[usize; 3]> = (0..20)
            .map(|seed| class_counts(&set.split_shuffled(0.1, 0.2, seed).unwrap().test))
            .collect();
        assert!(counts.iter().any(|&c| c != [100, 60, 40]), "{counts:?}");
    }

    #[test]
    fn bad_fractions_and_tiny_sets_are_refused() {
        let set = numbered(10);
        for (v, t) in [
            (0.5, 0.5),
            (-0.1, 0.2),
            (f64::NAN, 0.1),
            (0.1, f64::INFINITY),
        ] {
            assert!(matches!(
                set.split_shuffled(v, t, 0),
                Err(SplitError::Fractions { .. })
            ));
        }
        let error = numbered(1).split_shuffled(0.0, 0.6, 0).unwrap_err();
        assert_eq!(error, SplitError::EmptyTraining { samples: 1 });
        assert!(error.to_string().contains("leaves none to train on"));
    }
}
