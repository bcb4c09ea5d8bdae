// An int8 network (2 inputs, 1 outputs), baked by static_mlp::int8::bake_quantized. Generated: do not edit.
pub const LOGISTIC_INT8: LogisticInt8 = ::static_mlp::int8::QuantizedNetwork::new(
    ::static_mlp::model::Chain::new_quantized(
        ::static_mlp::int8::QuantizedDense::new(
            [
                [-127, -103],
                [127, -9],
                [94, 127],
                [94, 127],
                [90, 127],
                [-70, 127],
                [127, -79],
                [127, -82],
            ],
            [1203, -98815, 580, 574, 520, 189, 444, 436],
            [
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(2011935925, -7),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1905776011, -14),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1371241878, -7),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1394944547, -7),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1407119078, -7),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1426175138, -6),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1512667576, -7),
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1501350306, -7),
            ],
            0,
            -128,
            (),
        ),
        ::static_mlp::int8::QuantizedDense::new(
            [
                [99, 5, 83, 85, 94, -127, -89, -87],
            ],
            [-241],
            [
                ::static_mlp::int8::fixed_point::QuantizedMultiplier::new_const(1587304339, -7),
            ],
            -128,
            4,
            ::static_mlp::int8::LogisticKernel { input: ::static_mlp::int8::Q4Input::new_const(4, 1493874304, 27, 15) },
        ),
    ),
    ::static_mlp::int8::QuantizationParameters { scale: 0.007802147_f32, zero_point: 0 },
    ::static_mlp::int8::QuantizationParameters { scale: 0.00390625_f32, zero_point: -128 },
);
