//! Puts `memory.x` where `cortex-m-rt`'s linker script finds it, bakes the int8 sine model
//! from its `.tflite` file into `$OUT_DIR/sine_int8.rs` (checked by the crate's `from_tflite`
//! here, on the host, so the firmware carries neither the file nor its parser), and, for the
//! table harness's `emlearn-digits` feature, links the C library `scripts/cortex_m_table.sh`
//! compiled.
use std::{env, fs, path::PathBuf};

#[path = "src/sine.rs"]
mod sine;

/// The sine model, relative to this package; `CORTEX_M_SINE_TFLITE` names another file (one
/// that does not fit fails the build, saying why).
const SINE_TFLITE: &str = "../../tests/fixtures/tflite/sine.tflite";

fn main() {
    println!("cargo:rerun-if-env-changed=CORTEX_M_SINE_TFLITE");
    let sine_tflite = env::var("CORTEX_M_SINE_TFLITE").unwrap_or_else(|_| SINE_TFLITE.into());
    let baked = static_mlp::io::build_script::bake_tflite(
        &sine_tflite,
        "SINE_INT8",
        "SineInt8",
        sine::SineInt8::from_tflite,
    );
    if let Err(error) = baked {
        println!("cargo::error={error}");
        return;
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    fs::copy("memory.x", out.join("memory.x")).unwrap();
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-env-changed=TABLE_GENERATED");
    println!("cargo:rerun-if-env-changed=EMLEARN_LIBS");
    if env::var_os("CARGO_FEATURE_EMLEARN_DIGITS").is_some() {
        // A directory holding libemlearn_digits.a, and picolibc's libm.a and libc.a (expf).
        let libs = env::var("EMLEARN_LIBS").expect("EMLEARN_LIBS: where the C libraries are");
        for dir in libs.split(':') {
            println!("cargo:rustc-link-search={dir}");
        }
        println!("cargo:rustc-link-lib=static=emlearn_digits");
        println!("cargo:rustc-link-lib=static=m");
        println!("cargo:rustc-link-lib=static=c");
    }
}
