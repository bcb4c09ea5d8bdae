//! Runs the hot code with the widest instruction set the CPU has, chosen at run time.
//!
//! `cargo build --release` targets baseline x86-64 (SSE2), and a library cannot ask its users
//! for `-C target-cpu=native`. So each entry point of [`Network`](crate::Network) packs its
//! arguments into a [`Work`] value and hands it to [`fastest`], which runs it inside a function
//! compiled for AVX-512 or AVX2 when the CPU has them, and as it is otherwise. The work is made
//! of `#[inline(always)]` generic code (the layers, the activations, the crate's
//! [`exp`](crate::exp) and the loops in `kernels.rs`), so all of it is compiled into each of
//! those functions, and its loops over matrix columns become 2-, 4- or 8-wide SIMD code for
//! `f64`. (A closure would not do: its body is a function of its own, which the compiler is free
//! not to inline into the AVX2 one.)
//!
//! Every version does the same IEEE operations in the same order (no fused multiply-add, sums in
//! fixed lanes), so a run gives bit-identical results whichever version the CPU gets.

/// One call's worth of hot work: its arguments, and the code that uses them.
pub(crate) trait Work {
    /// The number type the work computes in.
    type Scalar: crate::math::scalar::Scalar;
    /// How many samples the work computes at once (its batch size). Only the x86-64 `std`
    /// build has versions to choose between, so only it reads this.
    #[cfg_attr(not(all(target_arch = "x86_64", feature = "std")), allow(dead_code))]
    const SAMPLES: usize;
    /// What the work returns.
    type Output;

    /// Does the work. Implementations are `#[inline(always)]`, so that the code lands in each
    /// instruction-set version of [`fastest`].
    fn run(self) -> Self::Output;
}

/// Runs `work`, compiled for AVX-512 (`f64` work on batches of 32 or more) or AVX2 if this CPU
/// supports them.
///
/// AVX-512 is kept for the work it speeds up, measured on this project's machine: `f64` steps
/// on batches of 32 samples or more (the linear set's 100: 17 % faster than AVX2). On smaller
/// batches its 8-wide loops are mostly remainder, and the AVX2 version measured faster: 13 % on
/// XOR-easy's 21 samples, and a third on one sample (`predict_one`: 50 ns against 75 ns), where
/// the short vectors' comparisons go through 512-bit registers. `f32` work stays with AVX2
/// everywhere: its AVX-512 version measured up to twice as slow.
#[inline(always)]
pub(crate) fn fastest<W: Work>(work: W) -> W::Output {
    #[cfg(all(target_arch = "x86_64", feature = "std"))]
    if size_of::<W::Scalar>() == 8
        && W::SAMPLES >= 32
        && std::arch::is_x86_feature_detected!("avx512f")
    {
        // SAFETY: `with_avx512` is compiled for `avx512f`, which in Rust's feature table implies
        // AVX2, FMA and F16C (and what those imply); every CPU with AVX-512F has all of them.
        return unsafe { with_avx512(work) };
    }
    #[cfg(all(target_arch = "x86_64", feature = "std"))]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `with_avx2` is compiled for `avx2` (which implies AVX, SSE4.2 and below), and
        // every CPU with AVX2 has those.
        return unsafe { with_avx2(work) };
    }
    work.run()
}

#[cfg(all(target_arch = "x86_64", feature = "std"))]
#[target_feature(enable = "avx2")]
fn with_avx2<W: Work>(work: W) -> W::Output {
    work.run()
}

#[cfg(all(target_arch = "x86_64", feature = "std"))]
#[target_feature(enable = "avx512f")]
fn with_avx512<W: Work>(work: W) -> W::Output {
    work.run()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;
    use crate::math::activation::LeakyRelu;
    use crate::math::activation::Relu;
    use crate::math::activation::Sigmoid;
    use crate::math::activation::Tanh;
    use crate::math::loss::Loss;
    use crate::math::loss::MeanSquaredError;
    use crate::mlp;
    use crate::model::init::Init;
    use crate::model::layer::Layer;
    use crate::model::parameters::Parameters;
    use crate::training::optim::GradientDescent;
    use crate::training::optim::Optimizer;
    use nalgebra::SMatrix;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    /// Training steps through the layers directly, so no inner call dispatches on its own.
    #[derive(Clone, Copy)]
    struct Train<N, T: crate::math::scalar::Scalar, const I: usize, const O: usize> {
        net: N,
        data: crate::data::Dataset<T, 21, I, O>,
    }

    impl<T, N, const I: usize, const O: usize> Work for Train<N, T, I, O>
    where
        T: crate::math::scalar::Scalar,
        N: Layer<T, I, O, OutputActivation = Sigmoid>,
    {
        type Scalar = T;
        const SAMPLES: usize = 21;
        type Output = Vec<f64>;

        #[inline(always)]
        fn run(self) -> Vec<f64> {
            let Train { mut net, data } = self;
            let mut optimizer = GradientDescent::new(T::literal(0.5)).unwrap();
            for _ in 0..200 {
                let cache = net.forward_cached(&data.inputs);
                let outputs = N::output(&cache);
                let delta = Loss::<Sigmoid>::output_delta(&MeanSquaredError, outputs, &data.labels);
                let mut gradient = N::zeros();
                net.backward(&data.inputs, &cache, &delta, &mut gradient);
                optimizer.step(&mut net, &gradient);
            }
            net.parameters().flatten().map(|w| w.to_f64()).collect()
        }
    }

    /// Every version the CPU can run gives the same bits as the portable one.
    fn assert_versions_agree<W: Work<Output = Vec<f64>> + Copy>(work: W) {
        let bits = |weights: Vec<f64>| weights.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
        let portable = bits(work.run());
        assert_eq!(bits(fastest(work)), portable);
        #[cfg(all(target_arch = "x86_64", feature = "std"))]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: checked just above.
            assert_eq!(bits(unsafe { with_avx2(work) }), portable);
        }
        #[cfg(all(target_arch = "x86_64", feature = "std"))]
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: checked just above.
            assert_eq!(bits(unsafe { with_avx512(work) }), portable);
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
            data: data::xor_easy(),
        });
        // ... and layers wide enough for the register-tiled products, in f32.
        type Wide = mlp!(f32; 3 => 24 Tanh => 20 LeakyRelu => 5 Sigmoid);
        let net = Wide::random(Init::Xavier, &mut rng);
        let inputs = SMatrix::from_fn(|r, c| ((r * 5 + c * 3) % 7) as f32 / 7.0);
        let labels = SMatrix::from_fn(|r, c| ((r + c) % 2) as f32);
        assert_versions_agree(Train {
            net,
            data: data::Dataset { inputs, labels },
        });
    }
}
