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
target=thumbv7em-none-eabihf
scratch=$(mktemp -d)
trap 'rm -r "$scratch"' EXIT

# The digits MLP: trained by scikit-learn, converted by emlearn to C and by the script to a
# `const` of this crate's type.
export TABLE_GENERATED="$scratch/generated"
"$PYTHON" scripts/cortex_m/digits_mlp.py "$TABLE_GENERATED" >&2
emlearn_include=$("$PYTHON" -c 'import emlearn; print(emlearn.includedir)')
picolibc=/usr/lib/picolibc/arm-none-eabi/lib/thumb/v7e-m+fp/hard

models=(identity sine sine-per-tensor microflow-sine digits wide digits-f32 emlearn-digits)
declare -A instructions stack flash ram name

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
    for model in "${models[@]}"; do
        features=()
        [ "$model" != identity ] && features=(--features "$model")
        (cd examples/cortex_m && CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt /usr/bin/cargo build \
            --release --locked --quiet --bin table --target "$target" "${features[@]}")
        elf="$scratch/$model-$opt.elf"
        cp "$CARGO_TARGET_DIR/$target/release/table" "$elf"
        line=$(timeout 120 qemu-system-arm -cpu cortex-m4 -machine mps2-an386 -nographic \
            -monitor none -semihosting-config enable=on,target=native \
            -icount shift=0,align=off,sleep=off -kernel "$elf" | grep '^RESULT')
        name[$model]=$(echo "$line" | sed 's/.*name=\(.*\) instructions_per_call=.*/\1/')
        instructions[$model-$opt]=$(echo "$line" | sed 's/.*instructions_per_call=\([0-9]*\).*/\1/')
        stack[$model-$opt]=$(echo "$line" | sed 's/.* stack=\([0-9]*\).*/\1/')
        read -r text ram_bytes < <(arm-none-eabi-size -A "$elf" |
            awk '$1 == ".text" || $1 == ".rodata" { f += $2 } $1 == ".data" || $1 == ".bss" { r += $2 } END { print f, r }')
        flash[$model-$opt]=$text
        ram[$model-$opt]=$ram_bytes
    done
done

echo "Cortex-M4F (QEMU 7.2 mps2-an386, -icount shift=0): INSTRUCTIONS, NOT CYCLES, per call through a"
echo "function pointer (the identity predictor's own call costs ${instructions[identity-3]} at opt 3,"
echo "${instructions[identity-z]} at z). Flash and static RAM: added to the identity harness"
echo "(${flash[identity-3]} / ${flash[identity-z]} B of text + rodata at opt 3 / z). Stack: one call, harness included"
echo "(identity: ${stack[identity-3]} / ${stack[identity-z]} B)."
echo
echo "| model | implementation | instructions, opt 3 (z) | flash added, opt 3 / z (B) | static RAM added (B) | peak stack, opt 3 / z (B) |"
echo "| --- | --- | --: | --: | --: | --: |"
row() {
    local model=$1 label=$2
    local f3=$((flash[$model-3] - flash[identity-3])) fz=$((flash[$model-z] - flash[identity-z]))
    local r=$((ram[$model-3] - ram[identity-3]))
    echo "| $label | ${name[$model]} | ${instructions[$model-3]} (${instructions[$model-z]}) | $f3 / $fz | $r | ${stack[$model-3]} / ${stack[$model-z]} |"
}
row sine "int8 sine 1→16→16→1"
row sine-per-tensor "int8 sine 1→16→16→1"
row microflow-sine "int8 sine 1→16→16→1"
row digits "int8 digits 64→32→10"
row wide "int8 64→64→64→10"
row digits-f32 "f32 digits 64→32→10"
row emlearn-digits "f32 digits 64→32→10"
