//! Step 7, the last of the examples (xor_static → … → embed → no_std): a trained net compiled
//! into a `#![no_std]` library with no allocator, as firmware holds it.
//!
//! `xor_net.rs` is what `cargo run --release --example embed -- --bake examples/no_std/xor_net.rs`
//! writes: the XOR net trained there, as a `const`. The functions below are what a C program or
//! a microcontroller's main loop would call. The second one trains a net from scratch on the
//! device: initialisation, forward, backward and the optimiser step all run without `std`.
#![no_std]

use core::panic::PanicInfo;
use static_mlp::data;
use static_mlp::prelude::*;

type XorNet = mlp!(f64, no_bias; 2 => 4 => 4 => 1);

include!("xor_net.rs");

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
