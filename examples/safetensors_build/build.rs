//! Bakes the PyTorch weights into `$OUT_DIR/net.rs` as `pub const NET: Net`, checked against
//! the type in `src/net.rs`; a file that does not fit stops the build with the reason.

#[path = "src/net.rs"]
mod net;

/// The weights: the 3→5→4→2 fixture written by `scripts/fixtures/make_safetensors.py`.
/// `SAFETENSORS_BUILD_WEIGHTS` names another file (CI uses it to show a mismatched one failing
/// the build).
const WEIGHTS: &str = "../../tests/fixtures/safetensors/sequential_f32.safetensors";

fn main() {
    println!("cargo::rerun-if-env-changed=SAFETENSORS_BUILD_WEIGHTS");
    let weights = std::env::var("SAFETENSORS_BUILD_WEIGHTS").unwrap_or_else(|_| WEIGHTS.into());
    let baked = static_mlp::io::build_script::bake_safetensors::<net::Net>(&weights, "NET", "Net");
    if let Err(error) = baked {
        // Cargo prints the message as an error and fails the build.
        println!("cargo::error={error}");
    }
}
