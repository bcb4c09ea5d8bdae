#!/usr/bin/env python3
"""Fits the polynomials of src/exp.rs: e^r ≈ 1 + r + r²·tail(r) on |r| ≤ ln(2)/2.

The tail's coefficients minimise the relative error of e^r in the least-squares sense at
Chebyshev nodes (close to the minimax polynomial), in 50-digit arithmetic. Prints the largest
relative error of the fitted polynomial (before rounding to floating point) and the
coefficients to paste into src/exp.rs, each the shortest literal that rounds to it in its own
type.  Needs mpmath and numpy (pip install mpmath numpy).

    python3 scripts/fit_exp.py
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 50
HALF_LN2 = mp.log(2) / 2


def fit(tail_degree, nodes=300):
    points = [HALF_LN2 * mp.cos(mp.pi * (j + 0.5) / nodes) for j in range(nodes)]
    a = mp.matrix(nodes, tail_degree + 1)
    b = mp.matrix(nodes, 1)
    for i, r in enumerate(points):
        er = mp.e ** r
        for k in range(tail_degree + 1):
            a[i, k] = r ** (k + 2) / er
        b[i] = (er - 1 - r) / er
    solution = mp.lu_solve(a.T * a, a.T * b)
    return [solution[k] for k in range(tail_degree + 1)]


def worst_relative_error(tail):
    worst = mp.mpf(0)
    for j in range(4001):
        r = -HALF_LN2 + 2 * HALF_LN2 * j / 4000
        p = 1 + r + r ** 2 * sum(c * r ** k for k, c in enumerate(tail))
        worst = max(worst, abs(p / mp.e ** r - 1))
    return worst


for name, degree, ulp, kind in (("f64", 11, mp.mpf(2) ** -53, np.float64),
                                ("f32", 6, mp.mpf(2) ** -24, np.float32)):
    tail = fit(degree - 2)
    error = worst_relative_error(tail)
    print(f"{name}: degree {degree}, largest relative error {mp.nstr(error, 3)} "
          f"= {mp.nstr(error / ulp, 3)} ulp")
    print("    " + ", ".join(str(kind(float(c))) for c in tail))
