//! `Describe`: a network's architecture (widths, activations, biases, scalar) read off its type.
//!
//! Everything here is known at compile time and described without allocating, so it works
//! without `std`. Its [`Display`](core::fmt::Display) form is the one error messages show:
//! `2→4→4→1 sigmoid f64`, `2→4 relu→4 relu→1 sigmoid f64` when the activations differ, and
//! `(no bias)` after the layers that have none.

use crate::math::scalar::Scalar;
use crate::model::activation::Activation;
use crate::model::chain::Chain;
use crate::model::dense::BiasMode;
use crate::model::dense::Dense;
use core::fmt;

/// One layer of an architecture: its widths, activation and whether it adds a bias.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayerShape<'a> {
    /// The number of inputs.
    pub inputs: usize,
    /// The number of outputs (units).
    pub outputs: usize,
    /// The activation's [`NAME`](Activation::NAME), such as `"sigmoid"`.
    pub activation: &'a str,
    /// `true` when the layer adds a bias.
    pub bias: bool,
}

/// A network type's architecture, layer by layer, without a value of it.
///
/// Implemented for [`Dense`] and [`Chain`], so for every type [`mlp!`](crate::mlp) names.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::model::Describe;
///
/// type Net = mlp!(f32; 2 => 8 Relu => 1 Sigmoid);
/// assert_eq!(Net::LAYER_COUNT, 2);
/// assert_eq!(Net::layer(0).unwrap().activation, "relu");
/// assert_eq!(Net::architecture().to_string(), "2→8 relu→1 sigmoid f32");
/// ```
pub trait Describe {
    /// The number type the network computes in.
    type Scalar: Scalar;
    /// The number of [`Dense`] layers.
    const LAYER_COUNT: usize;

    /// Layer `index` (from 0, input side first), or `None` past the last.
    fn layer(index: usize) -> Option<LayerShape<'static>>;

    /// Every layer, input side first.
    fn layers() -> impl Iterator<Item = LayerShape<'static>> + Clone {
        (0..Self::LAYER_COUNT).filter_map(Self::layer)
    }

    /// The architecture as text: `2→4→4→1 sigmoid f64`.
    fn architecture() -> impl fmt::Display {
        ArchitectureText {
            scalar: <Self::Scalar as Scalar>::NAME,
            layers: Self::layers(),
        }
    }
}

impl<T: Scalar, const I: usize, const O: usize, A: Activation, Bias: BiasMode> Describe
    for Dense<T, I, O, A, Bias>
{
    type Scalar = T;
    const LAYER_COUNT: usize = 1;

    fn layer(index: usize) -> Option<LayerShape<'static>> {
        (index == 0).then_some(LayerShape {
            inputs: I,
            outputs: O,
            activation: A::NAME,
            bias: Bias::ENABLED,
        })
    }
}

impl<First, Rest, const H: usize> Describe for Chain<First, Rest, H>
where
    First: Describe,
    Rest: Describe<Scalar = First::Scalar>,
{
    type Scalar = First::Scalar;
    const LAYER_COUNT: usize = First::LAYER_COUNT + Rest::LAYER_COUNT;

    fn layer(index: usize) -> Option<LayerShape<'static>> {
        match index.checked_sub(First::LAYER_COUNT) {
            None => First::layer(index),
            Some(rest_index) => Rest::layer(rest_index),
        }
    }
}

/// Writes an architecture in the form [`Describe::architecture`] documents, from any list of
/// layers: the type's own, or the one a file records.
#[derive(Clone, Debug)]
pub(crate) struct ArchitectureText<'a, L> {
    pub(crate) scalar: &'a str,
    pub(crate) layers: L,
}

impl<'a, L: Iterator<Item = LayerShape<'a>> + Clone> fmt::Display for ArchitectureText<'a, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.layers.clone().next();
        let same_activation = first.map(|layer| layer.activation);
        let one_activation = self
            .layers
            .clone()
            .all(|layer| Some(layer.activation) == same_activation);
        let same_bias = first.map(|layer| layer.bias);
        let one_bias = self
            .layers
            .clone()
            .all(|layer| Some(layer.bias) == same_bias);

        write!(f, "{}", first.map_or(0, |layer| layer.inputs))?;
        for layer in self.layers.clone() {
            write!(f, "→{}", layer.outputs)?;
            if !one_activation {
                write!(f, " {}", layer.activation)?;
            }
            if !one_bias && !layer.bias {
                write!(f, " (no bias)")?;
            }
        }
        if let (true, Some(activation)) = (one_activation, same_activation) {
            write!(f, " {activation}")?;
        }
        write!(f, " {}", self.scalar)?;
        if one_bias && same_bias == Some(false) {
            write!(f, " (no bias)")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp;
    use crate::model::activation::Relu;
    use crate::model::activation::Sigmoid;
    use crate::model::dense::NoBias;
    use crate::model::dense::WithBias;

    #[test]
    fn describes_the_labs_network() {
        type Net = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
        assert_eq!(Net::LAYER_COUNT, 3);
        let shapes: Vec<_> = Net::layers().collect();
        assert_eq!(
            shapes[1],
            LayerShape {
                inputs: 4,
                outputs: 4,
                activation: "sigmoid",
                bias: true
            }
        );
        assert_eq!(Net::layer(3), None);
        assert_eq!(Net::architecture().to_string(), "2→4→4→1 sigmoid f64");
    }

    #[test]
    fn names_differing_activations_and_missing_biases() {
        type Relus = mlp!(f32, no_bias; 2 => 8 Relu => 1 Sigmoid);
        assert_eq!(
            Relus::architecture().to_string(),
            "2→8 relu→1 sigmoid f32 (no bias)"
        );
        // Built by hand, a chain can mix layers with and without bias.
        type Mixed = Chain<Dense<f64, 3, 2, Relu, NoBias>, Dense<f64, 2, 1, Sigmoid, WithBias>, 2>;
        assert_eq!(
            Mixed::architecture().to_string(),
            "3→2 relu (no bias)→1 sigmoid f64"
        );
    }

    #[test]
    fn left_nested_chains_list_layers_in_order() {
        type Left = Chain<Chain<Dense<f64, 1, 2>, Dense<f64, 2, 3>, 2>, Dense<f64, 3, 4>, 3>;
        assert_eq!(Left::architecture().to_string(), "1→2→3→4 sigmoid f64");
    }
}
