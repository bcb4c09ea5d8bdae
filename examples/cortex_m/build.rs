//! Puts `memory.x` where `cortex-m-rt`'s linker script finds it, and, for the table harness's
//! `emlearn-digits` feature, links the C library `scripts/cortex_m_table.sh` compiled.
use std::{env, fs, path::PathBuf};

fn main() {
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
