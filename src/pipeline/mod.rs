//! A trained network with the preprocessing it was trained behind: predictions from raw rows.
//!
//! A [`Pipeline`] keeps a network with the [`Imputer`](crate::data::missing::Imputer) and the
//! [`Standardizer`](crate::data::Standardizer) fitted on its training rows and its class
//! names, predicts from raw rows, and is saved and loaded as one JSON file (`serde` feature)
//! and baked as one `const` ([`bake_pipeline`]). Its [`ClassNames`] are one per output, or
//! two for a network with one output. A [`RecordPipeline`] puts a
//! [`RecordEncoder`](crate::data::encoding::RecordEncoder) in front, to predict from raw text
//! records with text columns.

pub(crate) mod class_names;
#[cfg(feature = "serde")]
pub(crate) mod json_file;
// The folder is named for its one type.
#[allow(clippy::module_inception)]
pub(crate) mod pipeline;
#[cfg(feature = "std")]
pub(crate) mod record_pipeline;
#[cfg(feature = "std")]
pub(crate) mod rust_source;

pub use class_names::{ClassCountMismatch, ClassNames};
pub use pipeline::Pipeline;
#[cfg(feature = "std")]
pub use record_pipeline::RecordPipeline;
#[cfg(feature = "std")]
pub use rust_source::bake_pipeline;
