// Categorical cross-entropy on a sigmoid output, whose rows are not probability distributions.
use static_mlp::prelude::*;

type Net = mlp!(f32; 16 => 32 Relu => 10 Sigmoid);

fn main() {
    let mut net = Net::zeros();
    let mut optimizer = GradientDescent::new(0.1).unwrap();
    let inputs = SMatrix::<f32, 8, 16>::zeros();
    let labels = SMatrix::<f32, 8, 10>::zeros();
    net.train_step(&CategoricalCrossEntropy, &mut optimizer, &inputs, &labels);
}
