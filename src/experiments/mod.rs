//! Experiments over many runs: training histories, seed sweeps, and the statistics that
//! summarise them.
//!
//! A [`History`] records a run's loss and accuracy per epoch without allocating while
//! training; [`run_seeds`] trains one network per seed on scoped threads and a
//! [`SweepSummary`] compares many; [`cross_validate`] scores a network on every fold of a
//! [k-fold split](crate::data::SampleSet::stratified_folds), also on threads, and
//! [`cross_validate_widths!`](crate::cross_validate_widths) does so for several hidden widths
//! in one call, returning a [`WidthComparison`]; [`fraction`],
//! [`percentile`], [`median`] and [`Histogram`] are the pure functions they use. Needs `std`.

pub(crate) mod cross_validation;
pub(crate) mod history;
pub(crate) mod statistics;
pub(crate) mod sweep;
pub(crate) mod width_comparison;

pub use cross_validation::{CrossValidation, cross_validate};
pub use history::{History, HistoryFull};
pub use statistics::{Histogram, StatisticsError, fraction, median, percentile};
pub use sweep::{Outcome, Spread, SweepSummary, TooManySeeds, run_seeds};
pub use width_comparison::WidthComparison;
