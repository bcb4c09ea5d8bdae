#!/usr/bin/env bash
# What the sigmoid costs (docs/performance.md, "What limits the speed"): the lab's XOR-easy run
# (`xor_static`, 50,000 epochs), and `predict_one` and batches of 2 and 4 on the lab's 2-4-4-1
# net (the `inference` bench, f64, beside the naive code). Each is measured on a copy of the
# committed sources with the sigmoid's short form (src/math/sigmoid.rs, every |z| ≤ 708)
# cut down step by step:
#
#   as committed     σ(z) = 1 / ((1 + s) + s·t(r)), the table-driven e^(−z) inlined
#   no division      ((1 + s) + s·t(r)) · 0.001     (the division replaced by a multiplication)
#   no exp           z · 0.001                      (no exp, no division)
#
# and the naive code's sigmoid (the standard library's `exp`) the same way, without its exp.
# `predict_one` and the batches of 2 and 4 are timed per sample.
# The cut-down versions compute wrong numbers; only their time matters (the bench trains its
# net with the version's own sigmoid, and the values change nothing but through subnormal
# numbers, which would slow a version down, not speed it up). The bench's check that
# both implementations agree is relaxed for them. Prints the median of 7 runs of `xor_static` (ms)
# and criterion's medians for each. Run from the repository's top (several minutes: each
# version builds the crate, the example and the bench in release; needs python3):
#
#     scripts/sigmoid_cost.sh
set -euo pipefail
shopt -s inherit_errexit # a failed build or bench inside $(…) stops the script
repo=$(git rev-parse --show-toplevel)
export CARGO_TARGET_DIR="$repo/target/sigmoid-cost" # keeps the dependencies between runs
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
runs=${RUNS:-7}
sigmoid='1.0 / expm1_small_f64(r).multiply_add(s, 1.0 + s)'
naive_sigmoid='T::ONE / (T::ONE + (-z).exp())'

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Fresh sources, then the edit named by $1 (a sed script for src/math/sigmoid.rs or the naive
# bench code), checked to have changed something.
prepare() {
  rm -rf "${copy:?}"/* && git -C "$repo" archive HEAD | tar -x -C "$copy"
  # `git archive` dates every file at the commit, older than the last version's build: without
  # this, Cargo would keep that build for a restored file.
  find "$copy" -type f -exec touch {} +
  # the bench's agreement check, for the cut-down versions
  sed -i 's/< 1e-5,/< 1e9,/' "$copy/benches/inference.rs"
  grep -q '< 1e9,' "$copy/benches/inference.rs" || { echo "the agreement check was not relaxed" >&2; exit 1; }
  # no result of the previous version may be read as this one's
  rm -rf "$CARGO_TARGET_DIR/criterion" "$CARGO_TARGET_DIR/release/examples/xor_static"
  local file=$1 script=$2
  if [ -n "$script" ]; then
    cp "$copy/$file" "$copy/$file.orig"
    sed -i "$script" "$copy/$file"
    ! cmp -s "$copy/$file" "$copy/$file.orig" || { echo "the edit of $file matched nothing" >&2; exit 1; }
  fi
}

xor_median() {
  (cd "$copy" && cargo build --quiet --release --example xor_static)
  for _ in $(seq "$runs"); do
    # "trained in 0.026 s (1923076 epochs/s)": the time in ms, from the rate's more digits
    "$CARGO_TARGET_DIR/release/examples/xor_static" |
      sed -n 's/^trained in .* (\([0-9.]*\) epochs\/s).*/\1/p' | awk '{ printf "%.1f\n", 50000 / $1 * 1000 }'
  done | median
}

# criterion's medians, in ns per sample, of predict_one and the batches of 2 and 4
# (predict_{one,batch2,batch4}_f64/$1/2-4-4-1), as three columns
predict_medians() {
  (cd "$copy" && cargo bench --quiet -p static-mlp-benches --bench inference -- \
    "predict_(one|batch2|batch4)_f64/$1/2-4-4-1" --warm-up-time 1 --measurement-time 3 \
    >"$copy/bench.log" 2>&1) || { cat "$copy/bench.log" >&2; exit 1; }
  python3 - "$CARGO_TARGET_DIR/criterion" "$1" <<'PY'
import json, sys
root, which = sys.argv[1], sys.argv[2]
def per_sample(group, samples):
    estimates = json.load(open(f"{root}/{group}_f64/{which}/2-4-4-1/new/estimates.json"))
    return "%.1f" % (estimates["median"]["point_estimate"] / samples)
print(" ".join(per_sample(group, n) for group, n in [("predict_one", 1), ("predict_batch2", 2), ("predict_batch4", 4)]))
PY
}

line() { printf '%-26s %13s %8s %8s %8s\n' "$@"; }
line version xor_static_ms one_ns batch2 batch4
row() {
  local name=$1 file=$2 script=$3 which=$4
  prepare "$file" "$script"
  local xor=- predict
  if [ "$which" = static ]; then xor=$(xor_median); fi
  predict=$(predict_medians "$which")
  # shellcheck disable=SC2086 # three columns
  line "$name" "$xor" $predict
}
row "static-mlp, as committed" src/math/sigmoid.rs "" static
row "static-mlp, no division" src/math/sigmoid.rs "s|$sigmoid|expm1_small_f64(r).multiply_add(s, 1.0 + s) * 0.001|" static
row "static-mlp, no exp" src/math/sigmoid.rs "s|$sigmoid|{ let _ = (r, s, expm1_small_f64); z * 0.001 }|" static
row "naive, as committed" benches/naive/mod.rs "" naive
row "naive, no exp" benches/naive/mod.rs "s|$naive_sigmoid|z * T::literal(0.001)|" naive
echo "(xor_static: median of $runs runs; predict_one and batches of 2 and 4, 2-4-4-1 f64: criterion's median per sample;"
echo " the cut-down versions compute wrong numbers)"
