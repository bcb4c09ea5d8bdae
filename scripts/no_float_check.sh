#!/usr/bin/env bash
# Checks that the int8 path is integer code: disassembles the no_std example's int8 entry
# points (sine, logistic and tanh models, everything inlined into them) in the C program
# `.ci/run` links, and fails on any floating-point arithmetic or conversion instruction or any
# call (to a float helper or anything else).
#
#     scripts/no_float_check.sh target/no_std/check
set -euo pipefail
binary=${1:-target/no_std/check}
status=0
disassembly=$(objdump -d --no-show-raw-insn "$binary")
for function in sine_int8_predict logistic_int8_predict tanh_int8_predict; do
    body=$(echo "$disassembly" | awk -v f="<$function>:" '$2 == f {p = 1; next} /^$/ {p = 0} p')
    if [ -z "$body" ]; then
        echo "$function: not found in $binary" >&2
        exit 1
    fi
    count=$(echo "$body" | wc -l)
    found=$(echo "$body" | grep -E '\b(call|jmp +[0-9a-f]+ <[^>+]*>$)|cvt|\b(add|sub|mul|div|min|max|sqrt|rcp|rsqrt|round|comi|ucomi|fmadd|fmsub)[a-z0-9]*(ss|sd|ps|pd)\b|\bf(ld|st|add|mul|div)' || true)
    if [ -n "$found" ]; then
        echo "$function: floating point or a call in the int8 path:" >&2
        echo "$found" >&2
        status=1
    else
        echo "$function: $count instructions, no floating-point instruction, no call"
    fi
done
exit $status
