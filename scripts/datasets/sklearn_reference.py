#!/usr/bin/env python3
"""scikit-learn baseline on the committed datasets/*.csv, optionally side by
side with the crate's own trainer.

    pip install -r scripts/datasets/requirements.txt
    python3 scripts/datasets/sklearn_reference.py [--json out.json]
    python3 scripts/datasets/sklearn_reference.py \\
        --ours "target/release/examples/classify" --json out.json

scikit-learn is used by this script only; the crate never needs Python.

Protocol (the same for both sides)
----------------------------------
* Data: datasets/NAME.csv (header row, label last: `class` = class name as
  text, or `target` = number for diabetes). Read with Python's csv module,
  NOT scikit-learn's loaders, so both sides read the same bytes.
* 5 splits, seeds 0..4: train_test_split(X, y, test_size=0.2,
  random_state=seed, stratify=y) (stratify=None for diabetes). That is
  StratifiedShuffleSplit / ShuffleSplit with n_splits=1 underneath.
* StandardScaler fitted on the training part, applied to both parts.
* Classifiers: MLPClassifier(hidden_layer_sizes=(16,), max_iter=500,
  random_state=seed) -- (64,) for digits; everything else default (ReLU,
  Adam lr 1e-3, batch min(200, n), L2 alpha 1e-4, tol 1e-4 with 10-epoch
  patience). Score: accuracy on the test part.
* Diabetes: MLPRegressor(hidden_layer_sizes=(16,), max_iter=2000,
  random_state=seed) on targets standardised with the training part's mean
  and std, predictions mapped back; and LinearRegression. Score: R² on the
  test part.
* Time: time.perf_counter() around .fit() only (no scaling, no predict).
  Reported: the median over the 5 splits. Mean and worst test score.

--ours CMD: the JSON contract
-----------------------------
For each data set NAME (iris, wine, breast_cancer, digits, diabetes) the
script runs

    CMD --data NAME            (CMD split with shlex; cwd = repository root)

alternating with scikit-learn's fits on the same data set in the same run
(see --rounds). CMD must run the protocol above itself (5 seeded 80/20
splits, stratified for the classification sets, standardised on the train
part -- its own RNG, so not the very same rows unless it reads
--dump-splits' file) and print, as the LAST non-empty line of stdout, one
JSON object:

    {"data": "iris",                 # = NAME, required
     "accuracy": 0.9667,             # mean test accuracy over the 5 splits,
                                     #   a fraction in [0, 1]; classification sets
     "r2": 0.45,                     # instead of "accuracy", for diabetes:
                                     #   mean test R² over the 5 splits
     "train_seconds_median": 0.0123, # median over the 5 splits of the
                                     #   wall-clock training time, seconds
                                     #   (training only: no CSV reading,
                                     #   scaling or evaluation)
     "epochs": 200,                  # epochs trained (per split; a number)
     "network": "4-16-3 relu/softmax",   # free text, shown in the table
     "optimizer": "adam lr=1e-2"}        # free text, shown in the table

Exactly one of "accuracy" / "r2" must be present (accuracy for the
classification sets, r2 for diabetes). Optional keys, shown or kept in the
JSON output if present: "accuracy_min" / "r2_min" (worst split),
"train_seconds" (list of the 5 times), "splits" (must be 5 if given).
Other keys are kept verbatim in --json output. Anything else on stdout
before the last line is ignored (stderr is passed through). A non-zero exit
status, a missing/unparsable last line or a contract violation stops the
script with a message. The speed-up printed is scikit-learn's median fit
time / "train_seconds_median" (for diabetes: MLPRegressor's).

Note: with `cargo run --release --example classify --` as CMD the first
call may compile; compile time does not count (only the reported
train_seconds_median does), but it is simpler to build first and pass the
binary, e.g. target/release/examples/classify.

Machine facts (CPU model, cores, Python/numpy/scipy/scikit-learn versions,
BLAS/OpenMP thread pools as threadpoolctl sees them, and the thread
environment variables as found -- this script never sets them) are printed
first and stored in the JSON output.
"""

import argparse
import csv
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEEDS = [0, 1, 2, 3, 4]
TEST_SIZE = 0.2

# name -> hidden width, task, the goal for the crate (mean over splits)
SETS = {
    "iris": dict(hidden=16, task="classification", goal=0.92, label="Iris"),
    "wine": dict(hidden=16, task="classification", goal=0.97, label="Wine"),
    "breast_cancer": dict(hidden=16, task="classification", goal=0.96,
                          label="Breast Cancer"),
    "digits": dict(hidden=64, task="classification", goal=0.97, label="digits 8×8"),
    "diabetes": dict(hidden=16, task="regression", goal=0.40, label="Diabetes"),
}
SPEEDUP_GOAL = 10.0
THREAD_VARS = ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
               "OPENBLAS_CORETYPE", "OMP_PROC_BIND", "OMP_PLACES"]


# ---------------------------------------------------------------- data

def load_csv(path, task):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    want = "class" if task == "classification" else "target"
    if header[-1] != want:
        raise SystemExit(f"{path}: last column is {header[-1]!r}, expected {want!r}")
    X = np.array([[float(v) for v in r[:-1]] for r in body], dtype=np.float64)
    if task == "classification":
        labels = [r[-1] for r in body]
        classes = list(dict.fromkeys(labels))  # first-appearance order
        y = np.array([classes.index(l) for l in labels])
    else:
        classes = None
        y = np.array([float(r[-1]) for r in body], dtype=np.float64)
    return header[:-1], X, y, classes


def split(X, y, seed, task):
    strat = y if task == "classification" else None
    idx = np.arange(len(y))
    tr, te = train_test_split(idx, test_size=TEST_SIZE, random_state=seed, stratify=strat)
    return tr, te


# ---------------------------------------------------------------- sklearn side

def run_sklearn(name, spec, X, y):
    """-> dict of per-split results for the MLP (and LinearRegression)."""
    out = {"scores": [], "fit_seconds": [], "epochs": [], "not_converged": 0}
    lin = {"scores": [], "fit_seconds": []}
    for seed in SEEDS:
        tr, te = split(X, y, seed, spec["task"])
        sc = StandardScaler().fit(X[tr])
        Xtr, Xte = sc.transform(X[tr]), sc.transform(X[te])
        if spec["task"] == "classification":
            model = MLPClassifier(hidden_layer_sizes=(spec["hidden"],), max_iter=500,
                                  random_state=seed)
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always", ConvergenceWarning)
                t0 = time.perf_counter()
                model.fit(Xtr, y[tr])
                dt = time.perf_counter() - t0
            score = accuracy_score(y[te], model.predict(Xte))
        else:
            mu, sd = y[tr].mean(), y[tr].std()
            model = MLPRegressor(hidden_layer_sizes=(spec["hidden"],), max_iter=2000,
                                 random_state=seed)
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always", ConvergenceWarning)
                t0 = time.perf_counter()
                model.fit(Xtr, (y[tr] - mu) / sd)
                dt = time.perf_counter() - t0
            score = r2_score(y[te], model.predict(Xte) * sd + mu)
            lr = LinearRegression()
            t0 = time.perf_counter()
            lr.fit(Xtr, y[tr])
            lin["fit_seconds"].append(time.perf_counter() - t0)
            lin["scores"].append(r2_score(y[te], lr.predict(Xte)))
        out["scores"].append(float(score))
        out["fit_seconds"].append(dt)
        out["epochs"].append(int(model.n_iter_))
        out["not_converged"] += sum(issubclass(x.category, ConvergenceWarning) for x in w)
    res = {"mlp": out}
    if spec["task"] == "regression":
        res["linear"] = lin
    return res


# ---------------------------------------------------------------- our side

def run_ours(cmd, name, spec):
    argv = shlex.split(cmd) + ["--data", name]
    t0 = time.perf_counter()
    p = subprocess.run(argv, cwd=REPO, stdout=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"--ours: {shlex.join(argv)} exited with {p.returncode}")
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    if not lines:
        raise SystemExit(f"--ours: {shlex.join(argv)} printed nothing on stdout")
    try:
        r = json.loads(lines[-1])
    except json.JSONDecodeError as e:
        raise SystemExit(f"--ours: last stdout line is not JSON ({e}): {lines[-1]!r}")
    key = "accuracy" if spec["task"] == "classification" else "r2"
    other = "r2" if key == "accuracy" else "accuracy"
    problems = []
    if not isinstance(r, dict):
        problems.append("not a JSON object")
    else:
        if r.get("data") != name:
            problems.append(f'"data" is {r.get("data")!r}, expected {name!r}')
        if not isinstance(r.get(key), (int, float)) or other in r:
            problems.append(f'needs a number "{key}" and no "{other}"')
        elif key == "accuracy" and not 0 <= r[key] <= 1:
            problems.append('"accuracy" must be a fraction in [0, 1]')
        t = r.get("train_seconds_median")
        if not isinstance(t, (int, float)) or not t > 0:
            problems.append('"train_seconds_median" must be a number > 0')
        if not isinstance(r.get("epochs"), (int, float)):
            problems.append('"epochs" must be a number')
        for k in ("network", "optimizer"):
            if not isinstance(r.get(k), str):
                problems.append(f'"{k}" must be a string')
        if "splits" in r and r["splits"] != len(SEEDS):
            problems.append(f'"splits" is {r["splits"]}, the protocol has {len(SEEDS)}')
    if problems:
        raise SystemExit(f"--ours {name}: " + "; ".join(problems) + f"\n  got: {lines[-1]}")
    r["_wall_seconds"] = wall
    return r


# ---------------------------------------------------------------- machine

def machine_facts():
    cpu = None
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    pools = [{k: p.get(k) for k in ("user_api", "internal_api", "num_threads",
                                      "version", "threading_layer", "architecture",
                                      "filepath")}
             for p in threadpool_info()]
    return {
        "cpu_model": cpu or platform.processor(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit_learn": sklearn.__version__,
        "thread_env": {v: os.environ.get(v) for v in THREAD_VARS},
        "threadpools": pools,
    }


def print_machine(m):
    print(f"CPU: {m['cpu_model']} ({m['cpu_count']} logical, {m['cpus_usable']} usable)")
    print(f"Python {m['python']}, numpy {m['numpy']}, scipy {m['scipy']}, "
          f"scikit-learn {m['scikit_learn']}; {m['platform']}")
    env = ", ".join(f"{k}={v}" for k, v in m["thread_env"].items() if v is not None)
    print(f"thread env: {env or 'none of ' + ', '.join(THREAD_VARS[:4]) + ' set'}")
    for p in m["threadpools"]:
        print(f"thread pool: {p['user_api']}/{p['internal_api']} {p.get('version') or ''} "
              f"{p['num_threads']} threads"
              + (f", {p['threading_layer']}" if p.get("threading_layer") else "")
              + (f", {p['architecture']}" if p.get("architecture") else ""))


# ---------------------------------------------------------------- table

def fmt_score(x, task):
    return f"{100 * x:.1f} %" if task == "classification" else f"{x:.3f}"


def fmt_t(s):
    return f"{1000 * s:.1f} ms" if s < 10 else f"{s:.2f} s"


def main():
    ap = argparse.ArgumentParser(description="scikit-learn baseline on datasets/*.csv "
                                 "(see the top of this file for the protocol and --ours)")
    ap.add_argument("--json", metavar="OUT", help="write all numbers and machine facts here")
    ap.add_argument("--ours", metavar="CMD",
                    help="the crate's trainer; run as CMD --data NAME, see the contract above")
    ap.add_argument("--rounds", type=int, default=1,
                    help="repeat sklearn/ours per data set this many times, alternating "
                         "which goes first; times are medians over all rounds (default 1)")
    ap.add_argument("--only", metavar="NAMES",
                    help="comma-separated subset of " + ",".join(SETS))
    ap.add_argument("--data-dir", default=os.path.join(REPO, "datasets"))
    ap.add_argument("--dump-splits", metavar="OUT",
                    help="write the test-row indices (0-based data rows) of every split as JSON, "
                         "so another implementation can use the very same splits")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(SETS)
    for n in names:
        if n not in SETS:
            ap.error(f"unknown data set {n!r}")

    m = machine_facts()
    print_machine(m)
    print(f"command: {shlex.join([os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:])}\n",
          flush=True)

    results, splits_out = {}, {}
    for name in names:
        spec = SETS[name]
        cols, X, y, classes = load_csv(os.path.join(args.data_dir, f"{name}.csv"), spec["task"])
        splits_out[name] = {str(s): sorted(split(X, y, s, spec["task"])[1].tolist())
                            for s in SEEDS}
        sk_rounds, ours_rounds = [], []
        for rnd in range(args.rounds):
            order = ["sk", "ours"] if rnd % 2 == 0 else ["ours", "sk"]
            for who in order:
                if who == "sk":
                    sk_rounds.append(run_sklearn(name, spec, X, y))
                elif args.ours:
                    ours_rounds.append(run_ours(args.ours, name, spec))
        sk = sk_rounds[0]
        fit_all = [t for r in sk_rounds for t in r["mlp"]["fit_seconds"]]
        entry = {
            "rows": int(X.shape[0]), "features": int(X.shape[1]),
            "classes": classes, "task": spec["task"], "goal": spec["goal"],
            "sklearn": {
                "network": f"MLP{'Classifier' if spec['task'] == 'classification' else 'Regressor'}"
                           f"(({spec['hidden']},)) {X.shape[1]}-{spec['hidden']}-"
                           f"{len(classes) if classes and len(classes) > 2 else 1}",
                "optimizer": "adam lr=1e-3 (sklearn default)",
                "max_iter": 500 if spec["task"] == "classification" else 2000,
                "scores": sk["mlp"]["scores"],
                "mean": statistics.fmean(sk["mlp"]["scores"]),
                "worst": min(sk["mlp"]["scores"]),
                "epochs": sk["mlp"]["epochs"],
                "not_converged_splits": sk["mlp"]["not_converged"],
                "fit_seconds": [r["mlp"]["fit_seconds"] for r in sk_rounds],
                "fit_seconds_median": statistics.median(fit_all),
            },
        }
        if "linear" in sk:
            lin_all = [t for r in sk_rounds for t in r["linear"]["fit_seconds"]]
            entry["sklearn_linear"] = {
                "network": "LinearRegression", "scores": sk["linear"]["scores"],
                "mean": statistics.fmean(sk["linear"]["scores"]),
                "worst": min(sk["linear"]["scores"]),
                "fit_seconds_median": statistics.median(lin_all),
            }
        if ours_rounds:
            key = "accuracy" if spec["task"] == "classification" else "r2"
            o = dict(ours_rounds[0])
            o["train_seconds_median_all_rounds"] = statistics.median(
                r["train_seconds_median"] for r in ours_rounds)
            o["wall_seconds"] = [r.pop("_wall_seconds") for r in ours_rounds]
            o.pop("_wall_seconds", None)
            o["speedup"] = entry["sklearn"]["fit_seconds_median"] / o["train_seconds_median_all_rounds"]
            o["meets_goal"] = bool(o[key] >= spec["goal"] and o["speedup"] >= SPEEDUP_GOAL)
            entry["ours"] = o
        results[name] = entry
        s = entry["sklearn"]
        print(f"{name}: sklearn mean {fmt_score(s['mean'], spec['task'])}, worst "
              f"{fmt_score(s['worst'], spec['task'])}, median fit {fmt_t(s['fit_seconds_median'])}, "
              f"epochs {s['epochs']}"
              + (f", {s['not_converged_splits']} split(s) hit max_iter" if s['not_converged_splits'] else ""),
              flush=True)

    # ---- the table
    print()
    if not args.ours:
        print("| data set | rows × features | scikit-learn network | mean test accuracy / R² "
              "| worst split | epochs (per split) | median fit time |")
        print("|---|---|---|---|---|---|---|")
        for name in names:
            e, spec = results[name], SETS[name]
            rows = [(e["sklearn"], e["sklearn"]["network"] + ", Adam")]
            if "sklearn_linear" in e:
                rows.append((e["sklearn_linear"], "LinearRegression"))
            for s, label in rows:
                ep = ", ".join(map(str, s["epochs"])) if "epochs" in s else "–"
                print(f"| {spec['label']} | {e['rows']} × {e['features']} | {label} "
                      f"| {fmt_score(s['mean'], spec['task'])} | {fmt_score(s['worst'], spec['task'])} "
                      f"| {ep} | {fmt_t(s['fit_seconds_median'])} |")
    else:
        print("| data set | network | optimiser | epochs | test accuracy / R² (mean of 5) "
              "| training time (median) | scikit-learn | scikit-learn accuracy / R² "
              "| scikit-learn time | speed-up | goal met |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for name in names:
            e, spec = results[name], SETS[name]
            o, s = e["ours"], e["sklearn"]
            key = "accuracy" if spec["task"] == "classification" else "r2"
            sk_score = fmt_score(s["mean"], spec["task"])
            if "sklearn_linear" in e:
                sk_score += f" (linear {fmt_score(e['sklearn_linear']['mean'], spec['task'])})"
            print(f"| {spec['label']} | {o['network']} | {o['optimizer']} | {o['epochs']} "
                  f"| {fmt_score(o[key], spec['task'])} | {fmt_t(o['train_seconds_median_all_rounds'])} "
                  f"| {s['network']} | {sk_score} | {fmt_t(s['fit_seconds_median'])} "
                  f"| {o['speedup']:.1f}× | {'yes' if o['meets_goal'] else 'NO'} "
                  f"(≥ {fmt_score(spec['goal'], spec['task'])}, ≥ {SPEEDUP_GOAL:g}×) |")
    print(f"\nProtocol: seeds {SEEDS}, test_size {TEST_SIZE}, stratified (not diabetes), "
          "StandardScaler on the train part; time = perf_counter around fit only, "
          f"median over {len(SEEDS)} splits" + (f" × {args.rounds} rounds" if args.rounds > 1 else "") + ".")

    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"machine": m, "command": sys.argv, "seeds": SEEDS,
                       "test_size": TEST_SIZE, "rounds": args.rounds,
                       "results": results}, fh, indent=1)
            fh.write("\n")
        print(f"wrote {args.json}")
    if args.dump_splits:
        with open(args.dump_splits, "w") as fh:
            json.dump({"seeds": SEEDS, "test_size": TEST_SIZE,
                       "note": "0-based data-row indices of the test part; the rest is train",
                       "test_rows": splits_out}, fh)
            fh.write("\n")
        print(f"wrote {args.dump_splits}")


if __name__ == "__main__":
    main()
