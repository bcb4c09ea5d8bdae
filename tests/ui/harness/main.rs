//! Shape mistakes are compile errors: each case must fail to compile with its checked-in
//! message (`compile_fail.rs`). With no program to run, trybuild only type-checks the crate
//! and its dependencies (`cargo check`), which is most of what makes this run quick. Write the
//! messages anew with `TRYBUILD=overwrite cargo test -p static-mlp-compile-tests`.

mod compile_fail;

#[test]
fn shape_mistakes_do_not_compile() {
    let tests = trybuild::TestCases::new();
    for case in compile_fail::cases() {
        tests.compile_fail(case);
    }
}
