#!/usr/bin/env bash
# What firmware pays for, in flash, on a Cortex-M4F (thumbv7em-none-eabihf): the int8 sine model
# baked into a `const` against the same model loaded by `from_tflite` at run time (loader and
# file in flash), and printing the crate's errors with `{}` against printing an `i32` the same
# way. Each is one build of the harness examples/cortex_m/src/table.rs (one feature each; none:
# the identity predictor), at opt-level `z` and 3, sized with `arm-none-eabi-size -A`
# (flash = text + rodata); each row is the difference between two builds.
#
#     scripts/cortex_m_sizes.sh            # prints a markdown table
#
# Needs what examples/cortex_m/run.sh needs (Debian's Rust with -Zbuild-std, ld.lld-22,
# binutils-arm-none-eabi); it builds only, nothing is run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$root/target/cortex_m"
target=thumbv7em-none-eabihf

declare -A flash

# measure FEATURE OPT: builds the harness with FEATURE (or none for `identity`), sizes it.
measure() {
    local feature=$1 opt=$2 features=()
    [ "$feature" != identity ] && features=(--features "$feature")
    (cd examples/cortex_m && CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt /usr/bin/cargo build \
        --release --locked --quiet --bin table --target "$target" "${features[@]}")
    flash[$feature-$opt]=$(arm-none-eabi-size -A "$CARGO_TARGET_DIR/$target/release/table" |
        awk '$1 == ".text" || $1 == ".rodata" { f += $2 } END { print f }')
}

features=(identity sine sine-from-tflite display-integer display-tflite-error display-calibration-error display-fit-error)
for opt in z 3; do
    for feature in "${features[@]}"; do
        measure "$feature" "$opt"
    done
done

echo "Flash (text + rodata, bytes) on $target, each row one build against another:"
echo
echo "| what | against | flash added, opt z | flash added, opt 3 |"
echo "| --- | --- | --: | --: |"
row() {
    local label=$1 feature=$2 base=$3 base_label=$4
    echo "| $label | $base_label | $((flash[$feature-z] - flash[$base-z])) | $((flash[$feature-3] - flash[$base-3])) |"
}
row "int8 sine, baked \`const\`" sine identity "identity predictor"
row "int8 sine, \`from_tflite\` at run time (loader and file)" sine-from-tflite identity "identity predictor"
row "\`from_tflite\` instead of the baked \`const\`" sine-from-tflite sine "baked sine"
row "\`{}\` of a \`TfliteError\`" display-tflite-error display-integer "\`{}\` of an \`i32\`"
row "\`{}\` of a \`CalibrationError\`" display-calibration-error display-integer "\`{}\` of an \`i32\`"
row "\`{}\` of a \`FitError\`" display-fit-error display-integer "\`{}\` of an \`i32\`"
row "\`{}\` of an \`i32\`, into a buffer" display-integer identity "identity predictor"
echo
echo "Identity harness: ${flash[identity-z]} / ${flash[identity-3]} B at opt z / 3."
