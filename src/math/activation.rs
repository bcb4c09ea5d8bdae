//! Activation functions `a = f(z)` and their derivatives, written in terms of the output `a`.
//!
//! Every activation here has a derivative that can be computed from its own output
//! (`σ'(z) = a(1 − a)`, `tanh'(z) = 1 − a²`, …), so the forward pass keeps only the
//! activations `a` and the backward pass never needs `z`.

use crate::math::scalar::Scalar;

/// An element-wise activation function, chosen per layer as a type (`Dense<_, _, _, Relu>`).
///
/// Implement it for your own zero-sized type to add an activation; it must be expressible
/// through its output, as every activation below is.
pub trait Activation: Copy + Default + core::fmt::Debug + 'static {
    /// A short lower-case name, used when describing a network (`"sigmoid"`).
    const NAME: &'static str;

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
}

/// The logistic sigmoid `σ(z) = 1 / (1 + e^(−z))`, the seed's activation on every layer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sigmoid;

impl Activation for Sigmoid {
    const NAME: &'static str = "sigmoid";

    #[inline(always)]
    fn apply<T: Scalar>(z: T) -> T {
        T::ONE / (T::ONE + (-z).fast_exp())
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

    #[inline(always)]
    fn apply<T: Scalar>(z: T) -> T {
        z
    }
    #[inline(always)]
    fn derivative<T: Scalar>(_a: T) -> T {
        T::ONE
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
    fn relu_family_values() {
        assert_eq!(Relu::apply(-2.0_f64), 0.0);
        assert_eq!(Relu::apply(3.0_f64), 3.0);
        assert_eq!(LeakyRelu::apply(-2.0_f64), -0.02);
        assert_eq!(Identity::apply(-2.0_f32), -2.0);
    }
}
