//! [`Footprint`] of the int8 types: a [`QuantizedDense`] holds `I·O` int8 weights, `O` int32
//! biases, `O` multipliers (two `i32`s each), two zero points and its activation's kernel
//! (nothing for ReLU and identity, 16 bytes for LOGISTIC and TANH), padded to 4 bytes; a
//! [`QuantizedNetwork`] adds the input's and output's quantisation (8 bytes each). One
//! `predict_one` step holds its int8 input and output.

use crate::int8::activation::QuantizedActivation;
use crate::int8::dense::QuantizedDense;
use crate::int8::multiplier::QuantizedMultiplier;
use crate::int8::network::{QuantizationParameters, QuantizedNetwork};
use crate::model::footprint::Footprint;
use core::mem::size_of;

impl<const I: usize, const O: usize, A: QuantizedActivation> Footprint for QuantizedDense<I, O, A> {
    const PARAMETER_BYTES: usize = {
        let bytes = I * O
            + O * size_of::<i32>()
            + O * size_of::<QuantizedMultiplier>()
            + 2 * size_of::<i32>()
            + size_of::<A::Kernel>();
        bytes.div_ceil(4) * 4 // the i32 fields' alignment
    };
    const ACTIVATION_BYTES: usize = I + O;
}

impl<L: Footprint, const I: usize, const O: usize> Footprint for QuantizedNetwork<L, I, O> {
    const PARAMETER_BYTES: usize = L::PARAMETER_BYTES + 2 * size_of::<QuantizationParameters>();
    const ACTIVATION_BYTES: usize = L::ACTIVATION_BYTES;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp;
    use crate::mlp_int8;
    use crate::model::activation::{Identity, Relu, Sigmoid, Tanh};
    use core::mem::size_of;

    /// Checks both figures against `size_of` of the values: the network itself, and the
    /// arrays of each layer step of `predict_one`.
    macro_rules! check {
        ($network:ty, $scalar:ty, $($width:literal),+) => {{
            assert_eq!(<$network>::PARAMETER_BYTES, size_of::<$network>(), stringify!($network));
            let widths = [$($width),+];
            let largest_step = widths.windows(2).map(|w| (w[0] + w[1]) * size_of::<$scalar>()).max().unwrap();
            assert_eq!(<$network>::ACTIVATION_BYTES, largest_step, stringify!($network));
        }};
    }

    #[test]
    fn figures_equal_the_sizes_of_the_values() {
        check!(
            mlp!(f32; 1 => 16 Relu => 16 Relu => 1 Identity),
            f32,
            1,
            16,
            16,
            1
        );
        check!(
            mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid),
            f64,
            2,
            4,
            4,
            1
        );
        check!(mlp!(f32; 64 => 32 Relu => 10 Identity), f32, 64, 32, 10);
        check!(
            mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity),
            i8,
            1,
            16,
            16,
            1
        );
        check!(mlp_int8!(2 => 8 Relu => 1 Sigmoid), i8, 2, 8, 1);
        check!(
            mlp_int8!(2 => 8 Tanh => 8 Tanh => 1 Identity),
            i8,
            2,
            8,
            8,
            1
        );
        check!(mlp_int8!(64 => 32 Relu => 10 Identity), i8, 64, 32, 10);
        check!(mlp_int8!(3 => 5 Relu => 7 Sigmoid), i8, 3, 5, 7); // odd widths: padding
        // the layer steps themselves are arrays of exactly those sizes
        assert_eq!(
            size_of::<[i8; 16]>() + size_of::<[i8; 16]>(),
            <mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity)>::ACTIVATION_BYTES
        );
        let _ = (Identity, Relu, Sigmoid, Tanh);
    }

    #[test]
    fn the_sine_model_in_float_and_int8() {
        type Float = mlp!(f32; 1 => 16 Relu => 16 Relu => 1 Identity);
        type Int8 = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
        assert_eq!(Float::PARAMETER_BYTES, 1_284);
        // 288 weights + 33·4 bias + 33·8 multipliers + 3·8 zero points + 16 edge quantisation
        assert_eq!(Int8::PARAMETER_BYTES, 288 + 132 + 264 + 24 + 16);
        assert_eq!((Float::ACTIVATION_BYTES, Int8::ACTIVATION_BYTES), (128, 32));
    }
}
