//! What the checks measure: instructions, counted by SysTick under QEMU's `-icount`, and the
//! peak stack, by painting the stack before the work and scanning it after.
//!
//! QEMU models no cycle counter (the DWT's CYCCNT stays 0). Run with
//! `-icount shift=0,align=off,sleep=off`, each instruction advances the virtual clock by 1 ns,
//! and SysTick, clocked at 25 MHz on the MPS2 boards, ticks every 40 ns: 40 instructions. The
//! figures are therefore **instructions, not cycles**; `calibrate` checks the 40 at start-up.

use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::{SCB, SYST};
use cortex_m_rt::exception;

/// SysTick's 24-bit reload value: it counts down from here and wraps.
const RELOAD: u32 = 0x00FF_FFFF;
/// Instructions per SysTick tick under `-icount shift=0` on QEMU's MPS2 boards (25 MHz).
pub const INSTRUCTIONS_PER_TICK: u64 = 40;

/// The number of times SysTick wrapped (written by its handler only).
static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    // Only this handler writes WRAPS, so a load and a store are enough (the M0 has no
    // atomic read-modify-write).
    WRAPS.store(
        WRAPS.load(Ordering::Relaxed).wrapping_add(1),
        Ordering::Relaxed,
    );
}

/// Starts SysTick on the core clock, wrapping every 2²⁴ ticks with an interrupt.
pub fn start(mut syst: SYST) {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
    // The counter reads 0 until its first reload: wait for it, or the first reading would be
    // a whole period ahead.
    while SYST::get_current() == 0 {}
}

/// Instructions executed since `start` (in steps of 40).
pub fn now() -> u64 {
    loop {
        let wraps = WRAPS.load(Ordering::Relaxed);
        let current = SYST::get_current();
        // QEMU takes interrupts between blocks of translated code, so the counter can have
        // wrapped with the handler still pending: count that wrap here.
        let pending = SCB::is_pendst_pending() && current > RELOAD / 2;
        if WRAPS.load(Ordering::Relaxed) == wraps {
            let wraps = u64::from(wraps) + u64::from(pending);
            let ticks = wraps * u64::from(RELOAD + 1) + u64::from(RELOAD - current);
            return ticks * INSTRUCTIONS_PER_TICK;
        }
    }
}

/// The instructions `work` takes, and its result.
pub fn instructions<R>(work: impl FnOnce() -> R) -> (R, u64) {
    let start = now();
    let result = work();
    (result, now() - start)
}

/// Counts a loop of exactly `2 · iterations` instructions (`subs`, `bne`): what `now` reads
/// for it, which should be `2 · iterations` give or take a tick.
pub fn calibrate(iterations: u32) -> u64 {
    let start = now();
    // SAFETY: a register-only countdown loop; it touches no memory and no flags anyone reads.
    unsafe {
        core::arch::asm!(
            "2:",
            "subs {n}, #1",
            "bne 2b",
            n = inout(reg) iterations => _,
            options(nomem, nostack),
        );
    }
    now() - start
}

/// The painted window below the stack pointer.
const WINDOW: usize = 128 * 1024;
const PATTERN: u32 = 0x5AA5_C33C;

/// Writes the pattern from `top − WINDOW` up to `top`, in assembly so that the painting itself
/// uses no stack (`top` is the caller's stack pointer).
#[inline(always)]
fn paint(top: usize) {
    // SAFETY: free stack below the caller's frame, inside RAM (the window is far smaller than
    // the 4 MiB of RAM above `.bss`); the loop uses registers only.
    unsafe {
        core::arch::asm!(
            "2:",
            "str {pattern}, [{address}]",
            "adds {address}, #4",
            "cmp {address}, {top}",
            "blo 2b",
            address = inout(reg) top - WINDOW => _,
            top = in(reg) top,
            pattern = in(reg) PATTERN,
            options(nostack),
        );
    }
}

/// The lowest address the pattern was overwritten at, as a depth below `top`.
#[inline(never)]
fn scan(top: usize) -> usize {
    let mut address = top - WINDOW;
    // SAFETY: the same words `paint` wrote.
    while address < top && unsafe { (address as *const u32).read_volatile() } == PATTERN {
        address += 4;
    }
    top - address
}

/// Calls `work` in a frame of its own, below the caller's: inlined into the caller, its locals
/// would sit in the caller's frame, above the painted window.
#[inline(never)]
fn out_of_line<R>(work: impl FnOnce() -> R) -> R {
    work()
}

/// The peak stack `work` uses, in bytes, and its result; `None` if it used the whole painted
/// window.
pub fn peak_stack<R>(work: impl FnOnce() -> R) -> (R, Option<usize>) {
    let top = cortex_m::register::msp::read() as usize & !3;
    paint(top);
    let result = out_of_line(work);
    let depth = scan(top);
    (result, (depth < WINDOW).then_some(depth))
}
