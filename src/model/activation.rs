//! Activation functions `a = f(z)` and their derivatives, written in terms of the output `a`.
//!
//! Every activation here has a derivative that can be computed from its own output
//! (`σ'(z) = a(1 − a)`, `tanh'(z) = 1 − a²`, …), so the forward pass keeps only the
//! activations `a` and the backward pass never needs `z`.
//!
//! # Element-wise and row-wise
//!
//! Five of the six are element-wise: `aₖ = f(zₖ)`. [`Softmax`] is not — each of a sample's
//! outputs depends on all of that sample's pre-activations. Layers therefore go through two
//! row-wise hooks, [`Activation::apply_rows`] (the forward pass) and
//! [`Activation::pre_activation_gradient`] (`∂C/∂z` from `∂C/∂a`, the backward pass), whose
//! defaults are the element-wise `f(z)` and `∂C/∂a ⊙ f'(z)`. Softmax overrides both: its
//! gradient is the true Jacobian-vector product, so [`MeanSquaredError`](crate::train::MeanSquaredError)
//! (which works with any activation) and a softmax hidden layer are both correct, and no path
//! uses an element-wise derivative for it. Softmax has no element-wise `apply`/`derivative`:
//! calling them is a compile-time error (see [`Softmax`]).

use crate::math::kernels;
use crate::math::scalar::Scalar;
use nalgebra::SMatrix;

/// An activation function, chosen per layer as a type (`Dense<_, _, _, Relu>`).
///
/// Implement it for your own zero-sized type to add an element-wise activation: `apply` and
/// `derivative` are enough, and the row-wise hooks follow from them. Its derivative must be
/// expressible through its output, as every activation below is. A row-wise activation (such
/// as [`Softmax`]) overrides [`apply_rows`](Self::apply_rows) and
/// [`pre_activation_gradient`](Self::pre_activation_gradient) instead.
pub trait Activation: Copy + Default + core::fmt::Debug + 'static {
    /// A short lower-case name, used when describing a network (`"sigmoid"`).
    const NAME: &'static str;

    /// How the accuracy of a network whose *output* layer has this activation is counted, as
    /// [`evaluate`](crate::train::evaluate) and [`Fit`](crate::train::Fit) report it: each output on the
    /// same side of 0.5 as its 0/1 label unless the activation says otherwise ([`Softmax`]:
    /// the largest output is the class; [`Identity`]: a regression output, no accuracy).
    const ACCURACY: AccuracyMeasure = AccuracyMeasure::Threshold;

    /// `a = f(z)`.
    fn apply<T: Scalar>(z: T) -> T;

    /// `f'(z)`, computed from `a = f(z)`.
    fn derivative<T: Scalar>(a: T) -> T;

    /// `v ← f(v)` for every value: the hot loop of a forward pass, which the compiler turns
    /// into SIMD code when `apply` has no branches and no calls.
    #[inline(always)]
    fn apply_all<T: Scalar>(values: &mut [T]) {
        for value in values {
            *value = Self::apply(*value);
        }
    }

    /// `a = f(z)` for a batch of `B` samples (rows) of `O` pre-activations, in place: what a
    /// layer's forward pass calls. Element-wise by default ([`apply_all`](Self::apply_all)).
    #[inline(always)]
    fn apply_rows<T: Scalar, const B: usize, const O: usize>(values: &mut SMatrix<T, B, O>) {
        Self::apply_all(values.as_mut_slice());
    }

    /// `∂C/∂z` from `∂C/∂a` and the outputs `a = f(z)`, for a batch: what backpropagation
    /// calls at every layer. By default the element-wise chain rule `∂C/∂a ⊙ f'(z)`.
    #[inline(always)]
    fn pre_activation_gradient<T: Scalar, const B: usize, const O: usize>(
        output_gradient: &SMatrix<T, B, O>,
        outputs: &SMatrix<T, B, O>,
    ) -> SMatrix<T, B, O> {
        // δ = ∂C/∂a ⊙ f'(z)
        kernels::zip_map(output_gradient, outputs, |g, a| g * Self::derivative(a))
    }
}

/// How an output layer's accuracy is counted: [`Activation::ACCURACY`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccuracyMeasure {
    /// The fraction of outputs on the same side of 0.5 as their 0/1 labels
    /// ([`metrics::accuracy`](crate::metrics::accuracy)): one yes/no answer per output.
    Threshold,
    /// The fraction of samples whose largest output is their label's largest
    /// ([`metrics::class_accuracy`](crate::metrics::class_accuracy)): one class per sample.
    Argmax,
    /// None: the outputs are numbers, not classes; measure them with
    /// [`measure_regression`](crate::metrics::measure_regression) (MAE, RMSE, R²).
    NotApplicable,
}

/// The logistic sigmoid `σ(z) = 1 / (1 + e^(−z))`, the seed's activation on every layer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sigmoid;

impl Activation for Sigmoid {
    const NAME: &'static str = "sigmoid";

    #[inline(always)]
    fn apply<T: Scalar>(z: T) -> T {
        z.logistic() // 1 / (1 + e^(−z)), with the crate's exp inlined (`math::sigmoid`)
    }
    #[inline(always)]
    fn apply_all<T: Scalar>(values: &mut [T]) {
        T::logistic_all(values); // each value's `apply` bits, as SIMD code
    }
    #[inline(always)]
    fn derivative<T: Scalar>(a: T) -> T {
        a * (T::ONE - a) // σ'(z) = σ(z)(1 − σ(z))
    }
}

/// The rectified linear unit `max(z, 0)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Relu;

impl Activation for Relu {
    const NAME: &'static str = "relu";

    #[inline(always)]
    fn apply<T: Scalar>(z: T) -> T {
        if z > T::ZERO { z } else { T::ZERO }
    }
    #[inline(always)]
    fn derivative<T: Scalar>(a: T) -> T {
        if a > T::ZERO { T::ONE } else { T::ZERO } // a > 0 exactly when z > 0
    }
}

/// Leaky ReLU: `z` for `z > 0`, `0.01·z` otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeakyRelu;

impl LeakyRelu {
    /// The slope for negative inputs.
    pub const SLOPE: f64 = 0.01;
}

impl Activation for LeakyRelu {
    const NAME: &'static str = "leaky_relu";

    #[inline(always)]
    fn apply<T: Scalar>(z: T) -> T {
        if z > T::ZERO {
            z
        } else {
            z * T::literal(Self::SLOPE)
        }
    }
    #[inline(always)]
    fn derivative<T: Scalar>(a: T) -> T {
        // The slope is positive, so a has the sign of z.
        if a > T::ZERO {
            T::ONE
        } else {
            T::literal(Self::SLOPE)
        }
    }
}

/// The hyperbolic tangent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tanh;

impl Activation for Tanh {
    const NAME: &'static str = "tanh";

    #[inline(always)]
    fn apply<T: Scalar>(z: T) -> T {
        z.tanh()
    }
    #[inline(always)]
    fn derivative<T: Scalar>(a: T) -> T {
        T::ONE - a * a // tanh'(z) = 1 − tanh²(z)
    }
}

/// The identity `f(z) = z`, for linear (regression) outputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Identity;

impl Activation for Identity {
    const NAME: &'static str = "identity";
    const ACCURACY: AccuracyMeasure = AccuracyMeasure::NotApplicable;

    #[inline(always)]
    fn apply<T: Scalar>(z: T) -> T {
        z
    }
    #[inline(always)]
    fn derivative<T: Scalar>(_a: T) -> T {
        T::ONE
    }
}

/// Softmax over each sample's outputs, `aₖ = e^(zₖ) / Σⱼ e^(zⱼ)`: the outputs of a sample are
/// positive and sum to 1, a probability for each of `O` classes. Pair it with
/// [`CategoricalCrossEntropy`](crate::train::CategoricalCrossEntropy).
///
/// It is row-wise, so it overrides the two row-wise hooks of [`Activation`]:
///
/// - the forward pass subtracts each row's largest pre-activation first,
///   `aₖ = e^(zₖ − m) / Σⱼ e^(zⱼ − m)` with `m = maxⱼ zⱼ` (the log-sum-exp shift): every
///   exponential is at most 1, so logits of ±10⁴ give exact 0s and 1s, never `inf/inf`;
/// - the backward pass is the true Jacobian-vector product
///   `∂C/∂zₖ = aₖ·(∂C/∂aₖ − Σⱼ ∂C/∂aⱼ·aⱼ)`, so mean squared error and softmax hidden layers get
///   the right gradient.
///
/// A row holding a NaN comes out all NaN. The element-wise [`apply`](Activation::apply) and
/// [`derivative`](Activation::derivative) do not exist for softmax: code that calls them (for
/// example `plot::activation::<Softmax>`) fails to build with the message "softmax is row-wise".
/// The check is a constant evaluated when the call is compiled to code, so it shows at
/// `cargo build`, not at `cargo check` (nor, therefore, in a `trybuild` compile-fail test).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Softmax;

impl Activation for Softmax {
    const NAME: &'static str = "softmax";
    const ACCURACY: AccuracyMeasure = AccuracyMeasure::Argmax;

    /// Not available: softmax is row-wise. Using it is a compile-time error.
    fn apply<T: Scalar>(z: T) -> T {
        const {
            assert!(
                size_of::<T>() == 0,
                "softmax is row-wise: it has no element-wise `apply`; use `apply_rows`"
            )
        };
        z
    }

    /// Not available: softmax is row-wise. Using it is a compile-time error.
    fn derivative<T: Scalar>(a: T) -> T {
        const {
            assert!(
                size_of::<T>() == 0,
                "softmax is row-wise: it has no element-wise `derivative`; use `pre_activation_gradient`"
            )
        };
        a
    }

    /// Not available: softmax is row-wise. Using it is a compile-time error.
    fn apply_all<T: Scalar>(values: &mut [T]) {
        const {
            assert!(
                size_of::<T>() == 0,
                "softmax is row-wise: it has no element-wise `apply_all`; use `apply_rows`"
            )
        };
        let _ = values;
    }

    #[inline(always)]
    fn apply_rows<T: Scalar, const B: usize, const O: usize>(values: &mut SMatrix<T, B, O>) {
        // Columns are contiguous (one output unit across the batch), so every loop below runs
        // down a column, one lane per sample, and sums over k in a fixed order.
        if O == 0 || B == 0 {
            return; // nothing to normalise (and `chunks_exact` needs a non-zero length)
        }
        let z = values.as_mut_slice();
        let mut largest = [T::ZERO; B];
        largest.copy_from_slice(&z[..B]);
        for column in z.chunks_exact(B).skip(1) {
            for (m, &z) in largest.iter_mut().zip(column) {
                *m = if z > *m { z } else { *m }; // m = maxⱼ zⱼ (a NaN m stays NaN)
            }
        }
        let mut sum = [T::ZERO; B];
        for column in z.chunks_exact_mut(B) {
            for ((z, &m), s) in column.iter_mut().zip(&largest).zip(&mut sum) {
                *z = (*z - m).fast_exp(); // e^(zₖ − m) ≤ 1
                *s += *z;
            }
        }
        for column in z.chunks_exact_mut(B) {
            for (a, &s) in column.iter_mut().zip(&sum) {
                *a /= s; // aₖ = e^(zₖ − m) / Σⱼ e^(zⱼ − m), and s ≥ 1
            }
        }
    }

    #[inline(always)]
    fn pre_activation_gradient<T: Scalar, const B: usize, const O: usize>(
        output_gradient: &SMatrix<T, B, O>,
        outputs: &SMatrix<T, B, O>,
    ) -> SMatrix<T, B, O> {
        if B == 0 {
            return *output_gradient;
        }
        let (g, a) = (output_gradient.as_slice(), outputs.as_slice());
        let mut dot = [T::ZERO; B];
        for (g, a) in g.chunks_exact(B).zip(a.chunks_exact(B)) {
            for ((d, &g), &a) in dot.iter_mut().zip(g).zip(a) {
                *d += g * a; // Σⱼ ∂C/∂aⱼ·aⱼ
            }
        }
        // ∂C/∂zₖ = aₖ·(∂C/∂aₖ − Σⱼ ∂C/∂aⱼ·aⱼ)
        let mut delta = *output_gradient;
        for (d, a) in delta
            .as_mut_slice()
            .chunks_exact_mut(B)
            .zip(a.chunks_exact(B))
        {
            for ((d, &a), &dot) in d.iter_mut().zip(a).zip(&dot) {
                *d = a * (*d - dot);
            }
        }
        delta
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f'(z) from a = f(z) must match a central difference of f at z.
    fn check_derivative<A: Activation>() {
        for &z in &[-3.0, -0.7, -0.1, 0.2, 0.9, 2.5_f64] {
            let h = 1e-6;
            let numeric = (A::apply(z + h) - A::apply(z - h)) / (2.0 * h);
            let analytic = A::derivative(A::apply(z));
            assert!(
                (numeric - analytic).abs() < 1e-8,
                "{}: f'({z}) = {analytic}, finite difference {numeric}",
                A::NAME
            );
        }
    }

    #[test]
    fn derivatives_match_finite_differences() {
        check_derivative::<Sigmoid>();
        check_derivative::<Relu>();
        check_derivative::<LeakyRelu>();
        check_derivative::<Tanh>();
        check_derivative::<Identity>();
    }

    #[test]
    fn sigmoid_saturates_without_nan() {
        assert_eq!(Sigmoid::apply(-1000.0_f64), 0.0);
        assert_eq!(Sigmoid::apply(1000.0_f64), 1.0);
        assert_eq!(Sigmoid::apply(0.0_f32), 0.5);
    }

    #[test]
    fn softmax_rows_are_distributions_matching_the_formula() {
        let mut z = matrix![1.0, 2.0, 3.0; -1.0, -1.0, -1.0_f64];
        Softmax::apply_rows(&mut z);
        let total: f64 = [1.0_f64, 2.0, 3.0].iter().map(|v| v.exp()).sum();
        for k in 0..3 {
            let expected = (k as f64 + 1.0).exp() / total;
            assert!((z[(0, k)] - expected).abs() < 1e-15, "{}", z[(0, k)]);
            assert!((z[(1, k)] - 1.0 / 3.0).abs() < 1e-15);
        }
    }

    #[test]
    fn softmax_is_finite_at_huge_logits() {
        let mut z = matrix![1e4, -1e4, 0.0; -1e4, -1e4, -1e4_f32];
        Softmax::apply_rows(&mut z);
        assert_eq!(z.row(0), matrix![1.0, 0.0, 0.0_f32]);
        for k in 0..3 {
            assert!((z[(1, k)] - 1.0 / 3.0).abs() < 1e-6);
        }
        let mut with_nan = matrix![f64::NAN, 1.0; 2.0, 1.0];
        Softmax::apply_rows(&mut with_nan);
        assert!(with_nan.row(0).iter().all(|a| a.is_nan()), "{with_nan}");
        assert!(with_nan.row(1).iter().all(|a| a.is_finite()));
        // Empty batches and empty rows are left alone.
        Softmax::apply_rows(&mut SMatrix::<f64, 0, 3>::zeros());
        Softmax::apply_rows(&mut SMatrix::<f64, 2, 0>::zeros());
        let empty = SMatrix::<f64, 0, 3>::zeros();
        assert_eq!(Softmax::pre_activation_gradient(&empty, &empty), empty);
    }

    #[test]
    fn softmax_jacobian_vector_product_matches_finite_differences() {
        // ∂C/∂z for C = Σₖ gₖ·aₖ(z), by central differences of the softmax itself.
        let z = matrix![0.3, -1.2, 2.0, 0.5_f64];
        let g = matrix![0.7, -0.4, 1.5, 0.2_f64];
        let softmax = |z: nalgebra::SMatrix<f64, 1, 4>| {
            let mut a = z;
            Softmax::apply_rows(&mut a);
            a
        };
        let analytic = Softmax::pre_activation_gradient(&g, &softmax(z));
        for k in 0..4 {
            let h = 1e-6;
            let (mut above, mut below) = (z, z);
            above[k] += h;
            below[k] -= h;
            let numeric = (g.dot(&softmax(above)) - g.dot(&softmax(below))) / (2.0 * h);
            assert!(
                (numeric - analytic[k]).abs() < 1e-9,
                "{k}: {numeric} vs {analytic}"
            );
        }
    }

    #[test]
    fn element_wise_hooks_default_to_apply_and_derivative() {
        let mut z = matrix![-1.0, 0.5; 2.0, -0.3_f64];
        let original = z;
        Tanh::apply_rows(&mut z);
        // `apply` itself, not `f64::tanh`: without `std` the crate's tanh is libm's, which may
        // round differently from the platform's.
        assert_eq!(z, original.map(Tanh::apply));
        assert!(
            z.iter()
                .zip(&original)
                .all(|(a, x)| (a - x.tanh()).abs() < 1e-15)
        );
        let g = matrix![1.0, 2.0; 3.0, 4.0];
        let delta = Tanh::pre_activation_gradient(&g, &z);
        assert_eq!(delta, g.zip_map(&z, |g, a| g * (1.0 - a * a)));
    }

    #[test]
    fn relu_family_values() {
        assert_eq!(Relu::apply(-2.0_f64), 0.0);
        assert_eq!(Relu::apply(3.0_f64), 3.0);
        assert_eq!(LeakyRelu::apply(-2.0_f64), -0.02);
        assert_eq!(Identity::apply(-2.0_f32), -2.0);
    }
}
