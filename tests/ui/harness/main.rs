//! Shape mistakes are compile errors: every `.rs` file in `tests/ui/` must fail to compile with
//! the message checked in beside it (its `.stderr` file). With no program to run, trybuild only
//! type-checks the crate and its dependencies (`cargo check`), which is most of what makes this
//! run quick. Write the messages anew with
//! `TRYBUILD=overwrite cargo test -p static-mlp-compile-tests`.

use std::path::PathBuf;

#[test]
fn shape_mistakes_do_not_compile() {
    let tests = trybuild::TestCases::new();
    for case in cases() {
        tests.compile_fail(case);
    }
}

/// The compile-fail cases, in name order.
fn cases() -> Vec<PathBuf> {
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
