//! Names two conditions the source tests: `x86_64_simd`, set when building for x86-64 with the
//! `std` feature, where the CPU's instruction sets can be detected at run time and code
//! written for AVX2 and AVX-512 can be chosen; and `arm_dsp`, set when building for an Arm core
//! with the DSP extension (`SMLAD`, `SXTB16`), where the int8 layers use it. (The source adds
//! `test` and `debug_assertions` itself where it needs them: a build script sees neither the
//! same way.)

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(x86_64_simd)");
    println!("cargo::rustc-check-cfg=cfg(arm_dsp)");
    let target_arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if target_arch == "x86_64" && std::env::var_os("CARGO_FEATURE_STD").is_some() {
        println!("cargo::rustc-cfg=x86_64_simd");
    }
    // Stable Rust does not report Arm's `dsp` target feature to `cfg` (it is unstable), so
    // the target's name says it too: every `thumbv7em` core (Cortex-M4, M7) has the DSP
    // extension. Other cores with it (a Cortex-M33 built with `-C target-feature=+dsp`) are
    // seen through the feature where the compiler reports it.
    let target = std::env::var("TARGET").unwrap_or_default();
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    if target_arch == "arm"
        && (target.starts_with("thumbv7em") || features.split(',').any(|f| f == "dsp"))
    {
        println!("cargo::rustc-cfg=arm_dsp");
    }
}
