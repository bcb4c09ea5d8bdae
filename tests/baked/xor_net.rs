// A trained 2→4→4→1 sigmoid f64 network, baked by static_mlp::io::rust_source. Generated: do not edit.
pub const XOR_NET: XorNet = ::static_mlp::model::Chain::new(
    ::static_mlp::model::Dense::from_parts(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [0.042236406310039366_f64, 0.22288319662180506_f64],
            [0.4077087758403494_f64, 0.9958264367193334_f64],
            [0.09208928356570108_f64, 0.2962950623160049_f64],
            [0.17358406139033808_f64, -0.3707296539582152_f64],
        ])),
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [-0.01358533253062205_f64],
            [0.0299086870178831_f64],
            [-0.02542524421773919_f64],
            [0.006039273021758108_f64],
        ])),
    ),
    ::static_mlp::model::Chain::new(
        ::static_mlp::model::Dense::from_parts(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [-0.1969150804024115_f64, -0.7001525772561773_f64, 0.8488830996266399_f64, 0.20116455169406464_f64],
                [-0.22056903793000526_f64, 0.3400066310169828_f64, -0.813181533048094_f64, 0.23089929245059593_f64],
                [-0.1178151854512897_f64, 0.6365047623782294_f64, -0.6304793205573883_f64, 0.2578024470637866_f64],
                [0.6432165640114617_f64, -0.44361974315650515_f64, 0.4422411016804668_f64, 0.3719900826494324_f64],
            ])),
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.00908172880915824_f64],
                [0.025397639888581625_f64],
                [-0.010318985958392597_f64],
                [-0.03135772292562927_f64],
            ])),
        ),
        ::static_mlp::model::Dense::from_parts(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.22868867265764264_f64, 1.0443912517182472_f64, -0.2831229853406184_f64, -1.027346651826101_f64],
            ])),
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.09270110600802559_f64],
            ])),
        ),
    ),
);
