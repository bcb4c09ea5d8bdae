// A trained 2→1 sigmoid f64 network with its standardizer and class names, baked by static_mlp::io::rust_source. Generated: do not edit.
pub const BINARY_MODEL: ::static_mlp::pipeline::Pipeline<LineNet, f64, 2, 1, &'static str> = ::static_mlp::pipeline::Pipeline::from_parts(
    ::static_mlp::model::Dense::from_parts(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [1.0_f64, -1.0_f64],
        ])),
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [0.0_f64],
        ])),
    ),
    ::static_mlp::data::Standardizer::from_parts(
        [3.0_f64, 3.0_f64],
        [10.0_f64, 10.0_f64],
    ),
    ::core::option::Option::Some(::static_mlp::pipeline::ClassNames::binary("below", "above")),
);
