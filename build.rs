//! Names one condition the source tests in several places: `x86_64_simd`, set when building
//! for x86-64 with the `std` feature, where the CPU's instruction sets can be detected at run
//! time and code written for AVX2 and AVX-512 can be chosen. (The source adds `test` and
//! `debug_assertions` itself where it needs them: a build script sees neither the same way.)

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(x86_64_simd)");
    let target_arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if target_arch == "x86_64" && std::env::var_os("CARGO_FEATURE_STD").is_some() {
        println!("cargo::rustc-cfg=x86_64_simd");
    }
}
