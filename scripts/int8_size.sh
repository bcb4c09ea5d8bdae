#!/usr/bin/env bash
# What the sine model (1 → 16 → 16 → 1 ReLU, int8, tests/fixtures/tflite/sine_per_tensor.tflite)
# and its inference add to a C program through a `no_std` static library, this crate against
# MicroFlow 0.1.3: the `size` (text + data) of a C `main` calling one entry point of
# benches/no_std_size, minus that of an empty `main`, all linked with -Wl,--gc-sections
# (x86-64, release, panic = abort), as scripts/no_std_size.sh does for the float XOR net.
#
#     scripts/int8_size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR=target/no_std_size cargo build --quiet --release --manifest-path benches/no_std_size/Cargo.toml
library=target/no_std_size/release/libint8_size.a
scratch=$(mktemp -d)
trap 'rm -r "$scratch"' EXIT
printf 'int main(void) { return 0; }\n' > "$scratch/empty.c"
bytes() { cc -O1 -Wl,--gc-sections -o "$scratch/$1" "$scratch/$1.c" "$library" && size "$scratch/$1" | awk 'NR == 2 { print $1 + $2 }'; }
empty=$(bytes empty)
echo "empty main: $empty bytes (text + data)"
# entry point, return type, argument type
while read -r name returns argument; do
    printf '%s %s(%s);\nint main(int argc, char **argv) { (void)argv; return %s((%s)argc) > 1; }\n' \
        "${returns//-/ }" "$name" "${argument//-/ }" "$name" "${argument//-/ }" > "$scratch/$name.c"
    total=$(bytes "$name")
    echo "$name: $total bytes; the model and its inference add $((total - empty)) bytes"
done <<'ENTRIES'
static_mlp_sine_int8 signed-char signed-char
microflow_sine_int8 float signed-char
static_mlp_sine_f32 float float
microflow_sine_f32 float float
ENTRIES
