#!/usr/bin/env python3
"""Generates src/math/exp_table.rs: the constants of the crate's exp and sigmoid.

e^x = 2^(k/N) · e^r with k = round(x·N/ln 2) and r = x − k·ln(2)/N, so |r| ≤ ln(2)/(2N):
- the table holds 2^(j/N) for j = 0 … N−1, each correctly rounded (N = 256 for f64, 128 for
  f32); 2^(k/N) is a table entry with k div N added to its exponent bits;
- ln(2)/N is split in a high part with trailing zero bits, so that k·high is exact for every k
  the crate reduces, and the rest;
- e^r ≈ 1 + r + c₂r² + … + c_d·r^d (d = 4 for f64, 2 for f32), whose coefficients minimise the
  relative error in the least-squares sense at Chebyshev nodes (close to the minimax
  polynomial), in 50-digit arithmetic.

Prints each polynomial's largest relative error before rounding to floating point. Needs
mpmath and numpy (pip install mpmath numpy). Run from the repository's top:

    python3 scripts/fit_exp.py > src/math/exp_table.rs

With `--sigmoid-reference` it writes instead the reference values the sigmoid's tests compare
with: for a sweep of `f32` arguments `z` (so each is also an `f64` exactly), the bits of `z` and
of σ(z) = 1/(1 + e^(−z)) correctly rounded to `f64` and to `f32`, from 50-digit arithmetic:

    python3 scripts/fit_exp.py --sigmoid-reference > tests/fixtures/sigmoid_reference.txt
"""
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 50
LN2 = mp.log(2)


def fit(half_width, degree, nodes=200):
    """c₂ … c_d of 1 + r + c₂r² + … on |r| ≤ half_width."""
    points = [half_width * mp.cos(mp.pi * (j + 0.5) / nodes) for j in range(nodes)]
    a = mp.matrix(nodes, degree - 1)
    b = mp.matrix(nodes, 1)
    for i, r in enumerate(points):
        er = mp.e ** r
        for k in range(degree - 1):
            a[i, k] = r ** (k + 2) / er
        b[i] = (er - 1 - r) / er
    solution = mp.lu_solve(a.T * a, a.T * b)
    return [solution[k] for k in range(degree - 1)]


def worst_relative_error(half_width, coefficients):
    worst = mp.mpf(0)
    for j in range(4001):
        r = -half_width + 2 * half_width * j / 4000
        p = 1 + r + sum(c * r ** (k + 2) for k, c in enumerate(coefficients))
        worst = max(worst, abs(p / mp.e ** r - 1))
    return worst


def split(value, bits, kind):
    """value's leading `bits` significant bits, and the rest rounded to `kind`."""
    exponent = mp.floor(mp.log(abs(value), 2))
    scale = mp.mpf(2) ** (bits - 1 - exponent)
    high = mp.nint(value * scale) / scale
    return kind(float(high)), kind(float(value - high))


def literal(value, kind):
    """The shortest literal that reads back as `value` in its own type."""
    text = np.format_float_positional(kind(value), unique=True, trim="0")
    if abs(value) < 1e-4:
        text = np.format_float_scientific(kind(value), unique=True, trim="0")
    return text if any(c in text for c in ".e") else text + ".0"


def table(size, kind, bits_type, hex_digits):
    """2^(j/size) for j < size, correctly rounded: as bits, since that is how they are used."""
    rows = []
    for j in range(size):
        value = kind(float(mp.mpf(2) ** (mp.mpf(j) / size)))
        rows.append(f"0x{int(value.view(bits_type)):0{hex_digits}X}")
    return rows


def nearest(exact, guess):
    """The float of guess's type nearest to `exact`: guess or one of its neighbours (this also
    settles the rounding of subnormal results, which a conversion might round twice)."""
    kind = type(guess)
    with np.errstate(over="ignore"):
        candidates = [np.nextafter(guess, kind(-np.inf)), guess, np.nextafter(guess, kind(np.inf))]
    return min(candidates, key=lambda c: abs(mp.mpf(float(c)) - exact))


def sigmoid_reference():
    """Lines `z σ₆₄ σ₃₂` in hexadecimal bits, for a sweep of f32 arguments."""
    state = 0x9E3779B9

    def jitter():  # a fixed pseudo-random sequence in [0, 1), so the points vary in low bits
        nonlocal state
        state = (state * 1103515245 + 12345) % 2 ** 31
        return state / 2 ** 31

    points = set()
    for count, low, high in ((3000, -20.0, 20.0), (1000, -750.0, 750.0), (300, -1e-3, 1e-3)):
        for i in range(count):
            points.add(np.float32(low + (high - low) * (i + jitter()) / count))
    for edge in (0.0, -0.0, 1e-30, -1e-30, 1e-45, 86.9, 87.0, 87.01, 88.7, 103.9, 104.5,
                 707.9, 708.0, 708.1, 709.7, 709.8, 745.0, 745.2, 746.0, 1e4, 3e38):
        points.add(np.float32(edge))
        points.add(np.float32(-edge))
    print("# z (f32 bits)  sigmoid(z) correctly rounded to f64 and f32 (bits), by scripts/fit_exp.py")
    for z in sorted(points, key=lambda v: (float(v), int(v.view(np.uint32)))):
        exact = 1 / (1 + mp.e ** (-mp.mpf(float(z))))
        f64 = nearest(exact, np.float64(float(exact)))
        f32 = nearest(exact, np.float32(float(exact)))
        print(f"{int(z.view(np.uint32)):08X} {int(f64.view(np.uint64)):016X} "
              f"{int(f32.view(np.uint32)):08X}")


if "--sigmoid-reference" in sys.argv:
    sigmoid_reference()
    sys.exit(0)

out = sys.stdout
print("// @generated by scripts/fit_exp.py: the constants of `exp` and `sigmoid` (see exp.rs).")
print("// Run `python3 scripts/fit_exp.py > src/math/exp_table.rs` to regenerate.")
print()
for name, size, degree, high_bits, kind, bits_type, hex_digits in (
    ("F64", 256, 4, 34, np.float64, np.uint64, 16),
    ("F32", 128, 2, 9, np.float32, np.uint32, 8),
):
    rust = name.lower()
    half_width = LN2 / (2 * size)
    coefficients = fit(half_width, degree)
    error = worst_relative_error(half_width, coefficients)
    ulp = mp.mpf(2) ** (-53 if rust == "f64" else -24)
    high, low = split(LN2 / size, high_bits, kind)
    print(f"/// `{size}/ln 2`: `x` times this is `x/ln 2` in steps of 2^(1/{size}).")
    print(f"pub(super) const {name}_STEPS_PER_LN2: {rust} = {literal(float(size / LN2), kind)};")
    print(f"/// `ln(2)/{size}` to {high_bits} bits, so that `k` times it is exact for every `k` the")
    print("/// reduction meets.")
    print(f"pub(super) const {name}_STEP_HIGH: {rust} = {literal(high, kind)};")
    print(f"/// `ln(2)/{size}` − the high part.")
    print(f"pub(super) const {name}_STEP_LOW: {rust} = {literal(low, kind)};")
    names = "c₂" if degree == 2 else f"c₂ … c{chr(0x2080 + degree)}"
    print(f"/// {names} of `e^r ≈ 1 + r + c₂r² + …` on |r| ≤ ln(2)/{2 * size}: "
          f"{mp.nstr(error / ulp, 2)} ulp before rounding.")
    print(f"pub(super) const {name}_POLYNOMIAL: [{rust}; {degree - 1}] = "
          f"[{', '.join(literal(float(c), kind) for c in coefficients)}];")
    print(f"/// The bits of 2^(j/{size}) for j = 0 … {size - 1}, correctly rounded.")
    print(f"pub(super) static {name}_POWERS: [u{hex_digits * 4}; {size}] = [")
    rows = table(size, kind, bits_type, hex_digits)
    per_line = 4 if hex_digits == 16 else 6
    for start in range(0, size, per_line):
        print("    " + ", ".join(rows[start:start + per_line]) + ",")
    print("];")
    print()
    print(f"{rust}: degree {degree}, table {size}, largest relative error "
          f"{mp.nstr(error, 3)} = {mp.nstr(error / ulp, 3)} ulp", file=sys.stderr)
