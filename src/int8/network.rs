//! `QuantizedNetwork`: a whole int8 network with the float network's compile-time shapes, and
//! the `QuantizedLayer` trait its layers (one [`QuantizedDense`] or a [`Chain`] of them) share.
//!
//! The layers are the same nested [`Chain`] the float network is, with a [`QuantizedDense`]
//! where the float one has a [`Dense`]: [`mlp_int8!`](crate::mlp_int8) names the
//! type from the same widths, and [`QuantizedForm`] maps a float network type to it. Around the
//! layers the network keeps the input's and output's [`QuantizationParameters`], so it can take and give
//! real numbers too.

use crate::int8::activation::QuantizedActivation;
use crate::int8::dense::QuantizedDense;
use crate::int8::logistic::clamp_to_i8;
use crate::int8::multiplier::round_half_away_from_zero;
use crate::math::scalar::Scalar;
use crate::model::activation::Activation;
use crate::model::chain::Chain;
use crate::model::dense::{BiasMode, Dense};

/// An int8 map from `I` inputs to `O` outputs: a [`QuantizedDense`], or a [`Chain`] of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a quantised layer from {I} inputs to {O} outputs",
    label = "this layer's widths do not fit here",
    note = "in a chain, each layer's input width must equal the output width of the layer before it"
)]
pub trait QuantizedLayer<const I: usize, const O: usize> {
    /// The int8 outputs for one int8 input. Integer arithmetic only.
    fn forward(&self, input: &[i8; I]) -> [i8; O];
}

impl<const I: usize, const O: usize, A: QuantizedActivation> QuantizedLayer<I, O>
    for QuantizedDense<I, O, A>
{
    #[inline(always)]
    fn forward(&self, input: &[i8; I]) -> [i8; O] {
        QuantizedDense::forward(self, input)
    }
}

impl<First, Rest, const I: usize, const H: usize, const O: usize> QuantizedLayer<I, O>
    for Chain<First, Rest, H>
where
    First: QuantizedLayer<I, H>,
    Rest: QuantizedLayer<H, O>,
{
    #[inline(always)]
    fn forward(&self, input: &[i8; I]) -> [i8; O] {
        self.rest().forward(&self.first().forward(input))
    }
}

impl<First, Rest, const H: usize> Chain<First, Rest, H> {
    /// Chains two quantised layers, checking at compile time that `first`'s output width
    /// equals `rest`'s input width (the quantised twin of [`Chain::new`]).
    pub const fn new_quantized<const I: usize, const O: usize>(first: First, rest: Rest) -> Self
    where
        First: QuantizedLayer<I, H>,
        Rest: QuantizedLayer<H, O>,
    {
        Self::from_parts_unchecked(first, rest)
    }
}

/// How a tensor's int8 values stand for real ones: `real = scale·(q − zero_point)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuantizationParameters {
    /// `s`, positive.
    pub scale: f32,
    /// `z`, in `−128..=127`.
    pub zero_point: i32,
}

impl QuantizationParameters {
    /// TFLite's QUANTIZE: `clamp(round(x / s) + z, −128, 127)`, the division in `f32` and the
    /// rounding half away from zero. A NaN becomes the zero point (the real value 0).
    pub fn quantize(self, real: f32) -> i8 {
        let steps = real / self.scale;
        if steps.is_nan() {
            return clamp_to_i8(self.zero_point);
        }
        let rounded = round_half_away_from_zero(f64::from(steps));
        let shifted = rounded + f64::from(self.zero_point);
        if shifted <= -128.0 {
            i8::MIN
        } else if shifted >= 127.0 {
            i8::MAX
        } else {
            shifted as i8
        }
    }

    /// TFLite's DEQUANTIZE: `s·(q − z)` in `f32`.
    pub fn dequantize(self, value: i8) -> f32 {
        self.scale * (value as i32 - self.zero_point) as f32
    }
}

/// An int8 network from `I` inputs to `O` outputs: the layers `L` and the quantisation of its
/// input and output. Usually named by [`mlp_int8!`](crate::mlp_int8), built by
/// [`calibration::quantize`](crate::int8::calibration::quantize) from a trained float
/// network or loaded from a `.tflite` file, and baked as a `const`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuantizedNetwork<L, const I: usize, const O: usize> {
    layers: L,
    input: QuantizationParameters,
    output: QuantizationParameters,
}

impl<L: QuantizedLayer<I, O>, const I: usize, const O: usize> QuantizedNetwork<L, I, O> {
    /// A network from its layers and the quantisation of its input and output. The layers'
    /// own zero points are what the integer path uses; `input` and `output` serve the `f32`
    /// edges ([`predict_one_f32`](Self::predict_one_f32)).
    pub const fn new(
        layers: L,
        input: QuantizationParameters,
        output: QuantizationParameters,
    ) -> Self {
        Self {
            layers,
            input,
            output,
        }
    }

    /// The layers.
    pub const fn layers(&self) -> &L {
        &self.layers
    }

    /// The input's quantisation.
    pub const fn input_quantization(&self) -> QuantizationParameters {
        self.input
    }

    /// The output's quantisation.
    pub const fn output_quantization(&self) -> QuantizationParameters {
        self.output
    }

    /// The int8 outputs for one int8 input: what TFLite Micro's interpreter computes for the
    /// same model, bit for bit. Integer arithmetic only, no allocation.
    #[inline]
    pub fn predict_one(&self, input: [i8; I]) -> [i8; O] {
        self.layers.forward(&input)
    }

    /// The real outputs for one real input: quantise the input, run
    /// [`predict_one`](Self::predict_one), dequantise the output (the two edges are the only
    /// floating point).
    pub fn predict_one_f32(&self, input: [f32; I]) -> [f32; O] {
        let quantized = input.map(|x| self.input.quantize(x));
        self.predict_one(quantized)
            .map(|q| self.output.dequantize(q))
    }
}

/// Maps a float layer type to its quantised twin: [`Dense`] to [`QuantizedDense`] with the
/// same widths and activation, [`Chain`] to the chain of the twins. Only activations with an
/// int8 form ([`QuantizedActivation`]) have one.
pub trait QuantizedForm {
    /// The quantised layer type.
    type Quantized;
}

impl<T: Scalar, const I: usize, const O: usize, A: Activation + QuantizedActivation, B: BiasMode>
    QuantizedForm for Dense<T, I, O, A, B>
{
    type Quantized = QuantizedDense<I, O, A>;
}

impl<First: QuantizedForm, Rest: QuantizedForm, const H: usize> QuantizedForm
    for Chain<First, Rest, H>
{
    type Quantized = Chain<First::Quantized, Rest::Quantized, H>;
}

/// The type of an int8 network, written as [`mlp!`](crate::mlp) writes a float one but
/// without the scalar: widths joined by `=>`, an activation after each, or none for sigmoid
/// everywhere. Activations are [`Identity`](crate::model::Identity), [`Relu`](crate::model::Relu),
/// [`Sigmoid`](crate::model::Sigmoid) and [`Tanh`](crate::model::Tanh); every layer has a bias.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::mlp_int8;
///
/// // TFLite Micro's hello_world model: 1 → 16 → 16 → 1.
/// type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
/// // The same type, named from the float network it quantises:
/// type Float = mlp!(f32; 1 => 16 Relu => 16 Relu => 1 Identity);
/// let _: Option<Sine> =
///     None::<static_mlp::int8::QuantizedNetwork<<Float as static_mlp::int8::QuantizedForm>::Quantized, 1, 1>>;
/// ```
#[macro_export]
macro_rules! mlp_int8 {
    (@layers $input:tt => $width:tt $activation:ty) => {
        $crate::int8::QuantizedDense<$input, $width, $activation>
    };
    (@layers $input:tt => $width:tt $activation:ty $(=> $rest_width:tt $rest_activation:ty)+) => {
        $crate::model::Chain<
            $crate::int8::QuantizedDense<$input, $width, $activation>,
            $crate::mlp_int8!(@layers $width $(=> $rest_width $rest_activation)+),
            $width,
        >
    };
    (@last $width:tt) => { $width };
    (@last $width:tt $($rest:tt)+) => { $crate::mlp_int8!(@last $($rest)+) };
    ($input:tt $(=> $width:tt)+) => {
        $crate::mlp_int8!($input $(=> $width $crate::model::Sigmoid)+)
    };
    ($input:tt $(=> $width:tt $activation:ty)+) => {
        $crate::int8::QuantizedNetwork<
            $crate::mlp_int8!(@layers $input $(=> $width $activation)+),
            $input,
            { $crate::mlp_int8!(@last $($width)+) },
        >
    };
}
