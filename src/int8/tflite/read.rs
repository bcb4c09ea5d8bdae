//! Loading an int8 fully connected `.tflite` model into the matching [`QuantizedNetwork`] type.
//!
//! The file is what TensorFlow's converter writes for a Keras stack of `Dense` layers with
//! full int8 quantisation: one subgraph of FULLY_CONNECTED ops (fused activation NONE or
//! RELU), each optionally followed by a LOGISTIC or TANH op. The type says which layers and
//! widths to expect ([`mlp_int8!`](crate::mlp_int8)); the file must match it op for op, tensor
//! for tensor, and the loaded network computes what TensorFlow Lite Micro computes for the
//! file, bit for bit: the multipliers are prepared from the scales exactly as TFLite Micro
//! prepares them (`double` products; the per-tensor product of the two `float` scales in
//! `float`, as `GetQuantizedConvolutionMultipler` does).
//!
//! The reader walks the operators, one layer at a time ([`FromTflite`]); the flatbuffer
//! reader under it is hand-written for the few tables needed, so loading needs neither `std`
//! nor `alloc`; every way a file can be wrong is a [`TfliteError`] that says what was
//! expected and what was found.

use crate::int8::network::{QuantizedLayer, QuantizedNetwork};
use crate::int8::tflite::error::{Role, TfliteError};
use crate::int8::tflite::schema::{
    FULLY_CONNECTED, LOGISTIC, Model, TANH, activation_quantization,
};
use crate::model::chain::Chain;

/// A layer type the loader can fill from the file's next operators.
pub trait FromTflite: Sized {
    /// Reads this layer (or these layers) at `cursor`, advancing it.
    fn read(model: &Model<'_>, cursor: &mut Cursor) -> Result<Self, TfliteError>;
}

/// Where the loader is: the next operator, the tensor the next layer reads, the layer number.
#[derive(Clone, Copy, Debug)]
pub struct Cursor {
    pub(super) operator: usize,
    pub(super) tensor: i32,
    pub(super) layer: usize,
}

/// An operator code this loader runs, or the error for one it does not.
pub(super) fn check_known(operator: usize, code: i32) -> Result<(), TfliteError> {
    match code {
        FULLY_CONNECTED | LOGISTIC | TANH => Ok(()),
        _ => Err(TfliteError::UnsupportedOperator { operator, code }),
    }
}

impl<First: FromTflite, Rest: FromTflite, const H: usize> FromTflite for Chain<First, Rest, H> {
    fn read(model: &Model<'_>, cursor: &mut Cursor) -> Result<Self, TfliteError> {
        let first = First::read(model, cursor)?;
        let rest = Rest::read(model, cursor)?;
        Ok(Chain::from_parts_unchecked(first, rest))
    }
}

impl<L: QuantizedLayer<I, O> + FromTflite, const I: usize, const O: usize>
    QuantizedNetwork<L, I, O>
{
    /// Loads an int8 fully connected `.tflite` model (the bytes of the file, for example from
    /// `include_bytes!`) into this network type. The result computes TFLite Micro's outputs
    /// bit for bit. Needs neither `std` nor `alloc`.
    ///
    /// ```
    /// use static_mlp::prelude::*;
    /// use static_mlp::mlp_int8;
    ///
    /// type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
    /// let bytes = include_bytes!("../../../tests/fixtures/tflite/sine.tflite");
    /// let sine = Sine::from_tflite(bytes)?;
    /// let [y] = sine.predict_one([0]);
    /// assert_eq!(y, 3); // TFLite Micro's output for this input
    ///
    /// // The same file read as another architecture says what differs:
    /// type Wrong = mlp_int8!(1 => 8 Relu => 16 Relu => 1 Identity);
    /// let error = Wrong::from_tflite(bytes).unwrap_err();
    /// assert_eq!(error.to_string(), "layer 1 weights: expected shape [8, 1], found [16, 1]");
    /// # Ok::<(), static_mlp::int8::tflite::TfliteError>(())
    /// ```
    pub fn from_tflite(bytes: &[u8]) -> Result<Self, TfliteError> {
        let model = Model::read(bytes)?;
        let mut cursor = Cursor {
            operator: 0,
            tensor: model.input,
            layer: 1,
        };
        let input = activation_quantization(&model.tensor(model.input)?, Role::Input(1))?;
        let layers = L::read(&model, &mut cursor)?;
        if cursor.operator < model.operators.len() {
            let code = model.operator(cursor.operator)?.code;
            check_known(cursor.operator, code)?;
            return Err(TfliteError::ExtraOperators {
                operator: cursor.operator,
                count: model.operators.len() - cursor.operator,
            });
        }
        if cursor.tensor != model.output {
            return Err(TfliteError::WrongOutputTensor {
                expected: model.output,
                found: cursor.tensor,
            });
        }
        let output =
            activation_quantization(&model.tensor(model.output)?, Role::Output(cursor.layer - 1))?;
        Ok(Self::new(layers, input, output))
    }
}
