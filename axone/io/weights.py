"""Weights by stable names: collected from a model, checked against it, set all at once (level 4).

A weight's name in a file is its Variable's name, ``"<layer name>/<weight name>"``
(``"dense/kernel"``); layer names are saved in the config, so a loaded model names its weights
the same way. Should two weights share a name, the second is ``"name#1"``, the third
``"name#2"``: the order of ``model.weights`` is fixed by the architecture, so this is stable too.
Assignment checks every tensor (present, expected, shape, dtype) before it changes any weight:
a refused file leaves the model as it was.

Example:
    >>> import numpy as np
    >>> import axone as ax
    >>> from axone.io.weights import assign, collect
    >>> layer = ax.layers.Dense(2, name="d", kernel=np.ones((3, 2)))
    >>> sorted(collect(layer))
    ['d/bias', 'd/kernel']
    >>> assign(layer, {"d/kernel": np.zeros((3, 2), np.float32), "d/bias": np.ones(2, np.float32)}, "w.axone", "weights.safetensors")
    >>> float(layer.kernel.data.sum()), float(layer.bias.data.sum())
    (0.0, 2.0)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.io.errors import ModelFileError
from axone.io.tensors import CODES


def weight_names(variables: list[Any]) -> list[str]:
    """The file names of ``variables``, in order (``name``, then ``name#1``... for repeats)."""
    counts: dict[str, int] = {}
    out = []
    for i, variable in enumerate(variables):
        base = variable.name or f"weight_{i}"
        k = counts.get(base, 0)
        counts[base] = k + 1
        out.append(base if k == 0 else f"{base}#{k}")
    return out


def collect(model: Any) -> dict[str, np.ndarray]:
    """Name -> array (the live arrays, not copies: they are serialised at once) for every weight."""
    variables = model.weights
    return dict(zip(weight_names(variables), (v.data for v in variables)))


def _code(dtype: np.dtype) -> str:
    return CODES.get(dtype.newbyteorder("=") if dtype.itemsize > 1 else dtype, str(dtype))


def assign(model: Any, tensors: dict[str, np.ndarray], path: Any, member: str) -> None:
    """Set every weight of ``model`` from ``tensors``; all checks pass before any weight changes."""
    variables = model.weights
    names = weight_names(variables)
    if not variables and tensors:
        raise ModelFileError(
            path,
            member,
            f"tensor {next(iter(tensors))!r}",
            f"the model '{getattr(model, 'name', '?')}' has no weights yet: build it first "
            "(start it with an Input, or call it on a batch) then load the weights",
        )
    expected = dict(zip(names, variables))
    for name in tensors:
        if name not in expected:
            raise ModelFileError(
                path, member, f"tensor {name!r}", f"the model has no such weight; its weights are {names[:20]}"
            )
    for name, variable in expected.items():
        if name not in tensors:
            raise ModelFileError(
                path,
                member,
                f"tensor {name!r}",
                f"missing: the model has {len(names)} weights, the file {len(tensors)}",
            )
        array = tensors[name]
        if array.shape != variable.data.shape:
            raise ModelFileError(
                path,
                member,
                f"tensor {name!r}",
                f"declared shape {list(array.shape)} but the layer expects {variable.data.shape}",
            )
        if array.dtype != variable.data.dtype:
            raise ModelFileError(
                path,
                member,
                f"tensor {name!r}",
                f"dtype {_code(array.dtype)} but the layer holds {variable.data.dtype} ({_code(variable.data.dtype)})",
            )
    for name, variable in expected.items():
        variable.data[...] = tensors[name]
    _notify(model)


def _notify(model: Any) -> None:
    """Layers that react to new weights (a Normalization counts as adapted) override
    ``set_weights``: call it with the values just written, so their hook runs."""
    from axone.layers.base import Layer

    seen, stack = set(), [model]
    while stack:
        layer = stack.pop()
        if id(layer) in seen:
            continue
        seen.add(id(layer))
        if type(layer).set_weights is not Layer.set_weights and layer.weights:
            layer.set_weights([v.data for v in layer.weights])
        stack.extend(layer.sublayers())
