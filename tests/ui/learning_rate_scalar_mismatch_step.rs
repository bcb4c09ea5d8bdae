// The same mismatch in a single training step.
use static_mlp::prelude::*;

type Net = mlp!(f32; 4 => 16 Tanh => 2 Identity);

fn main() {
    let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(1));
    let mut optimizer = GradientDescent::new(0.01_f64).unwrap();
    let inputs = SMatrix::<f32, 8, 4>::zeros();
    let labels = SMatrix::<f32, 8, 2>::zeros();
    net.train_step(&MeanSquaredError, &mut optimizer, &inputs, &labels);
}
