//! The naive baseline every benchmark is a ratio against: the lab's 2 → 4 → 4 → 1 sigmoid
//! network written the obvious way in Rust — fixed-size arrays, scalar loops, `f64::exp`, one
//! sample at a time — as a user would write it without this crate.
#![allow(dead_code)] // each benchmark uses part of the baseline
#![allow(clippy::needless_range_loop)] // index loops are the point: the code a user writes first

/// The lab's network without biases; `w1[i][j]` is the weight from input `i` to unit `j`.
#[derive(Clone, Copy)]
pub struct NaiveNet {
    pub w1: [[f64; 4]; 2],
    pub w2: [[f64; 4]; 4],
    pub w3: [f64; 4],
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl NaiveNet {
    /// The same starting weights as a static-mlp network's.
    pub fn from_parameters(parameters: &[f64]) -> Self {
        // static-mlp stores each weight matrix column-major: unit by unit.
        let mut net = NaiveNet {
            w1: [[0.0; 4]; 2],
            w2: [[0.0; 4]; 4],
            w3: [0.0; 4],
        };
        for j in 0..4 {
            for i in 0..2 {
                net.w1[i][j] = parameters[j * 2 + i];
            }
            for i in 0..4 {
                net.w2[i][j] = parameters[8 + j * 4 + i];
            }
            net.w3[j] = parameters[24 + j];
        }
        net
    }

    /// Hidden activations and the output for one sample.
    fn forward(&self, x: [f64; 2]) -> ([f64; 4], [f64; 4], f64) {
        let mut h1 = [0.0; 4];
        for j in 0..4 {
            h1[j] = sigmoid(x[0] * self.w1[0][j] + x[1] * self.w1[1][j]);
        }
        let mut h2 = [0.0; 4];
        for j in 0..4 {
            let mut z = 0.0;
            for i in 0..4 {
                z += h1[i] * self.w2[i][j];
            }
            h2[j] = sigmoid(z);
        }
        let mut z = 0.0;
        for i in 0..4 {
            z += h2[i] * self.w3[i];
        }
        (h1, h2, sigmoid(z))
    }

    pub fn predict(&self, x: [f64; 2]) -> f64 {
        self.forward(x).2
    }

    /// One epoch of full-batch gradient descent on mean squared error; returns the loss.
    pub fn train_epoch<const N: usize>(
        &mut self,
        xs: &[[f64; 2]; N],
        ys: &[f64; N],
        rate: f64,
    ) -> f64 {
        let mut g1 = [[0.0; 4]; 2];
        let mut g2 = [[0.0; 4]; 4];
        let mut g3 = [0.0; 4];
        let mut loss = 0.0;
        for (x, &y) in xs.iter().zip(ys) {
            let (h1, h2, out) = self.forward(*x);
            loss += (out - y) * (out - y);
            let d3 = 2.0 * (out - y) / N as f64 * out * (1.0 - out);
            let mut d2 = [0.0; 4];
            for i in 0..4 {
                g3[i] += h2[i] * d3;
                d2[i] = d3 * self.w3[i] * h2[i] * (1.0 - h2[i]);
            }
            let mut d1 = [0.0; 4];
            for i in 0..4 {
                for j in 0..4 {
                    g2[i][j] += h1[i] * d2[j];
                    d1[i] += d2[j] * self.w2[i][j];
                }
                d1[i] *= h1[i] * (1.0 - h1[i]);
            }
            for i in 0..2 {
                for j in 0..4 {
                    g1[i][j] += x[i] * d1[j];
                }
            }
        }
        for i in 0..4 {
            self.w3[i] -= rate * g3[i];
            for j in 0..4 {
                self.w2[i][j] -= rate * g2[i][j];
            }
        }
        for i in 0..2 {
            for j in 0..4 {
                self.w1[i][j] -= rate * g1[i][j];
            }
        }
        loss / N as f64
    }
}

/// A data set's rows as arrays, for the naive network.
pub fn rows<const N: usize>(inputs: &static_mlp::nalgebra::SMatrix<f64, N, 2>) -> [[f64; 2]; N] {
    core::array::from_fn(|r| [inputs[(r, 0)], inputs[(r, 1)]])
}

/// The same obvious code for any widths `I → H → H → O` and either scalar: arrays, scalar
/// loops, the standard library's `exp`, one sample at a time, no biases.
#[derive(Clone, Copy)]
pub struct NaiveMlp<T, const I: usize, const H: usize, const O: usize> {
    pub w1: [[T; H]; I],
    pub w2: [[T; H]; H],
    pub w3: [[T; O]; H],
}

fn sigmoid_of<T: static_mlp::Scalar>(z: T) -> T {
    T::ONE / (T::ONE + (-z).exp()) // `exp` here is the standard library's
}

/// `a = σ(x·W)` for one sample, the textbook double loop.
fn layer<T: static_mlp::Scalar, const I: usize, const O: usize>(
    x: &[T; I],
    w: &[[T; O]; I],
) -> [T; O] {
    let mut a = [T::ZERO; O];
    for j in 0..O {
        let mut z = T::ZERO;
        for i in 0..I {
            z += x[i] * w[i][j];
        }
        a[j] = sigmoid_of(z);
    }
    a
}

impl<T: static_mlp::Scalar, const I: usize, const H: usize, const O: usize> NaiveMlp<T, I, H, O> {
    /// The same weights as a static-mlp `mlp!(T, no_bias; I => H Sigmoid => H Sigmoid => O Sigmoid)`'s parameters.
    pub fn from_parameters(parameters: &[T]) -> Self {
        // static-mlp stores each weight matrix column-major: unit by unit.
        fn matrix<T: Copy, const R: usize, const C: usize>(values: &[T]) -> [[T; C]; R] {
            core::array::from_fn(|i| core::array::from_fn(|j| values[j * R + i]))
        }
        let (first, rest) = parameters.split_at(I * H);
        let (second, third) = rest.split_at(H * H);
        NaiveMlp {
            w1: matrix(first),
            w2: matrix(second),
            w3: matrix(third),
        }
    }

    pub fn predict(&self, x: [T; I]) -> [T; O] {
        layer(&layer(&layer(&x, &self.w1), &self.w2), &self.w3)
    }
}
