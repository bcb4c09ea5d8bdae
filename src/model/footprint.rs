//! `Footprint`: the memory a network type needs, read off its type: the bytes its parameters
//! take (what a baked `const` puts in flash) and the bytes of activations `predict_one` keeps
//! alive at once (what it needs on the stack, beyond the compiler's own spills).
//!
//! Both are `const`s computed from the widths alone, so they can size a buffer or fail a
//! build (`const _: () = assert!(Net::PARAMETER_BYTES < 4096);`). A float layer holds
//! `I·O + O` scalars (a [`NoBias`](crate::model::NoBias) layer still stores its zero bias); one
//! `predict_one` step holds its input and output rows, and a chain needs the largest step.

use crate::math::scalar::Scalar;
use crate::model::activation::Activation;
use crate::model::chain::Chain;
use crate::model::dense::{BiasMode, Dense};
use core::mem::size_of;

/// A network type's memory, in bytes, from its type alone.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::model::Footprint;
///
/// type Sine = mlp!(f32; 1 => 16 Relu => 16 Relu => 1 Identity);
/// assert_eq!(Sine::PARAMETER_BYTES, (16 + 16 + 256 + 16 + 16 + 1) * 4);
/// assert_eq!(Sine::PARAMETER_BYTES, core::mem::size_of::<Sine>());
/// assert_eq!(Sine::ACTIVATION_BYTES, (16 + 16) * 4); // the 16 → 16 step
/// ```
pub trait Footprint {
    /// The bytes of a value of the type: weights, biases and, for int8 networks, the
    /// requantisation multipliers, zero points and activation kernels.
    const PARAMETER_BYTES: usize;
    /// The bytes of activations alive at once in `predict_one`: the largest layer's input and
    /// output together.
    const ACTIVATION_BYTES: usize;
}

impl<T: Scalar, const I: usize, const O: usize, A: Activation, Bias: BiasMode> Footprint
    for Dense<T, I, O, A, Bias>
{
    const PARAMETER_BYTES: usize = (I * O + O) * size_of::<T>();
    const ACTIVATION_BYTES: usize = (I + O) * size_of::<T>();
}

impl<First: Footprint, Rest: Footprint, const H: usize> Footprint for Chain<First, Rest, H> {
    const PARAMETER_BYTES: usize = First::PARAMETER_BYTES + Rest::PARAMETER_BYTES;
    const ACTIVATION_BYTES: usize = if First::ACTIVATION_BYTES > Rest::ACTIVATION_BYTES {
        First::ACTIVATION_BYTES
    } else {
        Rest::ACTIVATION_BYTES
    };
}
