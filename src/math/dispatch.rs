//! Runs the hot code with the widest instruction set the CPU has, chosen at run time.
//!
//! `cargo build --release` targets baseline x86-64 (SSE2), and a library cannot ask its users
//! for `-C target-cpu=native`. So each entry point of [`Network`](crate::model::Network) packs its
//! arguments into a [`Work`] value and hands it to [`fastest`], which runs it inside a function
//! compiled for AVX-512 or AVX2 when the CPU has them, and as it is otherwise (the choice is
//! `kernels/x86_64`'s `tier`, the batch sizes it goes by are in `kernels/thresholds.rs`). The
//! work is made of `#[inline(always)]` generic code (the layers, the activations, the crate's
//! [`exp`](crate::math::exp) and the loops in `kernels/`), so all of it is compiled into each of
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
//! bit for bit. The products written for AVX2 (`kernels/x86_64/avx2/`) follow the same rule:
//! compiled in release builds and in the crate's unit tests (which check them against the
//! portable loops), left out of other builds with debug assertions, which run the portable
//! loops.

/// One call's worth of hot work: its arguments, and the code that uses them.
#[cfg_attr(
    not(all(x86_64_simd, any(test, not(debug_assertions)))),
    allow(
        dead_code,
        reason = "only x86-64's choice of tier reads `SAMPLES` and `FORWARD_ONLY`"
    )
)]
pub(crate) trait Work {
    /// The number type the work computes in.
    type Scalar: crate::math::scalar::Scalar;
    /// How many samples the work computes at once (its batch size). Only the x86-64 `std`
    /// build has versions to choose between, so only it reads this.
    const SAMPLES: usize;
    /// Whether the work is a forward pass alone (prediction), which gains from the AVX-512
    /// version on smaller batches than training does (see
    /// [`prefers_avx512`](crate::math::kernels::thresholds::prefers_avx512)).
    const FORWARD_ONLY: bool = false;
    /// What the work returns.
    type Output;

    /// Does the work. Implementations are `#[inline(always)]`, so that the code lands in each
    /// instruction-set version of [`fastest`].
    fn run(self) -> Self::Output;
}

/// Runs `work` in the widest version this CPU runs: compiled for AVX-512 or AVX2, as
/// `kernels::x86_64::tier` chooses, in builds without debug assertions
/// (see the module docs); as it is otherwise.
#[inline(always)]
pub(crate) fn fastest<W: Work>(work: W) -> W::Output {
    #[cfg(all(x86_64_simd, not(debug_assertions)))]
    {
        use crate::math::kernels::x86_64::{self, Tier};
        match x86_64::tier::<W>() {
            // SAFETY: `tier` names only a tier whose instruction sets this CPU has.
            Tier::Avx512 => return unsafe { x86_64::with_avx512(work) },
            // SAFETY: as above.
            Tier::Avx2 => return unsafe { x86_64::with_avx2(work) },
            Tier::Baseline => {}
        }
    }
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
        #[cfg(x86_64_simd)]
        {
            use crate::math::kernels::x86_64::{can_run_avx2, with_avx2, with_avx512};
            if can_run_avx2() {
                // SAFETY: checked just above.
                assert_eq!(bits(unsafe { with_avx2(work) }), portable);
            }
            if std::arch::is_x86_feature_detected!("avx512f") {
                // SAFETY: checked just above.
                assert_eq!(bits(unsafe { with_avx512(work) }), portable);
            }
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
