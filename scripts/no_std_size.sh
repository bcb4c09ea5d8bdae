#!/usr/bin/env bash
# Measures what embedding a baked net costs a C program: the `size` (text + data) of a C
# `main` that calls the no_std example's `xor_net_predict`, minus that of an empty `main`, both
# linked with -Wl,--gc-sections against the example's static library (x86-64, release).
#
#     scripts/no_std_size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR=target/no_std cargo build --quiet --release --manifest-path examples/no_std/Cargo.toml
library=target/no_std/release/libstatic_mlp_no_std.a
scratch=$(mktemp -d)
trap 'rm -r "$scratch"' EXIT
printf 'int main(void) { return 0; }\n' > "$scratch/empty.c"
printf 'double xor_net_predict(double, double);\nint main(int argc, char **argv) { (void)argv; return xor_net_predict(argc, 0.5) > 0.5; }\n' > "$scratch/predict.c"
bytes() { cc -O1 -Wl,--gc-sections -o "$scratch/$1" "$scratch/$1.c" "$library" && size "$scratch/$1" | awk 'NR == 2 { print $1 + $2 }'; }
empty=$(bytes empty)
predict=$(bytes predict)
echo "empty main: $empty bytes; with xor_net_predict: $predict bytes; the net adds $((predict - empty)) bytes"
