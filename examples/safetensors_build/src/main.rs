//! Runs a network whose PyTorch weights were checked and baked into a `const` at build time
//! (see `build.rs`), and checks its outputs against numpy's for the same weights.

mod net;

use net::Net;
use static_mlp::model::Network;

include!(concat!(env!("OUT_DIR"), "/net.rs")); // pub const NET: Net = …;

/// Inputs and the outputs numpy computes for them, from
/// `tests/fixtures/safetensors/sequential_f32.expected.json` (its first two samples; the
/// inputs are f32 values, written here in Rust's shortest form for them).
const SAMPLES: [([f32; 3], [f64; 2]); 2] = [
    (
        [-1.5937015, -0.17791337, -1.449976],
        [0.4436995677604241, 0.5194972860412773],
    ),
    (
        [-0.52729726, 0.55257505, -1.3875177],
        [0.47878729881120863, 0.5087193078950246],
    ),
];

fn main() {
    // f32 arithmetic against numpy's f64: within a few f32 ulp (tests/deployment/safetensors_reference.rs).
    const TOLERANCE: f64 = 5e-7;
    let mut worst = 0.0_f64;
    for (input, expected) in SAMPLES {
        let output = NET.predict_one(input);
        println!("f({input:?}) = {output:?}, numpy {expected:?}");
        for (got, want) in output.iter().zip(expected) {
            worst = worst.max((f64::from(*got) - want).abs());
        }
    }
    println!("largest difference from numpy: {worst:e}");
    if worst > TOLERANCE {
        eprintln!("expected at most {TOLERANCE:e}");
        std::process::exit(1);
    }
}
