//! The programs built against the crate by trybuild: the baked-source program must compile and
//! run (`bake.rs`), and each shape mistake must fail to compile with its checked-in message
//! (`compile_fail.rs`). One trybuild run builds the crate's dependencies once for both. Write
//! the messages anew with `TRYBUILD=overwrite cargo test -p static-mlp-compile-tests`.

mod bake;
mod compile_fail;

#[test]
fn baked_source_runs_and_shape_mistakes_do_not_compile() {
    let tests = trybuild::TestCases::new();
    tests.pass(bake::baked_program());
    for case in compile_fail::cases() {
        tests.compile_fail(case);
    }
}
