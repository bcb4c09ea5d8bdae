#!/usr/bin/env bash
# Builds the firmware for one Cortex-M target and, where QEMU has a machine for it, runs it;
# exits non-zero if the build fails or any check on the target fails.
#
#     examples/cortex_m/run.sh thumbv7em-none-eabihf   # Cortex-M4F on QEMU's mps2-an386
#     examples/cortex_m/run.sh thumbv7m-none-eabi      # Cortex-M3 on QEMU's mps2-an385
#     examples/cortex_m/run.sh thumbv6m-none-eabi      # Cortex-M0: built, not run
#
# Needs Debian's Rust (`rustc-web`, `cargo-web`, `rust-web-src`: `core` is built from source
# with `-Zbuild-std`), `lld-22` and `qemu-system-arm`. OPT_LEVEL (default 3) sets the release
# profile's opt-level.
set -euo pipefail
target=${1:?usage: run.sh thumbv7em-none-eabihf|thumbv7m-none-eabi|thumbv6m-none-eabi}
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/cortex_m}"
# Debian's toolchain, not rustup's (which has no `core` for these targets): `RUSTC_BOOTSTRAP`
# lets the stable compiler take `-Zbuild-std`.
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${OPT_LEVEL:-3}"
# Cargo reads `.cargo/config.toml` (build-std, linker) from the directory it runs in.
(cd "$here" && /usr/bin/cargo build --release --locked --quiet --bin static-mlp-cortex-m --target "$target")
elf="$CARGO_TARGET_DIR/$target/release/static-mlp-cortex-m"

case "$target" in
thumbv7em-none-eabihf) machine=(-cpu cortex-m4 -machine mps2-an386) ;;
thumbv7m-none-eabi) machine=(-cpu cortex-m3 -machine mps2-an385) ;;
thumbv6m-none-eabi)
    # QEMU 7.2 has no Cortex-M0 machine (`-cpu help` lists cortex-m0, but every Arm board
    # with one, microbit included, has too little RAM or needs its own memory map).
    echo "built $elf (no QEMU machine runs a Cortex-M0 here)"
    exit 0
    ;;
*)
    echo "unknown target $target" >&2
    exit 2
    ;;
esac
echo "== $target (${machine[*]}), opt-level $CARGO_PROFILE_RELEASE_OPT_LEVEL"
# -icount: one instruction is 1 ns of virtual time, so SysTick counts instructions.
timeout 300 qemu-system-arm "${machine[@]}" -nographic -monitor none \
    -semihosting-config enable=on,target=native -icount shift=0,align=off,sleep=off \
    -kernel "$elf"
