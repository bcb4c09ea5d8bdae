//! The products a CPU may run in code written for its instruction set, and `kernel!`, which
//! declares one such piece of code with its test.
//!
//! Each product with such code has a trait here, implemented for `f32` and `f64`: its method
//! runs the product and returns `true`, or returns `false` with nothing written where that code
//! cannot run on this CPU or does not pay for this shape; the caller then runs the portable
//! loops. Builds without such code implement the traits with the defaults, which always
//! return `false`. [`Kernels`] gathers the traits, and [`Scalar`](crate::math::scalar::Scalar)
//! requires it, so every product can ask whatever scalar it computes in.

/// Every product's trait below: what [`Scalar`](crate::math::scalar::Scalar) requires.
pub trait Kernels: RowsProduct + TransposeProduct {}

impl<T: RowsProduct + TransposeProduct> Kernels for T {}

/// `out = x·W` for `R` samples, each in turn (`x`: `R` rows of `I`, `W`: `O` columns of `I`,
/// column-major, `out`: `R` rows of `O`), in the portable `rows_product`'s lane order.
pub trait RowsProduct: Sized {
    /// Runs the product and returns `true`, or returns `false` with nothing written.
    #[inline(always)]
    fn rows_product<const R: usize, const I: usize, const O: usize>(
        _x: &[Self],
        _w: &[Self],
        _out: &mut [Self],
    ) -> bool {
        false
    }
}

/// `product = aᵀ·δ` (`a`: `B × I`, `δ`: `B × O`, `product`: `I × O`, all column-major), in the
/// portable `transpose_product`'s lane order.
pub trait TransposeProduct: Sized {
    /// Runs the product and returns `true`, or returns `false` with nothing written.
    #[inline(always)]
    fn transpose_product<const B: usize, const I: usize, const O: usize>(
        _a: &[Self],
        _delta: &[Self],
        _product: &mut [Self],
    ) -> bool {
        false
    }
}

/// Declares the code written for one product, one scalar and one instruction set, and tests it.
///
/// ```text
/// kernel! {
///     avx2_rows_product_f64: RowsProduct::rows_product for f64,
///     shapes <R, I, O>(x: R * I, w: I * O) -> out: R * O,
///     runs avx2::one_sample::product_f64::<R, I, O>,
///     where thresholds::rows_product_in_avx2::<f64>(I),
///     on can_run_avx2(),
///     tested like portable::rows_product::<f64, R, I, O>, on [(1, 8, 1), (3, 35, 6)],
/// }
/// ```
///
/// implements the product's trait for the scalar (run the code when the shape is one it is for
/// and the CPU check passes, else return `false`), and writes a test module named by the first
/// word. Its test runs every listed shape with several seeds, on values of mixed magnitude (so
/// that any other order of additions would round differently), and requires the outputs to be
/// the portable function's bit for bit where the code runs, and untouched where it does not.
/// The code is `unsafe` to call only because of the instruction sets it is compiled for, which
/// the CPU check confirms.
#[allow(
    unused_macros,
    reason = "its users, the architectures' modules, are left out of some builds"
)]
macro_rules! kernel {
    (
        $test:ident: $trait:ident::$method:ident for $scalar:ident,
        shapes <$($shape:ident),+>($($input:ident: $length:expr),+) -> $output:ident: $output_length:expr,
        runs $kernel:expr, where $fits:expr,
        on $cpu_runs:expr,
        tested like $portable:expr, on [$(($($size:literal),+)),+ $(,)?] $(,)?
    ) => {
        impl $crate::math::kernels::accelerated::$trait for $scalar {
            #[inline(always)]
            fn $method<$(const $shape: usize),+>(
                $($input: &[$scalar],)+
                $output: &mut [$scalar],
            ) -> bool {
                if !$fits || !$cpu_runs {
                    return false;
                }
                // SAFETY: the CPU check has just passed, and it confirms every instruction set
                // the code is compiled for.
                unsafe { $kernel($($input,)+ $output) };
                true
            }
        }

        #[cfg(test)]
        mod $test {
            use super::*;
            use $crate::math::kernels::accelerated::$trait;
            use $crate::math::scalar::Scalar;
            use rand::{RngExt, SeedableRng};

            /// `length` values of mixed magnitude from `seed`: standard normal draws scaled by
            /// powers of two from 2⁻⁴ to 2⁴, so that sums taken in another order would round
            /// differently.
            fn test_values(length: usize, seed: u64) -> Vec<$scalar> {
                let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
                (0..length)
                    .map(|_| {
                        let scale = <$scalar>::literal(2.0_f64.powi(rng.random_range(-4..=4)));
                        <$scalar>::sample_standard_normal(&mut rng) * scale
                    })
                    .collect()
            }

            /// One shape and seed: the code against the portable loops, bit for bit.
            fn check<$(const $shape: usize),+>(seed: u64) {
                let mut stream = seed * 16;
                $(
                    stream += 1;
                    let $input = test_values($length, stream);
                )+
                let mut expected = vec![<$scalar>::NAN; $output_length];
                $portable($(&$input,)+ &mut expected);
                let mut got = vec![<$scalar>::NAN; $output_length];
                let ran = <$scalar as $trait>::$method::<$($shape),+>($(&$input,)+ &mut got);
                let shape = [$($shape),+];
                assert_eq!(ran, $fits && $cpu_runs, "{shape:?}: ran against its size or CPU check");
                let bits = |values: &[$scalar]| values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                if ran {
                    assert_eq!(bits(&got), bits(&expected), "{shape:?}, seed {seed}");
                } else {
                    assert!(got.iter().all(|v| v.is_nan()), "{shape:?}: wrote without running");
                }
            }

            #[test]
            fn gives_the_portable_bits() {
                for seed in 0..4 {
                    $( check::<$($size),+>(seed); )+
                }
            }
        }
    };
}
