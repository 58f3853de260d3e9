"""``compare(model, path, x)``: run an exported file with onnxruntime and measure its gap to axone.

The check behind the tests and ``axone export --check``: the largest absolute difference between
``model.predict(x)`` and onnxruntime's output for the same ``x``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.layers.base import Layer
from axone.onnx.graph import require

FREE_SIZE = 7  # the size given to a dimension the model leaves free (a sequence's length)


def sample_input(model: Layer, samples: int = 4, seed: int = 0) -> Any:
    """Standard normal inputs of the model's input shape (free sizes set to 7), float32, reproducible;
    a list of arrays for a model with several inputs."""
    shape = model.input_shape
    if shape is None:
        raise ValueError(f"model '{model.name}' is not built: its input shape is unknown")
    rng = np.random.default_rng(seed)
    shapes = shape if isinstance(shape, list) else [shape]
    arrays = [
        rng.standard_normal([samples] + [FREE_SIZE if d is None else int(d) for d in s[1:]]).astype(np.float32)
        for s in shapes
    ]
    return arrays if isinstance(shape, list) else arrays[0]


def _as_list(x: Any) -> list[np.ndarray]:
    return [np.asarray(a, dtype=np.float32) for a in (x if isinstance(x, (list, tuple)) else [x])]


def run(path: Any, x: Any) -> Any:
    """The output(s) of the ONNX file ``path`` for the input ``x`` (an array, or a list in the file's
    input order), with onnxruntime on the CPU, one thread: an array, or a list for several outputs."""
    onnxruntime = require("onnxruntime")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # deterministic sums, and polite on shared machines
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    arrays = _as_list(x)
    if len(arrays) != len(names):
        raise ValueError(
            f"the ONNX file {str(path)!r} takes {len(names)} inputs ({', '.join(names)}), got {len(arrays)}"
        )
    outputs = session.run(None, dict(zip(names, arrays)))
    return outputs if len(outputs) > 1 else outputs[0]


def _inference(model: Any, x: Any) -> Any:
    """A layer's (or an ``ax.nn`` module's, in eval mode for the call) output for ``x`` as arrays."""
    from axone.core.engine import no_grad

    if isinstance(model, Layer):
        return model(x, training=False).numpy()
    modes = [(m, m.training) for m in model.modules()]
    try:
        model.eval()
        with no_grad():
            return model(x).numpy()
    finally:
        for m, mode in modes:
            object.__setattr__(m, "training", mode)


def compare(model: Layer, path: Any, x: Any) -> float:
    """The largest $|y_{axone} - y_{onnx}|$ over every output for the input ``x`` (a list for several inputs).

    Example:
        >>> import os, tempfile
        >>> import axone as ax, numpy as np
        >>> model = ax.Sequential([ax.Input((4,)), ax.layers.Dense(2, activation="softmax")])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = ax.onnx.export(model, os.path.join(folder, "m.onnx"))
        ...     gap = ax.onnx.compare(model, path, np.ones((3, 4), dtype="float32"))
        >>> gap < 1e-6
        True
    """
    arrays = _as_list(x)
    given = arrays if isinstance(x, (list, tuple)) else arrays[0]
    expected = model.predict(given) if hasattr(model, "predict") else _inference(model, given)
    expected = expected if isinstance(expected, (list, tuple)) else [expected]
    got = run(path, given)
    got = got if isinstance(got, list) else [got]
    gaps = [0.0]
    for y_onnx, y_axone in zip(got, expected, strict=True):
        if y_onnx.shape != np.shape(y_axone):
            raise ValueError(
                f"the ONNX file gives shape {y_onnx.shape}, axone gives {np.shape(y_axone)} for the same input"
            )
        gaps.append(float(np.max(np.abs(y_onnx.astype(np.float64) - np.asarray(y_axone, dtype=np.float64)))))
    return max(gaps)
