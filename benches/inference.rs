//! Inference against the naive baseline: one sample (`predict_one`), small batches of 2, 4 and
//! 8 (`predict`, reported per sample) and a batch of 1,024, for the lab's trained 2 → 4 → 4 → 1
//! network and a 16 → 32 → 32 → 4 one, in `f64` and `f32`. Both sides compute from the same
//! weights, and must agree before they are timed.
//!
//!     cargo bench --bench inference

mod naive;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use naive::NaiveMlp;
use static_mlp::Scalar;
use static_mlp::data;
use static_mlp::nalgebra::SMatrix;
use static_mlp::prelude::*;
use std::hint::black_box;

type Net<T, const I: usize, const H: usize, const O: usize> =
    mlp!(T, no_bias; I => H Sigmoid => H Sigmoid => O Sigmoid);

/// The lab's network after its 50,000 epochs on XOR-easy, so the sigmoids see trained inputs.
fn trained_lab_net<T: Scalar>() -> Net<T, 2, 4, 1> {
    let xor = data::xor_easy::<T>();
    let mut net = Net::<T, 2, 4, 1>::random(Init::StandardNormal, &mut StdRng::seed_from_u64(1));
    let mut optimizer = GradientDescent::new(T::literal(0.5)).unwrap();
    for _ in 0..50_000 {
        net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
    }
    net
}

/// A sample in `[0, 1)ᴵ`, different for each `row`.
fn sample<T: Scalar, const I: usize>(row: usize) -> [T; I] {
    core::array::from_fn(|c| T::literal(((row * 37 + c * 11) % 101) as f64 / 100.0))
}

fn bench_net<T: Scalar, const I: usize, const H: usize, const O: usize>(
    c: &mut Criterion,
    name: &str,
    net: Net<T, I, H, O>,
) where
    Net<T, I, H, O>: Network<T, I, O>,
{
    let naive = NaiveMlp::<T, I, H, O>::from_parameters(
        &net.parameters().flatten().copied().collect::<Vec<_>>(),
    );
    let one = sample::<T, I>(1);
    let (ours, theirs) = (net.predict_one(one), naive.predict(one));
    for (a, b) in ours.iter().zip(&theirs) {
        assert!(
            (*a - *b).abs().to_f64() < 1e-5,
            "{name}: {ours:?} vs naive {theirs:?}"
        );
    }

    let mut group = c.benchmark_group(format!("predict_one_{}", T::NAME));
    group.bench_function(BenchmarkId::new("static", name), |b| {
        b.iter(|| net.predict_one(black_box(one)))
    });
    group.bench_function(BenchmarkId::new("naive", name), |b| {
        b.iter(|| naive.predict(black_box(one)))
    });
    group.finish();

    small_batch::<T, I, H, O, 2>(c, name, &net, &naive);
    small_batch::<T, I, H, O, 4>(c, name, &net, &naive);
    small_batch::<T, I, H, O, 8>(c, name, &net, &naive);
}

/// `predict` on a batch of `B` samples against `B` naive calls, per sample.
fn small_batch<T: Scalar, const I: usize, const H: usize, const O: usize, const B: usize>(
    c: &mut Criterion,
    name: &str,
    net: &Net<T, I, H, O>,
    naive: &NaiveMlp<T, I, H, O>,
) where
    Net<T, I, H, O>: Network<T, I, O>,
{
    let rows: [[T; I]; B] = core::array::from_fn(sample::<T, I>);
    let batch = SMatrix::<T, B, I>::from_fn(|r, c| rows[r][c]);
    let mut group = c.benchmark_group(format!("predict_batch{B}_{}", T::NAME));
    group.throughput(Throughput::Elements(B as u64));
    group.bench_function(BenchmarkId::new("static", name), |b| {
        b.iter(|| net.predict(black_box(&batch)))
    });
    group.bench_function(BenchmarkId::new("naive", name), |b| {
        b.iter(|| black_box(&rows).map(|row| naive.predict(row)))
    });
    group.finish();
}

fn inference(c: &mut Criterion) {
    bench_net(c, "2-4-4-1", trained_lab_net::<f64>());
    bench_net(c, "2-4-4-1", trained_lab_net::<f32>());
    let mut rng = StdRng::seed_from_u64(2);
    bench_net(
        c,
        "16-32-32-4",
        Net::<f64, 16, 32, 4>::random(Init::Xavier, &mut rng),
    );
    bench_net(
        c,
        "16-32-32-4",
        Net::<f32, 16, 32, 4>::random(Init::Xavier, &mut rng),
    );

    // Many samples at once: the batch is where the vectorised code has the most to work on.
    let net = trained_lab_net::<f64>();
    let naive = NaiveMlp::<f64, 2, 4, 1>::from_parameters(
        &net.parameters().flatten().copied().collect::<Vec<_>>(),
    );
    let batch = SMatrix::<f64, 1024, 2>::from_fn(|r, c| sample::<f64, 2>(r)[c]);
    let mut group = c.benchmark_group("inference_1024_samples");
    group.throughput(Throughput::Elements(1024));
    group.bench_function("static_mlp_f64", |b| {
        b.iter(|| net.predict(black_box(&batch)))
    });
    group.bench_function("naive_f64", |b| {
        b.iter(|| {
            let mut out = [0.0; 1024];
            for (r, o) in out.iter_mut().enumerate() {
                [*o] = naive.predict(black_box([batch[(r, 0)], batch[(r, 1)]]));
            }
            out
        })
    });
    group.finish();
}

criterion_group!(benches, inference);
criterion_main!(benches);
