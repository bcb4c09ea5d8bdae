#!/usr/bin/env bash
# The "each additional distinct `mlp!` type" figure of docs/performance.md: a throwaway crate whose `main`
# trains and runs 1, then 6, distinct `mlp!(f64; 4 => 8+k Relu => 8 Relu => 1 Sigmoid)` types
# (`train_step` and `predict_one` each). Its dependencies are built once; then only the crate
# itself is rebuilt in release, 3 times per count, and the script prints the median rebuild
# time for each count and the cost per additional type. Run from the repository's top:
#
#     scripts/per_type_build_time.sh
set -euo pipefail
repo=$(pwd)
crate=$(mktemp -d)
target=$(mktemp -d)
trap 'rm -rf "$crate" "$target"' EXIT
mkdir "$crate/src"
cat > "$crate/Cargo.toml" <<TOML
[package]
name = "per-type"
version = "0.1.0"
edition = "2024"

[dependencies]
static-mlp = { path = "$repo" }

[workspace]
TOML

# `main` for `count` types: Net0 … Net{count-1}, hidden widths 8 … 8+count-1.
write_main() {
    local count=$1
    {
        echo "use static_mlp::prelude::*;"
        echo "use static_mlp::nalgebra::SMatrix;"
        for ((k = 0; k < count; k++)); do
            echo "type Net$k = mlp!(f64; 4 => $((8 + k)) Relu => 8 Relu => 1 Sigmoid);"
        done
        echo "fn main() {"
        echo "    let inputs = SMatrix::<f64, 16, 4>::from_fn(|r, c| ((r * 4 + c) % 5) as f64 / 5.0);"
        echo "    let labels = SMatrix::<f64, 16, 1>::from_fn(|r, _| (r % 2) as f64);"
        for ((k = 0; k < count; k++)); do
            echo "    let mut net = Net$k::random(Init::He, &mut StdRng::seed_from_u64($k));"
            echo "    let mut optimizer = GradientDescent::new(0.1).unwrap();"
            echo "    net.train_step(&BinaryCrossEntropy, &mut optimizer, &inputs, &labels);"
            echo "    println!(\"{:?}\", net.predict_one([0.1, 0.2, 0.3, 0.4]));"
        done
        echo "}"
    } > "$crate/src/main.rs"
}

build() {
    CARGO_TARGET_DIR=$target cargo build --release --quiet --manifest-path "$crate/Cargo.toml"
}

# Median of three rebuilds of the crate alone, in seconds.
rebuild_seconds() {
    local times=()
    for _ in 1 2 3; do
        touch "$crate/src/main.rs"
        local start end
        start=$(date +%s.%N)
        build
        end=$(date +%s.%N)
        times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}

write_main 1
build # the dependencies, once
one=$(rebuild_seconds)
write_main 6
six=$(rebuild_seconds)
awk -v one="$one" -v six="$six" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    printf "1 type: %.2f s; 6 types: %.2f s; per additional type: %.2f s (load %s)\n",
        one, six, (six - one) / 5, load
}'
