// A trained 2→4→4→1 sigmoid f64 (no bias) network, baked by static_mlp::bake. Generated: do not edit.
pub const XOR_NET: XorNet = ::static_mlp::Chain::new(
    ::static_mlp::Dense::from_weights(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [11.48979640456192_f64, -8.545516029406583_f64],
            [2.204320499834845_f64, 2.0002604043897176_f64],
            [0.49684842058852063_f64, -0.6827329940400487_f64],
            [-7.902364309410163_f64, 10.510362850439204_f64],
        ])),
    ),
    ::static_mlp::Chain::new(
        ::static_mlp::Dense::from_weights(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [-3.2988169206652183_f64, 5.585299419015539_f64, 0.7715237645182578_f64, -3.190139747335003_f64],
                [-0.27037674682074736_f64, -1.6591384572647117_f64, -0.5613754376757515_f64, -1.2554291150020138_f64],
                [6.257725198860849_f64, -11.15813444889249_f64, 0.7584116708478864_f64, 6.411819859547803_f64],
                [3.468029348448597_f64, -6.102723476174363_f64, -0.3479580549067129_f64, 3.4433385733320265_f64],
            ])),
        ),
        ::static_mlp::Dense::from_weights(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [11.533422351675252_f64, -0.5339122714324296_f64, -12.15115742999257_f64, -6.183552537166186_f64],
            ])),
        ),
    ),
);
