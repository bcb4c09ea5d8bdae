// An int8 network (2 inputs, 1 outputs), baked by static_mlp::int8::bake_quantized. Generated: do not edit.
pub const TANH_INT8: TanhInt8 = ::static_mlp::int8::QuantizedNetwork::new(
    ::static_mlp::model::Chain::new_quantized(
        ::static_mlp::int8::QuantizedDense::new(
            [
                [127, 75],
                [118, 127],
                [-127, 111],
                [-127, 77],
                [127, -30],
                [-127, -92],
                [127, -93],
                [-127, -29],
            ],
            [214, -144, -290, -1012, -1393, 126, -34, 309],
            [
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1212147481, -7),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1788252789, -9),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1871394052, -9),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1826462601, -9),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1181286608, -8),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1315443592, -7),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1337676775, -7),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1132298945, -8),
            ],
            -1,
            1,
            ::static_mlp::int8::TanhKernel { input: ::static_mlp::int8::Q4Input::new_const(1, 1472545664, 22, 480) },
        ),
        ::static_mlp::model::Chain::new_quantized(
            ::static_mlp::int8::QuantizedDense::new(
                [
                    [39, -127, 68, -3, -46, -93, 60, 127],
                    [-49, 127, 26, -46, 55, -32, -55, 63],
                    [65, 51, -119, -42, 124, 113, -127, 4],
                    [61, -122, 64, 92, -66, -82, 95, 127],
                    [68, -127, 65, 75, 44, -38, 22, 32],
                    [15, -60, 120, 99, -127, -68, 118, -75],
                    [-32, -19, -127, 2, 34, -40, 39, -32],
                    [58, -1, -127, -34, 103, 43, -52, -55],
                ],
                [-26, 2105, 712, -344, -230, 1355, 1202, -136],
                [
                    ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1175340751, -7),
                    ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1541187416, -8),
                    ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1515061975, -8),
                    ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1799595604, -8),
                    ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1770600601, -8),
                    ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1209878282, -8),
                    ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1744305093, -8),
                    ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1479743871, -7),
                ],
                0,
                2,
                ::static_mlp::int8::TanhKernel { input: ::static_mlp::int8::Q4Input::new_const(2, 1160507008, 22, 480) },
            ),
            ::static_mlp::int8::QuantizedDense::new(
                [
                    [88, -1, -107, 127, 4, 37, 37, 70],
                ],
                [-275],
                [
                    ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1159445337, -6),
                ],
                0,
                2,
                (),
            ),
        ),
    ),
    ::static_mlp::int8::QuantizationParameters { scale: 0.015615647_f32, zero_point: -1 },
    ::static_mlp::int8::QuantizationParameters { scale: 0.007798467_f32, zero_point: 2 },
);
