#!/usr/bin/env python3
"""Prints the benchmark figures of the README from criterion's results, as ratios first.

Reads the median of every benchmark under target/criterion (written by `cargo bench`) and
prints each comparison the README quotes: the two sides' medians and their ratio, measured in
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


def row(label, group, ours, reference, per=1):
    a, b = median_ns(group, ours) / per, median_ns(group, reference) / per
    print(f"| {label} | **{b / a:.2f}×** | {show(a)} | {show(b)} ({reference.replace('_', ' ')}) |")


print("| comparison | speed-up | static-mlp | reference |")
print("| --- | --: | --: | --: |")
row("XOR-easy, 50,000 epochs, f64", "xor_easy_50k_epochs", "static_mlp_f64", "naive_f64")
row("linear set, 50,000 epochs, f64", "linear_50k_epochs", "static_mlp_f64", "naive_f64")
row("linear set, 50,000 epochs: f32 against f64", "linear_50k_epochs", "static_mlp_f32", "static_mlp_f64")
row("inference, one sample", "inference_one_sample", "static_mlp_f64", "naive_f64")
row("inference, 1,024 samples (per sample)", "inference_1024_samples", "static_mlp_f64", "naive_f64", per=1024)
for scalar in ("f64", "f32"):
    for size in ("2-4-4-1", "2-16-16-1", "8-64-64-8", "32-128-128-10"):
        row(f"one training step, {size}, batch 64, {scalar}: static against dynamic",
            f"train_step_batch64_{scalar}", f"static/{size}", f"dynamic/{size}")
