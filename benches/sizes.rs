//! Cost against size: one full-batch training step (batch 64, sigmoid everywhere, mean squared
//! error, no biases, gradient descent) for 2→4→4→1, 2→16→16→1, 8→64→64→8 and 32→128→128→10,
//! in f32 and f64, static shapes against the same math on nalgebra's dynamic matrices
//! (`DMatrix`, heap-allocated, sizes checked at run time), with the same `exp`.
//!
//!     cargo bench --bench sizes

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use static_mlp::Scalar;
use static_mlp::nalgebra::{DMatrix, SMatrix};
use static_mlp::prelude::*;
use std::hint::black_box;

const BATCH: usize = 64;

/// The same step on dynamic matrices: weights `[W1, W2, W3]`, samples as rows.
fn dynamic_step<T: Scalar>(
    weights: &mut [DMatrix<T>; 3],
    x: &DMatrix<T>,
    y: &DMatrix<T>,
    rate: T,
) -> T {
    let sigmoid = |z: T| T::ONE / (T::ONE + (-z).fast_exp());
    let a1 = (x * &weights[0]).map(sigmoid);
    let a2 = (&a1 * &weights[1]).map(sigmoid);
    let a3 = (&a2 * &weights[2]).map(sigmoid);
    let n = T::literal(y.len() as f64);
    let loss = (&a3 - y).norm_squared() / n;
    // δ³ = 2(a − y)/n ⊙ a(1 − a); δˡ = δˡ⁺¹·Wˡ⁺¹ᵀ ⊙ a(1 − a); ∂C/∂Wˡ = aˡ⁻¹ᵀ·δˡ
    let d3 = a3.zip_map(y, |a, y| T::literal(2.0) * (a - y) / n * a * (T::ONE - a));
    let d2 = (&d3 * weights[2].transpose()).component_mul(&a2.map(|a| a * (T::ONE - a)));
    let d1 = (&d2 * weights[1].transpose()).component_mul(&a1.map(|a| a * (T::ONE - a)));
    weights[2] -= a2.tr_mul(&d3) * rate;
    weights[1] -= a1.tr_mul(&d2) * rate;
    weights[0] -= x.tr_mul(&d1) * rate;
    loss
}

fn bench_size<T: Scalar, const I: usize, const H: usize, const O: usize>(
    c: &mut Criterion,
    name: &str,
) where
    mlp!(T, no_bias; I => H Sigmoid => H Sigmoid => O Sigmoid): Network<T, I, O> + Copy,
{
    let mut rng = StdRng::seed_from_u64(3);
    let net = <mlp!(T, no_bias; I => H Sigmoid => H Sigmoid => O Sigmoid)>::random(
        Init::Xavier,
        &mut rng,
    );
    let x =
        SMatrix::<T, BATCH, I>::from_fn(|r, c| T::literal(((r * 7 + c * 3) % 10) as f64 / 10.0));
    let y = SMatrix::<T, BATCH, O>::from_fn(|r, c| T::literal(((r + c) % 2) as f64));
    let mut slices = net.parameters();
    let mut dynamic_weights = [(I, H), (H, H), (H, O)]
        .map(|(rows, columns)| DMatrix::from_column_slice(rows, columns, slices.next().unwrap()));
    let (dynamic_x, dynamic_y) = (
        DMatrix::from_column_slice(BATCH, I, x.as_slice()),
        DMatrix::from_column_slice(BATCH, O, y.as_slice()),
    );
    let rate = T::literal(0.1);

    // Both must compute the same step before their speeds are compared.
    let mut stepped = net;
    let ours = stepped.train_step(
        &MeanSquaredError,
        &mut GradientDescent::new(rate).unwrap(),
        &x,
        &y,
    );
    let theirs = dynamic_step(&mut dynamic_weights.clone(), &dynamic_x, &dynamic_y, rate);
    let relative = ((ours - theirs) / theirs).abs().to_f64();
    assert!(
        relative < 1e-5,
        "{name}: static loss {ours} vs dynamic {theirs}"
    );

    let mut group = c.benchmark_group(format!("train_step_batch64_{}", T::NAME));
    group.bench_function(BenchmarkId::new("static", name), |b| {
        let mut optimizer = GradientDescent::new(rate).unwrap();
        let mut net = net;
        b.iter(|| {
            net.train_step(
                &MeanSquaredError,
                &mut optimizer,
                black_box(&x),
                black_box(&y),
            )
        })
    });
    group.bench_function(BenchmarkId::new("dynamic", name), |b| {
        b.iter(|| {
            dynamic_step(
                &mut dynamic_weights,
                black_box(&dynamic_x),
                black_box(&dynamic_y),
                rate,
            )
        })
    });
    group.finish();
}

fn sizes(c: &mut Criterion) {
    bench_size::<f64, 2, 4, 1>(c, "2-4-4-1");
    bench_size::<f64, 2, 16, 1>(c, "2-16-16-1");
    bench_size::<f64, 8, 64, 8>(c, "8-64-64-8");
    bench_size::<f64, 32, 128, 10>(c, "32-128-128-10");
    bench_size::<f32, 2, 4, 1>(c, "2-4-4-1");
    bench_size::<f32, 2, 16, 1>(c, "2-16-16-1");
    bench_size::<f32, 8, 64, 8>(c, "8-64-64-8");
    bench_size::<f32, 32, 128, 10>(c, "32-128-128-10");
}

criterion_group!(benches, sizes);
criterion_main!(benches);
