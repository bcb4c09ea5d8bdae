"""A trained scikit-learn MLPClassifier or MLPRegressor as a static-mlp network.

Writes the model's `coefs_` and `intercepts_` as the state dict of a PyTorch
`nn.Sequential(Linear, activation, Linear, ...)` in a safetensors file (keys `0.weight`,
`0.bias`, `2.weight`, ...; each weight `[out, in]`, the transpose of `coefs_[i]`), which
static-mlp reads with `Net::load_safetensors` or bakes with `build_script::bake_safetensors`,
and prints the `mlp!` type to read it into:

    python3 scripts/sklearn_to_safetensors.py model.joblib net.safetensors [--dtype float64]

or from Python, on a model in memory:

    from sklearn_to_safetensors import save_safetensors
    print(save_safetensors(model, "net.safetensors"))   # mlp!(f32; 4 => 16 Relu => 3 Softmax)

The model file is read with joblib (or pickle, for a `.pkl`/`.pickle`). Unpickling runs
code from the file: convert only models you saved yourself.

What is converted:
- the hidden activation (`relu` -> Relu, `logistic` -> Sigmoid, `tanh` -> Tanh,
  `identity` -> Identity) on every hidden layer;
- the output activation as scikit-learn applies it (`out_activation_`): softmax for a
  classifier of three or more classes (the outputs are `predict_proba`), logistic for a
  binary classifier (one output, the probability of `classes_[1]`; `predict_proba` is
  `[1 - p, p]`) and for a multi-label one, identity for a regressor (`predict`);
- a `Pipeline` of a `StandardScaler` and the MLP: the scaler is folded into the first layer
  (`W' = W / scale`, `b' = b - (mean / scale) W`), so the network takes the raw features.

Refused, with a message: other estimators or pipeline steps, an unfitted model, an output
activation static-mlp has no type for (`exp`, from `MLPRegressor(loss="poisson")`),
non-finite weights, and weights that overflow the dtype asked for.

`--dtype float32` (the default) is what an `mlp!(f32; ...)` reads: scikit-learn's float64
weights are rounded to the nearest float32. `--dtype float64` keeps them exactly, for an
`mlp!(f64; ...)`. Needs numpy and scikit-learn (and joblib for the command line), not the
safetensors package: the file is written directly, the same bytes on every run.
"""

import argparse
import json
import os
import pickle
import struct
import sys
import tempfile

import numpy as np

HIDDEN_ACTIVATIONS = {"relu": "Relu", "logistic": "Sigmoid", "tanh": "Tanh", "identity": "Identity"}
OUTPUT_ACTIVATIONS = {"softmax": "Softmax", "logistic": "Sigmoid", "identity": "Identity"}
# The crate's `Activation::NAME`s, as its `architecture()` and error messages spell them.
CRATE_NAMES = {"Relu": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh", "Identity": "identity", "Softmax": "softmax"}
DTYPES = {"float32": ("F32", np.dtype("<f4"), "f32"), "float64": ("F64", np.dtype("<f8"), "f64")}


class ConversionError(ValueError):
    """The model is not one static-mlp can represent; the message says why."""


def _mlp_and_scaler(model):
    """The MLP and the StandardScaler before it (or None), from a model or a Pipeline."""
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    scaler = None
    if isinstance(model, Pipeline):
        steps = [(name, step) for name, step in model.steps if step not in (None, "passthrough")]
        if not steps:
            raise ConversionError("expected a Pipeline ending in an MLPClassifier or MLPRegressor, found an empty Pipeline")
        *before, (_, model) = steps
        if len(before) > 1 or (before and not isinstance(before[0][1], StandardScaler)):
            found = ", ".join(f"{name}: {type(step).__name__}" for name, step in before)
            raise ConversionError(
                "expected at most one StandardScaler before the MLP in the Pipeline "
                f"(it is folded into the first layer), found {found}; other steps are not "
                "part of an mlp! network: apply them before calling it"
            )
        if before:
            scaler = before[0][1]
    if not isinstance(model, (MLPClassifier, MLPRegressor)):
        raise ConversionError(
            f"expected an MLPClassifier or MLPRegressor (or a Pipeline ending in one), found {type(model).__name__}"
        )
    if not hasattr(model, "coefs_"):
        raise ConversionError(f"the {type(model).__name__} is not fitted: expected coefs_ and intercepts_, found none")
    if scaler is not None and not hasattr(scaler, "n_features_in_"):
        raise ConversionError("the Pipeline's StandardScaler is not fitted")
    return model, scaler


def layers(model):
    """The network `model` stands for: `(weights, activations)`, `weights` a list of
    `(W, b)` in float64 with `W` as `coefs_` stores it (`[in, out]`, `x @ W + b`), a
    StandardScaler folded into the first, and the crate's activation type names, one per
    layer. Raises ConversionError for what an `mlp!` type cannot hold."""
    mlp, scaler = _mlp_and_scaler(model)
    if mlp.activation not in HIDDEN_ACTIVATIONS:
        raise ConversionError(
            f"hidden activation {mlp.activation!r}: expected one of {sorted(HIDDEN_ACTIVATIONS)}"
        )
    if mlp.out_activation_ not in OUTPUT_ACTIVATIONS:
        raise ConversionError(
            f"output activation {mlp.out_activation_!r}: static-mlp has softmax, logistic (Sigmoid) "
            "and identity outputs only"
            + (" (MLPRegressor(loss='poisson') predicts exp(z): use loss='squared_error')" if mlp.out_activation_ == "exp" else "")
        )
    weights = [(np.array(w, dtype=np.float64), np.array(b, dtype=np.float64)) for w, b in zip(mlp.coefs_, mlp.intercepts_)]
    for i, (w, b) in enumerate(weights):
        if w.ndim != 2 or b.shape != (w.shape[1],) or (i and w.shape[0] != weights[i - 1][0].shape[1]):
            raise ConversionError(f"layer {i + 1}: coefs_ {w.shape} and intercepts_ {b.shape} do not chain")
        if not (np.isfinite(w).all() and np.isfinite(b).all()):
            raise ConversionError(f"layer {i + 1}: expected finite weights, found NaN or infinity (did training diverge?)")
    if scaler is not None:
        w, b = weights[0]
        if scaler.n_features_in_ != w.shape[0]:
            raise ConversionError(f"the StandardScaler has {scaler.n_features_in_} features, the MLP {w.shape[0]} inputs")
        # transform() uses mean_ only with with_mean, scale_ only with with_std
        mean = np.asarray(scaler.mean_, dtype=np.float64) if scaler.with_mean else np.zeros(w.shape[0])
        scale = np.asarray(scaler.scale_, dtype=np.float64) if scaler.with_std else np.ones(w.shape[0])
        # ((x - mean) / scale) @ W + b  =  x @ (W / scale) + (b - (mean / scale) @ W)
        weights[0] = (w / scale[:, None], b - (mean / scale) @ w)
    activations = [HIDDEN_ACTIVATIONS[mlp.activation]] * (len(weights) - 1) + [OUTPUT_ACTIVATIONS[mlp.out_activation_]]
    return weights, activations


def mlp_layers(weights, activations):
    """The layers of the `mlp!` type: `4 => 16 Relu => 3 Softmax`."""
    return " => ".join([str(weights[0][0].shape[0])] + [f"{w.shape[1]} {a}" for (w, _), a in zip(weights, activations)])


def mlp_type(model, dtype="float32"):
    """The `mlp!` type to read the file `save_safetensors(model, path, dtype)` writes."""
    weights, activations = layers(model)
    return _mlp_type(weights, activations, dtype)


def _mlp_type(weights, activations, dtype):
    return f"mlp!({DTYPES[dtype][2]}; {mlp_layers(weights, activations)})"


def _stored(array, dtype):
    """`array` in the file's dtype, refusing values the dtype cannot hold."""
    with np.errstate(over="ignore"):
        stored = np.ascontiguousarray(array, dtype=DTYPES[dtype][1])
    if not np.isfinite(stored).all():
        raise ConversionError(f"a weight of magnitude {np.abs(array).max():.3g} overflows {dtype}: use dtype='float64'")
    return stored


def state_dict(model, dtype="float32"):
    """The `nn.Sequential` state dict: `{"0.weight": [out, in], "0.bias": [out], "2.weight": ...}`
    as arrays of `dtype`, in layer order."""
    weights, _ = layers(model)
    return _state_dict(weights, dtype)


def _state_dict(weights, dtype):
    tensors = {}
    for i, (w, b) in enumerate(weights):
        tensors[f"{2 * i}.weight"] = _stored(w.T, dtype)  # nn.Linear's [out, in]
        tensors[f"{2 * i}.bias"] = _stored(b, dtype)
    return tensors


def save_safetensors(model, path, dtype="float32"):
    """Writes `model` (an MLPClassifier or MLPRegressor, or a Pipeline of a StandardScaler and
    one) to `path` as a safetensors file of `dtype` ("float32" or "float64") and returns the
    `mlp!` type that reads it, such as `mlp!(f32; 4 => 16 Relu => 3 Softmax)`. A failed write
    leaves an existing file at `path` as it was (`_write_whole`)."""
    if dtype not in DTYPES:
        raise ConversionError(f"dtype {dtype!r}: expected one of {sorted(DTYPES)}")
    mlp, _ = _mlp_and_scaler(model)
    weights, activations = layers(model)
    tensors = _state_dict(weights, dtype)
    import sklearn

    metadata = {
        "format": "pt",
        "activations": json.dumps([CRATE_NAMES[a] for a in activations]),
        "mlp": _mlp_type(weights, activations, dtype),
        "generator": f"scripts/sklearn_to_safetensors.py (scikit-learn {sklearn.__version__}, {type(mlp).__name__})",
    }
    # The format itself: u64 LE header length, the JSON header padded with spaces to a
    # multiple of 8 bytes, then the tensors' little-endian bytes back to back.
    header = {"__metadata__": metadata}
    offset = 0
    for name, array in tensors.items():
        header[name] = {"dtype": DTYPES[dtype][0], "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    _write_whole(path, [struct.pack("<Q", len(text)), text] + [array.tobytes() for array in tensors.values()])
    return metadata["mlp"]


def _write_whole(path, chunks):
    """Writes `chunks` to `path` all at once or not at all: into a new file beside it, renamed
    over it, so that a failed write leaves an existing file as it was. A symbolic link's target
    is replaced and the link kept; a device or a pipe (`/dev/null`) is written in place, since
    renaming over it would put a regular file where the device was."""
    target = os.path.realpath(path)
    if os.path.exists(target) and not os.path.isfile(target):
        with open(target, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
        return
    if os.path.exists(target):
        mode = os.stat(target).st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # as open(path, "wb") would create it
    with tempfile.NamedTemporaryFile("wb", dir=os.path.dirname(target), prefix=".sklearn-", suffix=".tmp", delete=False) as f:
        try:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
            os.chmod(f.name, mode)
            f.close()
            os.replace(f.name, target)
        except BaseException:
            f.close()
            if os.path.exists(f.name):
                os.unlink(f.name)
            raise


def describe_outputs(model):
    """What the network's outputs mean, in a sentence."""
    mlp, _ = _mlp_and_scaler(model)
    classes = [c.item() if hasattr(c, "item") else c for c in getattr(mlp, "classes_", [])]  # numpy scalars as Python's
    if mlp.out_activation_ == "softmax":
        return f"outputs: predict_proba, one per class in classes_ order {classes}; the class is the largest"
    if mlp.out_activation_ == "logistic" and len(classes) == 2 and mlp.n_outputs_ == 1:
        return f"output: the probability of class {classes[1]!r} (predict_proba's second column); above 0.5 predicts it, else {classes[0]!r}"
    if mlp.out_activation_ == "logistic":
        return "outputs: one probability per label (multi-label); above 0.5 predicts the label"
    return "outputs: predict's values"


def load(path):
    """A model saved with joblib.dump or pickle.dump. This runs code from the file."""
    if str(path).endswith((".pkl", ".pickle")):
        with open(path, "rb") as f:
            return pickle.load(f)
    import joblib

    return joblib.load(path)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Convert a scikit-learn MLPClassifier/MLPRegressor (or a Pipeline of a StandardScaler "
        "and one) to a safetensors file for static-mlp, and print the mlp! type to read it into.",
        epilog="The model file is unpickled, which runs code from it: convert only your own files.",
    )
    parser.add_argument("model", help="the model, saved with joblib.dump (or pickle.dump, as .pkl/.pickle)")
    parser.add_argument("output", help="the safetensors file to write")
    parser.add_argument("--dtype", choices=sorted(DTYPES), default="float32", help="float32 (default) for an mlp!(f32; ...), float64 for an mlp!(f64; ...)")
    args = parser.parse_args(argv)
    try:
        model = load(args.model)
        net = save_safetensors(model, args.output, args.dtype)
    except ConversionError as error:
        print(f"error: {args.model}: {error}", file=sys.stderr)
        return 2
    print(f"wrote {args.output}")
    print(f"type Net = {net};")
    print(describe_outputs(model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
