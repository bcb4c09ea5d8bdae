#!/usr/bin/env python3
"""Copy the "cars" data (auto-mpg) shipped inside the vega_datasets package
into datasets/cars.csv: a small real file with missing cells and a text class.

    pip install vega_datasets==0.9.0
    python3 scripts/datasets/copy_cars.py            # writes datasets/cars.csv
    python3 scripts/datasets/copy_cars.py --check    # verifies, writes nothing

Source: vega_datasets/_data/cars.json (406 records). Output format:

* UTF-8, '\n' line ends, a final newline, ',' separator, no quoting needed;
* header `miles_per_gallon,cylinders,displacement,horsepower,weight_in_lbs,
  acceleration,year,origin` (the JSON keys, lowercased; the car's `Name` is
  left out: one free-text name per car, useless as an input);
* one row per record, in the source's order;
* numbers exactly as the JSON spells them (`json.load` with the number
  tokens kept as text), except `Year`, a date "1970-01-01" in the source,
  written as the year "1970";
* a JSON null (8 in Miles_per_Gallon, 6 in Horsepower, 14 rows in all) is
  written as an EMPTY field: these are the missing cells;
* `origin` last, the text class: USA 254, Europe 73, Japan 79; USA first.
"""

import argparse
import hashlib
import json
import os
import sys
from collections import Counter

import vega_datasets

SOURCE = os.path.join(os.path.dirname(vega_datasets.__file__), "_data", "cars.json")
SOURCE_SHA256 = "f686a53678b21f4231e2f6a5ba7ce5761d9d39204fccdea1caa29fb8c460e319"
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "datasets", "cars.csv")

KEYS = ["Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower",
        "Weight_in_lbs", "Acceleration", "Year", "Origin"]


def render():
    raw = open(SOURCE, "rb").read()
    digest = hashlib.sha256(raw).hexdigest()
    assert digest == SOURCE_SHA256, f"{SOURCE}: sha256 {digest}, expected {SOURCE_SHA256}"
    records = json.loads(raw, parse_int=str, parse_float=str)
    assert len(records) == 406, len(records)
    lines = [",".join(key.lower() for key in KEYS)]
    for i, record in enumerate(records):
        assert set(record) == set(KEYS) | {"Name"}, (i, record.keys())
        fields = []
        for key in KEYS:
            value = record[key]
            if value is None:
                assert key in ("Miles_per_Gallon", "Horsepower"), (i, key)
                value = ""
            elif key == "Year":
                assert value.endswith("-01-01") and len(value) == 10, (i, value)
                value = value[:4]
            elif key == "Origin":
                assert value in ("USA", "Europe", "Japan"), (i, value)
            else:
                float(value)  # a number token
            assert not any(c in value for c in ',"\n '), (i, key, value)
            fields.append(value)
        lines.append(",".join(fields))
    text = "\n".join(lines) + "\n"

    rows = [line.split(",") for line in lines[1:]]
    missing = Counter(KEYS[j] for row in rows for j, f in enumerate(row) if f == "")
    assert missing == {"Miles_per_Gallon": 8, "Horsepower": 6}, missing
    assert sum("" in row for row in rows) == 14
    origins = Counter(row[-1] for row in rows)
    assert origins == {"USA": 254, "Europe": 73, "Japan": 79}, origins
    assert rows[0][-1] == "USA"
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="write nothing; fail if datasets/cars.csv differs")
    args = ap.parse_args()
    text = render()
    if args.check:
        if open(OUT, encoding="utf-8", newline="").read() != text:
            sys.exit(f"{OUT} differs from what {SOURCE} gives")
        print(f"{OUT}: up to date")
    else:
        with open(OUT, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print(f"wrote {OUT}")
    data = text.encode()
    print(f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
