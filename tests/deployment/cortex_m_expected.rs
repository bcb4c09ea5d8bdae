//! The files the Cortex-M firmware (`examples/cortex_m/`) compares its results with are what
//! the crate computes today on this machine: TFLM's goldens copied exactly, the lab's baked
//! nets' output bits, the Iris data, and the bits two training runs end with.

#[path = "../cortex_m/generate.rs"]
mod generate;

#[test]
fn the_cortex_m_expected_files_are_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    let files = generate::files(root);
    assert_eq!(files.len(), 4);
    for (name, expected) in files {
        let path = format!("{root}/{}{name}", generate::DIR);
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            committed == expected,
            "{path} is stale: regenerate with `cargo run --release --example cortex_m_expected`"
        );
    }
}
