//! Runs the hot code with the widest instruction set the CPU has, chosen at run time.
//!
//! `cargo build --release` targets baseline x86-64 (SSE2), and a library cannot ask its users
//! for `-C target-cpu=native`. So each entry point of [`Network`](crate::model::Network) packs its
//! arguments into a [`Work`] value and hands it to [`fastest`], which runs it inside a function
//! compiled for AVX-512 or AVX2 when the CPU has them, and as it is otherwise. The work is made
//! of `#[inline(always)]` generic code (the layers, the activations, the crate's
//! [`exp`](crate::exp) and the loops in `kernels.rs`), so all of it is compiled into each of
//! those functions, and its loops over matrix columns become 2-, 4- or 8-wide SIMD code for
//! `f64`. (A closure would not do: its body is a function of its own, which the compiler is free
//! not to inline into the AVX2 one.)
//!
//! Every version does the same IEEE operations in the same order (sums in fixed lanes, and no
//! fused multiply-add unless the `fma` feature asks for it everywhere), so a run gives
//! bit-identical results whichever version the CPU gets. With `fma`, the AVX2 version is also
//! compiled for FMA and taken only on CPUs that have it (AVX-512F implies it); the portable
//! version then fuses in software, correctly rounded, so the bits are still the same on every
//! CPU, only slower without FMA.
//!
//! Builds with debug assertions (`cargo build`, `cargo test`) run the portable version only: the
//! other versions are compiled where speed is the point, in optimised builds without debug
//! assertions (`--release`). Each version is another copy of every training and inference path
//! of every network type, and leaving them out takes about a third off the test suite's build.
//! The unit tests below still compile every version and check each against the portable one,
//! bit for bit. The products written for AVX2 (`math::avx2`) follow the same rule: compiled in
//! release builds and in the crate's unit tests (which check them against the kernels' stated
//! order), left out of other builds with debug assertions, which run the portable loops.

/// One call's worth of hot work: its arguments, and the code that uses them.
pub(crate) trait Work {
    /// The number type the work computes in.
    type Scalar: crate::math::scalar::Scalar;
    /// How many samples the work computes at once (its batch size). Only the x86-64 `std`
    /// build has versions to choose between, so only it reads this.
    #[cfg_attr(
        not(all(target_arch = "x86_64", feature = "std", not(debug_assertions))),
        allow(dead_code)
    )]
    const SAMPLES: usize;
    /// Whether the work is a forward pass alone (prediction), which gains from the AVX-512
    /// version on smaller batches than training does (see [`prefers_avx512`]).
    #[cfg_attr(
        not(all(target_arch = "x86_64", feature = "std", not(debug_assertions))),
        allow(dead_code)
    )]
    const FORWARD_ONLY: bool = false;
    /// What the work returns.
    type Output;

    /// Does the work. Implementations are `#[inline(always)]`, so that the code lands in each
    /// instruction-set version of [`fastest`].
    fn run(self) -> Self::Output;
}

/// Whether `f64` work on `samples` samples runs faster in the AVX-512 version than in the AVX2
/// one, as measured on this project's machine:
/// - batches of 32 samples or more: the linear set's 100 is 17 % faster;
/// - whole 8-wide registers, batches that are a multiple of 8, from 16 samples for training (4
///   to 21 % faster at batch 16) and from 8 for prediction (9 % at 2-4-4-1 and 23 % at
///   16→32→32→4 on a batch of 8); training on a batch of 8 measured from 8 % slower to 7 %
///   faster, so it stays with AVX2;
/// - other batches are not: their 8-wide loops are mostly remainder, and the AVX2 version
///   measured faster, by 13 % on XOR-easy's 21 samples and by a third on one sample
///   (`predict_one`: 50 ns against 75 ns), where the short vectors' comparisons go through
///   512-bit registers.
///
/// `f32` work stays with AVX2 everywhere: its AVX-512 version measured up to twice as slow.
#[cfg_attr(
    not(all(target_arch = "x86_64", feature = "std", not(debug_assertions))),
    allow(dead_code)
)]
const fn prefers_avx512(samples: usize, forward_only: bool) -> bool {
    let smallest_whole = if forward_only { 8 } else { 16 };
    samples >= 32 || (samples >= smallest_whole && samples.is_multiple_of(8))
}

/// Runs `work`, compiled for AVX-512 (`f64` work on the batches [`prefers_avx512`] names) or
/// AVX2 if this CPU supports them and the build has no debug assertions (see the module docs).
#[inline(always)]
pub(crate) fn fastest<W: Work>(work: W) -> W::Output {
    #[cfg(all(target_arch = "x86_64", feature = "std", not(debug_assertions)))]
    if size_of::<W::Scalar>() == 8
        && prefers_avx512(W::SAMPLES, W::FORWARD_ONLY)
        && std::arch::is_x86_feature_detected!("avx512f")
    {
        // SAFETY: `with_avx512` is compiled for `avx512f`, which in Rust's feature table implies
        // AVX2, FMA and F16C (and what those imply); every CPU with AVX-512F has all of them.
        return unsafe { with_avx512(work) };
    }
    #[cfg(all(target_arch = "x86_64", feature = "std", not(debug_assertions)))]
    if can_run_avx2() {
        // SAFETY: `with_avx2` is compiled for `avx2` (which implies AVX, SSE4.2 and below), and
        // with the `fma` feature for `fma` too, which `can_run_avx2` then checks as well.
        return unsafe { with_avx2(work) };
    }
    work.run()
}

/// Whether this CPU can run [`with_avx2`]: AVX2, and FMA too with the `fma` feature. (Also
/// what the products written for AVX2 in `math::avx2` check, on every call.)
#[cfg(all(
    target_arch = "x86_64",
    feature = "std",
    any(test, not(debug_assertions))
))]
#[inline(always)]
pub(crate) fn can_run_avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
        && (!cfg!(feature = "fma") || std::arch::is_x86_feature_detected!("fma"))
}

#[cfg(all(
    target_arch = "x86_64",
    feature = "std",
    any(test, not(debug_assertions))
))]
#[cfg_attr(not(feature = "fma"), target_feature(enable = "avx2"))]
#[cfg_attr(feature = "fma", target_feature(enable = "avx2,fma"))]
fn with_avx2<W: Work>(work: W) -> W::Output {
    work.run()
}

#[cfg(all(
    target_arch = "x86_64",
    feature = "std",
    any(test, not(debug_assertions))
))]
#[target_feature(enable = "avx512f")]
fn with_avx512<W: Work>(work: W) -> W::Output {
    work.run()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;
    use crate::mlp;
    use crate::model::activation::Identity;
    use crate::model::activation::LeakyRelu;
    use crate::model::activation::Relu;
    use crate::model::activation::Sigmoid;
    use crate::model::activation::Softmax;
    use crate::model::activation::Tanh;
    use crate::model::init::Init;
    use crate::model::layer::Layer;
    use crate::model::parameters::Parameters;
    use crate::train::loss::CategoricalCrossEntropy;
    use crate::train::loss::Loss;
    use crate::train::loss::MeanSquaredError;
    use crate::train::optim::GradientDescent;
    use crate::train::optim::Optimizer;
    use nalgebra::SMatrix;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    /// Training steps through the layers directly, so no inner call dispatches on its own.
    #[derive(Clone, Copy)]
    struct Train<N, L, T: crate::math::scalar::Scalar, const I: usize, const O: usize> {
        net: N,
        loss: L,
        data: crate::data::Dataset<T, 21, I, O>,
    }

    impl<T, N, L, const I: usize, const O: usize> Work for Train<N, L, T, I, O>
    where
        T: crate::math::scalar::Scalar,
        N: Layer<T, I, O>,
        L: Loss<N::OutputActivation>,
    {
        type Scalar = T;
        const SAMPLES: usize = 21;
        type Output = Vec<f64>;

        #[inline(always)]
        fn run(self) -> Vec<f64> {
            let Train {
                mut net,
                loss,
                data,
            } = self;
            let mut optimizer = GradientDescent::new(T::literal(0.5)).unwrap();
            for _ in 0..200 {
                let cache = net.forward_cached(&data.inputs);
                let outputs = N::output(&cache);
                let delta = loss.output_delta(outputs, &data.labels);
                let mut gradient = N::zeros();
                net.backward(&data.inputs, &cache, &delta, &mut gradient);
                optimizer.step(&mut net, &gradient);
            }
            let outputs = net.forward(&data.inputs);
            let weights = net.parameters().flatten().map(|w| w.to_f64());
            weights.chain(outputs.iter().map(|v| v.to_f64())).collect()
        }
    }

    /// One sample through the layers directly: the one-sample products (`kernels::dot`).
    #[derive(Clone, Copy)]
    struct PredictOne<N, T: crate::math::scalar::Scalar, const I: usize, const O: usize> {
        net: N,
        input: SMatrix<T, 1, I>,
        output: core::marker::PhantomData<[T; O]>,
    }

    impl<T, N, const I: usize, const O: usize> Work for PredictOne<N, T, I, O>
    where
        T: crate::math::scalar::Scalar,
        N: Layer<T, I, O>,
    {
        type Scalar = T;
        const SAMPLES: usize = 1;
        type Output = Vec<f64>;

        #[inline(always)]
        fn run(self) -> Vec<f64> {
            let output = self.net.forward(&self.input);
            output.iter().map(|v| v.to_f64()).collect()
        }
    }

    /// Every version the CPU can run gives the same bits as the portable one.
    fn assert_versions_agree<W: Work<Output = Vec<f64>> + Copy>(work: W) {
        let bits = |weights: Vec<f64>| weights.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
        let portable = bits(work.run());
        assert_eq!(bits(fastest(work)), portable);
        #[cfg(all(target_arch = "x86_64", feature = "std"))]
        if can_run_avx2() {
            // SAFETY: checked just above.
            assert_eq!(bits(unsafe { with_avx2(work) }), portable);
        }
        #[cfg(all(target_arch = "x86_64", feature = "std"))]
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: checked just above.
            assert_eq!(bits(unsafe { with_avx512(work) }), portable);
        }
    }

    /// The batches that go to AVX-512 are the ones measured faster there, and no others.
    #[test]
    fn avx512_is_chosen_for_the_measured_batches() {
        for (samples, forward_only, expected) in [
            (1, true, false),
            (4, true, false),
            (8, true, true),
            (8, false, false),
            (12, true, false),
            (16, false, true),
            (21, false, false), // XOR-easy
            (24, false, true),
            (31, true, false),
            (32, false, true),
            (100, false, true), // the linear set
        ] {
            assert_eq!(
                prefers_avx512(samples, forward_only),
                expected,
                "{samples} samples, forward only: {forward_only}"
            );
        }
    }

    #[test]
    fn portable_and_dispatched_versions_give_the_same_bits() {
        // The lab's small shapes (single-pass products) in f64 ...
        type Small = mlp!(f64; 2 => 8 Relu => 8 Tanh => 1 Sigmoid);
        let mut rng = StdRng::seed_from_u64(4);
        let net = Small::random(Init::Xavier, &mut rng);
        assert_versions_agree(Train {
            net,
            loss: MeanSquaredError,
            data: data::xor_easy(),
        });
        // ... and layers wide enough for the register-tiled products, in f32.
        type Wide = mlp!(f32; 3 => 24 Tanh => 20 LeakyRelu => 5 Sigmoid);
        let net = Wide::random(Init::Xavier, &mut rng);
        let inputs = SMatrix::from_fn(|r, c| ((r * 5 + c * 3) % 7) as f32 / 7.0);
        let labels = SMatrix::from_fn(|r, c| ((r + c) % 2) as f32);
        assert_versions_agree(Train {
            net,
            loss: MeanSquaredError,
            data: data::Dataset { inputs, labels },
        });
        // Softmax with categorical cross-entropy, whose output delta is computed in its own
        // loop, in f64.
        type Classes = mlp!(f64; 16 => 20 Tanh => 5 Softmax);
        let net = Classes::random(Init::Xavier, &mut rng);
        let inputs = SMatrix::from_fn(|r, c| ((r * 7 + c * 3) % 13) as f64 / 4.0 - 1.5);
        let labels = SMatrix::from_fn(|r, c| f64::from(u8::from(r % 5 == c)));
        assert_versions_agree(Train {
            net,
            loss: CategoricalCrossEntropy,
            data: data::Dataset { inputs, labels },
        });
        // One sample, whose products run in lanes along the weight columns: widths with and
        // without a tail, in both scalars.
        type OneWide = mlp!(f64; 16 => 37 Tanh => 32 Sigmoid => 4 Identity);
        let net = OneWide::random(Init::Xavier, &mut rng);
        let input = SMatrix::from_fn(|_, c| (c % 5) as f64 / 3.0 - 0.7);
        assert_versions_agree(PredictOne {
            net,
            input,
            output: core::marker::PhantomData,
        });
        type OneNarrow = mlp!(f32; 19 => 24 Relu => 10 Softmax);
        let net = OneNarrow::random(Init::Xavier, &mut rng);
        let input = SMatrix::from_fn(|_, c| (c % 7) as f32 / 4.0 - 0.8);
        assert_versions_agree(PredictOne {
            net,
            input,
            output: core::marker::PhantomData,
        });
    }
}
