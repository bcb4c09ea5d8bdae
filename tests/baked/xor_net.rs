// A trained 2→4→4→1 sigmoid f64 network, baked by static_mlp::io::rust_source. Generated: do not edit.
pub const XOR_NET: XorNet = ::static_mlp::model::Chain::new(
    ::static_mlp::model::Dense::from_parts(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [0.04223640631003947_f64, 0.22288319662180509_f64],
            [0.40770877584034926_f64, 0.9958264367193332_f64],
            [0.09208928356570123_f64, 0.2962950623160047_f64],
            [0.1735840613903381_f64, -0.3707296539582152_f64],
        ])),
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
            [-0.01358533253062197_f64],
            [0.02990868701788301_f64],
            [-0.025425244217739198_f64],
            [0.006039273021758105_f64],
        ])),
    ),
    ::static_mlp::model::Chain::new(
        ::static_mlp::model::Dense::from_parts(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [-0.19691508040241157_f64, -0.7001525772561776_f64, 0.8488830996266399_f64, 0.2011645516940648_f64],
                [-0.22056903793000526_f64, 0.34000663101698286_f64, -0.813181533048094_f64, 0.23089929245059623_f64],
                [-0.11781518545128979_f64, 0.6365047623782295_f64, -0.6304793205573883_f64, 0.2578024470637866_f64],
                [0.6432165640114612_f64, -0.4436197431565044_f64, 0.4422411016804665_f64, 0.3719900826494325_f64],
            ])),
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.0090817288091582_f64],
                [0.025397639888581538_f64],
                [-0.010318985958392488_f64],
                [-0.03135772292562904_f64],
            ])),
        ),
        ::static_mlp::model::Dense::from_parts(
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.22868867265764245_f64, 1.0443912517182472_f64, -0.2831229853406184_f64, -1.0273466518260999_f64],
            ])),
            ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
                [0.09270110600802492_f64],
            ])),
        ),
    ),
);
