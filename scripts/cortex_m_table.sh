#!/usr/bin/env bash
# The Cortex-M4F table: instructions, flash, static RAM and peak stack per model, this crate
# beside MicroFlow 0.1.3 and emlearn, each built at opt-level 3 and `z` into the same harness
# (examples/cortex_m/src/table.rs: one predictor per build, called through a function pointer
# 1,000 times) and run under QEMU (mps2-an386) with `-icount shift=0`, so the counts are
# INSTRUCTIONS, NOT CYCLES. Flash is text + rodata (`arm-none-eabi-size -A`) minus the same
# harness with an identity predictor; static RAM is data + bss minus the identity's.
#
#     scripts/cortex_m_table.sh            # prints a markdown table
#
# Needs what examples/cortex_m/run.sh needs, plus `gcc-arm-none-eabi` and
# `picolibc-arm-none-eabi` (emlearn's C, and its `expf`), and a Python with `emlearn` and
# `scikit-learn` (PYTHON, default python3) for scripts/cortex_m/digits_mlp.py.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
PYTHON=${PYTHON:-python3}
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$root/target/cortex_m"
scratch=$(mktemp -d)
trap 'rm -r "$scratch"' EXIT

# The digits MLP: trained by scikit-learn, converted by emlearn to C and by the script to a
# `const` of this crate's type.
export TABLE_GENERATED="$scratch/generated"
"$PYTHON" scripts/cortex_m/digits_mlp.py "$TABLE_GENERATED" >&2
emlearn_include=$("$PYTHON" -c 'import emlearn; print(emlearn.includedir)')
picolibc=/usr/lib/picolibc/arm-none-eabi/lib/thumb/v7e-m+fp/hard

declare -A instructions stack flash ram name output0

# measure TARGET MODEL OPT: builds the harness with MODEL's feature, runs it, reads its size.
measure() {
    local target=$1 model=$2 opt=$3 key="$1-$2-$3"
    local features=() machine=(-cpu cortex-m4 -machine mps2-an386)
    [ "$model" != identity ] && features=(--features "$model")
    [ "$target" = thumbv7m-none-eabi ] && machine=(-cpu cortex-m3 -machine mps2-an385)
    (cd examples/cortex_m && CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt /usr/bin/cargo build \
        --release --locked --quiet --bin table --target "$target" "${features[@]}")
    local elf="$scratch/$key.elf" line
    cp "$CARGO_TARGET_DIR/$target/release/table" "$elf"
    line=$(timeout 120 qemu-system-arm "${machine[@]}" -nographic -monitor none \
        -semihosting-config enable=on,target=native -icount shift=0,align=off,sleep=off \
        -kernel "$elf" | grep '^RESULT')
    name[$model]=$(echo "$line" | sed 's/.*name=\(.*\) instructions_per_call=.*/\1/')
    instructions[$key]=$(echo "$line" | sed 's/.*instructions_per_call=\([0-9]*\).*/\1/')
    stack[$key]=$(echo "$line" | sed 's/.* stack=\([0-9]*\).*/\1/')
    output0[$key]=$(echo "$line" | sed 's/.*output0=\([0-9]*\).*/\1/')
    read -r flash[$key] ram[$key] < <(arm-none-eabi-size -A "$elf" |
        awk '$1 == ".text" || $1 == ".rodata" { f += $2 } $1 == ".data" || $1 == ".bss" { r += $2 } END { print f, r }')
}

m4f=thumbv7em-none-eabihf
m3=thumbv7m-none-eabi
for opt in 3 z; do
    # emlearn's C at the matching gcc level, with the flags that select the M4F's FPU.
    gcc_opt=$([ "$opt" = 3 ] && echo -O3 || echo -Os)
    mkdir -p "$scratch/c$opt"
    arm-none-eabi-gcc --specs=picolibc.specs -mcpu=cortex-m4 -mthumb -mfloat-abi=hard \
        -mfpu=fpv4-sp-d16 "$gcc_opt" -ffunction-sections -fdata-sections \
        -I"$emlearn_include" -I"$TABLE_GENERATED" \
        -c examples/cortex_m/peers/emlearn_digits.c -o "$scratch/c$opt/emlearn_digits.o"
    arm-none-eabi-ar rcs "$scratch/c$opt/libemlearn_digits.a" "$scratch/c$opt/emlearn_digits.o"
    export EMLEARN_LIBS="$scratch/c$opt:$picolibc"
    for model in identity sine sine-per-tensor microflow-sine digits digits-per-tensor \
        microflow-digits wide microflow-wide digits-f32 digits-f32-fma emlearn-digits; do
        measure $m4f "$model" "$opt"
    done
    # The Cortex-M3 (no DSP instructions, no FPU) for the Rust implementations.
    for model in identity sine microflow-sine digits digits-per-tensor microflow-digits wide \
        microflow-wide digits-f32 digits-f32-fma; do
        measure $m3 "$model" "$opt"
    done
done

identity=$m4f-identity
echo "Instructions per call through a function pointer under QEMU 7.2 with -icount shift=0:"
echo "INSTRUCTIONS, NOT CYCLES (the identity predictor's own call: ${instructions[$identity-3]} at opt 3,"
echo "${instructions[$identity-z]} at z). Flash and static RAM are added to the identity harness"
echo "(${flash[$identity-3]} / ${flash[$identity-z]} B of text + rodata at opt 3 / z on the M4F). Stack: one call,"
echo "harness included (identity: ${stack[$identity-3]} / ${stack[$identity-z]} B)."
echo
echo "| model | core | implementation | instructions, opt 3 (z) | flash added, opt 3 / z (B) | static RAM added (B) | peak stack, opt 3 / z (B) |"
echo "| --- | --- | --- | --: | --: | --: | --: |"
row() {
    local target=$1 model=$2 label=$3 core
    local k="$target-$model" i="$target-identity"
    core=$([ "$target" = "$m4f" ] && echo M4F || echo M3)
    local f3=$((flash[$k-3] - flash[$i-3])) fz=$((flash[$k-z] - flash[$i-z]))
    local r=$((ram[$k-3] - ram[$i-3]))
    echo "| $label | $core | ${name[$model]} | ${instructions[$k-3]} (${instructions[$k-z]}) | $f3 / $fz | $r | ${stack[$k-3]} / ${stack[$k-z]} |"
}
row $m4f sine "int8 sine 1→16→16→1"
row $m4f sine-per-tensor "int8 sine 1→16→16→1"
row $m4f microflow-sine "int8 sine 1→16→16→1"
row $m3 sine "int8 sine 1→16→16→1"
row $m3 microflow-sine "int8 sine 1→16→16→1"
row $m4f digits "int8 digits 64→32→10"
row $m4f digits-per-tensor "int8 digits 64→32→10"
row $m4f microflow-digits "int8 digits 64→32→10"
row $m3 digits "int8 digits 64→32→10"
row $m3 digits-per-tensor "int8 digits 64→32→10"
row $m3 microflow-digits "int8 digits 64→32→10"
row $m4f wide "int8 digits 64→64→64→10"
row $m4f microflow-wide "int8 digits 64→64→64→10"
row $m3 wide "int8 digits 64→64→64→10"
row $m3 microflow-wide "int8 digits 64→64→64→10"
row $m4f digits-f32 "f32 digits 64→32→10"
row $m4f emlearn-digits "f32 digits 64→32→10"
row $m3 digits-f32 "f32 digits 64→32→10"
row $m4f digits-f32-fma "f32 digits 64→32→10"
row $m3 digits-f32-fma "f32 digits 64→32→10"
echo
echo "Class each f32 digits implementation predicts for the test image (M4F, opt 3 / z):"
echo "static-mlp ${output0[$m4f-digits-f32-3]} / ${output0[$m4f-digits-f32-z]}, emlearn ${output0[$m4f-emlearn-digits-3]} / ${output0[$m4f-emlearn-digits-z]}."
