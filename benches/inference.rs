//! Inference with the lab's trained 2 → 4 → 4 → 1 network: one sample at a time, and a batch of
//! 1,024 samples (criterion reports the batch per sample), against the naive baseline.
//!
//!     cargo bench --bench inference

mod naive;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use naive::NaiveNet;
use static_mlp::data;
use static_mlp::nalgebra::SMatrix;
use static_mlp::prelude::*;
use std::hint::black_box;

type SeedNet = mlp!(f64, no_bias; 2 => 4 => 4 => 1);

fn inference(c: &mut Criterion) {
    let xor = data::xor_easy::<f64>();
    let mut net = SeedNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(1));
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    for _ in 0..50_000 {
        net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
    }
    let naive = NaiveNet::from_parameters(&net.parameters().flatten().copied().collect::<Vec<_>>());
    let batch = SMatrix::<f64, 1024, 2>::from_fn(|r, c| ((r * 37 + c * 11) % 101) as f64 / 100.0);

    let mut group = c.benchmark_group("inference_one_sample");
    group.bench_function("static_mlp_f64", |b| {
        b.iter(|| net.predict_one(black_box([0.3, 0.7])))
    });
    group.bench_function("naive_f64", |b| {
        b.iter(|| naive.predict(black_box([0.3, 0.7])))
    });
    group.finish();

    let mut group = c.benchmark_group("inference_1024_samples");
    group.throughput(Throughput::Elements(1024));
    group.bench_function("static_mlp_f64", |b| {
        b.iter(|| net.predict(black_box(&batch)))
    });
    group.bench_function("naive_f64", |b| {
        b.iter(|| {
            let mut out = [0.0; 1024];
            for (r, o) in out.iter_mut().enumerate() {
                *o = naive.predict(black_box([batch[(r, 0)], batch[(r, 1)]]));
            }
            out
        })
    });
    group.finish();
}

criterion_group!(benches, inference);
criterion_main!(benches);
