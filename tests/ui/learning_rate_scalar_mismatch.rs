// An `f64` learning rate for an `f32` network: the optimiser's numbers are not the network's.
use static_mlp::data::SampleSet;
use static_mlp::prelude::*;

type Net = mlp!(f32; 4 => 16 Tanh => 16 Tanh => 2 Identity);

fn main() {
    let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(1));
    let samples = SampleSet::<f32, 4, 2>::with_capacity(0);
    let learning_rate: f64 = 0.01;
    let mut adam = Adam::new(learning_rate).unwrap();
    let _ = Fit::new(&MeanSquaredError, &mut adam).run(&mut net, &samples);
}
