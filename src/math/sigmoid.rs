//! The logistic sigmoid `σ(z) = 1 / (1 + e^(−z))`, with its `exp` inlined and shortened.
//!
//! A small network's one-sample prediction is a chain: each layer's sigmoids wait for the
//! layer's sums, and the next layer's sums for them. So what a sigmoid costs there is its
//! latency, the longest chain of operations that wait on each other, and most of it is `exp`'s.
//! For `|z|` up to [`F64_FAST_LIMIT`] (`f64`) or [`F32_FAST_LIMIT`] (`f32`) `e^(−z)` is a normal
//! number, so the sigmoid skips what [`exp`](crate::math::exp) does for the ends of its range
//! (the clamp, the product with `2^m`), and adds the `1` of `1 + e^(−z)` to the table entry
//! `s = 2^(k/N)` while the polynomial is still being computed:
//!
//! `1 + e^(−z) = (1 + s) + s·t(r)`, with `−z = k·ln(2)/N + r` and `t(r) ≈ e^r − 1`
//!
//! (the same reduction, table and polynomial as `exp`'s). Beyond that range `1 + e^(−z)` rounds
//! to `1` or to `e^(−z)`, so the sigmoid is `1` above it and the crate's `exp(z)` below it
//! (which keeps its subnormal values, and NaN). [`Logistic::logistic_all`], what a layer
//! calls on its outputs, checks the whole slice first and runs the short form on every value
//! when all are in range, so the loop has no branch and becomes SIMD code; each value gets the
//! bits [`Logistic::logistic`] gives it alone, on every CPU.
//!
//! With the `exact-exp` feature both are `1 / (1 + e^(−z))` with the standard library's `exp`.

use crate::math::exp::{
    exp_f32, exp_f64, expm1_small_f32, expm1_small_f64, power_f32, power_f64, reduce_f32,
    reduce_f64,
};
use crate::math::scalar::Scalar;
use nalgebra::ComplexField;

/// Up to this `|z|` the `f64` sigmoid takes its short form: `e^(−z)` is a normal number.
pub(crate) const F64_FAST_LIMIT: f64 = 708.0;
/// Up to this `|z|` the `f32` sigmoid takes its short form.
pub(crate) const F32_FAST_LIMIT: f32 = 87.0;

/// The logistic sigmoid for a number type: one value, and a slice in place.
pub trait Logistic: Sized + Copy {
    /// `σ(z) = 1 / (1 + e^(−z))`.
    fn logistic(self) -> Self;

    /// `v ← σ(v)` for every value, each with the bits of [`logistic`](Self::logistic).
    fn logistic_all(values: &mut [Self]);
}

/// `σ(z)` for `|z| ≤ F64_FAST_LIMIT`.
#[inline(always)]
fn logistic_short_f64(z: f64) -> f64 {
    let (k, r) = reduce_f64(-z);
    let s = power_f64(k, 0);
    1.0 / expm1_small_f64(r).multiply_add(s, 1.0 + s) // 1 / ((1 + s) + s·t(r))
}

/// `σ(z)` for `|z| ≤ F32_FAST_LIMIT`.
#[inline(always)]
fn logistic_short_f32(z: f32) -> f32 {
    let (k, r) = reduce_f32(-z);
    let s = power_f32(k, 0);
    1.0 / expm1_small_f32(r).multiply_add(s, 1.0 + s)
}

impl Logistic for f64 {
    #[inline(always)]
    fn logistic(self) -> f64 {
        if cfg!(feature = "exact-exp") {
            1.0 / (1.0 + ComplexField::exp(-self))
        } else if (-F64_FAST_LIMIT..=F64_FAST_LIMIT).contains(&self) {
            logistic_short_f64(self)
        } else if self > 0.0 {
            1.0 // 1 + e^(−z) rounds to 1
        } else {
            exp_f64(self) // e^z / (1 + e^z), whose denominator rounds to 1 (or is NaN)
        }
    }

    #[inline(always)]
    fn logistic_all(values: &mut [f64]) {
        let mut short = !cfg!(feature = "exact-exp");
        for &z in values.iter() {
            short &= (-F64_FAST_LIMIT..=F64_FAST_LIMIT).contains(&z);
        }
        if short {
            for z in values {
                *z = logistic_short_f64(*z);
            }
        } else {
            for z in values {
                *z = z.logistic();
            }
        }
    }
}

impl Logistic for f32 {
    #[inline(always)]
    fn logistic(self) -> f32 {
        if cfg!(feature = "exact-exp") {
            1.0 / (1.0 + ComplexField::exp(-self))
        } else if (-F32_FAST_LIMIT..=F32_FAST_LIMIT).contains(&self) {
            logistic_short_f32(self)
        } else if self > 0.0 {
            1.0
        } else {
            exp_f32(self)
        }
    }

    #[inline(always)]
    fn logistic_all(values: &mut [f32]) {
        let mut short = !cfg!(feature = "exact-exp");
        for &z in values.iter() {
            short &= (-F32_FAST_LIMIT..=F32_FAST_LIMIT).contains(&z);
        }
        if short {
            for z in values {
                *z = logistic_short_f32(*z);
            }
        } else {
            for z in values {
                *z = z.logistic();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed reference (`scripts/fit_exp.py --sigmoid-reference`): `f32` arguments `z`
    /// and σ(z) correctly rounded to `f64` and to `f32`, from 50-digit arithmetic.
    fn reference() -> Vec<(f32, f64, f32)> {
        include_str!("../../tests/fixtures/sigmoid_reference.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(|line| {
                let mut words = line.split(' ');
                let mut next = || u64::from_str_radix(words.next().unwrap(), 16).unwrap();
                let z = f32::from_bits(next() as u32);
                (z, f64::from_bits(next()), f32::from_bits(next() as u32))
            })
            .collect()
    }

    /// Units in the last place between two non-negative floats (a subnormal's unit is the
    /// smallest subnormal).
    fn ulps_f64(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    fn ulps_f32(a: f32, b: f32) -> u32 {
        a.to_bits().abs_diff(b.to_bits())
    }

    #[test]
    fn within_two_ulp_of_the_correctly_rounded_sigmoid() {
        let reference = reference();
        assert!(reference.len() > 4000);
        let (mut worst_f64, mut worst_f32) = ((0, 0.0), (0, 0.0));
        for &(z, exact_f64, exact_f32) in &reference {
            let error = ulps_f64(f64::from(z).logistic(), exact_f64);
            if error > worst_f64.0 {
                worst_f64 = (error, z);
            }
            let error = ulps_f32(z.logistic(), exact_f32);
            if error > worst_f32.0 {
                worst_f32 = (error, z);
            }
        }
        eprintln!("sigmoid: worst {worst_f64:?} in f64, {worst_f32:?} in f32 (ulp, z)");
        assert!(
            worst_f64.0 <= 2,
            "f64: {} ulp at z = {:e}",
            worst_f64.0,
            worst_f64.1
        );
        assert!(
            worst_f32.0 <= 2,
            "f32: {} ulp at z = {:e}",
            worst_f32.0,
            worst_f32.1
        );
    }

    #[test]
    fn ends_of_the_range_nan_and_signed_zeros() {
        assert_eq!(0.0_f64.logistic(), 0.5);
        assert_eq!((-0.0_f64).logistic(), 0.5);
        assert_eq!(0.0_f32.logistic(), 0.5);
        assert_eq!(f64::INFINITY.logistic(), 1.0);
        assert_eq!(f64::NEG_INFINITY.logistic(), 0.0);
        assert_eq!(f32::INFINITY.logistic(), 1.0);
        assert_eq!(f32::NEG_INFINITY.logistic(), 0.0);
        assert_eq!(1000.0_f64.logistic(), 1.0);
        assert_eq!((-1000.0_f64).logistic(), 0.0);
        assert!(f64::NAN.logistic().is_nan());
        assert!(f32::NAN.logistic().is_nan());
        // Either side of the short form's limit: both forms, each close to e^z down there.
        for z in [F64_FAST_LIMIT, f64::from_bits(F64_FAST_LIMIT.to_bits() + 1)] {
            let expected = (-z).exp() / (1.0 + (-z).exp());
            let (low, high) = ((-z).logistic(), z.logistic());
            assert!((low / expected - 1.0).abs() < 1e-15, "σ(−{z}) = {low:e}");
            assert_eq!(high, 1.0);
        }
        for z in [F32_FAST_LIMIT, f32::from_bits(F32_FAST_LIMIT.to_bits() + 1)] {
            let expected = f64::from(-z).exp();
            assert!((f64::from((-z).logistic()) / expected - 1.0).abs() < 1e-6);
            assert_eq!(z.logistic(), 1.0);
        }
    }

    /// A slice gets each value's own bits, whether all its values take the short form or some
    /// do not (then every value takes `logistic`).
    #[test]
    fn a_slice_gets_each_values_own_bits() {
        fn check<T: Logistic + PartialEq + core::fmt::Debug>(
            values: &[T],
            bits: impl Fn(T) -> u64,
        ) {
            let mut all = values.to_vec();
            T::logistic_all(&mut all);
            for (&z, &a) in values.iter().zip(&all) {
                assert_eq!(bits(a), bits(z.logistic()), "at z = {z:?}");
            }
        }
        let in_range: Vec<f64> = (0..1000).map(|i| f64::from(i) * 1.41 - 700.0).collect();
        check(&in_range, f64::to_bits);
        let mut mixed = in_range.clone();
        mixed[3] = -709.5;
        mixed[7] = f64::NAN;
        check(&mixed, f64::to_bits);
        let narrow: Vec<f32> = (0..1000).map(|i| i as f32 * 0.17 - 85.0).collect();
        check(&narrow, |v| u64::from(v.to_bits()));
        let mut mixed = narrow.clone();
        mixed[1] = 90.0;
        check(&mixed, |v| u64::from(v.to_bits()));
    }

    /// Every instruction-set version (SSE2, AVX2, AVX-512, as the CPU has them) gives the bits
    /// of the scalar functions, value by value, for the sigmoid over slices (the short form's
    /// SIMD loop, and the other one) and for `exp`. Run it in release (`cargo test --release
    /// --lib sigmoid`) to check the vectorised loops: the test profile does not vectorise.
    #[cfg(x86_64_simd)]
    #[test]
    fn every_instruction_set_gives_the_scalar_bits() {
        use crate::math::dispatch::Work;
        use crate::math::kernels::x86_64::{can_run_avx2, with_avx2, with_avx512};

        /// The sigmoid over slices of 4 (one layer of the lab's network), over a whole slice,
        /// and `exp` of every value.
        #[derive(Clone)]
        struct Sweep<T>(Vec<T>);

        impl<T: Scalar> Work for Sweep<T> {
            type Scalar = T;
            const SAMPLES: usize = 1;
            type Output = Vec<T>;

            #[inline(always)]
            fn run(self) -> Vec<T> {
                let mut by_four = self.0.clone();
                for chunk in by_four.chunks_mut(4) {
                    T::logistic_all(chunk);
                }
                let mut whole = self.0.clone();
                T::logistic_all(&mut whole);
                let exps = self.0.iter().map(|v| v.fast_exp());
                by_four.into_iter().chain(whole).chain(exps).collect()
            }
        }

        fn check<T: Scalar + core::fmt::Debug>(values: Vec<T>, bits: impl Fn(&T) -> u64) {
            let scalar: Vec<u64> = {
                let one_by_one = values.iter().map(|v| v.logistic());
                let exps = values.iter().map(|v| v.fast_exp());
                let sigmoids: Vec<T> = one_by_one.collect();
                sigmoids
                    .iter()
                    .chain(&sigmoids)
                    .copied()
                    .chain(exps)
                    .map(|v| bits(&v))
                    .collect()
            };
            type Runner<T> = fn(Sweep<T>) -> Vec<T>;
            let tiers: [(&str, Runner<T>, bool); 3] = [
                ("baseline", |w| w.run(), true),
                // SAFETY (both): run only where the CPU check below passes.
                ("AVX2", |w| unsafe { with_avx2(w) }, can_run_avx2()),
                (
                    "AVX-512",
                    |w| unsafe { with_avx512(w) },
                    std::arch::is_x86_feature_detected!("avx512f"),
                ),
            ];
            for (name, run, runs_here) in tiers {
                if runs_here {
                    let got: Vec<u64> = run(Sweep(values.clone())).iter().map(&bits).collect();
                    let first = got.iter().zip(&scalar).position(|(a, b)| a != b);
                    assert!(
                        first.is_none(),
                        "{name}: {} differs from the scalar bits at {first:?}: {:?}",
                        T::NAME,
                        first.map(|i| (values[i % values.len()], got[i], scalar[i]))
                    );
                }
            }
        }
        // Inside the short form's range (every slice takes its SIMD loop) ...
        let mut state = 1_u64;
        let mut jitter = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let inside: Vec<f64> = (0..40_000)
            .map(|i| (f64::from(i) + jitter()) * 0.0354 - 708.0)
            .collect();
        check(inside, |v| v.to_bits());
        let inside: Vec<f32> = (0..40_000)
            .map(|i| ((f64::from(i) + jitter()) * 0.00435 - 87.0) as f32)
            .collect();
        check(inside, |v| u64::from(v.to_bits()));
        // ... and beyond it, with the ends of `exp`'s range, infinities, NaN and signed zeros.
        let mut everywhere: Vec<f64> = (0..20_000)
            .map(|i| (f64::from(i) + jitter()) * 0.08 - 800.0)
            .collect();
        everywhere.extend([
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            709.78,
            709.79,
            -745.13,
            -745.14,
        ]);
        check(everywhere, |v| v.to_bits());
        let mut everywhere: Vec<f32> = (0..20_000)
            .map(|i| ((f64::from(i) + jitter()) * 0.011 - 110.0) as f32)
            .collect();
        everywhere.extend([
            0.0,
            -0.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            88.72,
            88.73,
            -103.97,
            -103.98,
        ]);
        check(everywhere, |v| u64::from(v.to_bits()));
    }
}
