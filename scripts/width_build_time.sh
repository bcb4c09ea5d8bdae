#!/usr/bin/env bash
# The compile-time cost of each width `cross_validate_widths!` compares (docs/performance.md,
# the macro's rustdoc): a throwaway crate whose `main` cross-validates a
# `mlp!(f32; 13 => H Relu => 3 Softmax)` on 5 folds of a 178-row, 13-input, 3-class set (Wine's
# shape, made up in `main`) with Adam on mini-batches of 16, scored by a confusion matrix, for
#
#   - one width with the macro, `HIDDEN in [8]`;
#   - four widths with the macro, `HIDDEN in [8, 12, 16, 20]`;
#   - the same four widths written out by hand, one `cross_validate` call per network type
#     (the peer: what the macro saves typing, at what cost).
#
# The crate's dependencies are built once per profile; then only the crate itself is rebuilt,
# 3 times per variant, and the script prints the median rebuild time of each and the cost per
# additional width, in release (`cargo build --release`) and in the dev profile (what
# `cargo test` builds), with incremental compilation off (otherwise a dev rebuild of the same
# source reuses everything and takes a fraction of a second). Run from the repository's top:
#
#     scripts/width_build_time.sh
set -euo pipefail
export CARGO_INCREMENTAL=0
# A failed build inside `$(rebuild_seconds)` stops the script, not only the subshell.
shopt -s inherit_errexit
repo=$(pwd)
crate=$(mktemp -d)
target=$(mktemp -d)
trap 'rm -rf "$crate" "$target"' EXIT
mkdir "$crate/src"
cat > "$crate/Cargo.toml" <<TOML
[package]
name = "width-cost"
version = "0.1.0"
edition = "2024"

[dependencies]
static-mlp = { path = "$repo" }

[profile.dev]
opt-level = 1

[workspace]
TOML

# The closure's body, with the width written as `$1`.
score() {
    cat <<RUST
|number: usize, fold: &Fold<f32, 13, 3>| -> Result<f64, Error> {
        type Net = mlp!(f32; 13 => $1 Relu => 3 Softmax);
        let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(number as u64));
        let mut adam = Adam::new(0.01)?;
        let mut shuffle = StdRng::seed_from_u64(number as u64);
        Fit::new(&CategoricalCrossEntropy, &mut adam)
            .mini_batches::<16>(&mut shuffle)
            .max_epochs(5)
            .run(&mut net, &fold.training)?;
        Ok(ConfusionMatrix::<3>::from_rows(&net, &fold.test).accuracy().unwrap_or(0.0))
    }
RUST
}

# `main` for one variant: "macro 8", "macro 8, 12, 16, 20" or "hand 8 12 16 20".
write_main() {
    local kind=$1
    shift
    {
        echo "#![allow(unused_imports)] // the macro names cross_validate by its own path"
        echo "use static_mlp::data::{Fold, SampleSet};"
        echo "use static_mlp::experiments::cross_validate;"
        echo "use static_mlp::metrics::ConfusionMatrix;"
        echo "use static_mlp::prelude::*;"
        echo "type Error = Box<dyn std::error::Error + Send + Sync>;"
        echo "fn main() -> Result<(), Error> {"
        echo "    let inputs: Vec<[f32; 13]> = (0..178)"
        echo "        .map(|r| std::array::from_fn(|c| ((r * 7 + c * 3) % 11) as f32 / 11.0))"
        echo "        .collect();"
        echo "    let labels: Vec<[f32; 3]> = (0..178)"
        echo "        .map(|r| std::array::from_fn(|k| f32::from(u8::from(r % 3 == k))))"
        echo "        .collect();"
        echo "    let folds = SampleSet::new(inputs, labels)?.stratified_folds(5, 0)?;"
        if [ "$kind" = macro ]; then
            echo "    let comparison = static_mlp::cross_validate_widths!(HIDDEN in [$*], &folds, 2, $(score HIDDEN))?;"
            echo "    println!(\"{comparison}\");"
        else
            for width in "$@"; do
                echo "    let result = cross_validate(&folds, 2, $(score "$width"))?;"
                echo "    println!(\"$width: {:.3}\", result.mean);"
            done
        fi
        echo "    Ok(())"
        echo "}"
    } > "$crate/src/main.rs"
}

# Median of three rebuilds of the crate alone, in seconds; `$@`: cargo's profile flags.
rebuild_seconds() {
    local times=()
    for _ in 1 2 3; do
        touch "$crate/src/main.rs"
        local start end
        start=$(date +%s.%N)
        CARGO_TARGET_DIR=$target cargo build --quiet --manifest-path "$crate/Cargo.toml" "$@"
        end=$(date +%s.%N)
        times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
    done
    # the three, sorted, for the record; the median to the caller
    printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ' | sed 's/^/  rebuilds (s): /' >&2
    echo >&2
    printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}


for profile in release dev; do
    flags=()
    [ "$profile" = release ] && flags=(--release)
    write_main macro 8
    CARGO_TARGET_DIR=$target cargo build --quiet --manifest-path "$crate/Cargo.toml" "${flags[@]}"
    one=$(rebuild_seconds "${flags[@]}")
    write_main macro 8, 12, 16, 20
    four=$(rebuild_seconds "${flags[@]}")
    write_main hand 8 12 16 20
    hand=$(rebuild_seconds "${flags[@]}")
    awk -v profile="$profile" -v one="$one" -v four="$four" -v hand="$hand" \
        -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
        printf "%s: 1 width %.2f s; 4 widths %.2f s (by hand %.2f s, ratio %.2f); per additional width %.2f s (load %s)\n",
            profile, one, four, hand, four / hand, (four - one) / 3, load
    }'
done
