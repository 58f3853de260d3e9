"""Run a model once and record what each layer returned, in the order the layers finished.

Works for ``Sequential`` and for subclassed models alike: each layer's ``call`` is wrapped for the
duration of one forward pass (an instance attribute, removed afterwards), so nothing is
assumed about how ``call`` chains the layers. Used by ``summary()`` (output shapes) and by
``TerminateOnNaN`` (the first layer whose output is not finite).

Example:
    >>> import axone as ax
    >>> model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(3), ax.layers.Dense(1)])
    >>> [(layer.name.split("_")[0], out.shape) for layer, out in trace(model, np.zeros((4, 2), "float32"))]
    [('dense', (4, 3)), ('dense', (4, 1))]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.engine import no_grad
from axone.core.tensor import Tensor
from axone.training.nested import Arrays, to_tensors


def all_layers(model: Any) -> list:
    """Every layer below ``model`` (depth first, each once), the model itself excluded."""
    found, seen, stack = [], {id(model)}, list(reversed(_children(model)))
    while stack:
        layer = stack.pop()
        if id(layer) in seen:
            continue
        seen.add(id(layer))
        found.append(layer)
        stack.extend(reversed(_children(layer)))
    return found


def _children(layer: Any) -> list:
    children = list(getattr(layer, "layers", None) or [])
    return children + [c for c in layer.sublayers() if all(c is not k for k in children)]


def trace(model: Any, x: np.ndarray, training: bool = False) -> list[tuple[Any, Tensor]]:
    """``[(layer, output), ...]`` for one forward pass of ``x`` (no graph is recorded)."""
    records: list[tuple[Any, Tensor]] = []
    layers = all_layers(model)

    def wrap(layer: Any) -> Any:
        original = layer.call

        def call(inputs: Any, training: bool = False) -> Any:
            out = original(inputs, training=training)
            records.append((layer, out))
            return out

        return call

    for layer in layers:
        layer.call = wrap(layer)
    try:
        with no_grad():
            model(to_tensors(x) if isinstance(x, Arrays) else Tensor(x), training=training)
    finally:
        for layer in layers:
            del layer.call
    return records
