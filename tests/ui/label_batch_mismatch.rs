// 21 input samples but only 20 labels.
use static_mlp::prelude::*;

type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);

fn main() {
    let mut net = XorNet::zeros();
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    let inputs = SMatrix::<f64, 21, 2>::zeros();
    let labels = SMatrix::<f64, 20, 1>::zeros();
    net.train_step(&MeanSquaredError, &mut optimizer, &inputs, &labels);
}
