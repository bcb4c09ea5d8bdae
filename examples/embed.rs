//! Step 6 of the examples (xor_static → … → seed_sweep → embed → no_std): from a trained net
//! to one shipped inside other code.
//!
//! Trains the lab's XOR net, saves it to a file, loads it back into the same type, shows that
//! loading it as another architecture fails with a readable error, prints the Rust source that
//! bakes it into a program as a constant, and measures the loaded net's inference latency.
//!
//!     cargo run --release --example embed
//!
//! With `-- --bake FILE` it also writes the baked source to FILE;
//! `tests/baked/xor_net_no_bias.rs`, which the `no_std` example compiles, was written that way.

use static_mlp::data;
use static_mlp::io::rust_source::bake;
use static_mlp::metrics::accuracy;
use static_mlp::prelude::*;
use std::hint::black_box;
use std::time::Instant;

/// The lab's network, as in `xor_static`.
type XorNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
/// Another architecture, to show what loading the wrong type says.
type WideNet = mlp!(f32; 2 => 8 Sigmoid => 1 Sigmoid);

const SEED: u64 = 1;
const EPOCHS: usize = 50_000;
const LATENCY_SAMPLES: usize = 1_000_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bake_to = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => None,
        [flag, path] if flag == "--bake" => Some(path.clone()),
        _ => return Err("usage: embed [--bake FILE]".into()),
    };

    // 1. Train.
    let xor = data::xor_easy::<f64>();
    let mut net = XorNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(SEED));
    let mut optimizer = GradientDescent::new(0.5)?;
    for _ in 0..EPOCHS {
        net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
    }
    let outputs = net.predict(&xor.inputs);
    println!(
        "trained {} for {EPOCHS} epochs: accuracy {:.0}%, loss {:.3e}",
        XorNet::architecture(),
        100.0 * accuracy(&outputs, &xor.labels),
        net.loss(&MeanSquaredError, &xor.inputs, &xor.labels)
    );

    // 2. Save, then load into the same type: the same bits come back.
    let path = std::env::temp_dir().join("static-mlp-embed-xor.json");
    net.save(&path)?;
    let start = Instant::now();
    let loaded = XorNet::load(&path)?;
    let load_time = start.elapsed();
    let size = std::fs::metadata(&path)?.len();
    println!("\nsaved to {} ({size} bytes)", path.display());
    println!(
        "loaded back as {} in {:.0} µs: identical weights: {}",
        XorNet::architecture(),
        load_time.as_secs_f64() * 1e6,
        loaded == net
    );

    // 3. Load into another architecture: a typed error that names both.
    match WideNet::load(&path) {
        Ok(_) => return Err("a file for another architecture was accepted".into()),
        Err(error) => println!("loaded as {}: error: {error}", WideNet::architecture()),
    }

    // 4. Bake into Rust source.
    let source = bake(&net, "XOR_NET", "XorNet");
    println!(
        "\nbaked as Rust source ({} bytes), for `type XorNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);`:\n",
        source.len()
    );
    println!("{source}");
    if let Some(file) = bake_to {
        std::fs::write(&file, &source)?;
        println!("(written to {file})");
    }

    // 5. Latency of the loaded net, one sample at a time.
    let start = Instant::now();
    let mut sum = 0.0;
    for i in 0..LATENCY_SAMPLES {
        let x = (i % 1000) as f64 * 1e-3;
        let [y] = black_box(&loaded).predict_one(black_box([x, 1.0 - x]));
        sum += y;
    }
    let nanoseconds = start.elapsed().as_secs_f64() * 1e9 / LATENCY_SAMPLES as f64;
    black_box(sum);
    println!("inference latency of the loaded net: {nanoseconds:.1} ns per sample (predict_one)");
    Ok(())
}
