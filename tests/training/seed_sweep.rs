//! A seed sweep gives the same outcomes whatever the number of threads: each run depends on
//! its seed alone, and `run_seeds` returns them in seed order. This is what makes the
//! `seed_sweep` example's table reproducible.

use static_mlp::data;
use static_mlp::experiments::{Outcome, SweepSummary, run_seeds};
use static_mlp::prelude::*;

type XorNet = mlp!(f64, no_bias; 2 => 4 Relu => 4 Relu => 1 Sigmoid);

fn run(seed: u64) -> Outcome {
    let xor = data::xor_easy::<f64>();
    let mut net = XorNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(seed));
    let mut optimizer = GradientDescent::new(0.1).unwrap();
    Outcome::train(&mut net, &BinaryCrossEntropy, &mut optimizer, &xor, 300)
}

fn sweep(threads: usize) -> Vec<Outcome> {
    run_seeds(16, threads, run).unwrap()
}

#[test]
fn outcomes_do_not_depend_on_the_thread_count() {
    let one = sweep(1);
    let sequential: Vec<_> = (0..16).map(run).collect();
    assert_eq!(one, sequential);
    for threads in [2, 5] {
        let many = sweep(threads);
        // Bit for bit, not just approximately.
        let bits = |outcomes: &[Outcome]| -> Vec<_> {
            outcomes
                .iter()
                .map(|o| (o.first_perfect_epoch, o.final_loss.to_bits()))
                .collect()
        };
        assert_eq!(bits(&many), bits(&one), "{threads} threads");
    }
    // The seeds really differ, so the comparison above means something.
    let summary = SweepSummary::of(&one).unwrap();
    assert!(summary.final_loss.min < summary.final_loss.max);
}
