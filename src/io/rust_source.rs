//! Baking a trained network into Rust source: a `const` of the network's own type.
//!
//! [`bake`] writes an item such as
//!
//! ```text
//! pub const XOR_NET: XorNet = ::static_mlp::model::Chain::new(
//!     ::static_mlp::model::Dense::from_parts(
//!         ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
//!             [-3.1571009287246137_f64, 3.373011071734069_f64],
//!             …
//! ```
//!
//! built only from `const fn` constructors ([`Chain::new`], [`Dense::from_parts`],
//! [`Dense::from_weights`], nalgebra's `from_array_storage`), so the compiler evaluates it and
//! the program carries the weights as data: no file, no parsing, no heap and no `std` at run
//! time. Each float is written in the shortest form that Rust reads back to the same bits, so
//! the constant computes exactly what the network it came from computes.
//!
//! ```
//! use static_mlp::prelude::*;
//!
//! type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
//! let net = XorNet::random(Init::Xavier, &mut StdRng::seed_from_u64(1));
//! let source = static_mlp::io::rust_source::bake(&net, "XOR_NET", "XorNet");
//! assert!(source.contains("pub const XOR_NET: XorNet = ::static_mlp::model::Chain::new("));
//! // Save `source` as `xor_net.rs`, then in the program that uses it:
//! //     type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);
//! //     include!("xor_net.rs");
//! //     let [y] = XOR_NET.predict_one([0.0, 1.0]);
//! ```

use crate::math::scalar::Scalar;
use crate::model::activation::Activation;
use crate::model::chain::Chain;
use crate::model::dense::BiasMode;
use crate::model::dense::Dense;
use crate::model::describe::Describe;
use core::fmt::{self, Write};
use nalgebra::SMatrix;

/// Writes the Rust source of a `pub const` item named `name` holding `network`.
///
/// `type_name` is how the network's type is spelled where the source will be included, usually
/// an alias such as `XorNet` for the same [`mlp!`](crate::mlp) type. The source refers to this
/// crate as `::static_mlp`.
pub fn bake<N: Bake + Describe>(network: &N, name: &str, type_name: &str) -> String {
    let mut source = String::new();
    // Writing to a String cannot fail.
    let _ = write_item(&mut source, network, name, type_name);
    source
}

fn write_item<N: Bake + Describe>(
    out: &mut String,
    network: &N,
    name: &str,
    type_name: &str,
) -> fmt::Result {
    writeln!(
        out,
        "// A trained {} network, baked by static_mlp::io::rust_source. Generated: do not edit.",
        N::architecture()
    )?;
    write!(out, "pub const {name}: {type_name} = ")?;
    network.write_expression(out, 0)?;
    writeln!(out, ";")
}

/// A network that can write itself as a Rust constant expression. Implemented for [`Dense`]
/// and [`Chain`], so for every type [`mlp!`](crate::mlp) names.
pub trait Bake {
    /// Writes an expression that builds `self`, continuing the current line; later lines are
    /// indented by `indent + 1` levels and the last, which closes the expression, by `indent`.
    fn write_expression(&self, out: &mut dyn Write, indent: usize) -> fmt::Result;

    /// The `Chain` constructor that joins this layer to the next: `new` for float layers,
    /// `new_quantized` for int8 ones.
    fn chain_constructor() -> &'static str
    where
        Self: Sized,
    {
        "new"
    }
}

impl<T: Scalar, const I: usize, const O: usize, A: Activation, Bias: BiasMode> Bake
    for Dense<T, I, O, A, Bias>
{
    fn write_expression(&self, out: &mut dyn Write, indent: usize) -> fmt::Result {
        let inner = Indent(indent + 1);
        if Bias::ENABLED {
            writeln!(out, "::static_mlp::model::Dense::from_parts(")?;
            write!(out, "{inner}")?;
            write_matrix(out, self.weights(), indent + 1)?;
            write!(out, ",\n{inner}")?;
            write_matrix(out, self.bias(), indent + 1)?;
            write!(out, ",\n{})", Indent(indent))
        } else {
            writeln!(out, "::static_mlp::model::Dense::from_weights(")?;
            write!(out, "{inner}")?;
            write_matrix(out, self.weights(), indent + 1)?;
            write!(out, ",\n{})", Indent(indent))
        }
    }
}

impl<First: Bake, Rest: Bake, const H: usize> Bake for Chain<First, Rest, H> {
    fn write_expression(&self, out: &mut dyn Write, indent: usize) -> fmt::Result {
        let inner = Indent(indent + 1);
        let constructor = First::chain_constructor();
        write!(out, "::static_mlp::model::Chain::{constructor}(\n{inner}")?;
        self.first().write_expression(out, indent + 1)?;
        write!(out, ",\n{inner}")?;
        self.rest().write_expression(out, indent + 1)?;
        write!(out, ",\n{})", Indent(indent))
    }

    fn chain_constructor() -> &'static str {
        First::chain_constructor()
    }
}

/// `SMatrix::from_array_storage(ArrayStorage([column, column, …]))`, one column a line
/// (nalgebra stores columns; a weight matrix's column holds the weights into one unit).
fn write_matrix<T: Scalar, const R: usize, const C: usize>(
    out: &mut dyn Write,
    matrix: &SMatrix<T, R, C>,
    indent: usize,
) -> fmt::Result {
    writeln!(
        out,
        "::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage(["
    )?;
    for column in matrix.column_iter() {
        write!(out, "{}[", Indent(indent + 1))?;
        for (row, &value) in column.iter().enumerate() {
            if row > 0 {
                write!(out, ", ")?;
            }
            write_literal(out, value)?;
        }
        writeln!(out, "],")?;
    }
    write!(out, "{}]))", Indent(indent))
}

/// A float literal that reads back to the same bits: `Debug` prints the shortest digits that
/// round-trip (`0.1`, `1e-7`, `-2.0`), and the suffix fixes the type. NaN and infinities, which
/// have no literal, become the type's constants.
pub(crate) fn write_literal<T: Scalar>(out: &mut dyn Write, value: T) -> fmt::Result {
    let suffix = T::NAME;
    let wide = value.to_f64();
    if wide.is_nan() {
        write!(out, "{suffix}::NAN")
    } else if wide.is_infinite() {
        let sign = if wide > 0.0 { "" } else { "NEG_" };
        write!(out, "{suffix}::{sign}INFINITY")
    } else {
        write!(out, "{value:?}_{suffix}")
    }
}

/// `n` levels of four spaces.
pub(crate) struct Indent(pub(crate) usize);

impl fmt::Display for Indent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for _ in 0..self.0 {
            f.write_str("    ")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::Relu;
    use crate::model::activation::Sigmoid;
    use crate::model::dense::NoBias;
    use crate::model::dense::WithBias;

    fn literal<T: Scalar>(value: T) -> String {
        let mut text = String::new();
        write_literal(&mut text, value).unwrap();
        text
    }

    #[test]
    fn literals_are_shortest_and_typed() {
        assert_eq!(literal(0.1_f64), "0.1_f64");
        assert_eq!(literal(0.1_f32), "0.1_f32");
        assert_eq!(literal(-2.0_f64), "-2.0_f64");
        assert_eq!(literal(1e-7_f64), "1e-7_f64");
        assert_eq!(literal(-0.0_f32), "-0.0_f32");
        assert_eq!(literal(f64::NAN), "f64::NAN");
        assert_eq!(literal(f32::NEG_INFINITY), "f32::NEG_INFINITY");
    }

    #[test]
    fn literals_read_back_to_the_same_bits() {
        // Rust's own parser stands in for the compiler's here.
        let values = [0.1, 1.0 / 3.0, -1e-300, 5e-324, f64::MAX, 123456.789e10];
        for value in values {
            let text = literal(value);
            let parsed: f64 = text.trim_end_matches("_f64").parse().unwrap();
            assert_eq!(parsed.to_bits(), value.to_bits(), "{text}");
        }
        for value in [0.1_f32, 1.0 / 3.0, f32::MIN_POSITIVE, 1e-45] {
            let text = literal(value);
            let parsed: f32 = text.trim_end_matches("_f32").parse().unwrap();
            assert_eq!(parsed.to_bits(), value.to_bits(), "{text}");
        }
    }

    #[test]
    fn a_chain_is_written_as_nested_const_constructors() {
        type Net = Chain<Dense<f32, 2, 1, Relu, NoBias>, Dense<f32, 1, 1, Sigmoid, WithBias>, 1>;
        let net: Net = Chain::new(
            Dense::from_weights(matrix![0.5; -1.5]),
            Dense::from_parts(matrix![2.0], matrix![0.25]),
        );
        let expected = "\
// A trained 2→1 relu (no bias)→1 sigmoid f32 network, baked by static_mlp::io::rust_source. Generated: do not edit.
pub const NET: Net = ::static_mlp::model::Chain::new(
    ::static_mlp::model::Dense::from_weights(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [0.5_f32, -1.5_f32],
        ])),
    ),
    ::static_mlp::model::Dense::from_parts(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [2.0_f32],
        ])),
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [0.25_f32],
        ])),
    ),
);
";
        assert_eq!(bake(&net, "NET", "Net"), expected);
    }
}
