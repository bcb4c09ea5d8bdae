// Chaining by hand a layer with 4 outputs into a layer with 3 inputs.
use static_mlp::prelude::*;

fn main() {
    let hidden: Dense<f64, 2, 4> = Dense::zeros();
    let output: Dense<f64, 3, 1> = Dense::zeros();
    let _net = Chain::new(hidden, output);
}
