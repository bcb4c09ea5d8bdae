//! Shape mistakes are compile errors: every `.rs` file in `tests/ui/` must fail to compile with
//! the message checked in beside it (its `.stderr` file).

use std::path::PathBuf;

/// The compile-fail cases, in name order.
pub fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(".")
        .expect("the test runs in tests/ui, its package's folder")
        // Relative to the folder as `x.rs`, the way trybuild keeps the line numbers of the
        // case's own lines in the messages.
        .map(|entry| PathBuf::from(entry.unwrap().file_name()))
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the cases are missing: {cases:?}");
    cases
}
