#!/usr/bin/env bash
# Times the lab's training runs in the numpy reference and in static-mlp, back to back, and
# prints the median of each and their ratio: static-mlp as built by default, and with the
# `fma` feature (built in target/fma). Runs alternate between the three so that a busy machine
# slows all alike. Not part of `cargo test`; needs python3 with numpy.
#
#     scripts/compare_numpy.sh                # 7 runs of each, on XOR-easy and the linear set
#     RUNS=15 SEED_NUMPY=path/to/seed_numpy.py scripts/compare_numpy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seed_numpy=${SEED_NUMPY:-../shared/bench/seed_numpy.py}
runs=${RUNS:-7}

python3 -c 'import numpy' 2>/dev/null || { echo "needs numpy: pip install numpy" >&2; exit 1; }
[ -f "$seed_numpy" ] || { echo "no numpy reference at $seed_numpy (set SEED_NUMPY)" >&2; exit 1; }
cargo build --quiet --release --example xor_static --example linear_static
CARGO_TARGET_DIR=target/fma cargo build --quiet --release --features fma \
    --example xor_static --example linear_static

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-8s %12s %14s %8s %10s %8s\n' data numpy_s static_mlp_s ratio fma_s ratio
for data in xor linear; do
  numpy_times=() ours_times=() fma_times=()
  for _ in $(seq "$runs"); do
    numpy_times+=("$(python3 "$seed_numpy" --data "$data" --quiet | sed -n 's/.*train_s=\([0-9.]*\).*/\1/p')")
    ours_times+=("$("target/release/examples/${data}_static" | sed -n 's/^trained in \([0-9.]*\) s.*/\1/p')")
    fma_times+=("$("target/fma/release/examples/${data}_static" | sed -n 's/^trained in \([0-9.]*\) s.*/\1/p')")
  done
  numpy_median=$(printf '%s\n' "${numpy_times[@]}" | median)
  ours_median=$(printf '%s\n' "${ours_times[@]}" | median)
  fma_median=$(printf '%s\n' "${fma_times[@]}" | median)
  ratio=$(awk -v a="$numpy_median" -v b="$ours_median" 'BEGIN { printf "%.1f", a / b }')
  fma_ratio=$(awk -v a="$numpy_median" -v b="$fma_median" 'BEGIN { printf "%.1f", a / b }')
  printf '%-8s %12s %14s %7sx %10s %7sx\n' "$data" "$numpy_median" "$ours_median" "$ratio" \
    "$fma_median" "$fma_ratio"
done
echo "(medians of $runs runs each, 50,000 epochs of the 2-4-4-1 sigmoid network, training loop only)"
