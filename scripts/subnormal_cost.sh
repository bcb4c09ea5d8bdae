#!/usr/bin/env bash
# What subnormal operands cost the lab's 2-4-4-1 f32 net (docs/performance.md, "One sample of
# the lab's network"): `predict_one`, and `predict` on batches of 2 and 4, each called 5 million
# times on the inference bench's trained net and samples, then again with the CPU told to flush
# subnormal numbers to zero (MXCSR's FTZ and DAZ bits), which the crate never sets (they change
# results). Prints the time per call of each. With a commit as argument, measures that commit's
# sources instead of the working tree's. First it prints whether one call of each meets a
# subnormal number (MXCSR's denormal-operand and underflow flags). Run from the repository's
# top (x86-64 only):
#
#     scripts/subnormal_cost.sh            # the working tree
#     scripts/subnormal_cost.sh ecf1da4    # another commit
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
crate="$repo"
if [ -n "${1:-}" ]; then
  mkdir "$work/crate" && git -C "$repo" archive "$1" | tar -x -C "$work/crate"
  find "$work/crate" -type f -exec touch {} +
  crate="$work/crate"
fi
mkdir -p "$work/probe/src"
cat >"$work/probe/Cargo.toml" <<TOML
[package]
name = "subnormal-cost"
version = "0.0.0"
edition = "2024"
publish = false
[dependencies]
static-mlp = { path = "$crate" }
[workspace]
TOML
cat >"$work/probe/src/main.rs" <<'RUST'
#![allow(deprecated)] // _mm_getcsr and _mm_setcsr, the only way to set FTZ and DAZ
use static_mlp::nalgebra::SMatrix;
use static_mlp::prelude::*;
use std::hint::black_box;

type Net = mlp!(f32, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);

/// The inference bench's samples.
fn sample(row: usize) -> [f32; 2] {
    core::array::from_fn(|c| ((row * 37 + c * 11) % 101) as f32 / 100.0)
}

/// Whether one call set MXCSR's denormal-operand (bit 1) or underflow (bit 4) flag: an
/// operation on, or making, a subnormal number somewhere in it.
fn meets_subnormals(name: &str, call: impl Fn()) {
    // SAFETY: x86-64 always has SSE; this clears the six sticky exception flags.
    unsafe { std::arch::x86_64::_mm_setcsr(std::arch::x86_64::_mm_getcsr() & !0x3f) };
    call();
    let flags = unsafe { std::arch::x86_64::_mm_getcsr() };
    println!("{name:>10}: denormal operand {}, underflow {}", flags & 2 != 0, flags & 16 != 0);
}

fn time(name: &str, call: impl Fn()) {
    let calls = 5_000_000;
    let start = std::time::Instant::now();
    for _ in 0..calls {
        call();
    }
    println!("{name:>10}: {:.1} ns a call", start.elapsed().as_nanos() as f64 / calls as f64);
}

fn main() {
    // The inference bench's trained net: 50,000 epochs on XOR-easy from seed 1.
    let xor = static_mlp::data::xor_easy::<f32>();
    let mut net = Net::random(Init::StandardNormal, &mut StdRng::seed_from_u64(1));
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    for _ in 0..50_000 {
        net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
    }
    let two = SMatrix::<f32, 2, 2>::from_fn(|r, c| sample(r)[c]);
    let four = SMatrix::<f32, 4, 2>::from_fn(|r, c| sample(r)[c]);
    println!("MXCSR flags after one call:");
    meets_subnormals("one", || drop(black_box(net.predict_one(black_box(sample(1))))));
    meets_subnormals("batch of 2", || drop(black_box(net.predict(black_box(&two)))));
    meets_subnormals("batch of 4", || drop(black_box(net.predict(black_box(&four)))));
    for flush in [false, true] {
        if flush {
            // SAFETY: x86-64 always has SSE; FTZ (bit 15) and DAZ (bit 6).
            unsafe { std::arch::x86_64::_mm_setcsr(std::arch::x86_64::_mm_getcsr() | 0x8040) };
        }
        println!("subnormals flushed to zero: {flush}");
        time("one", || drop(black_box(net.predict_one(black_box(sample(1))))));
        time("batch of 2", || drop(black_box(net.predict(black_box(&two)))));
        time("batch of 4", || drop(black_box(net.predict(black_box(&four)))));
    }
}
RUST
CARGO_TARGET_DIR="$repo/target/subnormal-cost" cargo run --quiet --release --manifest-path "$work/probe/Cargo.toml"
