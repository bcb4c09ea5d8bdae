//! Runs a network whose PyTorch weights were checked and baked into a `const` at build time
//! (see `build.rs`), and checks its outputs against numpy's for the same weights.

mod net;

use net::Net;
use static_mlp::Network;

include!(concat!(env!("OUT_DIR"), "/net.rs")); // pub const NET: Net = …;

/// Inputs and the outputs numpy computes for them, from
/// `tests/fixtures/safetensors/sequential_f32.expected.json` (its first two samples).
const SAMPLES: [([f32; 3], [f64; 2]); 2] = [
    (
        [
            -1.5937014818191528,
            -0.1779133677482605,
            -1.4499759674072266,
        ],
        [0.4436995677604241, 0.5194972860412773],
    ),
    (
        [-0.5272972583770752, 0.5525750517845154, -1.3875176906585693],
        [0.47878729881120863, 0.5087193078950246],
    ),
];

fn main() {
    // f32 arithmetic against numpy's f64: within a few f32 ulp (tests/safetensors_reference.rs).
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
