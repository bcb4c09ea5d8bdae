//! Post-training quantisation of the lab's trained networks: float against int8 accuracy on
//! XOR-easy and on the linear set, and how far the int8 outputs are from the float ones.
//! `cargo test --release --test deployment quantized_accuracy -- --nocapture` prints the figures the
//! README quotes.

use static_mlp::data;
use static_mlp::int8::{CalibrationError, quantize};
use static_mlp::metrics::accuracy;
use static_mlp::mlp_int8;
use static_mlp::prelude::*;

type LabNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
type LabInt8 = mlp_int8!(2 => 4 => 4 => 1);

/// Trains the lab's network (lr 0.5, MSE, full batch, as `examples/xor_static.rs` and
/// `examples/linear_static.rs` do), quantises it with the training
/// inputs as calibration data, and returns (float accuracy, int8 accuracy, largest |Δoutput|).
fn float_and_int8<const N: usize>(
    set: &data::Dataset<f64, N, 2, 1>,
    mut net: LabNet,
    epochs: usize,
) -> (f64, f64, f64) {
    let mut optimizer = GradientDescent::new(0.5).unwrap();
    for _ in 0..epochs {
        net.train_step(&MeanSquaredError, &mut optimizer, &set.inputs, &set.labels);
    }
    let int8: LabInt8 = quantize(&net, &set.inputs).unwrap();
    let float_outputs = net.predict(&set.inputs);
    let mut int8_outputs = float_outputs;
    let mut largest: f64 = 0.0;
    for (row, input) in set.inputs.row_iter().enumerate() {
        let [y] = int8.predict_one_f32([input[0] as f32, input[1] as f32]);
        int8_outputs[(row, 0)] = f64::from(y);
        largest = largest.max((f64::from(y) - float_outputs[(row, 0)]).abs());
    }
    (
        accuracy(&float_outputs, &set.labels),
        accuracy(&int8_outputs, &set.labels),
        largest,
    )
}

#[test]
fn xor_easy_keeps_its_accuracy_in_int8() {
    let net = LabNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(1));
    let (float, int8, largest) = float_and_int8(&data::xor_easy::<f64>(), net, 50_000);
    println!(
        "XOR-easy (21 points): float {:.1} %, int8 {:.1} %, largest |Δ| {largest:.4}",
        100.0 * float,
        100.0 * int8
    );
    assert_eq!(float, 1.0);
    assert_eq!(int8, 1.0);
    assert!(largest < 0.02, "{largest}"); // a few steps of the sigmoid output's 1/256
}

#[test]
fn linear_set_keeps_its_accuracy_in_int8() {
    let mut rng = StdRng::seed_from_u64(1);
    let set = data::linearly_separable::<f64, 100, _>(&mut rng);
    let net = LabNet::random(Init::StandardNormal, &mut rng);
    let (float, int8, largest) = float_and_int8(&set, net, 50_000);
    println!(
        "linear (100 points): float {:.1} %, int8 {:.1} %, largest |Δ| {largest:.4}",
        100.0 * float,
        100.0 * int8
    );
    assert!(float >= 0.97, "{float}");
    assert!(int8 >= float - 0.02, "float {float}, int8 {int8}");
    // the steep sigmoid near the boundary turns an input step into several output steps
    assert!(largest < 0.1, "{largest}");
}

#[test]
fn relu_and_tanh_layers_quantise_close_to_float() {
    // Untrained but random: every layer kind, compared output by output on a grid.
    type Net = mlp!(f32; 2 => 16 Relu => 8 Tanh => 3 Identity);
    let net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(4));
    let grid = static_mlp::nalgebra::SMatrix::<f32, 121, 2>::from_fn(|r, c| {
        if c == 0 {
            (r / 11) as f32 / 5.0 - 1.0
        } else {
            (r % 11) as f32 / 5.0 - 1.0
        }
    });
    let int8: mlp_int8!(2 => 16 Relu => 8 Tanh => 3 Identity) = quantize(&net, &grid).unwrap();
    let float = net.predict(&grid);
    let scale = int8.output_quantization().scale;
    for (row, input) in grid.row_iter().enumerate() {
        let quantized = int8.predict_one_f32([input[0], input[1]]);
        for (o, q) in quantized.iter().enumerate() {
            // a handful of output steps: one from each layer's rounding, carried forward
            assert!(
                (q - float[(row, o)]).abs() <= 6.0 * scale,
                "row {row} output {o}: {q} vs {}",
                float[(row, o)]
            );
        }
    }
}

#[test]
fn non_finite_calibration_data_is_refused() {
    let net = LabNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(1));
    let mut inputs = data::xor_easy::<f64>().inputs;
    inputs[(3, 1)] = f64::NAN;
    let error = quantize::<_, _, 2, 1, 21>(&net, &inputs)
        .map(|_: LabInt8| ())
        .unwrap_err();
    assert_eq!(
        error,
        CalibrationError::NonFinite {
            what: "calibration input",
            layer: 0
        }
    );
    assert_eq!(
        error.to_string(),
        "expected finite calibration inputs, found NaN or an infinity"
    );
}
