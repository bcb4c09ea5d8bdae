//! `QuantizedActivation`: how each activation runs on int8 values, as TFLite runs it.
//!
//! [`Identity`] and [`Relu`] are clamps fused into the fully connected layer (TFLite's
//! `fused_activation_function` NONE and RELU); [`Sigmoid`] and [`Tanh`] are TFLite Micro's
//! LOGISTIC and TANH ops after it, each with its own prepared kernel and the output
//! quantisation TFLite fixes for it. Other activations have no int8 form here, so a float
//! network using one has no quantised type.

use crate::int8::logistic::LogisticKernel;
use crate::int8::q4_input::Q4Input;
use crate::int8::tanh::TanhKernel;
use crate::model::activation::{Activation, Identity, Relu, Sigmoid, Tanh};

/// An activation with an int8 form. Sealed: implemented for [`Identity`], [`Relu`],
/// [`Sigmoid`] and [`Tanh`].
pub trait QuantizedActivation: Activation + sealed::Sealed {
    /// What the activation needs prepared (`()` for the fused clamps).
    type Kernel: Copy + core::fmt::Debug + PartialEq + Eq;
    /// How TFLite runs it: a fused clamp or an op of its own.
    const KIND: ActivationKind;
    /// The output `(scale, zero point)` the op fixes, or `None` when the output is the fully
    /// connected layer's own tensor (fused activations).
    const FIXED_OUTPUT: Option<(f32, i32)>;

    /// The activation on one int8 value of the fully connected layer's output.
    fn apply_int8(kernel: &Self::Kernel, value: i8) -> i8;

    /// The kernel for an input prepared as [`Q4Input`] (ignored by the fused clamps).
    fn kernel(input: Q4Input) -> Self::Kernel;

    /// Writes `kernel` as a Rust constant expression (for baking).
    fn write_kernel(kernel: &Self::Kernel, out: &mut dyn core::fmt::Write) -> core::fmt::Result;
}

/// `Q4Input::new_const(…)` as a Rust expression.
fn write_q4_input(input: &Q4Input, out: &mut dyn core::fmt::Write) -> core::fmt::Result {
    write!(
        out,
        "::static_mlp::int8::Q4Input::new_const({}, {}, {}, {})",
        input.zero_point, input.multiplier, input.left_shift, input.range_radius
    )
}

/// How TFLite runs an activation on int8 values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivationKind {
    /// No activation: the fully connected op's `fused_activation_function` is NONE.
    None,
    /// ReLU fused into the fully connected op as a clamp at the output's zero point.
    Relu,
    /// A LOGISTIC op after the fully connected one.
    Logistic,
    /// A TANH op after the fully connected one.
    Tanh,
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::model::activation::Identity {}
    impl Sealed for crate::model::activation::Relu {}
    impl Sealed for crate::model::activation::Sigmoid {}
    impl Sealed for crate::model::activation::Tanh {}
}

impl QuantizedActivation for Identity {
    type Kernel = ();
    const KIND: ActivationKind = ActivationKind::None;
    const FIXED_OUTPUT: Option<(f32, i32)> = None;
    #[inline(always)]
    fn apply_int8(_: &(), value: i8) -> i8 {
        value
    }
    fn kernel(_: Q4Input) {}
    fn write_kernel(_: &(), out: &mut dyn core::fmt::Write) -> core::fmt::Result {
        out.write_str("()")
    }
}

impl QuantizedActivation for Relu {
    type Kernel = ();
    const KIND: ActivationKind = ActivationKind::Relu;
    const FIXED_OUTPUT: Option<(f32, i32)> = None;
    #[inline(always)]
    fn apply_int8(_: &(), value: i8) -> i8 {
        value // the clamp at the zero point is fused into the layer
    }
    fn kernel(_: Q4Input) {}
    fn write_kernel(_: &(), out: &mut dyn core::fmt::Write) -> core::fmt::Result {
        out.write_str("()")
    }
}

impl QuantizedActivation for Sigmoid {
    type Kernel = LogisticKernel;
    const KIND: ActivationKind = ActivationKind::Logistic;
    const FIXED_OUTPUT: Option<(f32, i32)> = Some((
        LogisticKernel::OUTPUT_SCALE,
        LogisticKernel::OUTPUT_ZERO_POINT,
    ));
    #[inline(always)]
    fn apply_int8(kernel: &LogisticKernel, value: i8) -> i8 {
        kernel.apply(value)
    }
    fn kernel(input: Q4Input) -> LogisticKernel {
        LogisticKernel { input }
    }
    fn write_kernel(kernel: &LogisticKernel, out: &mut dyn core::fmt::Write) -> core::fmt::Result {
        out.write_str("::static_mlp::int8::LogisticKernel { input: ")?;
        write_q4_input(&kernel.input, out)?;
        out.write_str(" }")
    }
}

impl QuantizedActivation for Tanh {
    type Kernel = TanhKernel;
    const KIND: ActivationKind = ActivationKind::Tanh;
    const FIXED_OUTPUT: Option<(f32, i32)> =
        Some((TanhKernel::OUTPUT_SCALE, TanhKernel::OUTPUT_ZERO_POINT));
    #[inline(always)]
    fn apply_int8(kernel: &TanhKernel, value: i8) -> i8 {
        kernel.apply(value)
    }
    fn kernel(input: Q4Input) -> TanhKernel {
        TanhKernel { input }
    }
    fn write_kernel(kernel: &TanhKernel, out: &mut dyn core::fmt::Write) -> core::fmt::Result {
        out.write_str("::static_mlp::int8::TanhKernel { input: ")?;
        write_q4_input(&kernel.input, out)?;
        out.write_str(" }")
    }
}
