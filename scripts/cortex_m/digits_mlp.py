"""A scikit-learn MLPClassifier on the digits (64 -> 32 ReLU -> 10 softmax), converted twice:
to C by emlearn (`eml_digits.h`, for its `eml_net_predict`) and to a `const` of this crate's
`mlp!(f32; 64 => 32 Relu => 10 Softmax)` (`digits_f32.rs`), from the same `coefs_` and
`intercepts_`. Used by `scripts/cortex_m_table.sh`; needs `pip install emlearn scikit-learn`.

    python3 scripts/cortex_m/digits_mlp.py OUT_DIR

Inputs are the pixels divided by 16. emlearn prints weights with 6 decimals, so its copy
differs from the float32 weights by up to 5e-7; the script reports how often the two agree.
"""
import csv
import os
import sys
from pathlib import Path

import emlearn
import numpy as np
from sklearn.neural_network import MLPClassifier

np.seterr(all="ignore")  # scikit-learn's Adam underflows harmlessly

ROOT = Path(__file__).resolve().parents[2]


def load_digits():
    with open(ROOT / "datasets" / "digits.csv") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    x = np.array([[float(v) for v in row[:64]] for row in rows], dtype=np.float32) / 16.0
    y = np.array([int(float(row[64])) for row in rows])
    assert header[64] != "" and x.shape == (1797, 64)
    return x, y


def rust_matrix(rows):
    """A nalgebra ArrayStorage literal: one inner array per column."""
    lines = []
    for column in rows:
        values = ", ".join(repr(float(np.float32(v))) + "_f32" for v in column)
        lines.append(f"            [{values}],")
    return "\n".join(lines)


def dense(weights, bias):
    # coefs_ is (inputs, outputs): column o holds the weights into output o.
    return f"""    ::static_mlp::model::Dense::from_parts(
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
{rust_matrix(weights.T)}
        ])),
        ::static_mlp::nalgebra::SMatrix::from_array_storage(::static_mlp::nalgebra::ArrayStorage([
{rust_matrix([[b] for b in bias])}
        ])),
    )"""


def main():
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    x, y = load_digits()
    model = MLPClassifier(hidden_layer_sizes=(32,), activation="relu", max_iter=300, random_state=0)
    model.fit(x[:1437], y[:1437])
    accuracy = model.score(x[1437:], y[1437:])
    (w1, w2), (b1, b2) = model.coefs_, model.intercepts_
    source = (
        "// digits 64 -> 32 ReLU -> 10 softmax from scikit-learn's MLPClassifier, written by\n"
        "// scripts/cortex_m/digits_mlp.py. Generated: do not edit.\n"
        "pub const DIGITS_F32: DigitsF32 = ::static_mlp::model::Chain::new(\n"
        + dense(w1, b1)
        + ",\n"
        + dense(w2, b2).replace("\n", "\n    ").replace("    ::static_mlp::model::Dense", "::static_mlp::model::Dense", 1)
        + ",\n);\n"
    )
    (out / "digits_f32.rs").write_text(source)
    # emlearn's "loadable" converter compiles a test program into ./tmp: keep it out of the tree.
    os.chdir(out)
    emlearn.convert(model, method="loadable").save(name="digits", file=str(out / "eml_digits.h"))
    # One test image for the harness, as f32 literals.
    image = ", ".join(repr(float(v)) + "_f32" for v in x[1437])
    (out / "digits_input.rs").write_text(f"pub const DIGITS_IMAGE: [f32; 64] = [{image}];\n")
    (out / "digits_input.h").write_text(
        "static const float digits_image[64] = {" + ", ".join(f"{float(v)!r}f" for v in x[1437]) + "};\n"
    )
    print(f"digits MLPClassifier: test accuracy {accuracy:.4f}; wrote {out}/digits_f32.rs, eml_digits.h")


if __name__ == "__main__":
    main()
