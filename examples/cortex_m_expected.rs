//! Writes what the Cortex-M firmware (`examples/cortex_m/`) checks its results against: TFLM's
//! int8 goldens, the host's bits for the lab's baked f32 and f64 nets, the Iris data set as
//! `const` arrays, and the host's bits after the two training runs the firmware repeats. The
//! files go to `tests/cortex_m/`; `tests/deployment/cortex_m_expected.rs` checks they are current.
//!
//!     cargo run --release --example cortex_m_expected

#[path = "../tests/cortex_m/generate.rs"]
mod generate;

fn main() -> std::io::Result<()> {
    let root = env!("CARGO_MANIFEST_DIR");
    for (name, contents) in generate::files(root) {
        let path = format!("{root}/{}{name}", generate::DIR);
        std::fs::write(&path, contents)?;
        println!("wrote {path}");
    }
    Ok(())
}
