//! `mlp!`: names a network type from its widths and activations.

/// The type of a multilayer perceptron, written as its widths from input to output.
///
/// ```text
/// mlp!(f64; 2 => 4 => 4 => 1)                            // sigmoid on every layer, with biases
/// mlp!(f64; 2 => 4 Relu => 4 Relu => 1 Sigmoid)          // an activation per layer
/// mlp!(f32, no_bias; 2 => 4 => 4 => 1)                   // no biases (the lab's network)
/// ```
///
/// The first item is the scalar type (`f32` or `f64`); `no_bias` after it drops every layer's
/// bias. Then come the widths, joined by `=>`. Either every layer after the input names its
/// activation after its width, or none does and all are [`Sigmoid`](crate::Sigmoid), the lab's
/// default. Activations are types: the five in [`activation`](crate::activation), or your own.
///
/// A width is one token: a literal, a const generic parameter (`mlp!(T; I => H => O)` inside a
/// generic function), or a braced constant expression (`{ 2 * N }`).
///
/// The macro stands in type position, so it names a type for `type` aliases, `let` annotations
/// and generic code. Each width is written once, so the layers it chains always agree; see
/// [`chain`](crate::chain) for how the widths become types.
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
#[macro_export]
macro_rules! mlp {
    // One layer left: a Dense.
    (@chain $t:ty, $bias:ty; $input:tt => $width:tt $activation:ty) => {
        $crate::Dense<$t, $input, $width, $activation, $bias>
    };
    // A Dense followed by the rest, meeting at `$width`.
    (@chain $t:ty, $bias:ty; $input:tt => $width:tt $activation:ty
        $(=> $rest_width:tt $rest_activation:ty)+) => {
        $crate::Chain<
            $crate::Dense<$t, $input, $width, $activation, $bias>,
            $crate::mlp!(@chain $t, $bias; $width $(=> $rest_width $rest_activation)+),
            $width,
        >
    };
    // Widths only: sigmoid everywhere.
    ($t:ty, no_bias; $input:tt $(=> $width:tt)+) => {
        $crate::mlp!(@chain $t, $crate::NoBias; $input $(=> $width $crate::Sigmoid)+)
    };
    ($t:ty; $input:tt $(=> $width:tt)+) => {
        $crate::mlp!(@chain $t, $crate::WithBias; $input $(=> $width $crate::Sigmoid)+)
    };
    // An activation after every width.
    ($t:ty, no_bias; $input:tt $(=> $width:tt $activation:ty)+) => {
        $crate::mlp!(@chain $t, $crate::NoBias; $input $(=> $width $activation)+)
    };
    ($t:ty; $input:tt $(=> $width:tt $activation:ty)+) => {
        $crate::mlp!(@chain $t, $crate::WithBias; $input $(=> $width $activation)+)
    };
}
