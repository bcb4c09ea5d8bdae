//! Seed sweeps: many training runs that differ only in their initial weights, summarised.
//!
//! One run settles little: the lab's XOR network stalls below 100 % for some initialisations
//! and not others. [`Outcome::train`] trains one network and notes when it first classified
//! every point and where its loss ended; [`SweepSummary::of`] turns the outcomes of many seeds into
//! the numbers worth comparing. [`run_seeds`] runs one job per seed on several threads; since
//! each outcome depends on its seed alone, the results are the same for any number of threads.

use crate::data::Dataset;
use crate::experiments::statistics::{StatisticsError, fraction, median, percentile};
use crate::math::scalar::Scalar;
use crate::metrics::accuracy::accuracy;
use crate::train::evaluation::evaluate;
use crate::train::loss::Loss;
use crate::train::optim::Optimizer;
use crate::train::step::Train;
use core::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// What one training run came to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// The first epoch (counted from 1) after whose update every sample was classified
    /// correctly, or `None` if no epoch within the budget got there. This is the epoch
    /// [`Fit`](crate::train::Fit) with `target_accuracy(1.0)` would have stopped at — unless the
    /// starting weights were already perfect, where `Fit` stops after 0 epochs and this says 1.
    pub first_perfect_epoch: Option<usize>,
    /// The loss of the trained network, after the last epoch.
    pub final_loss: f64,
    /// The accuracy of the trained network after the last epoch, as the lab counts it
    /// whatever the output activation: the fraction of outputs on the same side of 0.5 as
    /// their labels ([`metrics::accuracy`](crate::metrics::accuracy)).
    pub final_accuracy: f64,
}

impl Outcome {
    /// Trains `network` for `epochs` full-batch epochs on `data` and reports how it went.
    ///
    /// This is [`Fit`](crate::train::Fit)'s full-batch loop, cut down for speed: accuracy is measured
    /// after each epoch (one forward pass) only until it first reaches 100 %, and after that
    /// the run just trains, since the final loss needs the whole budget. Nothing checks for
    /// divergence: a run that diverges reports a non-finite final loss, which
    /// [`SweepSummary::of`] refuses by name. Allocates nothing.
    pub fn train<T, N, L, P, const B: usize, const I: usize, const O: usize>(
        network: &mut N,
        loss: &L,
        optimizer: &mut P,
        data: &Dataset<T, B, I, O>,
        epochs: usize,
    ) -> Self
    where
        T: Scalar,
        N: Train<T, I, O>,
        L: Loss<N::OutputActivation>,
        P: Optimizer<T, N>,
    {
        let (inputs, labels) = (&data.inputs, &data.labels);
        let mut first_perfect_epoch = None;
        for epoch in 1..=epochs {
            network.train_step(loss, optimizer, inputs, labels);
            let perfect = || accuracy(&network.predict(inputs), labels) == T::ONE;
            if first_perfect_epoch.is_none() && perfect() {
                first_perfect_epoch = Some(epoch);
            }
        }
        let end = evaluate(network, loss, data);
        Self {
            first_perfect_epoch,
            final_loss: end.loss.to_f64(),
            // The lab's measure, whatever the output: outputs on the right side of 0.5.
            final_accuracy: accuracy(&network.predict(inputs), labels).to_f64(),
        }
    }
}

/// The numbers that compare one configuration's runs with another's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepSummary {
    /// How many runs there were.
    pub runs: usize,
    /// The fraction of runs that reached 100 % accuracy within the epoch budget.
    pub reached: f64,
    /// The median first-perfect epoch among the runs that reached 100 % (`None` if none did).
    pub median_epoch: Option<f64>,
    /// The 90th-percentile first-perfect epoch among the runs that reached 100 %.
    pub p90_epoch: Option<f64>,
    /// The fraction of runs whose trained network classifies every sample correctly.
    pub perfect_at_end: f64,
    /// The distribution of the trained networks' losses.
    pub final_loss: Spread,
}

/// Five points of a distribution: its extremes, 10th and 90th percentiles and median.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// The smallest value.
    pub min: f64,
    /// The 10th percentile.
    pub p10: f64,
    /// The median.
    pub median: f64,
    /// The 90th percentile.
    pub p90: f64,
    /// The largest value.
    pub max: f64,
}

impl Spread {
    /// The spread of `values`, which must be non-empty and finite.
    pub fn of(values: &[f64]) -> Result<Self, StatisticsError> {
        Ok(Self {
            min: percentile(values, 0.0)?,
            p10: percentile(values, 10.0)?,
            median: median(values)?,
            p90: percentile(values, 90.0)?,
            max: percentile(values, 100.0)?,
        })
    }
}

impl SweepSummary {
    /// Summarises the outcomes of a sweep. Fails on no outcomes or a non-finite final loss
    /// (a run that diverged), naming its index.
    pub fn of(outcomes: &[Outcome]) -> Result<Self, StatisticsError> {
        let epochs: Vec<f64> = outcomes
            .iter()
            .filter_map(|outcome| outcome.first_perfect_epoch)
            .map(|epoch| epoch as f64)
            .collect();
        let losses: Vec<f64> = outcomes.iter().map(|outcome| outcome.final_loss).collect();
        Ok(Self {
            runs: outcomes.len(),
            reached: fraction(outcomes, |outcome| outcome.first_perfect_epoch.is_some())?,
            median_epoch: median(&epochs).ok(),
            p90_epoch: percentile(&epochs, 90.0).ok(),
            perfect_at_end: fraction(outcomes, |outcome| outcome.final_accuracy == 1.0)?,
            final_loss: Spread::of(&losses)?,
        })
    }
}

/// Why [`run_seeds`] did not start: the outcomes of that many seeds cannot be held in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooManySeeds {
    /// The number of seeds asked for.
    pub seeds: u64,
}

impl fmt::Display for TooManySeeds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected a number of seeds whose outcomes fit in memory, found {}",
            self.seeds
        )
    }
}

impl std::error::Error for TooManySeeds {}

/// `run(seed)` for each seed in `0..seeds`, on `threads` threads (0: one per core), returned in
/// seed order whichever thread ran each seed.
///
/// The threads take the next seed from a shared counter, so a slow seed does not hold the
/// others up. A panic in `run` is passed on to the caller once every thread has stopped. The
/// room for every outcome is reserved first: a count whose outcomes cannot be held in memory
/// is a [`TooManySeeds`] error before any run.
pub fn run_seeds<T: Send>(
    seeds: u64,
    threads: usize,
    run: impl Fn(u64) -> T + Sync,
) -> Result<Vec<T>, TooManySeeds> {
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let mut done = Vec::new();
    usize::try_from(seeds)
        .ok()
        .and_then(|count| done.try_reserve_exact(count).ok())
        .ok_or(TooManySeeds { seeds })?;
    let next = AtomicU64::new(0);
    let done = Mutex::new(done);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let seed = next.fetch_add(1, Ordering::Relaxed);
                        if seed >= seeds {
                            break;
                        }
                        let outcome = run(seed);
                        done.lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push((seed, outcome));
                    }
                })
            })
            .collect();
        // Joined here rather than by the scope, which would replace the panic's message.
        for worker in workers {
            if let Err(panic) = worker.join() {
                next.store(seeds, Ordering::Relaxed); // the other threads stop after their seed
                std::panic::resume_unwind(panic);
            }
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|p| p.into_inner());
    done.sort_unstable_by_key(|&(seed, _)| seed);
    Ok(done.into_iter().map(|(_, outcome)| outcome).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;
    use crate::model::activation::Identity;
    use crate::prelude::*;

    #[test]
    fn run_seeds_returns_every_seed_once_in_order() {
        let expected: Vec<u64> = (0..50).map(|seed| seed * seed).collect();
        for threads in [0, 1, 3, 64] {
            assert_eq!(
                run_seeds(50, threads, |seed| seed * seed).unwrap(),
                expected,
                "{threads}"
            );
        }
        assert!(run_seeds(0, 2, |seed| seed).unwrap().is_empty());
    }

    #[test]
    fn more_seeds_than_memory_holds_is_an_error_before_any_run() {
        let ran = AtomicU64::new(0);
        let count = |seed: u64| {
            ran.fetch_add(1, Ordering::Relaxed);
            seed
        };
        assert_eq!(
            run_seeds(u64::MAX, 2, count),
            Err(TooManySeeds { seeds: u64::MAX })
        );
        // 2⁶⁰ outcomes of 16 bytes each: 16 EiB, more than any address space
        assert_eq!(
            run_seeds(1 << 60, 2, |seed| (seed, seed)),
            Err(TooManySeeds { seeds: 1 << 60 })
        );
        assert_eq!(ran.load(Ordering::Relaxed), 0);
        assert_eq!(
            TooManySeeds { seeds: u64::MAX }.to_string(),
            "expected a number of seeds whose outcomes fit in memory, found 18446744073709551615"
        );
    }

    #[test]
    #[should_panic(expected = "seed 7")]
    fn run_seeds_passes_a_panic_on() {
        let _ = run_seeds(10, 2, |seed| assert_ne!(seed, 7, "seed {seed}"));
    }

    #[test]
    fn train_stops_counting_where_fit_would_stop() {
        // Fit with target_accuracy(1.0) stops at the epoch Outcome::train calls the first
        // perfect one, from the same weights.
        let xor = data::xor_easy::<f64>();
        let start = <mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid)>::random(
            Init::StandardNormal,
            &mut StdRng::seed_from_u64(1),
        );
        let mut net = start;
        let mut optimizer = GradientDescent::new(0.5).unwrap();
        let summary = Fit::new(&MeanSquaredError, &mut optimizer)
            .max_epochs(20_000)
            .target_accuracy(1.0)
            .unwrap()
            .run(&mut net, &xor)
            .unwrap();
        let mut net = start;
        let mut optimizer = GradientDescent::new(0.5).unwrap();
        let outcome = Outcome::train(&mut net, &MeanSquaredError, &mut optimizer, &xor, 20_000);
        assert_eq!(outcome.first_perfect_epoch, Some(summary.epochs));
    }

    fn outcome(epoch: Option<usize>, final_loss: f64) -> Outcome {
        Outcome {
            first_perfect_epoch: epoch,
            final_loss,
            final_accuracy: if epoch.is_some() { 1.0 } else { 0.5 },
        }
    }

    #[test]
    fn summary_of_a_hand_checkable_sweep() {
        let outcomes = [
            outcome(Some(100), 0.01),
            outcome(None, 0.30),
            outcome(Some(300), 0.02),
            outcome(Some(200), 0.04),
            outcome(Some(1_000), 0.03),
        ];
        let summary = SweepSummary::of(&outcomes).unwrap();
        assert_eq!(summary.runs, 5);
        assert_eq!(summary.reached, 0.8);
        assert_eq!(summary.perfect_at_end, 0.8);
        // Epochs of the four that reached: 100, 200, 300, 1000.
        assert_eq!(summary.median_epoch, Some(250.0));
        // r = 0.9 · 3 = 2.7: 300 + 0.7 · 700 = 790.
        assert!((summary.p90_epoch.unwrap() - 790.0).abs() < 1e-9);
        // Losses sorted: 0.01 0.02 0.03 0.04 0.30; p10 at r = 0.4, p90 at r = 3.6.
        let loss = summary.final_loss;
        assert_eq!((loss.min, loss.median, loss.max), (0.01, 0.03, 0.30));
        assert!((loss.p10 - 0.014).abs() < 1e-12);
        assert!((loss.p90 - 0.196).abs() < 1e-12);
    }

    #[test]
    fn summary_without_successes_has_no_epochs() {
        let summary = SweepSummary::of(&[outcome(None, 0.2), outcome(None, 0.25)]).unwrap();
        assert_eq!(summary.reached, 0.0);
        assert_eq!((summary.median_epoch, summary.p90_epoch), (None, None));
        assert_eq!(SweepSummary::of(&[]), Err(StatisticsError::Empty));
        assert_eq!(
            SweepSummary::of(&[outcome(None, 0.2), outcome(None, f64::NAN)])
                .unwrap_err()
                .to_string(),
            "expected finite values, found NaN at index 1"
        );
    }

    #[test]
    fn train_notes_the_first_perfect_epoch() {
        // One weight w on input 1 with label 1, identity output: correct once w > 0.5.
        // w starts at 0 and gradient descent on (w − 1)² at rate 0.25 halves the distance to
        // 1 each epoch: w = 0.5 after epoch 1 (not above 0.5), 0.75 after epoch 2.
        let mut net: Dense<f64, 1, 1, Identity, NoBias> = Dense::from_weights(matrix![0.0]);
        let mut optimizer = GradientDescent::new(0.25).unwrap();
        let set = Dataset {
            inputs: matrix![1.0],
            labels: matrix![1.0],
        };
        let outcome = Outcome::train(&mut net, &MeanSquaredError, &mut optimizer, &set, 5);
        assert_eq!(outcome.first_perfect_epoch, Some(2));
        // After 5 epochs w = 1 − 2⁻⁵, so the loss is 2⁻¹⁰.
        assert_eq!(outcome.final_loss, 2.0_f64.powi(-10));
        assert_eq!(outcome.final_accuracy, 1.0);
    }

    #[test]
    fn train_is_a_function_of_the_seed() {
        let xor = data::xor_easy::<f64>();
        let run = |seed| {
            let mut rng = StdRng::seed_from_u64(seed);
            let mut net = <mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid)>::random(
                Init::StandardNormal,
                &mut rng,
            );
            let mut optimizer = GradientDescent::new(0.5).unwrap();
            Outcome::train(&mut net, &MeanSquaredError, &mut optimizer, &xor, 500)
        };
        assert_eq!(run(4), run(4));
        assert_ne!(run(4), run(5));
    }
}
