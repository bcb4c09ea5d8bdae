//! Step 2 of the examples: the lab's network on its "linear" set.
//!
//! The same 2 → 4 → 4 → 1 sigmoid network as `xor_static`, on 100 random points in the unit
//! square labelled by which side of the diagonal they fall. As in the lab, the points are drawn
//! from the generator before the weights. Prints the loss every 5,000 epochs, the first ten
//! points' outputs and the accuracy over all 100.
//!
//!     cargo run --release --example linear_static

use static_mlp::data;
use static_mlp::metrics::accuracy;
use static_mlp::prelude::*;
use std::time::Instant;

type LinearNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);

const SEED: u64 = 1;
const EPOCHS: usize = 50_000;
const LEARNING_RATE: f64 = 0.5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let points = data::linearly_separable::<f64, 100, _>(&mut rng);
    let mut net = LinearNet::random(Init::StandardNormal, &mut rng);
    let mut optimizer = GradientDescent::new(LEARNING_RATE)?;

    println!("2-4-4-1 sigmoid network, MSE, lr {LEARNING_RATE}, {EPOCHS} epochs, seed {SEED}");
    let start = Instant::now();
    for epoch in 1..=EPOCHS {
        let loss = net.train_step(
            &MeanSquaredError,
            &mut optimizer,
            &points.inputs,
            &points.labels,
        );
        if epoch.is_multiple_of(5_000) {
            println!("epoch {epoch:6}  loss {loss:.8}");
        }
    }
    let seconds = start.elapsed().as_secs_f64();

    let outputs = net.predict(&points.inputs);
    println!("\nthe first 10 of 100 points:\n    x0     x1  label  output");
    for row in 0..10 {
        let (x0, x1) = (points.inputs[(row, 0)], points.inputs[(row, 1)]);
        println!(
            "{x0:.3}  {x1:.3}  {:5.0}  {:.5}",
            points.labels[row], outputs[row]
        );
    }
    println!(
        "\naccuracy over all 100 points {:.1}%",
        100.0 * accuracy(&outputs, &points.labels)
    );
    println!(
        "trained in {seconds:.3} s ({:.0} epochs/s)",
        EPOCHS as f64 / seconds
    );
    Ok(())
}
