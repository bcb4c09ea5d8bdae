//! PyTorch weights in and out: reads the state dict of a PyTorch
//! `nn.Sequential(Linear(3, 5), ReLU(), Linear(5, 4), Tanh(), Linear(4, 2), Sigmoid())` from a
//! safetensors file into the matching `mlp!` type, predicts with it, trains it a little here,
//! and writes it back in the same format, for PyTorch to load.
//!
//!     cargo run --example pytorch_weights [-- WEIGHTS.safetensors [--out FILE]]
//!
//! WEIGHTS defaults to the committed fixture (made by `scripts/fixtures/make_safetensors.py`),
//! FILE to `target/pytorch_weights.safetensors`. In Python, `model.load_state_dict(
//! safetensors.torch.load_file(FILE))` then loads the trained weights into the same module.

use static_mlp::io::safetensors::SafetensorsFile;
use static_mlp::nalgebra::SMatrix;
use static_mlp::prelude::*;

/// The activations are the type's: the state dict records only the Linear layers.
type Net = mlp!(f32; 3 => 5 Relu => 4 Tanh => 2 Sigmoid);
/// The same widths without biases, to show what a file that does not fit says.
type Unbiased = mlp!(f32, no_bias; 3 => 5 Relu => 4 Tanh => 2 Sigmoid);

const FIXTURE: &str = "tests/fixtures/safetensors/sequential_f32.safetensors";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let (weights, out) = match arguments.as_slice() {
        [] => (FIXTURE, "target/pytorch_weights.safetensors"),
        [weights] => (weights.as_str(), "target/pytorch_weights.safetensors"),
        [weights, flag, out] if flag == "--out" => (weights.as_str(), out.as_str()),
        _ => return Err("usage: pytorch_weights [WEIGHTS.safetensors [--out FILE]]".into()),
    };

    let mut net = Net::load_safetensors(weights)?;
    println!("read {weights} as {}", Net::architecture());
    let input = [-1.5937015, -0.17791337, -1.449976];
    println!("f({input:?}) = {:?}", net.predict_one(input));

    if let Err(error) = Unbiased::load_safetensors(weights) {
        println!("as {}: {error}", Unbiased::architecture());
    }

    // A little training here: the eight corners of the cube, labelled (x₀ > 0, x₁ > 0).
    let inputs = SMatrix::<f32, 8, 3>::from_fn(
        |row, column| {
            if row >> column & 1 == 1 { 1.0 } else { -1.0 }
        },
    );
    let labels = SMatrix::<f32, 8, 2>::from_fn(|row, column| (row >> column & 1) as f32);
    let mut optimizer = GradientDescent::new(0.5)?;
    let before = net.loss(&MeanSquaredError, &inputs, &labels);
    for _ in 0..500 {
        net.train_step(&MeanSquaredError, &mut optimizer, &inputs, &labels);
    }
    let after = net.loss(&MeanSquaredError, &inputs, &labels);
    println!("trained 500 steps: loss {before:.4} → {after:.4}");

    net.save_safetensors(out)?; // atomic: the old file, or the whole new one
    assert_eq!(Net::load_safetensors(out)?, net, "written bit for bit");
    println!("wrote {out}: keys 0.weight [5, 3], 0.bias [5], 2.weight [4, 5], 2.bias [4], …");
    println!("in Python: model.load_state_dict(safetensors.torch.load_file({out:?}))");
    Ok(())
}
