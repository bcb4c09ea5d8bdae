//! `Fit` end to end: stopping rules, the callback, mini-batches, validation, and the errors
//! for bad data and divergence, all on real training runs.

use static_mlp::data::{self, Dataset};
use static_mlp::prelude::*;
use static_mlp::train::{Epoch, StopReason};
use static_mlp::{data::InvalidData, train::FitError, train::evaluate};

type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
/// ReLU hidden layer and a linear output: nothing bounds the output, so a huge learning rate
/// really does blow up (a sigmoid output would only saturate).
type Unbounded = mlp!(f64; 2 => 8 Relu => 1 Identity);

fn xor_net(seed: u64) -> XorNet {
    XorNet::random(Init::Xavier, &mut StdRng::seed_from_u64(seed))
}

fn weights<N: Parameters<f64>>(net: &N) -> Vec<f64> {
    net.parameters().flatten().copied().collect()
}

#[test]
fn full_batch_fit_is_the_plain_training_loop() {
    let xor = data::xor_easy::<f64>();
    let mut by_hand = xor_net(1);
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    for _ in 0..200 {
        by_hand.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
    }

    let mut fitted = xor_net(1);
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    let summary = Fit::new(&MeanSquaredError, &mut optimizer)
        .max_epochs(200)
        .run(&mut fitted, &xor)
        .unwrap();

    assert_eq!(weights(&fitted), weights(&by_hand));
    assert_eq!(summary.epochs, 200);
    assert_eq!(summary.stopped_by, StopReason::MaxEpochs);
    let now = evaluate(&fitted, &MeanSquaredError, &xor);
    assert_eq!((summary.loss, summary.accuracy), (now.loss, now.accuracy));
}

#[test]
fn callback_sees_every_epoch_and_can_stop() {
    let xor = data::xor_easy::<f64>();
    let mut net = xor_net(2);
    let mut adam = Adam::new(0.01).unwrap();
    let mut seen: Vec<Epoch<f64>> = Vec::new();
    let summary = Fit::new(&BinaryCrossEntropy, &mut adam)
        .max_epochs(100)
        .run_with(&mut net, &xor, |epoch, net| {
            let now = evaluate(net, &BinaryCrossEntropy, &xor);
            assert_eq!((epoch.loss, epoch.accuracy), (now.loss, now.accuracy));
            seen.push(*epoch);
            if epoch.epoch == 7 {
                Control::Stop
            } else {
                Control::Continue
            }
        })
        .unwrap();
    assert_eq!(summary.stopped_by, StopReason::Callback);
    assert_eq!(summary.epochs, 7);
    let numbers: Vec<usize> = seen.iter().map(|e| e.epoch).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(summary.loss, seen[6].loss);
}

#[test]
fn stops_at_the_first_epoch_that_meets_a_target() {
    let xor = data::xor_easy::<f64>();
    let mut losses = Vec::new();
    let mut rprop = Rprop::new();
    let mut net = xor_net(3);
    let summary = Fit::new(&MeanSquaredError, &mut rprop)
        .max_epochs(5_000)
        .target_loss(0.05)
        .unwrap()
        .run_with(&mut net, &xor, |epoch, _| {
            losses.push(epoch.loss);
            Control::Continue
        })
        .unwrap();
    assert_eq!(summary.stopped_by, StopReason::TargetLoss);
    assert_eq!(summary.epochs, losses.len());
    assert!(summary.loss <= 0.05);
    assert!(losses[..losses.len() - 1].iter().all(|&l| l > 0.05));

    let mut accuracies = Vec::new();
    let mut rprop = Rprop::new();
    let mut net = xor_net(3);
    let summary = Fit::new(&MeanSquaredError, &mut rprop)
        .max_epochs(5_000)
        .target_accuracy(1.0)
        .unwrap()
        .run_with(&mut net, &xor, |epoch, _| {
            accuracies.push(epoch.accuracy);
            Control::Continue
        })
        .unwrap();
    assert_eq!(summary.stopped_by, StopReason::TargetAccuracy);
    assert_eq!(summary.accuracy, Some(1.0));
    assert_eq!(
        accuracies.iter().position(|&a| a == Some(1.0)),
        Some(summary.epochs - 1)
    );

    // Weights that already meet the target are not trained at all.
    let before = weights(&net);
    let summary = Fit::new(&MeanSquaredError, &mut rprop)
        .target_accuracy(1.0)
        .unwrap()
        .run(&mut net, &xor)
        .unwrap();
    assert_eq!((summary.epochs, summary.accuracy), (0, Some(1.0)));
    assert_eq!(weights(&net), before);
}

#[test]
fn stopping_rules_are_checked() {
    let mut optimizer = GradientDescent::new(0.1).unwrap();
    let fit = Fit::new(&MeanSquaredError, &mut optimizer);
    let error = fit.target_accuracy(1.5).err().unwrap();
    assert_eq!(
        error.to_string(),
        "invalid target accuracy: expected between 0 and 1, found 1.5"
    );
    for bad in [-1.0, f64::NAN, f64::INFINITY] {
        let fit = Fit::new(&MeanSquaredError, &mut optimizer);
        assert_eq!(fit.target_loss(bad).err().unwrap().name, "target loss");
    }
}

#[test]
fn rejects_non_finite_inputs_before_training() {
    let mut xor = data::xor_easy::<f64>();
    xor.inputs[(5, 1)] = f64::NAN;
    let mut net = xor_net(4);
    let before = weights(&net);
    let mut calls = 0;
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    let error = Fit::new(&MeanSquaredError, &mut optimizer)
        .run_with(&mut net, &xor, |_, _| {
            calls += 1;
            Control::Continue
        })
        .unwrap_err();
    assert!(matches!(
        error,
        FitError::InvalidData(InvalidData::NonFiniteInput { sample: 5, column: 1, found })
            if found.is_nan()
    ));
    assert_eq!(
        error.to_string(),
        "invalid training data: input at sample 5, column 1 is NaN: expected a finite number"
    );
    assert_eq!((calls, weights(&net)), (0, before), "nothing was trained");
}

#[test]
fn bce_rejects_labels_outside_zero_to_one_but_mse_accepts_them() {
    let mut xor = data::xor_easy::<f64>();
    xor.labels[(12, 0)] = -0.5;
    let mut net = xor_net(5);
    let before = weights(&net);
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    let error = Fit::new(&BinaryCrossEntropy, &mut optimizer)
        .run(&mut net, &xor)
        .unwrap_err();
    assert_eq!(
        error,
        FitError::InvalidData(InvalidData::LabelOutOfRange {
            sample: 12,
            column: 0,
            found: -0.5,
            expected: 0.0..=1.0,
        })
    );
    assert_eq!(weights(&net), before);

    let summary = Fit::new(&MeanSquaredError, &mut optimizer)
        .max_epochs(3)
        .run(&mut net, &xor)
        .unwrap();
    assert_eq!(summary.epochs, 3);
}

#[test]
fn divergence_keeps_the_last_finite_weights() {
    let points = data::linearly_separable::<f64, 100, _>(&mut StdRng::seed_from_u64(6));
    let start = Unbounded::random(Init::He, &mut StdRng::seed_from_u64(6));
    let mut net = start;
    let mut optimizer = GradientDescent::new(1e6).unwrap();
    let mut last_reported = None;
    let error = Fit::new(&MeanSquaredError, &mut optimizer)
        .max_epochs(1_000)
        .run_with(&mut net, &points, |epoch, _| {
            last_reported = Some(*epoch);
            Control::Continue
        })
        .unwrap_err();
    let FitError::Diverged { epoch, loss } = error else {
        panic!("expected divergence, got {error:?}");
    };
    assert!(!loss.is_finite(), "loss {loss} at epoch {epoch}");
    assert!(
        epoch >= 2,
        "epoch {epoch}: the test needs a finite epoch to go back to"
    );
    assert_eq!(last_reported.map(|e| e.epoch), Some(epoch - 1));
    assert!(error.to_string().starts_with(&format!(
        "training diverged at epoch {epoch}: loss {loss}; the network keeps the weights from epoch {}",
        epoch - 1
    )));

    // The network holds exactly the weights a run of epoch − 1 epochs ends with.
    let mut shorter = start;
    let mut optimizer = GradientDescent::new(1e6).unwrap();
    let summary = Fit::new(&MeanSquaredError, &mut optimizer)
        .max_epochs(epoch - 1)
        .run(&mut shorter, &points)
        .unwrap();
    assert_eq!(weights(&net), weights(&shorter));
    assert!(weights(&net).iter().all(|w| w.is_finite()));
    assert_eq!(Some(summary.loss), last_reported.map(|e| e.loss));
    assert!(
        net.loss(&MeanSquaredError, &points.inputs, &points.labels)
            .is_finite()
    );
}

#[test]
fn non_finite_starting_weights_are_reported_as_epoch_zero() {
    let xor = data::xor_easy::<f64>();
    let mut net = xor_net(7);
    net.parameters_mut().next().unwrap()[0] = f64::INFINITY;
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    let error = Fit::new(&MeanSquaredError, &mut optimizer)
        .run(&mut net, &xor)
        .unwrap_err();
    assert!(
        matches!(error, FitError::Diverged { epoch: 0, .. }),
        "{error:?}"
    );
}

#[test]
fn mini_batches_train_xor_reproducibly_from_the_callers_rng() {
    let xor = data::xor_easy::<f64>();
    let train = |shuffle_seed| {
        let mut net = xor_net(8);
        let mut adam = Adam::new(0.02).unwrap();
        let mut rng = StdRng::seed_from_u64(shuffle_seed);
        let summary = Fit::new(&BinaryCrossEntropy, &mut adam)
            .mini_batches::<4>(&mut rng) // 21 samples: five batches of 4, then one of 1
            .max_epochs(3_000)
            .target_accuracy(1.0)
            .unwrap()
            .run(&mut net, &xor)
            .unwrap();
        (summary, weights(&net))
    };
    let (summary, first) = train(1);
    assert_eq!(summary.accuracy, Some(1.0), "{summary:?}");
    assert_eq!(train(1), (summary, first.clone()), "same seed, same run");
    assert_ne!(train(2).1, first, "another shuffle seed, another run");
}

#[test]
fn a_batch_as_large_as_the_set_is_full_batch_training() {
    // M > N: no full batch fits, so each epoch is one short batch of all 21 samples, whose
    // gradient is the full-batch gradient up to rounding.
    let xor = data::xor_easy::<f64>();
    let run = |mini: bool| {
        let mut net = xor_net(9);
        let mut optimizer = GradientDescent::new(0.5).unwrap();
        let mut rng = StdRng::seed_from_u64(0);
        let fit = Fit::new(&MeanSquaredError, &mut optimizer).max_epochs(50);
        if mini {
            fit.mini_batches::<32>(&mut rng)
                .run(&mut net, &xor)
                .unwrap();
        } else {
            fit.run(&mut net, &xor).unwrap();
        }
        weights(&net)
    };
    for (a, b) in run(true).iter().zip(run(false)) {
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }
}

#[test]
fn callback_reports_validation_loss_on_a_held_out_split() {
    let mut rng = StdRng::seed_from_u64(10);
    let points: Dataset<f64, 200, 2, 1> = data::linearly_separable(&mut rng);
    let (training, validation) = points.split::<150, 50>();
    let mut net = XorNet::random(Init::Xavier, &mut rng);
    let mut momentum = Momentum::new(0.5, 0.9).unwrap();
    let mut history = Vec::new();
    let summary = Fit::new(&MeanSquaredError, &mut momentum)
        .max_epochs(300)
        .run_with(&mut net, &training, |epoch, net| {
            history.push((*epoch, evaluate(net, &MeanSquaredError, &validation)));
            Control::Continue
        })
        .unwrap();
    assert_eq!(history.len(), 300);
    let (last_epoch, last_validation) = history[299];
    assert_eq!(last_epoch.loss, summary.loss);
    assert_eq!(
        last_validation,
        evaluate(&net, &MeanSquaredError, &validation)
    );
    // The held-out points are not the training points, so the two losses differ, and
    // training did generalise on this easy set.
    assert_ne!(last_validation.loss, summary.loss);
    assert!(last_validation.loss < history[0].1.loss);
    assert!(last_validation.accuracy > Some(0.9), "{last_validation:?}");
}
