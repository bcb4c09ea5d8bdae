// A trained 2→4→4→1 sigmoid f64 (no bias) network, baked by static_mlp::io::rust_source. Generated: do not edit.
pub const XOR_NET: XorNet = ::static_mlp::model::Chain::new(
    ::static_mlp::model::Dense::from_weights(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [11.48979640456189_f64, -8.545516029406564_f64],
            [2.20432049983484_f64, 2.0002604043897123_f64],
            [0.49684842058855117_f64, -0.6827329940400236_f64],
            [-7.902364309410165_f64, 10.510362850439211_f64],
        ])),
    ),
    ::static_mlp::model::Chain::new(
        ::static_mlp::model::Dense::from_weights(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [-3.298816920665229_f64, 5.585299419015534_f64, 0.7715237645182802_f64, -3.1901397473350115_f64],
                [-0.2703767468207472_f64, -1.6591384572647123_f64, -0.5613754376757529_f64, -1.255429115002013_f64],
                [6.25772519886086_f64, -11.158134448892506_f64, 0.7584116708478577_f64, 6.411819859547813_f64],
                [3.4680293484485905_f64, -6.102723476174357_f64, -0.34795805490672105_f64, 3.4433385733320216_f64],
            ])),
        ),
        ::static_mlp::model::Dense::from_weights(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [11.53342235167526_f64, -0.5339122714324315_f64, -12.15115742999258_f64, -6.183552537166197_f64],
            ])),
        ),
    ),
);
