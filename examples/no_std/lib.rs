//! Step 7, the last of the examples (xor_static → … → embed → no_std): a trained net compiled
//! into a `#![no_std]` library with no allocator, as firmware holds it.
//!
//! `tests/baked/xor_net_no_bias.rs` is what
//! `cargo run --release --example embed -- --bake tests/baked/xor_net_no_bias.rs` writes: the
//! XOR net trained there, as a `const`. (The baked files live under the crate's `tests/`, which
//! also compile them, so that they ship in its package.) The functions below are what a C program or
//! a microcontroller's main loop would call. The second one trains a net from scratch on the
//! device: initialisation, forward, backward and the optimiser step all run without `std`.
//!
//! `tests/baked_int8/sine.rs` is TFLite Micro's hello_world-style sine model (1 → 16 → 16 → 1 ReLU, int8)
//! baked from `tests/fixtures/tflite/sine.tflite` by `cargo run --release --example tflite --
//! --bake sine tests/baked_int8/sine.rs`: the int8 path, integer arithmetic only, gives
//! TFLite Micro's outputs bit for bit.
#![no_std]

use core::panic::PanicInfo;
use static_mlp::data;
use static_mlp::prelude::*;

type XorNet = mlp!(f64, no_bias; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);

include!("../../tests/baked/xor_net_no_bias.rs");

type SineInt8 = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);

include!("../../tests/baked_int8/sine.rs");

/// The baked int8 sine model's int8 output for one int8 input (no floating point).
#[unsafe(no_mangle)]
pub extern "C" fn sine_int8_predict(x: i8) -> i8 {
    let [y] = SINE_INT8.predict_one([x]);
    y
}

type LogisticInt8 = mlp_int8!(2 => 8 Relu => 1 Sigmoid);
type TanhInt8 = mlp_int8!(2 => 8 Tanh => 8 Tanh => 1 Identity);

// Baked from tests/fixtures/tflite/{logistic,tanh}.tflite: TFLite Micro's LOGISTIC and TANH in
// fixed point.
include!("../../tests/baked_int8/logistic.rs");
include!("../../tests/baked_int8/tanh.rs");

/// The baked 2 → 8 ReLU → 1 sigmoid model (FC, FC, LOGISTIC in TFLite), int8 in and out.
#[unsafe(no_mangle)]
pub extern "C" fn logistic_int8_predict(x0: i8, x1: i8) -> i8 {
    let [y] = LOGISTIC_INT8.predict_one([x0, x1]);
    y
}

/// The baked 2 → 8 tanh → 8 tanh → 1 model (FC, TANH, FC, TANH, FC), int8 in and out.
#[unsafe(no_mangle)]
pub extern "C" fn tanh_int8_predict(x0: i8, x1: i8) -> i8 {
    let [y] = TANH_INT8.predict_one([x0, x1]);
    y
}

/// The same model on real numbers: the input quantised, the output dequantised.
#[unsafe(no_mangle)]
pub extern "C" fn sine_int8_predict_f32(x: f32) -> f32 {
    let [y] = SINE_INT8.predict_one_f32([x]);
    y
}

/// The baked XOR net's output for one point.
#[unsafe(no_mangle)]
pub extern "C" fn xor_net_predict(x0: f64, x1: f64) -> f64 {
    let [output] = XOR_NET.predict_one([x0, x1]);
    output
}

/// Trains a fresh XOR net for `epochs` full-batch steps and returns its final loss, or a
/// negative number if the learning rate is refused.
#[unsafe(no_mangle)]
pub extern "C" fn train_xor(seed: u64, epochs: u32, learning_rate: f32) -> f32 {
    let xor = data::xor_easy::<f32>();
    let mut net = <mlp!(f32; 2 => 4 Relu => 1 Sigmoid)>::random(
        Init::Xavier,
        &mut StdRng::seed_from_u64(seed),
    );
    let Ok(mut optimizer) = GradientDescent::new(learning_rate) else {
        return -1.0;
    };
    for _ in 0..epochs {
        net.train_step(
            &BinaryCrossEntropy,
            &mut optimizer,
            &xor.inputs,
            &xor.labels,
        );
    }
    net.loss(&BinaryCrossEntropy, &xor.inputs, &xor.labels)
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    loop {}
}
