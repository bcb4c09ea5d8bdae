//! End-to-end tests of learning: training runs, gradients, data read at run time, real data
//! sets and seeds (the figures' tests are in `tests/figures/`). One test binary for all of them,
//! so that Cargo links the crate and compiles the networks they share once, not once per file;
//! each file below is one concern.
//!
//!     cargo test --test training              # these tests alone
//!     cargo test --test training gradient     # those whose path contains `gradient`

#[path = "../cases/mod.rs"]
mod cases;
#[path = "../mutations/mod.rs"]
mod mutations;
#[path = "../scratch/mod.rs"]
mod scratch;

#[cfg(feature = "csv")]
mod cross_validation;
#[cfg(feature = "csv")]
mod csv_fuzz;
mod fit;
mod gradient_check;
mod multiclass;
mod numpy_reference;
mod optimizer_comparison;
#[cfg(feature = "csv")]
mod real_data;
#[cfg(feature = "csv")]
mod runtime_data;
mod sample_weights;
mod seed_runs;
mod seed_sweep;
#[cfg(feature = "csv")]
mod sklearn_splits;
#[cfg(feature = "csv")]
mod train_test_files;
