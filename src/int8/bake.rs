//! Baking an int8 network into Rust source: a `const` of its [`mlp_int8!`](crate::mlp_int8)
//! type, built from `const fn` constructors ([`Chain::new_quantized`](crate::model::Chain::new_quantized),
//! [`QuantizedDense::new`], [`QuantizedNetwork::new`]) and struct literals, so the weights are
//! data in the binary and no `.tflite` file is read at run time.
//!
//! ```
//! use static_mlp::prelude::*;
//! use static_mlp::int8::bake_quantized;
//!
//! type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
//! let sine = Sine::from_tflite(include_bytes!("../../tests/fixtures/tflite/sine.tflite"))?;
//! let source = bake_quantized(&sine, "SINE", "Sine");
//! assert!(source.contains("pub const SINE: Sine = ::static_mlp::int8::QuantizedNetwork::new("));
//! # Ok::<(), static_mlp::int8::tflite::TfliteError>(())
//! ```

use crate::int8::activation::QuantizedActivation;
use crate::int8::dense::QuantizedDense;
use crate::int8::network::{QuantizationParameters, QuantizedLayer, QuantizedNetwork};
use crate::io::rust_source::{Bake, Indent, write_literal};
use core::fmt::{self, Write};

/// Writes the Rust source of a `pub const` item named `name` holding `network`, whose type
/// is spelled `type_name` where the source is included (an alias of the same
/// [`mlp_int8!`](crate::mlp_int8) type).
pub fn bake_quantized<L, const I: usize, const O: usize>(
    network: &QuantizedNetwork<L, I, O>,
    name: &str,
    type_name: &str,
) -> String
where
    L: QuantizedLayer<I, O> + Bake,
{
    let mut source = String::new();
    // Writing to a String cannot fail.
    let _ = write_item(&mut source, network, name, type_name);
    source
}

fn write_item<L: QuantizedLayer<I, O> + Bake, const I: usize, const O: usize>(
    out: &mut String,
    network: &QuantizedNetwork<L, I, O>,
    name: &str,
    type_name: &str,
) -> fmt::Result {
    writeln!(
        out,
        "// An int8 network ({I} inputs, {O} outputs), baked by static_mlp::int8::bake_quantized. Generated: do not edit."
    )?;
    write!(out, "pub const {name}: {type_name} = ")?;
    network.write_expression(out, 0)?;
    writeln!(out, ";")
}

fn write_quantization(out: &mut dyn Write, quantization: QuantizationParameters) -> fmt::Result {
    write!(out, "::static_mlp::int8::QuantizationParameters {{ scale: ")?;
    write_literal(out, quantization.scale)?;
    write!(out, ", zero_point: {} }}", quantization.zero_point)
}

impl<L: QuantizedLayer<I, O> + Bake, const I: usize, const O: usize> Bake
    for QuantizedNetwork<L, I, O>
{
    fn write_expression(&self, out: &mut dyn Write, indent: usize) -> fmt::Result {
        let inner = Indent(indent + 1);
        write!(out, "::static_mlp::int8::QuantizedNetwork::new(\n{inner}")?;
        self.layers().write_expression(out, indent + 1)?;
        write!(out, ",\n{inner}")?;
        write_quantization(out, self.input_quantization())?;
        write!(out, ",\n{inner}")?;
        write_quantization(out, self.output_quantization())?;
        write!(out, ",\n{})", Indent(indent))
    }
}

impl<const I: usize, const O: usize, A: QuantizedActivation> Bake for QuantizedDense<I, O, A> {
    fn write_expression(&self, out: &mut dyn Write, indent: usize) -> fmt::Result {
        let inner = Indent(indent + 1);
        writeln!(out, "::static_mlp::int8::QuantizedDense::new(")?;
        writeln!(out, "{inner}[")?;
        for row in self.weights() {
            writeln!(out, "{}{row:?},", Indent(indent + 2))?;
        }
        writeln!(out, "{inner}],")?;
        writeln!(out, "{inner}{:?},", self.bias())?;
        writeln!(out, "{inner}[")?;
        for m in self.multipliers() {
            writeln!(
                out,
                "{}::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const({}, {}),",
                Indent(indent + 2),
                m.multiplier(),
                m.shift()
            )?;
        }
        writeln!(out, "{inner}],")?;
        writeln!(out, "{inner}{},", self.input_zero_point())?;
        writeln!(out, "{inner}{},", self.output_zero_point())?;
        write!(out, "{inner}")?;
        A::write_kernel(self.kernel(), out)?;
        write!(out, ",\n{})", Indent(indent))
    }

    fn chain_constructor() -> &'static str {
        "new_quantized"
    }
}
