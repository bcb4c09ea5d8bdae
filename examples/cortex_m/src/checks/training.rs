//! Training on the target, from the same seeds and settings as the host, ending in the host's
//! bits: XOR-easy (21 points, to 100 %) and Iris (150 rows baked into flash, standardised on
//! the target). The settings and the host's results are `tests/cortex_m/training.rs`.

use core::hint::black_box;

use static_mlp::data::{Standardizer, xor_easy};
use static_mlp::metrics::argmax;
use static_mlp::prelude::*;

use super::Outcome;
use crate::measure::{instructions, peak_stack};
use crate::nets::expected::iris::{IRIS_CLASSES, IRIS_INPUTS};
use crate::nets::expected::training::*;

type XorNet = mlp!(f32; 2 => 4 Relu => 1 Sigmoid);
type IrisNet = mlp!(f32; 4 => 8 Relu => 3 Softmax);
const ROWS: usize = IRIS_INPUTS.len();

/// How many of `net`'s parameters have the expected bits, of how many expected.
fn equal_bits<N: Parameters<f32>>(net: &N, expected: &[u32]) -> (usize, usize) {
    let mut count = 0;
    let mut equal = 0;
    for value in net.parameters().flat_map(|slice| slice.iter()) {
        equal += usize::from(expected.get(count) == Some(&value.to_bits()));
        count += 1;
    }
    // A different number of parameters is a difference too.
    (equal, expected.len().max(count))
}

/// One comparison of a whole run: the last loss's bits, every parameter's bits and the count
/// of right answers, each an item of `equal`/`total`.
fn outcome(
    name: &'static str,
    (equal, total): (usize, usize),
    loss_equal: bool,
    correct_equal: bool,
    spent: u64,
    epochs: usize,
    stack: Option<usize>,
) -> Outcome {
    Outcome {
        name,
        equal: equal + usize::from(loss_equal) + usize::from(correct_equal),
        total: total + 2,
        instructions: spent / epochs as u64,
        per: "epoch",
        stack,
    }
}

fn xor() -> Outcome {
    let ((net, loss, spent), stack) = peak_stack(|| {
        let data = xor_easy::<f32>();
        let mut net = XorNet::random(Init::Xavier, &mut StdRng::seed_from_u64(XOR_SEED));
        let mut optimizer = GradientDescent::new(XOR_LEARNING_RATE).unwrap();
        let mut loss = 0.0;
        let ((), spent) = instructions(|| {
            for _ in 0..XOR_EPOCHS {
                loss = black_box(&mut net).train_step(
                    &BinaryCrossEntropy,
                    &mut optimizer,
                    &data.inputs,
                    &data.labels,
                );
            }
        });
        (net, loss, spent)
    });
    let data = xor_easy::<f32>();
    let outputs = net.predict(&data.inputs);
    let right = outputs
        .iter()
        .zip(data.labels.iter())
        .filter(|(y, label)| (**y > 0.5) == (**label > 0.5))
        .count();
    outcome(
        "train f32 XOR-easy 2-4-1",
        equal_bits(&net, &XOR_PARAMETER_BITS),
        loss.to_bits() == XOR_LAST_LOSS_BITS,
        right == XOR_CORRECT && right == data.inputs.nrows(),
        spent,
        XOR_EPOCHS,
        stack,
    )
}

/// Iris as the host builds it: inputs standardised by a `Standardizer` fitted on all rows,
/// labels one-hot.
fn iris_data() -> (SMatrix<f32, ROWS, 4>, SMatrix<f32, ROWS, 3>) {
    let mut inputs = SMatrix::<f32, ROWS, 4>::zeros();
    let mut labels = SMatrix::<f32, ROWS, 3>::zeros();
    for (row, (x, class)) in IRIS_INPUTS.iter().zip(IRIS_CLASSES).enumerate() {
        for (column, value) in x.iter().enumerate() {
            inputs[(row, column)] = *value;
        }
        labels[(row, usize::from(class))] = 1.0;
    }
    let standardizer = Standardizer::fit_matrix(&inputs).unwrap();
    standardizer.apply_batch(&mut inputs);
    (inputs, labels)
}

fn iris() -> Outcome {
    let ((net, loss, spent), stack) = peak_stack(|| {
        let (inputs, labels) = iris_data();
        let mut net = IrisNet::random(Init::He, &mut StdRng::seed_from_u64(IRIS_SEED));
        let mut optimizer = Momentum::new(IRIS_LEARNING_RATE, IRIS_MOMENTUM).unwrap();
        let mut loss = 0.0;
        let ((), spent) = instructions(|| {
            for _ in 0..IRIS_EPOCHS {
                loss = black_box(&mut net).train_step(
                    &CategoricalCrossEntropy,
                    &mut optimizer,
                    &inputs,
                    &labels,
                );
            }
        });
        (net, loss, spent)
    });
    let (inputs, labels) = iris_data();
    let outputs = net.predict(&inputs);
    let row = |m: &SMatrix<f32, ROWS, 3>, r: usize| [m[(r, 0)], m[(r, 1)], m[(r, 2)]];
    let right = (0..ROWS)
        .filter(|&r| {
            let class = argmax(&row(&outputs, r));
            class.is_some() && class == argmax(&row(&labels, r))
        })
        .count();
    outcome(
        "train f32 Iris 4-8-3",
        equal_bits(&net, &IRIS_PARAMETER_BITS),
        loss.to_bits() == IRIS_LAST_LOSS_BITS,
        right == IRIS_CORRECT,
        spent,
        IRIS_EPOCHS,
        stack,
    )
}

pub fn run() -> [Outcome; 2] {
    [xor(), iris()]
}
