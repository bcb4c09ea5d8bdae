// `Batching::train_epoch` trusts its sample order (every index in range, as `Fit` makes it), so
// only the crate may call it: code outside cannot make its last argument. Train through `Fit`.
use static_mlp::train::{Batching, MiniBatches};
use static_mlp::data::SampleSet;
use static_mlp::prelude::*;

type Net = mlp!(f32; 2 => 4 Sigmoid => 1 Sigmoid);

fn main() {
    let mut rng = StdRng::seed_from_u64(1);
    let mut net = Net::random(Init::Xavier, &mut rng);
    let data = SampleSet::<f32, 2, 1>::with_capacity(0);
    let mut optimizer = GradientDescent::new(0.5f32).unwrap();
    let mut order = [99usize];
    MiniBatches::<1>::new(&mut rng).train_epoch(
        &mut net,
        &MeanSquaredError,
        &mut optimizer,
        &data,
        &mut order,
        None,
        static_mlp::train::sealed::Internal(()),
    );
}
