// A trained 3→5 tanh→4 softmax f32 network with its imputer, standardizer and class names, baked by static_mlp::io::rust_source. Generated: do not edit.
pub const IMPUTED_MODEL: ::static_mlp::pipeline::Pipeline<SoftNet, f32, 3, 4, &'static str> = ::static_mlp::pipeline::Pipeline::from_imputed_parts(
    ::static_mlp::model::Chain::new(
        ::static_mlp::model::Dense::from_parts(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [-0.8135142_f32, 0.7813823_f32, 0.24054064_f32],
                [-0.33413637_f32, -0.5621169_f32, -0.8302992_f32],
                [-0.61896193_f32, -0.42129377_f32, -0.7187256_f32],
                [0.073641926_f32, -0.64913696_f32, -0.21842416_f32],
                [-0.39404628_f32, 0.3870301_f32, 0.2231977_f32],
            ])),
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.0_f32],
                [0.0_f32],
                [0.0_f32],
                [0.0_f32],
                [0.0_f32],
            ])),
        ),
        ::static_mlp::model::Dense::from_parts(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.62346435_f32, 0.23445152_f32, 0.4686752_f32, 0.6519546_f32, -0.061424717_f32],
                [0.63550156_f32, -0.14122017_f32, -0.43390402_f32, -0.7708425_f32, 0.74452317_f32],
                [0.11072969_f32, -0.19868368_f32, -0.37794885_f32, 0.69826347_f32, -0.31288728_f32],
                [0.0022558814_f32, -0.034566674_f32, 0.66742533_f32, -0.13925287_f32, 0.10441232_f32],
            ])),
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.0_f32],
                [0.0_f32],
                [0.0_f32],
                [0.0_f32],
            ])),
        ),
    ),
    ::static_mlp::data::missing::Imputer::from_fills([
        ::static_mlp::data::missing::Fill::Value(1.5_f32),
        ::static_mlp::data::missing::Fill::Keep,
        ::static_mlp::data::missing::Fill::IndicatorOf(0),
    ]),
    ::static_mlp::data::Standardizer::from_parts(
        [1.0_f32, 2.0_f32, 0.25_f32],
        [2.0_f32, 4.0_f32, 0.5_f32],
    ),
    ::core::option::Option::Some(::static_mlp::pipeline::ClassNames::per_output(["north", "east \"quoted\"", "south\\west", "ünïcode"])),
);
