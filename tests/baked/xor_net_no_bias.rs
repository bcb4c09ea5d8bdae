// A trained 2→4→4→1 sigmoid f64 (no bias) network, baked by static_mlp::io::rust_source. Generated: do not edit.
pub const XOR_NET: XorNet = ::static_mlp::model::Chain::new(
    ::static_mlp::model::Dense::from_weights(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [11.48979640456192_f64, -8.545516029406581_f64],
            [2.2043204998348362_f64, 2.0002604043897207_f64],
            [0.4968484205885358_f64, -0.6827329940400411_f64],
            [-7.902364309410163_f64, 10.510362850439213_f64],
        ])),
    ),
    ::static_mlp::model::Chain::new(
        ::static_mlp::model::Dense::from_weights(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [-3.298816920665214_f64, 5.585299419015528_f64, 0.7715237645182703_f64, -3.1901397473350026_f64],
                [-0.2703767468207469_f64, -1.6591384572647132_f64, -0.5613754376757516_f64, -1.255429115002013_f64],
                [6.257725198860841_f64, -11.158134448892508_f64, 0.758411670847887_f64, 6.411819859547814_f64],
                [3.4680293484485873_f64, -6.102723476174351_f64, -0.34795805490671755_f64, 3.4433385733320176_f64],
            ])),
        ),
        ::static_mlp::model::Dense::from_weights(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [11.533422351675249_f64, -0.5339122714324316_f64, -12.151157429992583_f64, -6.183552537166182_f64],
            ])),
        ),
    ),
);
