//! The checks, one file per kind, and how each reports: one line per check, starting with
//! `PASS` or `FAIL`, then what was compared and what it cost. Instruction counts come from
//! `measure` (QEMU `-icount`): instructions, not cycles.

pub mod float;
pub mod int8;
pub mod training;

use cortex_m_semihosting::hprintln;

/// What one check found and measured.
pub struct Outcome {
    /// The check's name, e.g. `int8 sine`.
    pub name: &'static str,
    /// How many results equal the expected ones, of how many.
    pub equal: usize,
    pub total: usize,
    /// Instructions per prediction or per epoch, and what the unit is.
    pub instructions: u64,
    pub per: &'static str,
    /// Peak stack in bytes (`None`: more than the painted window).
    pub stack: Option<usize>,
}

impl Outcome {
    /// Prints the line and says whether everything was equal.
    pub fn report(&self) -> bool {
        let ok = self.total > 0 && self.equal == self.total && self.stack.is_some();
        let verdict = if ok { "PASS" } else { "FAIL" };
        hprintln!(
            "{} {}: {}/{} equal | {} instructions/{} (not cycles) | peak stack {} B",
            verdict,
            self.name,
            self.equal,
            self.total,
            self.instructions,
            self.per,
            self.stack.unwrap_or(usize::MAX),
        );
        ok
    }
}
