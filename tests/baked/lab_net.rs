// A trained 2→4 relu→4 relu→1 sigmoid f32 (no bias) network, baked by static_mlp::io::rust_source. Generated: do not edit.
pub const LAB_NET: LabNet = ::static_mlp::model::Chain::new(
    ::static_mlp::model::Dense::from_weights(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [-2.049013_f32, 2.0563173_f32],
            [1.9655662_f32, -1.9657722_f32],
            [0.8153181_f32, -0.26650628_f32],
            [1.1204976_f32, 2.3714511_f32],
        ])),
    ),
    ::static_mlp::model::Chain::new(
        ::static_mlp::model::Dense::from_weights(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [-1.068633_f32, -1.0984769_f32, -0.78385806_f32, -0.019618127_f32],
                [0.61691964_f32, -0.24650633_f32, 1.2836331_f32, 1.9424067_f32],
                [-3.095892_f32, -2.9301152_f32, 0.20265375_f32, 1.0974878_f32],
                [-0.3018134_f32, -0.727889_f32, 1.0750769_f32, -0.028402863_f32],
            ])),
        ),
        ::static_mlp::model::Dense::from_weights(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.52758914_f32, 1.2399495_f32, -4.013805_f32, -0.15584646_f32],
            ])),
        ),
    ),
);
