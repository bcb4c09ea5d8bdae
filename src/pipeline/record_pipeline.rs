//! `RecordPipeline`: a [`Pipeline`] with the [`RecordEncoder`] its training records went
//! through, so a program predicts from a raw text record and never encodes one by hand.

use crate::data::encoding::{EncodeError, RecordEncoder};
use crate::math::scalar::Scalar;
use crate::model::network::Network;
use crate::pipeline::pipeline::Pipeline;
use std::string::String;

/// A [`Pipeline`] (network, imputer, standardizer, class names) behind the
/// [`RecordEncoder`] fitted on its training records: raw text records in, outputs out.
///
/// ```
/// use static_mlp::data::encoding::{ColumnEncoding, RecordEncoder};
/// use static_mlp::pipeline::{Pipeline, RecordPipeline};
/// use static_mlp::prelude::*;
///
/// let training = [["1.5", "red"], ["2.5", "blue"]];
/// let encoder = RecordEncoder::fit(
///     &["size", "colour"],
///     &[ColumnEncoding::Number, ColumnEncoding::OneHot],
///     &training,
/// )?;
/// type Net = mlp!(f64; 3 => 2 Softmax); // encoder.width() == 3
/// let rows: Vec<[f64; 3]> = training.iter().map(|r| encoder.encode(r)).collect::<Result<_, _>>()?;
/// let standardizer = encoder.fit_standardizer(&rows)?;
/// let pipeline = Pipeline::new(Net::zeros(), standardizer);
/// let model = RecordPipeline::new(encoder, pipeline)?;
/// assert_eq!(model.predict_record(&["2.0", "red"])?, [0.5, 0.5]); // a zero network
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RecordPipeline<N, T: Scalar, const I: usize, const O: usize> {
    encoder: RecordEncoder,
    pipeline: Pipeline<N, T, I, O, String>,
}

impl<N, T: Scalar, const I: usize, const O: usize> RecordPipeline<N, T, I, O> {
    /// The pipeline behind the encoder; [`EncodeError::InputWidth`] (naming the encoder's
    /// width, `const INPUTS: usize = …;`) unless the encoder's width is the network's `I`.
    pub fn new(
        encoder: RecordEncoder,
        pipeline: Pipeline<N, T, I, O, String>,
    ) -> Result<Self, EncodeError> {
        if encoder.width() != I {
            return Err(EncodeError::InputWidth {
                expected: encoder.width(),
                found: I,
            });
        }
        Ok(Self { encoder, pipeline })
    }

    /// The encoder applied to every raw record.
    pub fn encoder(&self) -> &RecordEncoder {
        &self.encoder
    }

    /// The pipeline the encoded inputs go through.
    pub fn pipeline(&self) -> &Pipeline<N, T, I, O, String> {
        &self.pipeline
    }

    /// The parts: encoder and pipeline.
    pub fn into_parts(self) -> (RecordEncoder, Pipeline<N, T, I, O, String>) {
        (self.encoder, self.pipeline)
    }
}

impl<N, T, const I: usize, const O: usize> RecordPipeline<N, T, I, O>
where
    T: Scalar,
    N: Network<T, I, O>,
{
    /// The output for one raw text record, one field per column.
    pub fn predict_record(&self, record: &[&str]) -> Result<[T; O], EncodeError> {
        Ok(self.pipeline.predict_one(self.encoder.encode(record)?))
    }

    /// The name of the class picked for one raw text record; `Ok(None)` when the output
    /// names no single class or the pipeline has no class names.
    pub fn predict_record_class_name(&self, record: &[&str]) -> Result<Option<&str>, EncodeError> {
        Ok(self
            .pipeline
            .predict_class_name(self.encoder.encode(record)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Standardizer;
    use crate::data::encoding::ColumnEncoding;
    use crate::model::activation::Identity;
    use crate::model::dense::Dense;

    fn encoder() -> RecordEncoder {
        let training = [["10", "b"], ["30", "a"]];
        let encodings = [ColumnEncoding::Number, ColumnEncoding::OneHot];
        RecordEncoder::fit(&["x", "kind"], &encodings, &training).unwrap()
    }

    #[test]
    fn raw_records_are_encoded_then_standardised() {
        // The identity network shows the prepared inputs: x standardised (mean 20, scale
        // 10), kind a/b one-hot and left alone.
        let net: Dense<f64, 3, 3, Identity> =
            Dense::from_weights(matrix![1.0, 0.0, 0.0; 0.0, 1.0, 0.0; 0.0, 0.0, 1.0]);
        let standardizer = Standardizer::from_parts([20.0, 0.0, 0.0], [10.0, 1.0, 1.0]);
        let pipeline =
            Pipeline::new(net, standardizer).with_class_names(["x", "a", "b"].map(String::from));
        let model = RecordPipeline::new(encoder(), pipeline).unwrap();
        assert_eq!(model.predict_record(&["35", "b"]), Ok([1.5, 0.0, 1.0]));
        assert_eq!(model.predict_record_class_name(&["15", "a"]), Ok(Some("a")));
        assert!(matches!(
            model.predict_record(&["15", "c"]),
            Err(EncodeError::UnknownCategory { .. })
        ));
    }

    #[test]
    fn a_network_of_another_width_is_refused_naming_the_right_one() {
        let net: Dense<f64, 2, 1, Identity> = Dense::from_weights(matrix![1.0; 1.0]);
        let pipeline: Pipeline<_, f64, 2, 1, String> = Pipeline::new(net, Standardizer::identity());
        let error = RecordPipeline::new(encoder(), pipeline).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the records encode to 3 inputs, but the network takes 2: expected \
             `const INPUTS: usize = 3;`"
        );
    }
}
