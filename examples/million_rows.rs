//! Scale: one epoch over a million samples read as a run-time-length `SampleSet`, in
//! mini-batches of 64, and the peak memory that takes.
//!
//! A 16 → 32 → 32 → 4 network (ReLU, ReLU, sigmoid), Adam, binary cross-entropy, on
//! 1,000,000 synthetic rows of 16 `f32` inputs (label `k`: do inputs `4k … 4k+3` sum above
//! 2?). The rows live on the heap (76 MiB); training streams `64 × 16` batches gathered from
//! them, and evaluation walks them in chunks, so nothing on the stack grows with the data. The
//! run allocates one thing beyond the rows: its sample order (1,000,000 `usize`, 7.6 MiB).
//! Prints the time, the accuracy and the peak resident memory (`VmHWM`, Linux) before and
//! after training.
//!
//!     cargo run --release --example million_rows
//!     /usr/bin/time -v target/release/examples/million_rows   # the same peak, measured outside

use static_mlp::data::SampleSet;
use static_mlp::prelude::*;
use static_mlp::rand::RngExt;
use std::time::Instant;

type Net = mlp!(f32; 16 => 32 Relu => 32 Relu => 4 Sigmoid);

const ROWS: usize = 1_000_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = StdRng::seed_from_u64(1);
    let mut samples = SampleSet::<f32, 16, 4>::with_capacity(ROWS);
    for _ in 0..ROWS {
        let input: [f32; 16] = std::array::from_fn(|_| rng.random());
        let label = std::array::from_fn(|k| {
            let sum: f32 = input[4 * k..4 * k + 4].iter().sum();
            f32::from(sum > 2.0)
        });
        samples.push(input, label);
    }
    let data_bytes = samples.len() * size_of::<([f32; 16], [f32; 4])>();
    println!(
        "{} rows × 16 inputs, 4 labels: {:.1} MiB of data; peak memory so far {}",
        samples.len(),
        mebibytes(data_bytes),
        peak_memory()
    );

    let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(2));
    let mut adam = Adam::new(0.003)?;
    let mut shuffle = StdRng::seed_from_u64(3);
    let start = Instant::now();
    let summary = Fit::new(&BinaryCrossEntropy, &mut adam)
        .mini_batches::<64>(&mut shuffle)
        .max_epochs(1)
        .run(&mut net, &samples)?;
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "1 epoch ({} steps of 64) and 2 evaluations of the whole set in {seconds:.2} s: \
         loss {:.4}, accuracy {:.2} %",
        ROWS / 64,
        summary.loss,
        100.0 * summary.accuracy.expect("a sigmoid output has an accuracy")
    );
    println!("peak memory after training {}", peak_memory());
    Ok(())
}

fn mebibytes(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The process's peak resident memory, from `/proc/self/status` (Linux).
fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().strip_suffix(" kB")?.trim().parse::<f64>().ok())
        .map_or("unknown (no /proc/self/status)".to_string(), |kib| {
            format!("{:.1} MiB (VmHWM)", kib / 1024.0)
        })
}
