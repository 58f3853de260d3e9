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


def sample_input(model: Layer, samples: int = 4, seed: int = 0) -> np.ndarray:
    """Standard normal inputs of the model's input shape (free sizes set to 7), float32, reproducible."""
    shape = model.input_shape
    if shape is None:
        raise ValueError(f"model '{model.name}' is not built: its input shape is unknown")
    size = [samples] + [FREE_SIZE if d is None else int(d) for d in shape[1:]]
    return np.random.default_rng(seed).standard_normal(size).astype(np.float32)


def run(path: Any, x: Any) -> np.ndarray:
    """The output of the ONNX file ``path`` for the input ``x`` (onnxruntime, CPU, one thread)."""
    onnxruntime = require("onnxruntime")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # deterministic sums, and polite on shared machines
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    (output,) = session.run(None, {session.get_inputs()[0].name: np.asarray(x, dtype=np.float32)})
    return output


def compare(model: Layer, path: Any, x: Any) -> float:
    """The largest $|y_{axone} - y_{onnx}|$ over every output for the input ``x``.

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
    x = np.asarray(x, dtype=np.float32)
    expected = model.predict(x) if hasattr(model, "predict") else model(x, training=False).numpy()
    got = run(path, x)
    if got.shape != np.shape(expected):
        raise ValueError(f"the ONNX file gives shape {got.shape}, axone gives {np.shape(expected)} for the same input")
    return float(np.max(np.abs(got.astype(np.float64) - np.asarray(expected, dtype=np.float64)), initial=0.0))
