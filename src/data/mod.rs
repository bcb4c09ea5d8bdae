//! Data sets: the const-length [`Dataset`] for the lab, the run-time-length [`SampleSlice`]
//! (borrowed) and [`SampleSet`] (owned), the [`Rows`] view training takes of either, checks,
//! splits and (with `std`) CSV reading.
//!
//! A [`Dataset`] holds `N` samples as one `N × I` input matrix and one `N × O` label matrix, so
//! a whole set is one full batch; [`xor_easy`] and [`linearly_separable`] are the lab's sets and
//! [`Dataset::split`] holds part of one out. Real data has a length known only at run time: a
//! [`SampleSlice`] borrows rows `[T; I]` / `[T; O]` from the caller without copying (no `std`
//! needed), a [`SampleSet`] owns them, and [`csv`] reads one from a file. [`check`] finds the
//! first non-finite or out-of-range value before training starts; a [`Standardizer`] is fitted
//! on training rows and standardises every row after. A [`SampleSet`] splits into training,
//! validation and test parts ([`Split`], with each part's sample indices) or into the
//! [`Fold`]s of a stratified k-fold cross-validation.

#[cfg(feature = "csv")]
pub mod csv;
mod dataset;
#[cfg(feature = "std")]
pub mod encoding;
#[cfg(feature = "std")]
mod folds;
pub(crate) mod gather;
pub(crate) mod invalid_data;
mod lab_sets;
pub mod missing;
mod rows;
#[cfg(feature = "std")]
mod sample_set;
mod sample_slice;
#[cfg(feature = "std")]
mod shuffled_split;
mod split;
mod standardize;
#[cfg(feature = "csv")]
pub mod text_records;

pub use dataset::Dataset;
#[cfg(feature = "std")]
pub use folds::Fold;
pub use invalid_data::{InvalidData, check};
pub use lab_sets::{linearly_separable, xor_easy};
pub use rows::Rows;
#[doc(hidden)]
pub use rows::WholeBatch;
#[cfg(feature = "std")]
pub use sample_set::SampleSet;
pub use sample_slice::{LengthMismatch, SampleSlice};
#[cfg(feature = "std")]
pub use shuffled_split::{Split, SplitError, SplitIndices};
pub use standardize::{StandardizeError, Standardizer};
