//! A [`Pipeline`] as Rust source: the network, its standardizer and its class names as one
//! `const` item, so a program built with it needs no file at run time.

use crate::data::Standardizer;
use crate::data::missing::{Fill, Imputer};
use crate::io::rust_source::{Bake, Indent, write_literal};
use crate::math::scalar::Scalar;
use crate::model::describe::Describe;
use crate::pipeline::pipeline::Pipeline;
use core::fmt::{self, Write};
/// Writes the Rust source of a `pub const` item named `name` holding `pipeline`: the network,
/// its standardizer and its class names, as a
/// `Pipeline<NetworkType, T, I, O, &'static str>` built from `const fn`s
/// ([`Pipeline::from_parts`], [`Standardizer::from_parts`], [`ClassNames::per_output`](crate::pipeline::ClassNames::per_output) or,
/// for one output, [`ClassNames::binary`](crate::pipeline::ClassNames::binary)) like [`bake`](crate::io::rust_source::bake)'s
/// networks.
///
/// `network_type` is how the network's type is spelled where the source will be included.
/// Every float, the standardizer's included, reads back to the same bits, so the constant
/// turns a raw row into the same output as the pipeline it came from.
///
/// ```
/// use static_mlp::prelude::*;
/// use static_mlp::{pipeline::Pipeline, data::Standardizer};
///
/// type Net = mlp!(f32; 2 => 3 Softmax);
/// let net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(2));
/// let standardizer = Standardizer::fit(&[[1.0, 5.0], [3.0, 9.0_f32]])?;
/// let model: Pipeline<Net, f32, 2, 3, &str> =
///     Pipeline::new(net, standardizer).with_class_names(["a", "b", "c"]);
/// let source = static_mlp::pipeline::bake_pipeline(&model, "MODEL", "Net");
/// assert!(source.contains("pub const MODEL: ::static_mlp::pipeline::Pipeline<Net, f32, 2, 3, &'static str>"));
/// assert!(source.contains("[2.0_f32, 7.0_f32]")); // the means
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn bake_pipeline<N, T, const I: usize, const O: usize, S>(
    pipeline: &Pipeline<N, T, I, O, S>,
    name: &str,
    network_type: &str,
) -> String
where
    N: Bake + Describe<Scalar = T>,
    T: Scalar,
    S: AsRef<str>,
{
    let mut source = String::new();
    // Writing to a String cannot fail.
    let _ = write_pipeline(&mut source, pipeline, name, network_type);
    source
}

fn write_pipeline<N, T, const I: usize, const O: usize, S>(
    out: &mut String,
    pipeline: &Pipeline<N, T, I, O, S>,
    name: &str,
    network_type: &str,
) -> fmt::Result
where
    N: Bake + Describe<Scalar = T>,
    T: Scalar,
    S: AsRef<str>,
{
    let imputed = !pipeline.imputer().is_none();
    let names = match (imputed, pipeline.class_names()) {
        (false, Some(_)) => "its standardizer and class names",
        (false, None) => "its standardizer",
        (true, Some(_)) => "its imputer, standardizer and class names",
        (true, None) => "its imputer and standardizer",
    };
    writeln!(
        out,
        "// A trained {} network with {names}, baked by static_mlp::io::rust_source. Generated: do not edit.",
        N::architecture()
    )?;
    let scalar = T::NAME;
    let constructor = if imputed {
        "from_imputed_parts"
    } else {
        "from_parts"
    };
    writeln!(
        out,
        "pub const {name}: ::static_mlp::pipeline::Pipeline<{network_type}, {scalar}, {I}, {O}, &'static str> = ::static_mlp::pipeline::Pipeline::{constructor}("
    )?;
    let inner = Indent(1);
    write!(out, "{inner}")?;
    pipeline.network().write_expression(out, 1)?;
    writeln!(out, ",")?;
    if imputed {
        write_imputer(out, pipeline.imputer())?;
    }
    write_standardizer(out, pipeline.standardizer())?;
    match pipeline.class_names() {
        Some(names) => {
            // One output: `binary(negative, positive)`; more: `per_output([names])`.
            let (constructor, open, close) = match O {
                1 => ("binary", "", ""),
                _ => ("per_output", "[", "]"),
            };
            write!(
                out,
                "{inner}::core::option::Option::Some(::static_mlp::pipeline::ClassNames::{constructor}({open}"
            )?;
            for (index, name) in names.iter().enumerate() {
                if index > 0 {
                    write!(out, ", ")?;
                }
                write!(out, "{:?}", name.as_ref())?; // Debug escapes as a Rust literal
            }
            writeln!(out, "{close})),")?;
        }
        None => writeln!(out, "{inner}::core::option::Option::None,")?,
    }
    writeln!(out, ");")
}

/// `Imputer::from_fills([fills]),` at one level of indentation.
fn write_imputer<T: Scalar, const I: usize>(
    out: &mut dyn Write,
    imputer: &Imputer<T, I>,
) -> fmt::Result {
    let path = "::static_mlp::data::missing";
    writeln!(out, "{}{path}::Imputer::from_fills([", Indent(1))?;
    for fill in imputer.fills() {
        write!(out, "{}", Indent(2))?;
        match *fill {
            Fill::Keep => write!(out, "{path}::Fill::Keep")?,
            Fill::Value(value) => {
                write!(out, "{path}::Fill::Value(")?;
                write_literal(out, value)?;
                write!(out, ")")?;
            }
            Fill::IndicatorOf(source) => write!(out, "{path}::Fill::IndicatorOf({source})")?,
        }
        writeln!(out, ",")?;
    }
    writeln!(out, "{}]),", Indent(1))
}

/// `Standardizer::from_parts([means], [scales]),` at one level of indentation.
fn write_standardizer<T: Scalar, const I: usize>(
    out: &mut dyn Write,
    standardizer: &Standardizer<T, I>,
) -> fmt::Result {
    writeln!(
        out,
        "{}::static_mlp::data::Standardizer::from_parts(",
        Indent(1)
    )?;
    for values in [standardizer.mean(), standardizer.scale()] {
        write!(out, "{}[", Indent(2))?;
        for (index, &value) in values.iter().enumerate() {
            if index > 0 {
                write!(out, ", ")?;
            }
            write_literal(out, value)?;
        }
        writeln!(out, "],")?;
    }
    writeln!(out, "{}),", Indent(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::Identity;
    use crate::model::dense::Dense;

    #[test]
    fn an_imputer_is_baked_before_the_standardizer() {
        let net: Dense<f32, 2, 1, Identity> = Dense::from_weights(matrix![1.0; 2.0]);
        let imputer = Imputer::from_fills([Fill::Value(2.5), Fill::IndicatorOf(0)]);
        let model: Pipeline<_, f32, 2, 1, &str> =
            Pipeline::new(net, Standardizer::identity()).with_imputer(imputer);
        let source = bake_pipeline(&model, "MODEL", "Net");
        let expected = "    ::static_mlp::data::missing::Imputer::from_fills([\n        \
            ::static_mlp::data::missing::Fill::Value(2.5_f32),\n        \
            ::static_mlp::data::missing::Fill::IndicatorOf(0),\n    ]),\n    \
            ::static_mlp::data::Standardizer::from_parts(";
        assert!(source.contains(expected), "{source}");
        assert!(source.contains("::static_mlp::pipeline::Pipeline::from_imputed_parts("));
        let plain = bake_pipeline(
            &Pipeline::<_, f32, 2, 1, &str>::new(net, Standardizer::identity()),
            "MODEL",
            "Net",
        );
        assert!(plain.contains("Pipeline::from_parts(") && !plain.contains("Imputer"));
    }
}
