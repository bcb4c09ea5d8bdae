//! Prediction over a whole set of rows, in const-size chunks so no stack value grows with it.

use crate::data::LengthMismatch;
use crate::data::gather::CHUNK;
use crate::math::scalar::Scalar;
use crate::model::network::Network;
use nalgebra::SMatrix;

/// Writes the network's output for `inputs[k]` into `outputs[k]`, for every row, without
/// allocating: chunks of 64 rows go through the network as `64 × I` matrices, the rest one by
/// one. `outputs` must have as many rows as `inputs`.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::model::predict_into;
///
/// let net: mlp!(f32; 2 => 3 Sigmoid => 1 Sigmoid) = Parameters::zeros(); // σ(0) = 0.5 everywhere
/// let inputs = vec![[0.25_f32, 0.75]; 100];
/// let mut outputs = vec![[0.0_f32]; 100];
/// predict_into(&net, &inputs, &mut outputs)?;
/// assert!(outputs.iter().all(|&[y]| y == 0.5));
/// # Ok::<(), static_mlp::data::LengthMismatch>(())
/// ```
pub fn predict_into<T, Net, const I: usize, const O: usize>(
    network: &Net,
    inputs: &[[T; I]],
    outputs: &mut [[T; O]],
) -> Result<(), LengthMismatch>
where
    T: Scalar,
    Net: Network<T, I, O>,
{
    if inputs.len() != outputs.len() {
        return Err(LengthMismatch {
            what: "output rows (one per input row)",
            expected: inputs.len(),
            found: outputs.len(),
        });
    }
    let (chunks, rest) = inputs.as_chunks::<CHUNK>();
    let (output_chunks, output_rest) = outputs.split_at_mut(chunks.len() * CHUNK);
    for (chunk, written) in chunks.iter().zip(output_chunks.chunks_exact_mut(CHUNK)) {
        let batch = SMatrix::<T, CHUNK, I>::from_fn(|row, column| chunk[row][column]);
        let predicted = network.predict(&batch);
        for (row, output) in written.iter_mut().enumerate() {
            *output = core::array::from_fn(|column| predicted[(row, column)]);
        }
    }
    for (input, output) in rest.iter().zip(output_rest) {
        *output = network.predict_one(*input);
    }
    Ok(())
}

/// The network's output for every row of `inputs`, in a new `Vec` (one allocation).
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::data::SampleSet;
/// use static_mlp::model::predict_all;
///
/// let net: mlp!(f64; 1 => 2 Relu => 1 Identity) = Parameters::zeros();
/// let set = SampleSet::<f64, 1, 1>::new(vec![[1.0]; 5], vec![[0.0]; 5])?;
/// assert_eq!(predict_all(&net, set.inputs()), vec![[0.0]; 5]);
/// # Ok::<(), static_mlp::data::LengthMismatch>(())
/// ```
#[cfg(feature = "std")]
pub fn predict_all<T, Net, const I: usize, const O: usize>(
    network: &Net,
    inputs: &[[T; I]],
) -> Vec<[T; O]>
where
    T: Scalar,
    Net: Network<T, I, O>,
{
    let mut outputs = vec![[T::ZERO; O]; inputs.len()];
    predict_into(network, inputs, &mut outputs).expect("as many outputs as inputs");
    outputs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::init::Init;
    use crate::model::parameters::Parameters;
    use rand::SeedableRng;

    #[test]
    fn chunks_and_single_rows_agree_with_predict_one() {
        use crate::model::activation::{Sigmoid, Tanh};
        type Net = crate::mlp!(f64; 3 => 4 Tanh => 2 Sigmoid);
        let net = Net::random(Init::Xavier, &mut rand::rngs::StdRng::seed_from_u64(2));
        let inputs: Vec<[f64; 3]> = (0..150)
            .map(|k| {
                let x = k as f64 / 150.0;
                [x, 1.0 - x, x * x]
            })
            .collect();
        let mut outputs = vec![[0.0; 2]; 150];
        predict_into(&net, &inputs, &mut outputs).unwrap();
        for (input, output) in inputs.iter().zip(&outputs) {
            let one = net.predict_one(*input);
            for (a, b) in one.iter().zip(output) {
                assert!((a - b).abs() < 1e-15);
            }
        }
        let mut short = vec![[0.0; 2]; 149];
        let error = predict_into(&net, &inputs, &mut short).unwrap_err();
        assert_eq!((error.expected, error.found), (150, 149));
    }
}
