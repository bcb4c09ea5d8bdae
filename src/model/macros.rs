//! `mlp!`: names a network type from its widths and activations.

/// The type of a multilayer perceptron, written as its widths from input to output.
///
/// ```text
/// mlp!(f64; 2 => 4 Relu => 4 Relu => 1 Sigmoid)          // an activation after every width
/// mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid)    // the lab's network
/// mlp!(f32, no_bias; 2 => 4 Tanh => 1 Identity)          // no biases
/// ```
///
/// The first item is the scalar type (`f32` or `f64`); `no_bias` after it drops every layer's
/// bias. Then come the widths, joined by `=>`, each layer's width followed by its activation:
/// one of the six in [`model`](crate::model) ([`Sigmoid`](crate::model::Sigmoid),
/// [`Relu`](crate::model::Relu), [`LeakyRelu`](crate::model::LeakyRelu),
/// [`Tanh`](crate::model::Tanh), [`Identity`](crate::model::Identity),
/// [`Softmax`](crate::model::Softmax)) or your own [`Activation`](crate::model::Activation).
/// There is no default: a PyTorch `nn.Linear` with no activation after it is `Identity`, and a
/// width written without one is a compile error that says so, never a silent sigmoid.
///
/// A width is one token: a literal, a const generic parameter (`mlp!(T; I => H Relu => O
/// Identity)` inside a generic function), or a braced constant expression (`{ 2 * N }`).
///
/// The macro stands in type position, so it names a type for `type` aliases, `let` annotations
/// and generic code. Each width is written once, so the layers it chains always agree; see
/// [`Chain`](crate::model::Chain) for how the widths become types.
///
/// ```
/// use static_mlp::prelude::*;
///
/// type XorNet = mlp!(f64; 2 => 4 Relu => 4 Relu => 1 Sigmoid);
///
/// let net = XorNet::random(Init::He, &mut rand::rngs::StdRng::seed_from_u64(1));
/// let [probability] = net.predict_one([0.0, 1.0]);
/// assert!((0.0..=1.0).contains(&probability));
/// assert_eq!(net.parameter_count(), (2 * 4 + 4) + (4 * 4 + 4) + (4 * 1 + 1));
/// ```
///
/// A width without its activation does not compile:
///
/// ```compile_fail
/// # use static_mlp::prelude::*;
/// type Net = mlp!(f32; 4 => 8 Relu => 2); // error: write an activation after every width
/// ```
#[macro_export]
macro_rules! mlp {
    // One layer left: a Dense.
    (@chain $t:ty, $bias:ty; $input:tt => $width:tt $activation:ty) => {
        $crate::model::Dense<$t, $input, $width, $activation, $bias>
    };
    // A Dense followed by the rest, meeting at `$width`.
    (@chain $t:ty, $bias:ty; $input:tt => $width:tt $activation:ty
        $(=> $rest_width:tt $rest_activation:ty)+) => {
        $crate::model::Chain<
            $crate::model::Dense<$t, $input, $width, $activation, $bias>,
            $crate::mlp!(@chain $t, $bias; $width $(=> $rest_width $rest_activation)+),
            $width,
        >
    };
    // An activation after every width.
    ($t:ty, no_bias; $input:tt $(=> $width:tt $activation:ty)+) => {
        $crate::mlp!(@chain $t, $crate::model::NoBias; $input $(=> $width $activation)+)
    };
    ($t:ty; $input:tt $(=> $width:tt $activation:ty)+) => {
        $crate::mlp!(@chain $t, $crate::model::WithBias; $input $(=> $width $activation)+)
    };
    // Anything else: most often a width without its activation.
    ($($anything:tt)*) => {
        ::core::compile_error!(
            "mlp!: write each layer's width followed by its activation, e.g. \
             `mlp!(f32; 4 => 8 Relu => 2 Identity)` (a layer with no activation in PyTorch is \
             `Identity`; the lab's network is `mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid)`)"
        )
    };
}
