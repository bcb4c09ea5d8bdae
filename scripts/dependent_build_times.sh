#!/usr/bin/env bash
# The "A crate that depends on static-mlp" table of docs/performance.md: a throwaway crate whose `main` trains
# a 4 → 16 → 16 → 2 net with Adam, built clean in release once per feature set. Prints, per set,
# the crates compiled, the wall time and the user CPU time; then the same for a crate that
# depends on nalgebra alone (one `SMatrix` product), the floor the crate builds on. Run from the
# repository's top:
#
#     scripts/dependent_build_times.sh
set -euo pipefail
repo=$(pwd)
crate=$(mktemp -d)
trap 'rm -rf "$crate"' EXIT
mkdir "$crate/src"
cat > "$crate/src/main.rs" <<'RUST'
use static_mlp::prelude::*;

type Net = mlp!(f32; 4 => 16 Tanh => 16 Tanh => 2 Sigmoid);

fn main() {
    let mut net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(1));
    let inputs = static_mlp::nalgebra::SMatrix::<f32, 32, 4>::from_fn(|r, c| ((r * 4 + c) % 7) as f32 / 7.0);
    let labels = static_mlp::nalgebra::SMatrix::<f32, 32, 2>::from_fn(|r, c| ((r + c) % 2) as f32);
    let mut adam = Adam::new(0.01).unwrap();
    let start = std::time::Instant::now();
    for _ in 0..4_800 {
        net.train_step(&BinaryCrossEntropy, &mut adam, &inputs, &labels);
    }
    println!("{:.3} s, loss {}", start.elapsed().as_secs_f64(), net.loss(&BinaryCrossEntropy, &inputs, &labels));
}
RUST
echo "features | crates built | wall s | user CPU s | load"
for spec in 'default-features = false' 'default-features = false, features = ["std"]' \
    'default-features = false, features = ["std", "csv", "safetensors"]' '' 'features = ["plot"]'; do
    cat > "$crate/Cargo.toml" <<TOML
[package]
name = "dependent"
version = "0.1.0"
edition = "2024"

[dependencies]
static-mlp = { path = "$repo"${spec:+, $spec} }

[workspace]
TOML
    target=$(mktemp -d)
    output=$( { CARGO_TARGET_DIR=$target /usr/bin/time -f "%e %U" \
        cargo build --release --manifest-path "$crate/Cargo.toml" 2>&1 >/dev/null; } 2>&1 )
    rm -rf "$target"
    echo "${spec:-default} | $(grep -c Compiling <<<"$output") | $(tail -1 <<<"$output" | tr ' ' '|') | $(cut -d' ' -f1 /proc/loadavg)"
done

# The floor: nalgebra alone, the version this crate uses, with its default features.
nalgebra=$(cargo tree -p static-mlp -e normal --depth 1 --prefix none | sed -n 's/^nalgebra v\([0-9.]*\).*/\1/p')
cat > "$crate/Cargo.toml" <<TOML
[package]
name = "dependent"
version = "0.1.0"
edition = "2024"

[dependencies]
nalgebra = "=$nalgebra"

[workspace]
TOML
cat > "$crate/src/main.rs" <<'RUST'
fn main() {
    let a = nalgebra::SMatrix::<f64, 4, 4>::from_fn(|r, c| (r + c) as f64);
    println!("{}", (a * a.transpose()).sum());
}
RUST
target=$(mktemp -d)
output=$( { CARGO_TARGET_DIR=$target /usr/bin/time -f "%e %U" \
    cargo build --release --manifest-path "$crate/Cargo.toml" 2>&1 >/dev/null; } 2>&1 )
rm -rf "$target"
echo "nalgebra $nalgebra alone | $(grep -c Compiling <<<"$output") | $(tail -1 <<<"$output" | tr ' ' '|') | $(cut -d' ' -f1 /proc/loadavg)"
