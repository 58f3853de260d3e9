"""Shared by the ONNX tests: random weights, and the export-then-compare round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx

import axone as ax

TOLERANCE = 1e-5  # the bound on |axone - onnxruntime|, float32


def randomize(model: ax.layers.Layer, seed: int = 0) -> None:
    """Weights drawn at random (biases included, variances positive), so that every weight matters."""
    rng = np.random.default_rng(seed)
    for variable in model.weights:
        if "variance" in (variable.name or ""):
            variable.data[...] = rng.uniform(0.5, 2.0, variable.shape)
        else:
            variable.data[...] = rng.normal(0.0, 0.5, variable.shape)


def round_trip(model: ax.layers.Layer, folder: Path, x: np.ndarray | None = None) -> float:
    """Export ``model``, check the file with onnx.checker, and return the largest gap to axone on ``x``."""
    path = ax.onnx.export(model, folder / f"{model.name}.onnx")
    onnx.checker.check_model(onnx.load(str(path)), full_check=True)
    x = ax.onnx.sample_input(model, samples=5) if x is None else x
    return ax.onnx.compare(model, path, x)
