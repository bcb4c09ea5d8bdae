//! Data sets: the const-length [`Dataset`] and the lab's two, their checks and their splits.
//!
//! A [`Dataset`] holds `N` samples as one `N × I` input matrix and one `N × O` label matrix, so
//! a whole set is one full batch. [`xor_easy`] and [`linear`] are the lab's sets;
//! [`Dataset::split`] holds part of one out for validation; [`Dataset::check`] finds the first
//! non-finite or out-of-range value before training starts; a [`Standardizer`] is fitted on
//! training rows and standardises every row after. Uses the arithmetic room (`math`) only.

mod dataset;
pub(crate) mod invalid_data;
mod lab_sets;
mod split;
mod standardize;

pub use dataset::Dataset;
pub use lab_sets::{linear, xor_easy};
pub use standardize::{StandardizeError, Standardizer};
