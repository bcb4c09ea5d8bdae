//! Firmware that checks the crate on a Cortex-M, under QEMU: every committed int8 model against
//! TensorFlow Lite Micro's outputs, the lab's baked f32 and f64 nets against the host's bits,
//! and two training runs (XOR-easy, Iris) that must end in the host's bits. It prints one line
//! per check and exits with status 1 (semihosting `EXIT_FAILURE`) on any difference.
#![no_std]
#![no_main]

mod checks;
mod measure;
mod nets;
mod sine;

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};

/// The calibration loop's iterations (2 instructions each).
const CALIBRATION: u32 = 1_000_000;

#[entry]
fn main() -> ! {
    let peripherals = cortex_m::Peripherals::take().unwrap();
    measure::start(peripherals.SYST);

    // The instruction counts hold only under QEMU's `-icount shift=0`: check that first.
    let counted = measure::calibrate(CALIBRATION);
    let expected = 2 * u64::from(CALIBRATION);
    let calibrated = counted.abs_diff(expected) <= expected / 100;
    hprintln!(
        "{} calibration: a loop of {} instructions counted as {}",
        if calibrated { "PASS" } else { "FAIL" },
        expected,
        counted
    );

    let mut ok = calibrated;
    for outcome in checks::int8::run() {
        ok &= outcome.report();
    }
    let (float, f32_same_net) = checks::float::run();
    for outcome in &float {
        ok &= outcome.report();
    }
    // The ratio to one decimal, rounded, in integers (no float formatting in the firmware).
    let tenths = (10 * float[0].instructions + f32_same_net / 2) / f32_same_net.max(1);
    hprintln!(
        "INFO XOR_NET 2-4-4-1 in f32 (weights rounded, not compared): {} instructions/prediction (not cycles); f64 costs {}.{}x that",
        f32_same_net,
        tenths / 10,
        tenths % 10
    );
    for outcome in checks::training::run() {
        ok &= outcome.report();
    }

    hprintln!(
        "{}",
        if ok {
            "all checks passed"
        } else {
            "SOME CHECKS FAILED"
        }
    );
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    #[allow(clippy::empty_loop)]
    loop {}
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    hprintln!("FAIL panic: {}", info);
    debug::exit(debug::EXIT_FAILURE);
    #[allow(clippy::empty_loop)]
    loop {}
}
