//! Measures of a trained network: accuracy, the confusion matrix, and regression errors.
//!
//! [`accuracy`] and [`class_accuracy`] count correct outputs ([`argmax`] picks a class, `None`
//! for a NaN or a tie); a [`ConfusionMatrix`] counts actual × predicted classes and gives
//! precision and recall; [`Regression`] holds MAE, RMSE and R² per output, from
//! [`measure_regression`].

pub(crate) mod accuracy;
pub(crate) mod confusion;
pub(crate) mod regression;

pub use crate::math::argmax::argmax;
pub use accuracy::{accuracy, class_accuracy};
pub use confusion::{ConfusionMatrix, ConfusionTable};
pub use regression::{Regression, RegressionTotals, label_mean, measure_regression};
