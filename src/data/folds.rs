//! Stratified k-fold cross-validation splits of a [`SampleSet`]: `k` disjoint test folds that
//! together hold every sample once, each with the class proportions of the whole set.

use crate::data::rows::Rows;
use crate::data::sample_set::SampleSet;
use crate::data::shuffled_split::{SplitError, class_of};
use crate::math::scalar::Scalar;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// One fold of a k-fold cross-validation: a test part, and every other sample to train on.
#[derive(Clone, Debug, PartialEq)]
pub struct Fold<T, const I: usize, const O: usize> {
    /// Every sample not in this fold's test part.
    pub training: SampleSet<T, I, O>,
    /// This fold's test part.
    pub test: SampleSet<T, I, O>,
    /// The training part's samples, as indices into the set that was split, row for row.
    pub training_indices: Vec<usize>,
    /// The test part's samples, as indices into the set that was split, row for row.
    pub test_indices: Vec<usize>,
}

impl<T: Scalar, const I: usize, const O: usize> SampleSet<T, I, O> {
    /// `folds` folds for stratified k-fold cross-validation (scikit-learn's
    /// `StratifiedKFold(shuffle=True)`), from a generator seeded by `seed`: each class's
    /// samples are shuffled and dealt in turn to the folds' test parts, so every sample is in
    /// exactly one test part, the test parts' sizes differ by at most one, and so do each
    /// class's counts in them. A sample's class is as in
    /// [`split_stratified`](Self::split_stratified). The same seed gives the same folds.
    ///
    /// ```
    /// use static_mlp::data::{Rows, SampleSet};
    ///
    /// // 80 samples of class 0 and 20 of class 1.
    /// let labels = (0..100).map(|k| [if k < 80 { 0.0 } else { 1.0 }]).collect();
    /// let set = SampleSet::<f64, 1, 1>::new(vec![[0.0]; 100], labels)?;
    /// let folds = set.stratified_folds(5, 1)?;
    /// for fold in &folds {
    ///     let ones = fold.test.labels().iter().filter(|&&[y]| y == 1.0).count();
    ///     assert_eq!((fold.test.len(), ones, fold.training.len()), (20, 4, 80));
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SplitError::Folds`] for fewer than 2 folds, or more folds than samples.
    pub fn stratified_folds(
        &self,
        folds: usize,
        seed: u64,
    ) -> Result<Vec<Fold<T, I, O>>, SplitError> {
        if folds < 2 || folds > self.len() {
            return Err(SplitError::Folds {
                folds,
                samples: self.len(),
            });
        }
        let mut rng = StdRng::seed_from_u64(seed);
        let classes = if O == 1 { 2 } else { O };
        let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); classes];
        for sample in 0..self.len() {
            by_class[class_of(&self.label(sample))].push(sample);
        }
        // One count runs on across the classes, so the folds' sizes stay within one too.
        let mut tests: Vec<Vec<usize>> = vec![Vec::new(); folds];
        let mut dealt = 0;
        for members in &mut by_class {
            members.shuffle(&mut rng);
            for &sample in members.iter() {
                tests[dealt % folds].push(sample);
                dealt += 1;
            }
        }
        let mut fold_of = vec![0; self.len()];
        for (fold, test) in tests.iter().enumerate() {
            for &sample in test {
                fold_of[sample] = fold;
            }
        }
        Ok(tests
            .into_iter()
            .enumerate()
            .map(|(fold, mut test_indices)| {
                test_indices.shuffle(&mut rng);
                let training_indices: Vec<usize> =
                    (0..self.len()).filter(|&s| fold_of[s] != fold).collect();
                Fold {
                    training: self.select(&training_indices),
                    test: self.select(&test_indices),
                    training_indices,
                    test_indices,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` samples whose input is their index; class 0, 1, 2 in the proportions 5 : 3 : 2.
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

    #[test]
    fn test_folds_partition_the_set_with_its_class_proportions() {
        let set = numbered(100);
        let folds = set.stratified_folds(5, 3).unwrap();
        assert_eq!(folds.len(), 5);
        let mut seen = vec![0; 100];
        for fold in &folds {
            let mut counts = [0; 3];
            for label in fold.test.labels() {
                counts[class_of(label)] += 1;
            }
            // 50, 30 and 20 samples over 5 folds.
            assert_eq!(counts, [10, 6, 4]);
            for (row, &sample) in fold.test_indices.iter().enumerate() {
                assert_eq!(fold.test.input(row), [sample as f64]);
                seen[sample] += 1;
            }
            for (row, &sample) in fold.training_indices.iter().enumerate() {
                assert_eq!(fold.training.input(row), [sample as f64]);
                assert!(!fold.test_indices.contains(&sample));
            }
            assert_eq!(fold.training.len() + fold.test.len(), 100);
        }
        assert_eq!(seen, vec![1; 100], "every sample in one test fold");
        assert_eq!(
            folds,
            set.stratified_folds(5, 3).unwrap(),
            "the seed decides"
        );
        assert_ne!(folds, set.stratified_folds(5, 4).unwrap());
    }

    #[test]
    fn uneven_folds_differ_by_at_most_one() {
        // 13 samples (8 : 3 : 2) in 4 folds: 4, 3, 3, 3 test samples.
        let folds = numbered(13).stratified_folds(4, 0).unwrap();
        let mut sizes: Vec<usize> = folds.iter().map(|f| f.test.len()).collect();
        sizes.sort_unstable();
        assert_eq!(sizes, [3, 3, 3, 4]);
    }

    #[test]
    fn too_few_or_too_many_folds_are_refused() {
        let set = numbered(4);
        for folds in [0, 1, 5] {
            let error = set.stratified_folds(folds, 0).unwrap_err();
            assert_eq!(error, SplitError::Folds { folds, samples: 4 });
        }
        assert_eq!(
            SplitError::Folds {
                folds: 5,
                samples: 4
            }
            .to_string(),
            "cannot cut 4 samples into 5 folds: expected at least 2 folds and no more than \
             the samples"
        );
    }
}
