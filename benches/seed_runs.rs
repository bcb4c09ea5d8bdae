//! The lab's two training runs, 50,000 epochs each, against the naive baseline in the same run:
//! XOR-easy (21 points) in f64, and the linear set (100 points) in f64 and f32.
//!
//!     cargo bench --bench seed_runs

mod naive;

use criterion::{Criterion, criterion_group, criterion_main};
use naive::NaiveNet;
use static_mlp::data::{self, Dataset};
use static_mlp::prelude::*;
use std::hint::black_box;
use std::time::Duration;

type SeedNet<T> = mlp!(T, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);

const EPOCHS: usize = 50_000;

fn train_static<T: static_mlp::Scalar, const N: usize>(
    net: &SeedNet<T>,
    set: &Dataset<T, N, 2, 1>,
) -> T {
    let mut net = *net;
    let mut optimizer = GradientDescent::new(T::literal(0.5)).unwrap();
    let mut loss = T::ZERO;
    for _ in 0..EPOCHS {
        loss = net.train_step(&MeanSquaredError, &mut optimizer, &set.inputs, &set.labels);
    }
    loss
}

fn train_naive<const N: usize>(net: &NaiveNet, set: &Dataset<f64, N, 2, 1>) -> f64 {
    let mut net = *net;
    let (xs, ys) = (
        naive::rows(&set.inputs),
        core::array::from_fn(|r| set.labels[r]),
    );
    let mut loss = 0.0;
    for _ in 0..EPOCHS {
        loss = net.train_epoch(&xs, &ys, 0.5);
    }
    loss
}

fn seed_runs(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(1);
    let linear = data::linearly_separable::<f64, 100, _>(&mut rng);
    let linear_f32 = Dataset {
        inputs: linear.inputs.cast::<f32>(),
        labels: linear.labels.cast::<f32>(),
    };
    let xor = data::xor_easy::<f64>();
    let net = SeedNet::<f64>::random(Init::StandardNormal, &mut StdRng::seed_from_u64(1));
    let net_f32 = SeedNet::<f32>::random(Init::StandardNormal, &mut StdRng::seed_from_u64(1));
    let naive = NaiveNet::from_parameters(&net.parameters().flatten().copied().collect::<Vec<_>>());

    // Both implementations must compute the same run before their speeds are compared.
    let (ours, baseline) = (train_static(&net, &xor), train_naive(&naive, &xor));
    assert!(
        (ours - baseline).abs() <= 1e-9 * baseline,
        "static {ours} vs naive {baseline}"
    );

    let mut group = c.benchmark_group("xor_easy_50k_epochs");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("static_mlp_f64", |b| {
        b.iter(|| train_static(black_box(&net), &xor))
    });
    group.bench_function("naive_f64", |b| {
        b.iter(|| train_naive(black_box(&naive), &xor))
    });
    group.finish();

    let mut group = c.benchmark_group("linear_50k_epochs");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("static_mlp_f64", |b| {
        b.iter(|| train_static(black_box(&net), &linear))
    });
    group.bench_function("static_mlp_f32", |b| {
        b.iter(|| train_static(black_box(&net_f32), &linear_f32))
    });
    group.bench_function("naive_f64", |b| {
        b.iter(|| train_naive(black_box(&naive), &linear))
    });
    group.finish();
}

criterion_group!(benches, seed_runs);
criterion_main!(benches);
