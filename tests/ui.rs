//! Shape mistakes are compile errors: each file under `tests/ui/` must fail to compile with the
//! message checked in beside it. Regenerate the messages with `TRYBUILD=overwrite cargo test --test ui`.

#[test]
fn shape_mistakes_do_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
