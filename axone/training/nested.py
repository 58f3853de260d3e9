"""Several arrays that travel together: the inputs (or targets) of a model with several of them.

A functional model with two inputs is fitted on ``[x_a, x_b]`` (or ``{"a": x_a, "b": x_b}``, by
input name), as in Keras. ``Arrays`` holds them so that the training loop batches them as it
batches one array: ``len`` is the number of samples, a slice or ``take`` cuts every array the
same way. ``to_tensors`` and ``values_of`` go between arrays and the model's tensors.

Example:
    >>> import numpy as np
    >>> both = Arrays([np.zeros((5, 2)), np.ones((5, 3))])
    >>> len(both), [a.shape for a in both[1:3].arrays], [a.shape for a in both.take([0, 4], 0).arrays]
    (5, [(2, 2), (2, 3)], [(2, 2), (2, 3)])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor, constant


class Arrays:
    """Arrays with one row per sample each, cut into batches together (samples first)."""

    def __init__(self, arrays: list[np.ndarray]):
        self.arrays = list(arrays)

    def __len__(self) -> int:
        return len(self.arrays[0])

    def __getitem__(self, index: Any) -> "Arrays":
        return Arrays([a[index] for a in self.arrays])

    def take(self, index: Any, axis: int = 0) -> "Arrays":
        return Arrays([a.take(index, axis) for a in self.arrays])

    @property
    def dtype(self) -> np.dtype:
        return self.arrays[0].dtype

    def __repr__(self) -> str:
        return f"Arrays({[a.shape for a in self.arrays]})"


def gather(data: Any, names: list[str], what: str) -> list:
    """The items of ``data`` (a list, a tuple, or a dict by name) in the order of ``names``."""
    if isinstance(data, dict):
        missing = [n for n in names if n not in data]
        unknown = [k for k in data if k not in names]
        if missing or unknown:
            raise ValueError(
                f"{what}: the model's names are {names}; the dict has {sorted(data)}"
                + (f" (missing {missing})" if missing else "")
                + (f" (unknown {unknown})" if unknown else "")
            )
        return [data[n] for n in names]
    if not isinstance(data, (list, tuple)) or len(data) != len(names):
        got = f"a list of {len(data)}" if isinstance(data, (list, tuple)) else type(data).__name__
        raise ValueError(
            f"{what}: the model has {len(names)} of them ({', '.join(names)}): pass a list of {len(names)} "
            f"arrays, or a dict by name; got {got}"
        )
    return list(data)


def to_tensors(data: Any) -> Any:
    """A Tensor for an array, a list of Tensors for ``Arrays`` (the arrays wrapped as they are)."""
    if isinstance(data, Arrays):
        return [constant(a) for a in data.arrays]
    return constant(data)


def values_of(out: Any) -> Any:
    """The arrays of a model's output: an array for a Tensor, ``Arrays`` for a list of Tensors."""
    if isinstance(out, dict):  # a model whose outputs are a dict: its values, in order
        out = list(out.values())
    if isinstance(out, (list, tuple)):
        return Arrays([t.data if isinstance(t, Tensor) else np.asarray(t) for t in out])
    return out.data


def shape_of(out: Any) -> Any:
    """The shape of an output (a list of shapes for several)."""
    if isinstance(out, dict):
        out = list(out.values())
    if isinstance(out, (list, tuple)):
        return [tuple(t.shape) for t in out]
    return tuple(out.shape)
