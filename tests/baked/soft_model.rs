// A trained 3→5 tanh→4 softmax f32 network with its standardizer and class names, baked by static_mlp::io::rust_source. Generated: do not edit.
pub const SOFT_MODEL: ::static_mlp::pipeline::Pipeline<SoftNet, f32, 3, 4, &'static str> = ::static_mlp::pipeline::Pipeline::from_parts(
    ::static_mlp::model::Chain::new(
        ::static_mlp::model::Dense::from_parts(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [-0.28630444_f32, 0.01891619_f32, 0.5564977_f32],
                [0.31626403_f32, 0.0504339_f32, -0.81084865_f32],
                [0.5280613_f32, 0.6583429_f32, 0.7974985_f32],
                [0.6461167_f32, 0.5473957_f32, 0.24334338_f32],
                [-0.42205426_f32, -0.6480809_f32, -0.37040424_f32],
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
                [-0.18078564_f32, -0.5888054_f32, -0.38287017_f32, -0.69457084_f32, 0.7487546_f32],
                [0.29850376_f32, -0.3141123_f32, -0.02726658_f32, 0.7987981_f32, 0.58917224_f32],
                [-0.1630289_f32, 0.5601152_f32, 0.5615741_f32, -0.3927798_f32, -0.22489151_f32],
                [0.682057_f32, 0.61934686_f32, 0.7915213_f32, 0.648542_f32, -0.15819727_f32],
            ])),
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.0_f32],
                [0.0_f32],
                [0.0_f32],
                [0.0_f32],
            ])),
        ),
    ),
    ::static_mlp::data::Standardizer::from_parts(
        [124.5_f32, -0.0525_f32, 6850.0_f32],
        [16.039015_f32, 0.05004248_f32, 2062.1592_f32],
    ),
    ::core::option::Option::Some(::static_mlp::pipeline::ClassNames::per_output(["north", "east \"quoted\"", "south\\west", "ünïcode"])),
);
