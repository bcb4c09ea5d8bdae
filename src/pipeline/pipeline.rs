//! `Pipeline`: a trained network together with the preprocessing it was trained behind — the
//! thing to save, bake and deploy.
//!
//! A network trained on standardised inputs is only right on standardised inputs, and a class
//! index is only useful with the name it stands for. Kept apart, the three drift: a saved net
//! loaded next to a standardizer fitted on other rows, or class names in another order, gives
//! wrong answers with no error. A `Pipeline` keeps them in one value, with the
//! [`Imputer`] that fills in missing cells if the training rows had some, so
//! [`save`](Pipeline::save)/[`load`](Pipeline::load) (file format version 2, or 3 with an
//! imputer) and [`bake_pipeline`](crate::pipeline::bake_pipeline) carry them all, and a model
//! applied to *raw* rows (NaN for a missing cell) predicts what it did during training, bit
//! for bit.
//!
//! It lives in `training`, beside [`Network`], because it is what training produces and needs
//! both the network's dispatched forward pass (`training`) and the
//! [`Standardizer`] (`data`); `model` sees neither. It is not a layer: the standardisation is
//! fitted, not trained, and stays outside the gradient.
//!
//! The class names' type `S` is a parameter: `&'static str` for a baked constant (which must
//! build without allocating, also without `std`), `String` for a pipeline loaded from a file.

use crate::data::Standardizer;
use crate::data::missing::Imputer;
use crate::math::argmax::class_of;
use crate::math::scalar::Scalar;
use crate::model::network::Network;
use crate::pipeline::class_names::{ClassCountMismatch, ClassNames};
use nalgebra::SMatrix;

/// A network `N` (from `I` inputs to `O` outputs, in `T`) with the [`Standardizer`] fitted on
/// its training inputs and, for a classifier, the names of its classes (of type `S`:
/// `String` or `&'static str`): one per output, or two for a network with one output.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::pipeline::Pipeline;
/// use static_mlp::data::Standardizer;
///
/// type Net = mlp!(f64; 2 => 4 Tanh => 3 Softmax);
/// let net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(5));
/// let raw_training_rows = [[150.0, 0.2], [170.0, 0.4], [190.0, 0.9]];
/// let standardizer = Standardizer::fit(&raw_training_rows)?;
/// let model: Pipeline<Net, f64, 2, 3, &str> =
///     Pipeline::new(net, standardizer).with_class_names(["small", "medium", "large"]);
///
/// // Raw rows in, standardised inside: the same as standardising by hand.
/// let raw = [165.0, 0.3];
/// assert_eq!(model.predict_one(raw), net.predict_one(standardizer.apply(&raw)));
/// let index = model.predict_class(raw);
/// assert_eq!(model.predict_class_name(raw), index.map(|i| ["small", "medium", "large"][i]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A network with one sigmoid output has two classes: the first name for an output of 0.5 or
/// below, the second for an output above 0.5.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::{data::Standardizer, pipeline::Pipeline};
///
/// type Net = mlp!(f64; 1 => 1 Sigmoid);
/// let net = Net::from_parts(SMatrix::from([[2.0]]), SMatrix::from([[0.0]])); // σ(2x)
/// let model: Pipeline<Net, f64, 1, 1, &str> =
///     Pipeline::new(net, Standardizer::identity()).with_class_names(["benign", "malignant"]);
/// assert_eq!(model.predict_class_name([0.1]), Some("malignant")); // σ(0.2) ≈ 0.55
/// assert_eq!(model.predict_class_name([-0.1]), Some("benign")); // σ(−0.2) ≈ 0.45
/// assert_eq!(model.predict_class_name([0.0]), Some("benign")); // σ(0) = 0.5, not above
/// assert_eq!(model.class_names(), Some(&["benign", "malignant"][..]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pipeline<N, T: Scalar, const I: usize, const O: usize, S> {
    network: N,
    imputer: Imputer<T, I>,
    standardizer: Standardizer<T, I>,
    class_names: Option<ClassNames<S, O>>,
}

impl<N, T: Scalar, const I: usize, const O: usize, S> Pipeline<N, T, I, O, S> {
    /// A network with the standardizer its training inputs went through, without class names.
    pub const fn new(network: N, standardizer: Standardizer<T, I>) -> Self {
        Self {
            network,
            imputer: Imputer::none(),
            standardizer,
            class_names: None,
        }
    }

    /// A pipeline from all its parts: what a [baked](crate::pipeline::bake_pipeline) constant is
    /// built from.
    pub const fn from_parts(
        network: N,
        standardizer: Standardizer<T, I>,
        class_names: Option<ClassNames<S, O>>,
    ) -> Self {
        Self {
            network,
            imputer: Imputer::none(),
            standardizer,
            class_names,
        }
    }

    /// A pipeline from all its parts, an imputer included: what a
    /// [baked](crate::pipeline::bake_pipeline) constant with one is built from.
    pub const fn from_imputed_parts(
        network: N,
        imputer: Imputer<T, I>,
        standardizer: Standardizer<T, I>,
        class_names: Option<ClassNames<S, O>>,
    ) -> Self {
        Self {
            network,
            imputer,
            standardizer,
            class_names,
        }
    }

    /// The same pipeline filling in the missing (NaN) cells of every raw row with `imputer`
    /// (fitted on the training rows) before standardising them.
    pub fn with_imputer(self, imputer: Imputer<T, I>) -> Self {
        Self { imputer, ..self }
    }

    /// The same pipeline naming its classes: with two outputs or more one name per output,
    /// output `k` being `names[k]`; with one output two names, the class for an output of 0.5
    /// or below, then the class for an output above 0.5.
    ///
    /// Another number of names does not build (a `const` assertion, which `cargo build`
    /// evaluates and `cargo check` does not); a list whose length is known only at run time
    /// goes through [`try_with_class_names`](Self::try_with_class_names).
    ///
    /// ```compile_fail,E0080
    /// # use static_mlp::prelude::*;
    /// # use static_mlp::{pipeline::Pipeline, data::Standardizer};
    /// type Net = mlp!(f32; 30 => 16 Relu => 1 Sigmoid);
    /// let pipeline: Pipeline<Net, f32, 30, 1, &str> = Pipeline::new(Net::zeros(), Standardizer::identity());
    /// let one_name = pipeline.with_class_names(["malignant"]); // which class is an output of 0.2?
    /// ```
    pub fn with_class_names<const K: usize>(self, names: [S; K]) -> Self {
        Self {
            class_names: Some(ClassNames::from_array(names)),
            ..self
        }
    }

    /// The same pipeline naming its classes from a list whose length is known only at run
    /// time, such as the class names a CSV reader found: [`ClassNames::COUNT`] names (one per
    /// output, or two for one output, as [`with_class_names`](Self::with_class_names)), or
    /// an error naming both counts.
    ///
    /// ```
    /// # use static_mlp::prelude::*;
    /// # use static_mlp::{pipeline::Pipeline, data::Standardizer};
    /// type Net = mlp!(f32; 2 => 3 Softmax);
    /// let names = vec!["a".to_string(), "b".to_string()];
    /// let pipeline: Pipeline<Net, f32, 2, 3, String> = Pipeline::new(Net::zeros(), Standardizer::identity());
    /// let error = pipeline.try_with_class_names(names).unwrap_err();
    /// assert_eq!(error.to_string(), "expected 3 class names (one per output), found 2");
    /// ```
    pub fn try_with_class_names(
        self,
        names: impl IntoIterator<Item = S>,
    ) -> Result<Self, ClassCountMismatch> {
        Ok(Self {
            class_names: Some(ClassNames::try_from_names(names)?),
            ..self
        })
    }

    /// The network, which expects standardised inputs.
    pub const fn network(&self) -> &N {
        &self.network
    }

    /// The imputer applied to every raw input, before the standardizer ([`Imputer::none`]
    /// unless [`with_imputer`](Self::with_imputer) gave one).
    pub const fn imputer(&self) -> &Imputer<T, I> {
        &self.imputer
    }

    /// The standardizer applied to every raw input.
    pub const fn standardizer(&self) -> &Standardizer<T, I> {
        &self.standardizer
    }

    /// The class names in class order, if the pipeline has them: class `k`
    /// ([`predict_class`](Self::predict_class)) is named `class_names()[k]`. There are `O`,
    /// or two for one output (the class at or below 0.5 first).
    pub const fn class_names(&self) -> Option<&[S]> {
        match &self.class_names {
            Some(names) => Some(names.as_slice()),
            None => None,
        }
    }

    /// The parts: network, standardizer, class names.
    pub fn into_parts(self) -> (N, Standardizer<T, I>, Option<ClassNames<S, O>>) {
        (self.network, self.standardizer, self.class_names)
    }
}

impl<N, T, const I: usize, const O: usize, S> Pipeline<N, T, I, O, S>
where
    T: Scalar,
    N: Network<T, I, O>,
{
    /// The input the network gets for one raw row: its missing (NaN) cells imputed, then
    /// standardised.
    #[inline]
    pub fn prepare(&self, raw: &[T; I]) -> [T; I] {
        self.standardizer.apply(&self.imputer.apply(raw))
    }

    /// The output for one raw (not yet imputed or standardised) row.
    #[inline]
    pub fn predict_one(&self, raw: [T; I]) -> [T; O] {
        self.network.predict_one(self.prepare(&raw))
    }

    /// The outputs for a batch of raw rows, one sample per row.
    #[inline]
    pub fn predict<const B: usize>(&self, raw: &SMatrix<T, B, I>) -> SMatrix<T, B, O> {
        let mut inputs = *raw;
        if !self.imputer.is_none() {
            for mut row in inputs.row_iter_mut() {
                let filled = self.imputer.apply(&core::array::from_fn(|k| row[k]));
                for (cell, value) in row.iter_mut().zip(filled) {
                    *cell = value;
                }
            }
        }
        self.standardizer.apply_batch(&mut inputs);
        self.network.predict(&inputs)
    }

    /// The class picked for one raw row. With two outputs or more, the index of the single
    /// largest output, or `None` when there is none (a NaN, or a tie), as
    /// [`Network::predict_class`]. With one output, one of two classes: 1 for an output above
    /// 0.5, 0 for one at or below it (as [`metrics::accuracy`](crate::metrics::accuracy)
    /// counts it), `None` for a NaN.
    #[inline]
    pub fn predict_class(&self, raw: [T; I]) -> Option<usize> {
        class_of(&self.predict_one(raw))
    }
}

impl<N, T, const I: usize, const O: usize, S> Pipeline<N, T, I, O, S>
where
    T: Scalar,
    N: Network<T, I, O>,
    S: AsRef<str>,
{
    /// The name of the class picked for one raw row; `None` when the output names no single
    /// class (see [`predict_class`](Self::predict_class)) or the pipeline has no class names.
    #[inline]
    pub fn predict_class_name(&self, raw: [T; I]) -> Option<&str> {
        let class = self.predict_class(raw)?;
        Some(self.class_names()?.get(class)?.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::Identity;
    use crate::model::activation::Softmax;
    use crate::model::dense::Dense;

    #[test]
    fn standardises_raw_rows_before_the_network() {
        // One identity layer, so the output is the standardised input itself.
        let net: Dense<f64, 2, 2, Identity> = Dense::from_weights(matrix![1.0, 0.0; 0.0, 1.0]);
        let standardizer = Standardizer::from_parts([10.0, -1.0], [2.0, 0.5]);
        let pipeline: Pipeline<_, f64, 2, 2, &str> =
            Pipeline::new(net, standardizer).with_class_names(["low", "high"]);
        assert_eq!(pipeline.predict_one([14.0, -1.0]), [2.0, 0.0]);
        assert_eq!(pipeline.predict_class([14.0, -1.0]), Some(0));
        assert_eq!(pipeline.predict_class_name([10.0, 0.0]), Some("high"));
        assert_eq!(pipeline.predict_class_name([10.0, -1.0]), None); // a tie
        let batch = pipeline.predict(&matrix![14.0, -1.0; 10.0, 0.0]);
        assert_eq!(batch, matrix![2.0, 0.0; 0.0, 2.0]);
        let unnamed: Pipeline<_, f64, 2, 2, &str> = Pipeline::new(net, standardizer);
        assert_eq!(unnamed.predict_class([14.0, -1.0]), Some(0));
        assert_eq!(unnamed.predict_class_name([14.0, -1.0]), None);
        let named = unnamed.try_with_class_names(["low", "high"]).unwrap();
        assert_eq!(named, pipeline);
        let three = unnamed.try_with_class_names(["a", "b", "c"]).unwrap_err();
        assert_eq!((three.expected, three.found), (2, 3));
        let one = unnamed.try_with_class_names(["a"]).unwrap_err();
        assert_eq!((one.expected, one.found), (2, 1));
    }

    #[test]
    fn imputes_raw_rows_before_standardising_them() {
        use crate::data::missing::Fill;
        let net: Dense<f64, 2, 2, Identity> = Dense::from_weights(matrix![1.0, 0.0; 0.0, 1.0]);
        // A missing first input becomes 4; the second input says whether it was missing.
        let imputer = Imputer::from_fills([Fill::Value(4.0), Fill::IndicatorOf(0)]);
        let standardizer = Standardizer::from_parts([2.0, 0.0], [2.0, 1.0]);
        let pipeline: Pipeline<_, f64, 2, 2, &str> =
            Pipeline::new(net, standardizer).with_imputer(imputer);
        assert_eq!(pipeline.imputer(), &imputer);
        // (4 - 2) / 2 = 1 and the indicator 1; (6 - 2) / 2 = 2 and the indicator 0.
        assert_eq!(pipeline.predict_one([f64::NAN, 9.0]), [1.0, 1.0]);
        assert_eq!(pipeline.predict_one([6.0, 9.0]), [2.0, 0.0]);
        let batch = pipeline.predict(&matrix![f64::NAN, 9.0; 6.0, 9.0]);
        assert_eq!(batch, matrix![1.0, 1.0; 2.0, 0.0]);
        let unimputed: Pipeline<_, f64, 2, 2, &str> = Pipeline::new(net, standardizer);
        assert!(unimputed.predict_one([f64::NAN, 9.0])[0].is_nan());
        let rebuilt = Pipeline::from_imputed_parts(net, imputer, standardizer, None);
        assert_eq!(rebuilt, pipeline);
    }

    #[test]
    fn one_output_picks_the_second_name_above_one_half() {
        // One identity output y = 2x - 1 after standardising x with mean 1 and scale 2, so
        // y = x - 2: the raw row decides which side of 0.5 the output falls on.
        let net: Dense<f64, 1, 1, Identity> = Dense::from_parts(matrix![2.0], matrix![-1.0]);
        let standardizer = Standardizer::from_parts([1.0], [2.0]);
        let pipeline: Pipeline<_, f64, 1, 1, &str> =
            Pipeline::new(net, standardizer).with_class_names(["benign", "malignant"]);
        assert_eq!(pipeline.class_names(), Some(&["benign", "malignant"][..]));
        // x = 2.6: (2.6 - 1) / 2 = 0.8, y = 0.6 > 0.5.
        assert_eq!(pipeline.predict_one([2.6]), [2.0 * 0.8 - 1.0]);
        assert_eq!(pipeline.predict_class([2.6]), Some(1));
        assert_eq!(pipeline.predict_class_name([2.6]), Some("malignant"));
        // x = 2.4: 0.7, y = 0.4 ≤ 0.5.
        assert_eq!(pipeline.predict_class([2.4]), Some(0));
        assert_eq!(pipeline.predict_class_name([2.4]), Some("benign"));
        // x = 2.5: 0.75, y = 0.5 exactly: not above, so the first class (as accuracy counts).
        assert_eq!(pipeline.predict_one([2.5]), [0.5]);
        assert_eq!(pipeline.predict_class_name([2.5]), Some("benign"));
        assert_eq!(pipeline.predict_class([f64::NAN]), None);
        // Far out on either side.
        assert_eq!(pipeline.predict_class_name([100.0]), Some("malignant"));
        assert_eq!(pipeline.predict_class_name([-100.0]), Some("benign"));

        // From a run-time list: two names, or an error naming both counts.
        let unnamed: Pipeline<_, f64, 1, 1, String> = Pipeline::new(net, standardizer);
        let named = unnamed
            .clone()
            .try_with_class_names(["benign", "malignant"].map(String::from))
            .unwrap();
        assert_eq!(named.predict_class_name([2.6]), Some("malignant"));
        for count in [0, 1, 3] {
            let names = (0..count).map(|k| k.to_string());
            let error = unnamed.clone().try_with_class_names(names).unwrap_err();
            assert_eq!((error.expected, error.found, error.outputs), (2, count, 1));
        }
        let error = unnamed.try_with_class_names([String::new()]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected 2 class names for one output (the class at or below 0.5, then the class \
             above), found 1"
        );
        // The const constructor builds the same pipeline as the array.
        let baked = Pipeline::from_parts(
            net,
            standardizer,
            Some(ClassNames::binary("benign", "malignant")),
        );
        assert_eq!(baked, pipeline);
    }

    #[test]
    fn nan_inputs_pick_no_class() {
        let net: Dense<f32, 1, 3, Softmax> = Dense::from_weights(matrix![1.0, 2.0, 3.0]);
        let pipeline: Pipeline<_, f32, 1, 3, &str> =
            Pipeline::new(net, Standardizer::identity()).with_class_names(["a", "b", "c"]);
        assert_eq!(pipeline.predict_class_name([1.0]), Some("c"));
        assert_eq!(pipeline.predict_class([f32::NAN]), None);
    }
}
