#!/usr/bin/env python3
"""Copy the small real data sets shipped inside scikit-learn's wheel into
datasets/ as plain, uniform CSV files.

    pip install -r scripts/datasets/requirements.txt
    python3 scripts/datasets/copy_datasets.py            # writes datasets/*.csv
    python3 scripts/datasets/copy_datasets.py --check    # verifies, writes nothing

Why: the crate's examples and tests train on real data that nobody on the
project wrote, read at run time from CSV, and nothing may download anything.
scikit-learn's files are not plain CSV (see SOURCES below), so they are
rewritten once here and the results are committed.

Output format, the same for every file:

* UTF-8, '\n' line ends, a final newline, ',' separator, no quoting needed
  (the script asserts that no field holds ',', '"' or white space);
* one header row: the feature names scikit-learn's loaders use, made
  identifier-safe (lowercase, every run of characters other than [a-z0-9]
  becomes '_', no leading/trailing '_': "sepal length (cm)" ->
  "sepal_length_cm", "od280/od315_of_diluted_wines" ->
  "od280_od315_of_diluted_wines");
* one row per sample, in the source's order;
* the label last: a column `class` holding the class NAME as text, or for
  the regression set (diabetes) a numeric column `target`;
* numbers exactly as the source file spells them. The script asserts that
  every such token is already the shortest round-trip spelling of its float64
  (Python's repr, give or take a trailing ".0"), so parsing it gives the
  very float64 scikit-learn's loader gives. The one exception is the diabetes
  target, stored by scikit-learn as "%.18e" ("1.510000000000000000e+02");
  its values are all integers and are written as such ("151").

After writing, every file is read back and compared, bit for bit, with what
scikit-learn's own loader returns (data, target, class names, feature names)
and with the expected shape and class counts.
"""

import argparse
import csv
import gzip
import hashlib
import io
import math
import os
import re
import sys
from collections import Counter

import numpy as np
import sklearn
from sklearn import datasets as skd

SK_DATA = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "data")
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO, "datasets")

# name -> how to read it, the loader to cross-check with, expected facts.
# `counts` is in scikit-learn's class-index order (index 0 first).
SOURCES = {
    # "150,4,setosa,versicolor,virginica" count line, then rows of
    # 4 features + integer class index.
    "iris": dict(files=["iris.csv"], kind="count_line", loader=skd.load_iris,
                 rows=150, features=4,
                 classes=["setosa", "versicolor", "virginica"],
                 counts=[50, 50, 50]),
    "wine": dict(files=["wine_data.csv"], kind="count_line", loader=skd.load_wine,
                 rows=178, features=13,
                 classes=["class_0", "class_1", "class_2"],
                 counts=[59, 71, 48]),
    "breast_cancer": dict(files=["breast_cancer.csv"], kind="count_line",
                          loader=skd.load_breast_cancer, rows=569, features=30,
                          classes=["malignant", "benign"], counts=[212, 357]),
    # gzip, no header at all: 64 integer pixels + the digit.
    "digits": dict(files=["digits.csv.gz"], kind="plain_last_label",
                   loader=skd.load_digits, rows=1797, features=64,
                   classes=[str(d) for d in range(10)],
                   counts=[178, 182, 177, 183, 181, 182, 181, 179, 174, 180]),
    # gzip, space separated, no header; the target in a second file, one
    # "%.18e" number per line.
    "diabetes": dict(files=["diabetes_data_raw.csv.gz", "diabetes_target.csv.gz"],
                     kind="regression_two_files",
                     loader=lambda **kw: skd.load_diabetes(scaled=False, **kw),
                     rows=442, features=10, classes=None, counts=None),
}

NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")


def safe_name(name):
    s = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    assert s and re.fullmatch(r"[a-z0-9_]+", s), name
    return s


def read_lines(fname):
    path = os.path.join(SK_DATA, fname)
    opener = gzip.open if fname.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        text = fh.read()
    assert "\r" not in text, f"{fname}: CR line ends"
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    assert all(l.strip() for l in lines), f"{fname}: blank line"
    return lines


def check_number(tok, where):
    """tok must be a plain decimal and the shortest round-trip form of its
    float64, so copying the text verbatim is copying the value."""
    assert NUMBER.match(tok), f"{where}: not a plain number: {tok!r}"
    x = float(tok)
    assert math.isfinite(x), where
    r = repr(x)
    assert tok == r or tok + ".0" == r, f"{where}: {tok!r} is not the repr {r!r}"
    return tok


def read_source(name, spec):
    """-> (list of feature-token rows, list of label strings)"""
    feats, labels = [], []
    if spec["kind"] == "count_line":
        (fname,) = spec["files"]
        lines = read_lines(fname)
        head = lines[0].split(",")
        n, p, names = int(head[0]), int(head[1]), head[2:]
        assert (n, p, names) == (spec["rows"], spec["features"], spec["classes"]), \
            f"{fname}: count line {lines[0]!r}"
        for i, line in enumerate(lines[1:], start=2):
            toks = line.split(",")
            assert len(toks) == p + 1, f"{fname}:{i}: {len(toks)} fields"
            feats.append([check_number(t, f"{fname}:{i}") for t in toks[:-1]])
            labels.append(names[int(toks[-1])])
        assert len(feats) == n, f"{fname}: {len(feats)} rows, count line says {n}"
    elif spec["kind"] == "plain_last_label":
        (fname,) = spec["files"]
        for i, line in enumerate(read_lines(fname), start=1):
            toks = line.split(",")
            assert len(toks) == spec["features"] + 1, f"{fname}:{i}"
            assert all(re.fullmatch(r"[0-9]+", t) for t in toks), f"{fname}:{i}"
            feats.append(toks[:-1])
            labels.append(spec["classes"][int(toks[-1])])
    elif spec["kind"] == "regression_two_files":
        xname, yname = spec["files"]
        for i, line in enumerate(read_lines(xname), start=1):
            toks = line.split(" ")
            assert len(toks) == spec["features"], f"{xname}:{i}: {len(toks)} fields"
            feats.append([check_number(t, f"{xname}:{i}") for t in toks])
        for i, line in enumerate(read_lines(yname), start=1):
            y = float(line)
            assert y == int(y), f"{yname}:{i}: not an integer: {line!r}"
            labels.append(str(int(y)))
        assert len(labels) == len(feats), "data and target row counts differ"
    else:
        raise ValueError(spec["kind"])
    return feats, labels


def render(name, spec):
    loaded = spec["loader"]()
    header = [safe_name(f) for f in loaded.feature_names]
    assert len(set(header)) == len(header), f"{name}: duplicate column names"
    header.append("class" if spec["classes"] else "target")
    feats, labels = read_source(name, spec)
    buf = io.StringIO()
    for row in [header] + [f + [l] for f, l in zip(feats, labels)]:
        for field in row:
            assert field and not re.search(r'[,"\s]', field), (name, field)
        buf.write(",".join(row) + "\n")
    return buf.getvalue(), loaded


def verify(name, spec, text, loaded):
    """Read the CSV text back the way a consumer would and compare it with
    scikit-learn's loader, bit for bit."""
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert len(body) == spec["rows"], f"{name}: {len(body)} rows"
    assert len(header) == spec["features"] + 1 and all(len(r) == len(header) for r in body)
    assert header == [safe_name(f) for f in loaded.feature_names] + \
        ["class" if spec["classes"] else "target"]
    x = np.array([[float(t) for t in r[:-1]] for r in body])
    assert x.dtype == loaded.data.dtype and np.array_equal(x, loaded.data), \
        f"{name}: features differ from scikit-learn's loader"
    if spec["classes"]:
        tn = [str(t) for t in loaded.target_names]
        assert tn == spec["classes"], (name, tn)
        labels = [r[-1] for r in body]
        assert [tn.index(l) for l in labels] == loaded.target.tolist(), \
            f"{name}: labels differ from scikit-learn's loader"
        counts = Counter(labels)
        assert [counts[c] for c in tn] == spec["counts"], (name, counts)
        # Class order: scikit-learn's index order must equal the order of
        # first appearance in the file (what a streaming reader sees first).
        first_seen = list(dict.fromkeys(labels))
        assert first_seen == tn, f"{name}: first-appearance order {first_seen} != {tn}"
    else:
        y = np.array([float(r[-1]) for r in body])
        assert np.array_equal(y, loaded.target), f"{name}: target differs"


def summary(name, spec, text):
    rows = text.count("\n") - 1
    labels = [l.rsplit(",", 1)[1] for l in text.splitlines()[1:]]
    if spec["classes"]:
        c = Counter(labels)
        desc = ", ".join(f"{k} {c[k]}" for k in spec["classes"])
    else:
        y = np.array([float(v) for v in labels])
        desc = f"target min {y.min():g}, max {y.max():g}, mean {y.mean():.2f}"
    sha = hashlib.sha256(text.encode()).hexdigest()
    return (f"{name}.csv: {rows} rows x {spec['features']} features + label, "
            f"{len(text.encode())} bytes, sha256 {sha}\n    {desc}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="write nothing; fail if datasets/*.csv differ from what would be written")
    ap.add_argument("--out", default=OUT_DIR, help="output folder (default: datasets/)")
    args = ap.parse_args()
    print(f"scikit-learn {sklearn.__version__}, reading {SK_DATA}")
    os.makedirs(args.out, exist_ok=True)
    stale = []
    total = 0
    for name, spec in SOURCES.items():
        text, loaded = render(name, spec)
        verify(name, spec, text, loaded)
        path = os.path.join(args.out, f"{name}.csv")
        if args.check:
            with open(path, encoding="utf-8", newline="") as fh:
                if fh.read() != text:
                    stale.append(path)
        else:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        total += len(text.encode())
        print(summary(name, spec, text))
    print(f"total {total} bytes")
    if stale:
        sys.exit("differ from a fresh copy: " + ", ".join(stale))


if __name__ == "__main__":
    main()
