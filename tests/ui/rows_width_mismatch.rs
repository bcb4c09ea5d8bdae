// Rows of 13 inputs for a network of 4: the length is known only at run time, the widths are
// still checked at compile time.
use static_mlp::data::SampleSet;
use static_mlp::prelude::*;

type Net = mlp!(f32; 4 => 16 Relu => 3 Sigmoid);

fn main() {
    let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(1));
    let wine = SampleSet::<f32, 13, 3>::with_capacity(0);
    let mut adam = Adam::new(0.01).unwrap();
    let _ = Fit::new(&BinaryCrossEntropy, &mut adam).run(&mut net, &wine);
}
