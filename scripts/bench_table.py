#!/usr/bin/env python3
"""Prints the benchmark figures of docs/performance.md from criterion's results, as ratios first.

Reads the median of every benchmark under target/criterion (written by `cargo bench`) and
prints each comparison docs/performance.md quotes: the two sides' medians and their ratio, measured in
the same `cargo bench` run.

    cargo bench
    python3 scripts/bench_table.py
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"


def median_ns(group, bench):
    path = ROOT / group / bench / "new" / "estimates.json"
    if not path.exists():
        sys.exit(f"no result at {path}: run cargo bench first")
    return json.loads(path.read_text())["median"]["point_estimate"]


def show(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def row(label, goal, group, ours, reference, per=1):
    """One comparison: `goal` is the least speed-up the issue asks for (None: no goal)."""
    a, b = median_ns(group, ours) / per, median_ns(group, reference) / per
    ratio = b / a
    target = "" if goal is None else f"≥ {goal:g}×"
    verdict = "" if goal is None else (" met" if ratio >= goal else " **missed**")
    name = reference.replace("_", " ")
    print(f"| {label} | {target}{verdict} | **{ratio:.2f}×** | {show(a)} | {show(b)} ({name}) |")


print("| comparison | goal | speed-up | static-mlp | reference |")
print("| --- | --- | --: | --: | --: |")
row("XOR-easy, 50,000 epochs, f64", None, "xor_easy_50k_epochs", "static_mlp_f64", "naive_f64")
row("linear set, 50,000 epochs, f64", None, "linear_50k_epochs", "static_mlp_f64", "naive_f64")
row("linear set, 50,000 epochs: f32 against f64", 1.5, "linear_50k_epochs", "static_mlp_f32",
    "static_mlp_f64")
for scalar in ("f64", "f32"):
    for size, goal in (("2-4-4-1", 3), ("16-32-32-4", 2)):
        row(f"inference, one sample (`predict_one`), {size}, {scalar}", goal,
            f"predict_one_{scalar}", f"static/{size}", f"naive/{size}")
        for batch in (2, 4, 8):
            row(f"inference, batch of {batch} (per sample), {size}, {scalar}", goal,
                f"predict_batch{batch}_{scalar}", f"static/{size}", f"naive/{size}", per=batch)
row("inference, 1,024 samples (per sample), 2-4-4-1, f64", None, "inference_1024_samples",
    "static_mlp_f64", "naive_f64", per=1024)
for scalar in ("f64", "f32"):
    for size in ("2-4-4-1", "2-16-16-1", "8-64-64-8", "32-128-128-10"):
        row(f"one training step, {size}, batch 64, {scalar}: static against dynamic", 1,
            f"train_step_batch64_{scalar}", f"static/{size}", f"dynamic/{size}")
