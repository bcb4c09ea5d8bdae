// Feeding a 2-input network a batch of 3-wide samples.
use static_mlp::prelude::*;

type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);

fn main() {
    let net = XorNet::zeros();
    let inputs = SMatrix::<f64, 21, 3>::zeros();
    let _ = net.predict(&inputs);
}
