//! Runs the hot code with the widest instruction set the CPU has, chosen at run time.
//!
//! `cargo build --release` targets baseline x86-64 (SSE2), and a library cannot ask its users
//! for `-C target-cpu=native`. So each entry point of [`Network`](crate::Network) packs its
//! arguments into a [`Work`] value and hands it to [`fastest`], which runs it inside a function
//! compiled for AVX2 when the CPU has it, and as it is otherwise. The work is made of
//! `#[inline(always)]` generic code (the layers, the activations, the crate's
//! [`exp`](crate::exp) and the loops in `kernels.rs`), so all of it is compiled into both
//! functions, and its loops over matrix columns become 2-wide (SSE2) or 4-wide (AVX2) SIMD code
//! for `f64`. (A closure would not do: its body is a function of its own, which the compiler is
//! free not to inline into the AVX2 one.)
//!
//! Both versions do the same IEEE operations in the same order (no fused multiply-add, sums in a
//! fixed order), so a run gives bit-identical results whichever version the CPU gets.

/// One call's worth of hot work: its arguments, and the code that uses them.
pub(crate) trait Work {
    /// What the work returns.
    type Output;

    /// Does the work. Implementations are `#[inline(always)]`, so that the code lands in each
    /// instruction-set version of [`fastest`].
    fn run(self) -> Self::Output;
}

/// Runs `work`, compiled for AVX2 if this CPU supports it.
#[inline(always)]
pub(crate) fn fastest<W: Work>(work: W) -> W::Output {
    #[cfg(all(target_arch = "x86_64", feature = "std"))]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, the only feature `with_avx2` is compiled for.
        return unsafe { with_avx2(work) };
    }
    work.run()
}

#[cfg(all(target_arch = "x86_64", feature = "std"))]
#[target_feature(enable = "avx2")]
fn with_avx2<W: Work>(work: W) -> W::Output {
    work.run()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GradientDescent, Init, Optimizer, Relu, Sigmoid, Tanh, mlp};
    use crate::{Layer, Loss, MeanSquaredError, Parameters, data};
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    type Net = mlp!(f64; 2 => 8 Relu => 8 Tanh => 1 Sigmoid);

    /// Training steps through the layers directly, so no inner call dispatches on its own.
    struct Train(Net);

    impl Work for Train {
        type Output = Vec<u64>;

        #[inline(always)]
        fn run(self) -> Vec<u64> {
            let Train(mut net) = self;
            let xor = data::xor_easy::<f64>();
            let mut optimizer = GradientDescent::new(0.5).unwrap();
            for _ in 0..200 {
                let cache = net.forward_cached(&xor.inputs);
                let outputs = Net::output(&cache);
                let delta = Loss::<Sigmoid>::output_delta(&MeanSquaredError, outputs, &xor.labels);
                let mut gradient = Net::zeros();
                net.backward(&xor.inputs, &cache, &delta, &mut gradient);
                optimizer.step(&mut net, &gradient);
            }
            net.parameters().flatten().map(|w| w.to_bits()).collect()
        }
    }

    #[test]
    fn portable_and_dispatched_versions_give_the_same_bits() {
        let net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(4));
        let portable = Train(net).run();
        assert_eq!(fastest(Train(net)), portable);
        #[cfg(all(target_arch = "x86_64", feature = "std"))]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: checked just above.
            assert_eq!(unsafe { with_avx2(Train(net)) }, portable);
        }
    }
}
