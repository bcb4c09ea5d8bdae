#!/usr/bin/env python3
"""scikit-learn baseline on the committed datasets/*.csv, optionally side by
side with the crate's own trainer.

    pip install -r scripts/datasets/requirements.txt
    python3 scripts/datasets/sklearn_reference.py [--json out.json]
    python3 scripts/datasets/sklearn_reference.py --rounds 3 \
        --ours "target/release/examples/classify --json" \
        --json datasets/sklearn/reference.json --dump-splits datasets/sklearn/splits.json

scikit-learn is used by this script only; the crate never needs Python:
the two files under datasets/sklearn/ are committed for its tests.

Protocol (the same for both sides)
----------------------------------
* Data: datasets/NAME.csv (header row, label last: `class` = class name as
  text, or `target` = number for diabetes). Read with Python's csv module,
  NOT scikit-learn's loaders, so both sides read the same bytes. Two tasks
  on datasets/cars.csv (an empty cell is missing): cars_origin, the origin
  (class index by first appearance) from the seven numbers; cars_mpg, miles
  per gallon from the six other numbers and the origin as text, the 8 rows
  without miles per gallon left out.
* 5 splits, seeds 0..4: train_test_split(X, y, test_size=0.2,
  random_state=seed, stratify=y) (stratify=None for the regressions). That
  is StratifiedShuffleSplit / ShuffleSplit with n_splits=1 underneath.
* Preparation fitted on the training part inside a pipeline: StandardScaler;
  cars_origin: SimpleImputer(strategy="median", add_indicator=True) then
  StandardScaler; cars_mpg: median imputation and StandardScaler on the six
  numbers, OneHotEncoder on the origin.
* Classifiers: MLPClassifier(hidden_layer_sizes=(16,), max_iter=500,
  random_state=seed) -- (64,) for digits; everything else default (ReLU,
  Adam lr 1e-3, batch min(200, n), L2 alpha 1e-4, tol 1e-4 with 10-epoch
  patience). Score: accuracy on the test part, and balanced accuracy.
  cars_origin also: LogisticRegression(class_weight="balanced").
* Regressions: MLPRegressor(hidden_layer_sizes=(16,), max_iter=2000,
  random_state=seed) on targets standardised with the training part's mean
  and std, predictions mapped back; and LinearRegression. Score: R² on the
  test part.
* Time: time.perf_counter() around the pipeline's .fit() only (no predict).
  Reported: the median over the 5 splits. Mean and worst test score.

--ours CMD: the JSON contract
-----------------------------
For each data set NAME (iris, wine, breast_cancer, digits, diabetes,
cars_origin, cars_mpg) the script runs

    CMD --data NAME            (CMD split with shlex; cwd = repository root)
    CMD --data NAME --splits datasets/sklearn/splits.json

alternating with scikit-learn's fits on the same data set in the same run
(see --rounds). The first must run the protocol above on its own splits (5
seeded 80/20 splits, stratified for the classification sets, prepared on
the train part -- its own RNG, so not the very same rows); the second on the
test rows of --splits-file (written by --dump-splits; the script checks it
holds the splits it draws). Each prints, as the LAST non-empty line of
stdout, one JSON object:

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
classification sets, r2 for the regressions); cars_origin also needs
"balanced_accuracy" (mean over the splits). Optional keys, shown or kept in the
JSON output if present: "accuracy_min" / "r2_min" (worst split),
"train_seconds" (list of the 5 times), "splits" (must be 5 if given).
Other keys are kept verbatim in --json output. Anything else on stdout
before the last line is ignored (stderr is passed through). A non-zero exit
status, a missing/unparsable last line or a contract violation stops the
script with a message. The speed-up printed is scikit-learn's median fit
time (its MLP pipeline's) / "train_seconds_median" on scikit-learn's splits;
"goal met" there means a mean score at least scikit-learn's and a speed-up
of at least 10.

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
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, balanced_accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
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
    # datasets/cars.csv twice: origin from the seven numbers (gaps imputed), and miles per
    # gallon from the six others and origin as text (one-hot).
    "cars_origin": dict(hidden=16, task="classification", goal=None, label="Cars: origin",
                        file="cars"),
    "cars_mpg": dict(hidden=16, task="regression", goal=None, label="Cars: miles per gallon",
                     file="cars"),
}
CARS_NUMBERS = ["cylinders", "displacement", "horsepower", "weight_in_lbs", "acceleration",
                "year"]
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


def load_cars(path, name):
    """datasets/cars.csv as (columns, X, y, classes, rows): an empty cell is NaN.

    cars_origin: X = the seven numbers (miles per gallon first), y = origin's class index
    (first-appearance order, as the crate numbers classes). cars_mpg: X = the six other
    numbers and origin as text (an object array), y = miles per gallon; rows without it are
    left out, and `rows` maps each kept row to its 0-based row in the file (the split files
    name file rows)."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    col = {c: i for i, c in enumerate(header)}
    num = lambda v: float(v) if v != "" else np.nan
    if name == "cars_origin":
        cols = ["miles_per_gallon"] + CARS_NUMBERS
        X = np.array([[num(r[col[c]]) for c in cols] for r in body], dtype=np.float64)
        labels = [r[col["origin"]] for r in body]
        classes = list(dict.fromkeys(labels))
        y = np.array([classes.index(l) for l in labels])
        return cols, X, y, classes, np.arange(len(body))
    kept = [i for i, r in enumerate(body) if r[col["miles_per_gallon"]] != ""]
    cols = CARS_NUMBERS + ["origin"]
    X = np.array([[num(body[i][col[c]]) for c in CARS_NUMBERS] + [body[i][col["origin"]]]
                  for i in kept], dtype=object)
    y = np.array([float(body[i][col["miles_per_gallon"]]) for i in kept], dtype=np.float64)
    return cols, X, y, None, np.array(kept)


def models(name, spec, seed):
    """-> (the MLP pipeline, the second reference, its name): scaling (and imputing,
    encoding) inside the pipeline, fitted on the training part only."""
    h = (spec["hidden"],)
    if name == "cars_origin":
        # Median for the gaps (miles per gallon, horsepower) and a 0/1 "was missing" input
        # for each column with gaps, then every input standardised.
        prep = lambda: [SimpleImputer(strategy="median", add_indicator=True), StandardScaler()]
        return (make_pipeline(*prep(), MLPClassifier(hidden_layer_sizes=h, max_iter=500,
                                                     random_state=seed)),
                make_pipeline(*prep(), LogisticRegression(class_weight="balanced",
                                                          max_iter=1000)),
                'LogisticRegression(class_weight="balanced")')
    if name == "cars_mpg":
        # The six numbers: median for horsepower's gaps, standardised; origin: one-hot.
        prep = lambda: ColumnTransformer([
            ("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
             list(range(len(CARS_NUMBERS)))),
            ("origin", OneHotEncoder(), [len(CARS_NUMBERS)])])
        return (make_pipeline(prep(), MLPRegressor(hidden_layer_sizes=h, max_iter=2000,
                                                   random_state=seed)),
                make_pipeline(prep(), LinearRegression()), "LinearRegression")
    if spec["task"] == "classification":
        return make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=h, max_iter=500,
                                                             random_state=seed)), None, None
    return (make_pipeline(StandardScaler(), MLPRegressor(hidden_layer_sizes=h, max_iter=2000,
                                                         random_state=seed)),
            make_pipeline(StandardScaler(), LinearRegression()), "LinearRegression")


def split(X, y, seed, task):
    strat = y if task == "classification" else None
    idx = np.arange(len(y))
    tr, te = train_test_split(idx, test_size=TEST_SIZE, random_state=seed, stratify=strat)
    return tr, te


# ---------------------------------------------------------------- sklearn side

def run_sklearn(name, spec, X, y):
    """-> dict of per-split results for the MLP pipeline (and the second reference)."""
    out = {"scores": [], "balanced": [], "fit_seconds": [], "epochs": [], "not_converged": 0}
    second = {"scores": [], "balanced": [], "fit_seconds": []}
    for seed in SEEDS:
        tr, te = split(X, y, seed, spec["task"])
        mlp, reference, _ = models(name, spec, seed)
        # Regression: targets standardised with the training part's mean and deviation for
        # the MLP, its predictions mapped back (R² is measured in the target's units).
        mu, sd = (y[tr].mean(), y[tr].std()) if spec["task"] == "regression" else (0.0, 1.0)
        target = y[tr] if spec["task"] == "classification" else (y[tr] - mu) / sd
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always", ConvergenceWarning)
            t0 = time.perf_counter()
            mlp.fit(X[tr], target)
            dt = time.perf_counter() - t0
        predicted = mlp.predict(X[te])
        if spec["task"] == "classification":
            out["scores"].append(float(accuracy_score(y[te], predicted)))
            out["balanced"].append(float(balanced_accuracy_score(y[te], predicted)))
        else:
            out["scores"].append(float(r2_score(y[te], predicted * sd + mu)))
        out["fit_seconds"].append(dt)
        out["epochs"].append(int(mlp[-1].n_iter_))
        out["inputs"] = int(mlp[-1].n_features_in_)
        out["not_converged"] += sum(issubclass(x.category, ConvergenceWarning) for x in w)
        if reference is not None:
            t0 = time.perf_counter()
            reference.fit(X[tr], y[tr])
            second["fit_seconds"].append(time.perf_counter() - t0)
            predicted = reference.predict(X[te])
            if spec["task"] == "classification":
                second["scores"].append(float(accuracy_score(y[te], predicted)))
                second["balanced"].append(float(balanced_accuracy_score(y[te], predicted)))
            else:
                second["scores"].append(float(r2_score(y[te], predicted)))
    res = {"mlp": out}
    if second["scores"]:
        res["second"] = second
    return res


# ---------------------------------------------------------------- our side

def run_ours(cmd, name, spec, splits_file=None):
    argv = shlex.split(cmd) + ["--data", name]
    if splits_file:
        argv += ["--splits", os.path.relpath(splits_file, REPO)]
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
        if name == "cars_origin" and not isinstance(r.get("balanced_accuracy"), (int, float)):
            problems.append('"balanced_accuracy" must be a number for cars_origin')
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


def mean(xs):
    return statistics.fmean(xs) if xs else None


def main():
    ap = argparse.ArgumentParser(description="scikit-learn baseline on datasets/*.csv "
                                 "(see the top of this file for the protocol and --ours)")
    ap.add_argument("--json", metavar="OUT", help="write all numbers and machine facts here")
    ap.add_argument("--ours", metavar="CMD",
                    help="the crate's trainer; run as CMD --data NAME (its own splits) and "
                         "CMD --data NAME --splits FILE (scikit-learn's), see the contract above")
    ap.add_argument("--rounds", type=int, default=1,
                    help="repeat sklearn/ours per data set this many times, alternating "
                         "which goes first; times are medians over all rounds (default 1)")
    ap.add_argument("--only", metavar="NAMES",
                    help="comma-separated subset of " + ",".join(SETS))
    ap.add_argument("--data-dir", default=os.path.join(REPO, "datasets"))
    ap.add_argument("--dump-splits", metavar="OUT",
                    help="write the test rows (0-based data rows of the file) of every split "
                         "as JSON, so another implementation can use the very same splits "
                         "(datasets/sklearn/splits.json is this file)")
    ap.add_argument("--splits-file", metavar="FILE",
                    default=os.path.join(REPO, "datasets", "sklearn", "splits.json"),
                    help="with --ours: the split file passed as --splits (it must hold the "
                         "splits this script draws; checked before running)")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(SETS)
    for n in names:
        if n not in SETS:
            ap.error(f"unknown data set {n!r}")

    m = machine_facts()
    print_machine(m)
    print(f"command: {shlex.join([os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:])}\n",
          flush=True)

    given = None
    if args.ours:
        with open(args.splits_file) as fh:
            given = json.load(fh)["test_rows"]

    results, splits_out = {}, {}
    for name in names:
        spec = SETS[name]
        path = os.path.join(args.data_dir, f"{spec.get('file', name)}.csv")
        if name.startswith("cars"):
            cols, X, y, classes, file_rows = load_cars(path, name)
        else:
            cols, X, y, classes = load_csv(path, spec["task"])
            file_rows = np.arange(len(y))
        splits_out[name] = {str(s): sorted(file_rows[split(X, y, s, spec["task"])[1]].tolist())
                            for s in SEEDS}
        if given is not None and given.get(name) != splits_out[name]:
            raise SystemExit(f"{args.splits_file}: the splits of {name} are not the ones this "
                             "script draws; rewrite it with --dump-splits")
        sk_rounds, own_rounds, given_rounds = [], [], []
        for rnd in range(args.rounds):
            order = ["sk", "own", "given"] if rnd % 2 == 0 else ["given", "own", "sk"]
            for who in order:
                if who == "sk":
                    sk_rounds.append(run_sklearn(name, spec, X, y))
                elif args.ours and who == "own":
                    own_rounds.append(run_ours(args.ours, name, spec))
                elif args.ours:
                    given_rounds.append(run_ours(args.ours, name, spec, args.splits_file))
        sk = sk_rounds[0]
        fit_all = [t for r in sk_rounds for t in r["mlp"]["fit_seconds"]]
        mlp_name = "MLPClassifier" if spec["task"] == "classification" else "MLPRegressor"
        second_name = models(name, spec, 0)[2]
        outputs = len(classes) if classes and len(classes) > 2 else 1
        entry = {
            "rows": int(X.shape[0]), "features": int(X.shape[1]), "columns": cols,
            "classes": classes, "task": spec["task"], "goal": spec["goal"],
            "sklearn": {
                "network": f"{mlp_name}(({spec['hidden']},)) {sk['mlp']['inputs']}-{spec['hidden']}-{outputs}",
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
        if sk["mlp"]["balanced"]:
            entry["sklearn"]["balanced_scores"] = sk["mlp"]["balanced"]
            entry["sklearn"]["balanced_mean"] = statistics.fmean(sk["mlp"]["balanced"])
        if "second" in sk:
            two = [t for r in sk_rounds for t in r["second"]["fit_seconds"]]
            entry["sklearn_second"] = {
                "network": second_name, "scores": sk["second"]["scores"],
                "mean": statistics.fmean(sk["second"]["scores"]),
                "worst": min(sk["second"]["scores"]),
                "fit_seconds_median": statistics.median(two),
            }
            if sk["second"]["balanced"]:
                entry["sklearn_second"]["balanced_scores"] = sk["second"]["balanced"]
                entry["sklearn_second"]["balanced_mean"] = statistics.fmean(sk["second"]["balanced"])
        key = "accuracy" if spec["task"] == "classification" else "r2"
        for label, rounds in (("ours", own_rounds), ("ours_on_sklearn_splits", given_rounds)):
            if not rounds:
                continue
            o = dict(rounds[0])
            o["train_seconds_median_all_rounds"] = statistics.median(
                r["train_seconds_median"] for r in rounds)
            o["wall_seconds"] = [r.pop("_wall_seconds") for r in rounds]
            o.pop("_wall_seconds", None)
            o["speedup"] = entry["sklearn"]["fit_seconds_median"] / o["train_seconds_median_all_rounds"]
            goal = spec["goal"] if label == "ours" else entry["sklearn"]["mean"]
            o["meets_goal"] = bool((goal is None or o[key] >= goal)
                                   and o["speedup"] >= SPEEDUP_GOAL)
            entry[label] = o
        results[name] = entry
        s = entry["sklearn"]
        print(f"{name}: sklearn mean {fmt_score(s['mean'], spec['task'])}, worst "
              f"{fmt_score(s['worst'], spec['task'])}, median fit {fmt_t(s['fit_seconds_median'])}, "
              f"epochs {s['epochs']}"
              + (f", balanced {fmt_score(s['balanced_mean'], 'classification')}"
                 if "balanced_mean" in s else "")
              + (f", {s['not_converged_splits']} split(s) hit max_iter" if s['not_converged_splits'] else "")
              + (f"; {entry['sklearn_second']['network']} {fmt_score(entry['sklearn_second']['mean'], spec['task'])}"
                 + (f" (balanced {fmt_score(entry['sklearn_second']['balanced_mean'], 'classification')})"
                    if "balanced_mean" in entry["sklearn_second"] else "")
                 if "sklearn_second" in entry else ""),
              flush=True)

    # ---- the table
    print()

    def score_cell(d, task, key="mean", balanced="balanced_mean"):
        text = fmt_score(d[key], task)
        if balanced in d:
            text += f" (balanced {fmt_score(d[balanced], 'classification')})"
        return text

    if not args.ours:
        print("| data set | rows × features | scikit-learn | mean test accuracy / R² "
              "| worst split | epochs (per split) | median fit time |")
        print("|---|---|---|---|---|---|---|")
        for name in names:
            e, spec = results[name], SETS[name]
            rows = [(e["sklearn"], e["sklearn"]["network"].split(" ")[0] + ", Adam")]
            if "sklearn_second" in e:
                rows.append((e["sklearn_second"], e["sklearn_second"]["network"]))
            for s, label in rows:
                ep = ", ".join(map(str, s["epochs"])) if "epochs" in s else "–"
                print(f"| {spec['label']} | {e['rows']} × {e['features']} | {label} "
                      f"| {score_cell(s, spec['task'])} | {fmt_score(s['worst'], spec['task'])} "
                      f"| {ep} | {fmt_t(s['fit_seconds_median'])} |")
    else:
        print("| data set | ours: network, optimiser | epochs | ours, own splits | ours, "
              "scikit-learn's splits | scikit-learn (its splits) | second reference "
              "| our time (own / sklearn's splits) | scikit-learn's time | speed-up "
              "| ≥ scikit-learn, ≥ 10× |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for name in names:
            e, spec = results[name], SETS[name]
            o, g, s = e["ours"], e["ours_on_sklearn_splits"], e["sklearn"]
            key = "accuracy" if spec["task"] == "classification" else "r2"
            second = (f"{e['sklearn_second']['network']}: {score_cell(e['sklearn_second'], spec['task'])}"
                      if "sklearn_second" in e else "–")
            print(f"| {spec['label']} | {o['network']}, {o['optimizer']} | {g['epochs']} "
                  f"| {score_cell(o, spec['task'], key, 'balanced_accuracy')} "
                  f"| {score_cell(g, spec['task'], key, 'balanced_accuracy')} "
                  f"| {score_cell(s, spec['task'])} | {second} "
                  f"| {fmt_t(o['train_seconds_median_all_rounds'])} / "
                  f"{fmt_t(g['train_seconds_median_all_rounds'])} "
                  f"| {fmt_t(s['fit_seconds_median'])} | {g['speedup']:.0f}× "
                  f"| {'yes' if g['meets_goal'] else 'NO'} |")
    print(f"\nProtocol: seeds {SEEDS}, test_size {TEST_SIZE}, stratified (not the regressions), "
          "scaling fitted on the train part; time = perf_counter around fit only, "
          f"median over {len(SEEDS)} splits" + (f" × {args.rounds} rounds" if args.rounds > 1 else "") + ".")

    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"machine": m, "command": sys.argv, "seeds": SEEDS,
                       "test_size": TEST_SIZE, "rounds": args.rounds,
                       "results": results}, fh, indent=1)
            fh.write("\n")
        print(f"wrote {args.json}")
    if args.dump_splits:
        os.makedirs(os.path.dirname(os.path.abspath(args.dump_splits)), exist_ok=True)
        with open(args.dump_splits, "w") as fh:
            json.dump({"seeds": SEEDS, "test_size": TEST_SIZE,
                       "note": "0-based data rows of the file (the header not counted) in the "
                               "test part of each seed's split; the training part is every "
                               "other row (cars_mpg: every other row with miles per gallon)",
                       "test_rows": splits_out}, fh, separators=(",", ":"))
            fh.write("\n")
        print(f"wrote {args.dump_splits}")


if __name__ == "__main__":
    main()
