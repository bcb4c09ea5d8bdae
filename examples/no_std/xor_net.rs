// A trained 2→4→4→1 sigmoid f64 (no bias) network, baked by static_mlp::bake. Generated: do not edit.
pub const XOR_NET: XorNet = ::static_mlp::Chain::new(
    ::static_mlp::Dense::from_weights(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [11.489796404561918_f64, -8.545516029406585_f64],
            [2.204320499834837_f64, 2.0002604043897128_f64],
            [0.49684842058853895_f64, -0.6827329940400299_f64],
            [-7.902364309410163_f64, 10.51036285043921_f64],
        ])),
    ),
    ::static_mlp::Chain::new(
        ::static_mlp::Dense::from_weights(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [-3.2988169206652267_f64, 5.585299419015545_f64, 0.7715237645182688_f64, -3.190139747335012_f64],
                [-0.2703767468207481_f64, -1.659138457264714_f64, -0.5613754376757518_f64, -1.2554291150020127_f64],
                [6.257725198860837_f64, -11.15813444889249_f64, 0.7584116708478671_f64, 6.4118198595478075_f64],
                [3.4680293484485984_f64, -6.102723476174366_f64, -0.3479580549067196_f64, 3.443338573332029_f64],
            ])),
        ),
        ::static_mlp::Dense::from_weights(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [11.533422351675254_f64, -0.533912271432433_f64, -12.151157429992574_f64, -6.1835525371661895_f64],
            ])),
        ),
    ),
);
