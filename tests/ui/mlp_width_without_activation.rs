// A PyTorch `nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 2))` written with the last layer's
// activation left out: no silent default, the macro says what to write.
use static_mlp::prelude::*;

type Net = mlp!(f32; 4 => 8 Relu => 2);

fn main() {
    let _ = Net::zeros();
}
