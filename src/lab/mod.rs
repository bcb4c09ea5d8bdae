//! The lab's experiments: training histories, seed sweeps and the statistics that summarise them.
//!
//! [`history::History`] records a run's loss and accuracy per epoch without allocating while
//! training; [`sweep`] trains one network per seed and compares many; [`statistics`] holds the
//! pure functions (fraction, percentile, histogram) both use. Uses `training`, `model` and `data`.
//! Needs `std`.

pub mod history;
pub mod statistics;
pub mod sweep;
