//! The sine model four ways, for `scripts/int8_size.sh`: this crate's baked int8 network
//! (`tests/baked_int8/sine_per_tensor.rs`, from the same file MicroFlow compiles) and MicroFlow's compiled
//! model, each with an int8 input and with a real one. A C program calling one of them links
//! only that one's code and data (`-Wl,--gc-sections`).
#![no_std]

use core::panic::PanicInfo;
use microflow::model;
use static_mlp::prelude::*;

type SineInt8 = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);

include!("../../tests/baked_int8/sine_per_tensor.rs");

// Read at compile time, relative to this package (its own workspace root).
#[model("../../tests/fixtures/tflite/sine_per_tensor.tflite")]
struct MicroflowSine;

/// Ours: int8 in, int8 out.
#[unsafe(no_mangle)]
pub extern "C" fn static_mlp_sine_int8(x: i8) -> i8 {
    SINE_INT8.predict_one([x])[0]
}

/// Ours: a real number in and out, quantised and dequantised at the edges.
#[unsafe(no_mangle)]
pub extern "C" fn static_mlp_sine_f32(x: f32) -> f32 {
    SINE_INT8.predict_one_f32([x])[0]
}

/// MicroFlow: int8 in, its dequantised `f32` out (it has no int8-out call).
#[unsafe(no_mangle)]
pub extern "C" fn microflow_sine_int8(x: i8) -> f32 {
    MicroflowSine::predict_quantized(nalgebra::matrix![x])[(0, 0)]
}

/// MicroFlow: a real number in and out.
#[unsafe(no_mangle)]
pub extern "C" fn microflow_sine_f32(x: f32) -> f32 {
    MicroflowSine::predict(nalgebra::matrix![x])[(0, 0)]
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    loop {}
}
