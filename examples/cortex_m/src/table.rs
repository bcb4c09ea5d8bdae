//! The measuring harness behind `scripts/cortex_m_table.sh`: one predictor, chosen by a Cargo
//! feature (none: the identity, the baseline for flash), called through a function pointer
//! 1,000 times on one input. It prints the instructions per call (QEMU `-icount`:
//! instructions, not cycles) and the peak stack of one call.
#![no_std]
#![no_main]
// Each build compiles one model, which uses some of the helpers below.
#![allow(dead_code)]

#[path = "measure.rs"]
mod measure;
#[path = "nets.rs"]
mod nets;
#[path = "sine.rs"]
mod sine;

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};

/// Inputs and outputs as bytes, aligned for `f32`.
#[repr(C, align(8))]
pub struct Buffer([u8; 256]);

/// What each model provides: its name, an input, and the call measured.
type Predictor = fn(&Buffer, &mut Buffer);

const CALLS: u64 = 1000;

fn i8s<const N: usize>(buffer: &Buffer) -> [i8; N] {
    core::array::from_fn(|i| buffer.0[i] as i8)
}

fn from_i8s(values: &[i8]) -> Buffer {
    let mut buffer = Buffer([0; 256]);
    for (b, v) in buffer.0.iter_mut().zip(values) {
        *b = *v as u8;
    }
    buffer
}

fn from_f32s(values: &[f32]) -> Buffer {
    let mut buffer = Buffer([0; 256]);
    for (chunk, v) in buffer.0.chunks_exact_mut(4).zip(values) {
        chunk.copy_from_slice(&v.to_ne_bytes());
    }
    buffer
}

fn f32s<const N: usize>(buffer: &Buffer) -> [f32; N] {
    core::array::from_fn(|i| {
        f32::from_ne_bytes([
            buffer.0[4 * i],
            buffer.0[4 * i + 1],
            buffer.0[4 * i + 2],
            buffer.0[4 * i + 3],
        ])
    })
}

/// `core::fmt::Write` into a buffer, cut at its end: what the error builds print with.
struct BufferWriter<'a> {
    bytes: &'a mut [u8],
    length: usize,
}

impl core::fmt::Write for BufferWriter<'_> {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        for &byte in text.as_bytes() {
            if let Some(slot) = self.bytes.get_mut(self.length) {
                *slot = byte;
                self.length += 1;
            }
        }
        Ok(())
    }
}

/// Writes `value` with `{}` into `output`, as a firmware printing an error would.
#[inline(never)]
fn display_into(value: &dyn core::fmt::Display, output: &mut Buffer) {
    use core::fmt::Write;
    let mut writer = BufferWriter {
        bytes: &mut output.0,
        length: 0,
    };
    let _ = write!(writer, "{value}");
}

#[cfg(not(any(
    feature = "sine",
    feature = "sine-per-tensor",
    feature = "sine-from-tflite",
    feature = "digits",
    feature = "wide",
    feature = "digits-f32",
    feature = "microflow-sine",
    feature = "digits-per-tensor",
    feature = "microflow-digits",
    feature = "microflow-wide",
    feature = "emlearn-digits",
    feature = "display-tflite-error",
    feature = "display-calibration-error",
    feature = "display-fit-error",
    feature = "display-integer"
)))]
mod model {
    use super::*;
    pub const NAME: &str = "identity";
    pub fn input() -> Buffer {
        from_i8s(&[64])
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        output.0[0] = input.0[0];
    }
}

#[cfg(feature = "sine")]
mod model {
    use super::*;
    use crate::nets::int8::SINE_INT8;
    pub const NAME: &str = "static-mlp int8 sine (baked, per-channel)";
    pub fn input() -> Buffer {
        from_i8s(&[64])
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        output.0[0] = SINE_INT8.predict_one(i8s(input))[0] as u8;
    }
}

#[cfg(feature = "sine-from-tflite")]
mod model {
    use super::*;
    use crate::sine::SineInt8;
    pub const NAME: &str = "static-mlp int8 sine (from_tflite at run time, per-channel)";
    static FILE: &[u8] = include_bytes!("../../../tests/fixtures/tflite/sine.tflite");
    pub fn input() -> Buffer {
        from_i8s(&[64])
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        // Loaded on every call, as a firmware reading a model from flash at start-up would
        // once: the size is what counts here, not the instructions.
        output.0[0] = match SineInt8::from_tflite(black_box(FILE)) {
            Ok(sine) => sine.predict_one(i8s(input))[0] as u8,
            Err(_) => 0,
        };
    }
}

// What printing an error with `{}` costs: each writes one error, of a variant the compiler
// cannot know (`black_box`), so every variant's message is linked; `display-integer` writes an
// `i32` the same way, the baseline that already has `core::fmt`'s integer formatting.
#[cfg(feature = "display-integer")]
mod model {
    use super::*;
    pub const NAME: &str = "display an i32";
    pub fn input() -> Buffer {
        from_i8s(&[64])
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        display_into(&black_box(i32::from(input.0[0] as i8)), output);
    }
}

#[cfg(feature = "display-tflite-error")]
mod model {
    use super::*;
    use static_mlp::int8::tflite::{Role, TfliteError};
    pub const NAME: &str = "display a TfliteError";
    pub fn input() -> Buffer {
        from_i8s(&[64])
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        let error = black_box(TfliteError::WrongFixedScale {
            role: Role::ActivationOutput(input.0[0] as usize),
            expected: 1.0 / 256.0,
            found: 0.00390625,
        });
        display_into(&error, output);
    }
}

#[cfg(feature = "display-calibration-error")]
mod model {
    use super::*;
    use static_mlp::int8::CalibrationError;
    use static_mlp::int8::fixed_point::MultiplierError;
    pub const NAME: &str = "display a CalibrationError";
    pub fn input() -> Buffer {
        from_i8s(&[64])
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        let error = black_box(CalibrationError::Multiplier {
            layer: input.0[0] as usize,
            error: MultiplierError::TooLarge(3.0e9),
        });
        display_into(&error, output);
    }
}

#[cfg(feature = "display-fit-error")]
mod model {
    use super::*;
    use static_mlp::data::InvalidData;
    use static_mlp::train::FitError;
    pub const NAME: &str = "display a FitError";
    pub fn input() -> Buffer {
        from_i8s(&[64])
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        let error = black_box(FitError::InvalidData(InvalidData::NonFiniteInput {
            sample: input.0[0] as usize,
            column: 1,
            found: f64::NAN,
        }));
        display_into(&error, output);
    }
}

#[cfg(feature = "sine-per-tensor")]
mod model {
    use super::*;
    use crate::nets::int8::per_tensor::SINE_INT8;
    pub const NAME: &str = "static-mlp int8 sine (baked, per-tensor)";
    pub fn input() -> Buffer {
        from_i8s(&[64])
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        output.0[0] = SINE_INT8.predict_one(i8s(input))[0] as u8;
    }
}

#[cfg(any(feature = "digits", feature = "digits-per-tensor"))]
mod model {
    use super::*;
    use crate::nets::expected::int8::DIGITS_INPUTS;
    #[cfg(feature = "digits")]
    use crate::nets::int8::DIGITS_INT8;
    #[cfg(feature = "digits-per-tensor")]
    use crate::nets::int8::per_tensor::DIGITS_INT8;
    #[cfg(feature = "digits")]
    pub const NAME: &str = "static-mlp int8 digits 64-32-10 (baked)";
    #[cfg(feature = "digits-per-tensor")]
    pub const NAME: &str = "static-mlp int8 digits 64-32-10 (baked, per-tensor)";
    pub fn input() -> Buffer {
        // A `const` of one row: indexing the whole array here would put all 200 rows in flash.
        // The per-tensor file quantises its input as the per-channel one does, so both take
        // the per-channel file's first golden image.
        const IMAGE: [i8; 64] = DIGITS_INPUTS[0];
        from_i8s(&IMAGE)
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        let y = DIGITS_INT8.predict_one(i8s(input));
        for (o, v) in output.0.iter_mut().zip(y) {
            *o = v as u8;
        }
    }
}

#[cfg(feature = "wide")]
mod model {
    use super::*;
    use crate::nets::expected::int8::WIDE_PER_TENSOR_INPUTS;
    use crate::nets::int8::WIDE_INT8;
    pub const NAME: &str = "static-mlp int8 64-64-64-10 (baked, per-tensor)";
    pub fn input() -> Buffer {
        // A `const` of one row: indexing the whole array here would put all 200 rows in flash.
        const IMAGE: [i8; 64] = WIDE_PER_TENSOR_INPUTS[0];
        from_i8s(&IMAGE)
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        let y = WIDE_INT8.predict_one(i8s(input));
        for (o, v) in output.0.iter_mut().zip(y) {
            *o = v as u8;
        }
    }
}

#[cfg(feature = "digits-f32")]
mod model {
    use super::*;
    use static_mlp::metrics::argmax;
    use static_mlp::prelude::*;
    type DigitsF32 = mlp!(f32; 64 => 32 Relu => 10 Softmax);
    // Written by scripts/cortex_m/digits_mlp.py into the table script's scratch directory.
    include!(concat!(env!("TABLE_GENERATED"), "/digits_f32.rs"));
    include!(concat!(env!("TABLE_GENERATED"), "/digits_input.rs"));
    pub const NAME: &str = if cfg!(feature = "digits-f32-fma") {
        "static-mlp f32 digits 64-32-10 softmax + argmax, fma feature"
    } else {
        "static-mlp f32 digits 64-32-10 softmax + argmax"
    };
    pub fn input() -> Buffer {
        from_f32s(&DIGITS_IMAGE)
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        let y = DIGITS_F32.predict_one(f32s::<64>(input));
        output.0[0] = argmax(&y).map_or(255, |c| c as u8);
    }
}

#[cfg(feature = "microflow-sine")]
mod model {
    use super::*;
    use microflow::model;
    // Read at compile time, relative to this package.
    #[model("../../tests/fixtures/tflite/sine_per_tensor.tflite")]
    struct MicroflowSine;
    pub const NAME: &str = "MicroFlow 0.1.3 sine (per-tensor)";
    pub fn input() -> Buffer {
        from_i8s(&[64])
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        let y = MicroflowSine::predict_quantized(nalgebra::matrix![input.0[0] as i8])[(0, 0)];
        output.0[..4].copy_from_slice(&y.to_ne_bytes());
    }
}

#[cfg(feature = "microflow-digits")]
mod model {
    use super::*;
    use crate::nets::expected::int8::DIGITS_INPUTS;
    use microflow::model;
    // Read at compile time, relative to this package.
    #[model("../../tests/fixtures/tflite/digits_per_tensor.tflite")]
    struct MicroflowDigits;
    pub const NAME: &str = "MicroFlow 0.1.3 digits 64-32-10 (per-tensor)";
    pub fn input() -> Buffer {
        // The per-channel file's first golden image: both files quantise the input alike.
        const IMAGE: [i8; 64] = DIGITS_INPUTS[0];
        from_i8s(&IMAGE)
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        let x = nalgebra::SMatrix::<i8, 1, 64>::from_row_slice(&i8s::<64>(input));
        let y = MicroflowDigits::predict_quantized(x);
        for (chunk, v) in output.0.chunks_exact_mut(4).zip(y.iter()) {
            chunk.copy_from_slice(&v.to_ne_bytes());
        }
    }
}

#[cfg(feature = "microflow-wide")]
mod model {
    use super::*;
    use crate::nets::expected::int8::WIDE_PER_TENSOR_INPUTS;
    use microflow::model;
    // Read at compile time, relative to this package.
    #[model("../../tests/fixtures/tflite/wide_per_tensor.tflite")]
    struct MicroflowWide;
    pub const NAME: &str = "MicroFlow 0.1.3 64-64-64-10 (per-tensor)";
    pub fn input() -> Buffer {
        const IMAGE: [i8; 64] = WIDE_PER_TENSOR_INPUTS[0];
        from_i8s(&IMAGE)
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        let x = nalgebra::SMatrix::<i8, 1, 64>::from_row_slice(&i8s::<64>(input));
        let y = MicroflowWide::predict_quantized(x);
        for (chunk, v) in output.0.chunks_exact_mut(4).zip(y.iter()) {
            chunk.copy_from_slice(&v.to_ne_bytes());
        }
    }
}

#[cfg(feature = "emlearn-digits")]
mod model {
    use super::*;
    unsafe extern "C" {
        fn emlearn_digits_predict(features: *const f32) -> i32;
    }
    include!(concat!(env!("TABLE_GENERATED"), "/digits_input.rs"));
    pub const NAME: &str = "emlearn eml_net f32 digits 64-32-10 softmax + argmax";
    pub fn input() -> Buffer {
        from_f32s(&DIGITS_IMAGE)
    }
    #[inline(never)]
    pub fn predict(input: &Buffer, output: &mut Buffer) {
        // SAFETY: the C function reads 64 floats; the buffer holds them, aligned.
        let class = unsafe { emlearn_digits_predict(input.0.as_ptr().cast()) };
        output.0[0] = class as u8;
    }
}

#[entry]
fn main() -> ! {
    let peripherals = cortex_m::Peripherals::take().unwrap();
    measure::start(peripherals.SYST);
    let predict: Predictor = black_box(model::predict);
    let input = model::input();
    let mut output = Buffer([0; 256]);
    predict(black_box(&input), &mut output);
    let ((), spent) = measure::instructions(|| {
        for _ in 0..CALLS {
            predict(black_box(&input), black_box(&mut output));
        }
    });
    let ((), stack) = measure::peak_stack(|| predict(black_box(&input), black_box(&mut output)));
    hprintln!(
        "RESULT name={} instructions_per_call={} stack={} output0={}",
        model::NAME,
        spent / CALLS,
        stack.unwrap_or(usize::MAX),
        output.0[0]
    );
    debug::exit(debug::EXIT_SUCCESS);
    #[allow(clippy::empty_loop)]
    loop {}
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    hprintln!("panic: {}", info);
    debug::exit(debug::EXIT_FAILURE);
    #[allow(clippy::empty_loop)]
    loop {}
}
