//! Step 1 of the examples: the lab's main run, with shapes checked by the compiler.
//!
//! A 2 → 4 → 4 → 1 network, sigmoid on every layer, no biases, standard-normal weights,
//! trained by full-batch gradient descent (learning rate 0.5, mean squared error) for 50,000
//! epochs on the 21-point "XOR easy" set. Prints the loss every 5,000 epochs, then every
//! point's output, the accuracy and the training speed.
//!
//!     cargo run --release --example xor_static

use static_mlp::data;
use static_mlp::metrics::accuracy;
use static_mlp::prelude::*;
use std::time::Instant;

/// The lab's network: sigmoid after every layer, and `no_bias` because the lab's has none.
type XorNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);

const SEED: u64 = 1;
const EPOCHS: usize = 50_000;
const LEARNING_RATE: f64 = 0.5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let xor = data::xor_easy::<f64>();
    let mut net = XorNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(SEED));
    let mut optimizer = GradientDescent::new(LEARNING_RATE)?;

    println!("2-4-4-1 sigmoid network, MSE, lr {LEARNING_RATE}, {EPOCHS} epochs, seed {SEED}");
    let start = Instant::now();
    for epoch in 1..=EPOCHS {
        let loss = net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
        if epoch.is_multiple_of(5_000) {
            println!("epoch {epoch:6}  loss {loss:.8}");
        }
    }
    let elapsed = start.elapsed();

    let outputs = net.predict(&xor.inputs);
    println!("\n   x0    x1  label  output   correct");
    for (row, (input, (&label, &output))) in xor
        .inputs
        .row_iter()
        .zip(xor.labels.iter().zip(outputs.iter()))
        .enumerate()
    {
        let correct = (output > 0.5) == (label > 0.5);
        let mark = if correct { "yes" } else { "NO" };
        println!(
            "{row:2} {:.1}  {:.1}  {label:5.0}  {output:.5}  {mark}",
            input[0], input[1]
        );
    }
    println!("\naccuracy {:.1}%", 100.0 * accuracy(&outputs, &xor.labels));
    let seconds = elapsed.as_secs_f64();
    println!(
        "trained in {seconds:.3} s ({:.0} epochs/s)",
        EPOCHS as f64 / seconds
    );
    Ok(())
}
