// Binary cross-entropy on a ReLU output, whose values are not probabilities.
use static_mlp::prelude::*;

type Net = mlp!(f64; 2 => 4 Relu => 1 Relu);

fn main() {
    let mut net = Net::zeros();
    let mut optimizer = GradientDescent::new(0.1).unwrap();
    let inputs = SMatrix::<f64, 21, 2>::zeros();
    let labels = SMatrix::<f64, 21, 1>::zeros();
    net.train_step(&BinaryCrossEntropy, &mut optimizer, &inputs, &labels);
}
