//! int8 networks built from extreme quantisation parameters: a bias too large for its int32
//! steps, scales so small that TFLite's shifts would leave their range. Each either gives the
//! float answer within the quantisation step or a typed error; none panics (these tests run
//! in the default, debug-assertion profile) and none is silently wrong.

use nalgebra::RowSVector;
use rand::RngExt;
use static_mlp::int8::quantize;
use static_mlp::int8::tflite::TfliteError;
use static_mlp::mlp_int8;
use static_mlp::prelude::*;

type Line = mlp!(f32; 1 => 1 Identity);
type LineInt8 = mlp_int8!(1 => 1 Identity);
type Squash = mlp!(f32; 1 => 1 Sigmoid);
type SquashInt8 = mlp_int8!(1 => 1 Sigmoid);

/// Calibration inputs spread over `[0, 1]`.
fn unit_interval() -> SMatrix<f32, 11, 1> {
    SMatrix::from_fn(|row, _| row as f32 / 10.0)
}

#[test]
fn a_bias_too_large_for_its_int32_steps_widens_the_weight_scale() {
    // s_in = 1/255, s_w = 1e-5/127: the bias 1.0 is 3.2·10⁹ steps of s_in·s_w, past i32
    let net = Line::from_parts(SMatrix::from([[1e-5]]), RowSVector::from([1.0]));
    let int8: LineInt8 = quantize(&net, &unit_interval()).unwrap();
    let [float] = net.predict_one([0.5]);
    let [quantized] = int8.predict_one_f32([0.5]);
    // the output range [0, 1.00001] in 255 steps
    let step = 1.00001 / 255.0;
    assert!((float - 1.000005).abs() < 1e-6);
    assert!(
        (quantized - 1.000005).abs() <= step,
        "f(0.5) = 1.000005, int8 gave {quantized}"
    );
    // and every calibration input, not just the middle
    for x in unit_interval().iter() {
        let [quantized] = int8.predict_one_f32([*x]);
        assert!(
            (quantized - (1.0 + 1e-5 * x)).abs() <= step,
            "{x}: {quantized}"
        );
    }
}

#[test]
fn a_sigmoid_after_a_tiny_weight_gives_one_half_without_panicking() {
    // z = 1e-30·x: the sigmoid's input scale is 1e-30/255, far below what a shift can reach
    let net = Squash::from_parts(SMatrix::from([[1e-30]]), RowSVector::from([0.0]));
    let int8: SquashInt8 = quantize(&net, &unit_interval()).unwrap();
    for x in [0.0_f32, 0.25, 0.5, 1.0] {
        let [quantized] = int8.predict_one_f32([x]);
        assert_eq!(quantized, 0.5, "σ({x}·1e-30)");
    }
}

/// `bytes` with the little-endian `f32` at `at`, which must hold `old`, replaced by `new`.
fn with_scale(bytes: &[u8], at: usize, old: f32, new: f32) -> Vec<u8> {
    assert_eq!(
        bytes[at..at + 4],
        old.to_le_bytes(),
        "no scale {old} at {at}"
    );
    let mut copy = bytes.to_vec();
    copy[at..at + 4].copy_from_slice(&new.to_le_bytes());
    copy
}

#[test]
fn a_tflite_logistic_after_a_scale_of_1e_minus_20_loads_and_gives_one_half() {
    // logistic.tflite (2 → 8 ReLU → 1, then LOGISTIC), with the second fully connected
    // layer's output scale set to 1e-20 and its weight scale shrunk by the same factor, so
    // that its multiplier s_in·s_w/s_out is unchanged and the layer still loads
    let model = include_bytes!("../fixtures/tflite/logistic.tflite");
    let (output_scale, weight_scale) = (0.695_639_43_f32, 0.063_033_916_f32);
    let model = with_scale(model, 1120, output_scale, 1e-20);
    let shrunk = (f64::from(weight_scale) * 1e-20 / f64::from(output_scale)) as f32;
    let model = with_scale(&model, 1872, weight_scale, shrunk);
    let int8 = <mlp_int8!(2 => 8 Relu => 1 Sigmoid)>::from_tflite(&model).unwrap();
    // LOGISTIC sees at most 255·1e-20: σ is 1/2 to 18 digits, the int8 code 0 ((0 + 128)/256)
    for a in (-128..=127).step_by(15) {
        for b in (-128..=127).step_by(15) {
            assert_eq!(int8.predict_one([a as i8, b as i8]), [0], "({a}, {b})");
        }
    }
}

#[test]
fn a_tflite_bias_whose_sum_can_overflow_int32_is_refused() {
    type Logistic = mlp_int8!(2 => 8 Relu => 1 Sigmoid);
    let model = include_bytes!("../fixtures/tflite/logistic.tflite");
    let bias = Logistic::from_tflite(model).unwrap().layers().rest().bias()[0];
    let at = model
        .windows(4)
        .position(|window| window == bias.to_le_bytes())
        .unwrap();
    let mut patched = model.to_vec();
    patched[at..at + 4].copy_from_slice(&i32::MAX.to_le_bytes());
    // 2³¹ − 1 plus any nonzero weight times |x − z_in| is past i32
    let error = Logistic::from_tflite(&patched).unwrap_err();
    assert!(
        matches!(error, TfliteError::Accumulator { layer: 2, .. }),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .starts_with("layer 2: output 0: expected an int32 sum")
    );
}

/// `±10^e` with `e` uniform in `exponents` and a random sign.
fn magnitude(random: &mut StdRng, exponents: core::ops::Range<f64>) -> f64 {
    let sign = if random.random::<bool>() { 1.0 } else { -1.0 };
    sign * 10_f64.powf(random.random_range(exponents))
}

type Line2 = mlp!(f32; 2 => 1 Identity);
type Line2Int8 = mlp_int8!(2 => 1 Identity);
type Squash2 = mlp!(f32; 2 => 1 Sigmoid);
type Squash2Int8 = mlp_int8!(2 => 1 Sigmoid);

#[test]
fn random_scales_and_weights_give_the_float_answer_within_the_steps_or_an_error() {
    // One dense layer 2 → 1, identity or sigmoid, with weights, bias and input ranges spread
    // over 24 orders of magnitude. Against the float layer, the int8 output is within: two
    // output steps, the input's rounding (half an input step times Σ|w|), half a weight step
    // per unit of |x| (s_w = max|w|/127), and the widening a large bias forces (|x|·|b|/2³¹
    // per input in steps of s_in, with |x| ≤ 256·s_in: 2⁻²²·|b| each). The steps are
    // computed here from the calibration ranges, as (max − min)/255 with 0 in the range.
    let mut random = StdRng::seed_from_u64(28);
    let (mut checked, mut refused) = (0, 0);
    for trial in 0..2_000 {
        let weights = [
            magnitude(&mut random, -12.0..12.0),
            magnitude(&mut random, -12.0..12.0),
        ];
        let bias = if trial % 4 == 0 {
            0.0
        } else {
            magnitude(&mut random, -12.0..12.0)
        };
        let ranges = [(); 2].map(|()| {
            let width = 10_f64.powf(random.random_range(-6.0..6.0));
            let low = if random.random::<bool>() {
                0.0
            } else {
                -width * random.random::<f64>()
            };
            (low, low + width)
        });
        let inputs = SMatrix::<f32, 16, 2>::from_fn(|row, column| {
            let (low, high) = ranges[column];
            (low + (high - low) * row as f64 / 15.0) as f32
        });
        let w = SMatrix::<f32, 2, 1>::from([[weights[0] as f32, weights[1] as f32]]);
        let b = RowSVector::<f32, 1>::from([bias as f32]);
        let sigmoid = trial % 2 == 1;
        // the fully connected result's range over the calibration inputs, widened to hold 0
        let z = |x: [f64; 2]| f64::from(w[0]) * x[0] + f64::from(w[1]) * x[1] + f64::from(b[0]);
        let (mut low, mut high) = (0.0_f64, 0.0_f64);
        for row in inputs.row_iter() {
            let value = z([f64::from(row[0]), f64::from(row[1])]);
            (low, high) = (low.min(value), high.max(value));
        }
        let step = (high - low) / 255.0;
        let input_step = ranges
            .iter()
            .fold((0.0_f64, 0.0_f64), |(l, h), &(low, high)| {
                (l.min(low), h.max(high))
            });
        let input_step = (input_step.1 - input_step.0) / 255.0;
        let weight_sum = weights[0].abs() + weights[1].abs();
        let largest_weight = weights.iter().fold(0.0_f64, |m, w| m.max(w.abs()));
        let result = if sigmoid {
            quantize(&Squash2::from_parts(w, b), &inputs)
                .map(|n: Squash2Int8| (n.input_quantization(), Err(n)))
        } else {
            quantize(&Line2::from_parts(w, b), &inputs)
                .map(|n: Line2Int8| (n.input_quantization(), Ok(n)))
        };
        let (input, network) = match result {
            Ok(built) => built,
            Err(error) => {
                // a typed error is allowed; a wrong answer is not
                println!("trial {trial}: w {weights:?}, b {bias}: {error}");
                refused += 1;
                continue;
            }
        };
        for row in inputs.row_iter() {
            let quantized = [input.quantize(row[0]), input.quantize(row[1])];
            let x = [f64::from(row[0]), f64::from(row[1])];
            let magnitude_sum = x[0].abs() + x[1].abs() + input_step;
            let tolerance = 2.0 * step
                + weight_sum * input_step / 2.0
                + magnitude_sum * largest_weight / 254.0
                + 2.0 * bias.abs() * 2_f64.powi(-22);
            let (got, expected, bound) = match &network {
                Ok(line) => (
                    f64::from(
                        line.output_quantization()
                            .dequantize(line.predict_one(quantized)[0]),
                    ),
                    z(x),
                    tolerance,
                ),
                Err(squash) => (
                    f64::from(
                        squash
                            .output_quantization()
                            .dequantize(squash.predict_one(quantized)[0]),
                    ),
                    1.0 / (1.0 + (-z(x)).exp()),
                    2.0 / 256.0 + tolerance / 4.0, // σ′ ≤ 1/4
                ),
            };
            assert!(
                (got - expected).abs() <= bound,
                "trial {trial}: w {weights:?}, b {bias}, ranges {ranges:?}, x {x:?}: \
                 {got} vs {expected} (bound {bound})"
            );
            checked += 1;
        }
    }
    println!("{checked} outputs within the bound, {refused} networks refused with an error");
    assert!(refused < 100, "{refused} of 2000 refused");
}
