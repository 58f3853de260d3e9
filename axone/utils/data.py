r"""``ax.utils.data``: torch's ``Dataset``, ``TensorDataset`` and ``DataLoader`` (level 4).

A ``DataLoader`` cuts a dataset into batches of ``batch_size`` samples, in order or, with
``shuffle=True``, in a new random order each epoch (each ``iter``), drawn from the package
generator (``ax.random.seed``) or from ``generator=`` (an int seed or a NumPy Generator: the
same seed gives the same batches). ``drop_last`` drops a last, smaller batch. Batches of a
``TensorDataset`` are gathered with one fancy index per tensor; other datasets' samples are
stacked (tensors, arrays and numbers; tuples, lists and dicts field by field), as torch's
default collate.

Example:
    >>> import axone as ax, numpy as np
    >>> data = ax.utils.data.TensorDataset(ax.Tensor(np.arange(10.0).reshape(5, 2)), ax.Tensor(np.arange(5)))
    >>> loader = ax.utils.data.DataLoader(data, batch_size=2)
    >>> [tuple(y.tolist()) for _, y in loader], len(loader)
    ([(0, 1), (2, 3), (4,)], 3)
"""

from __future__ import annotations

import math
from typing import Any, Iterator

import numpy as np

from axone import random
from axone.core.tensor import Tensor


class Dataset:
    """A map-style dataset: ``len(dataset)`` samples, ``dataset[i]`` the i-th (subclass and define both)."""

    def __getitem__(self, index: int) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__")

    def __len__(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must define __len__")


def _array(value: Any) -> np.ndarray:
    return value.data if isinstance(value, Tensor) else np.asarray(value)


class TensorDataset(Dataset):
    """Samples ``(t_1[i], t_2[i], ...)`` of tensors (or arrays) that share their first dimension."""

    def __init__(self, *tensors: Any):
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        self.arrays = [_array(t) for t in tensors]
        sizes = [a.shape[0] if a.ndim else None for a in self.arrays]
        if None in sizes or len(set(sizes)) != 1:
            shapes = ", ".join(str(a.shape) for a in self.arrays)
            raise ValueError(
                f"TensorDataset: every tensor needs the same first dimension (samples), got shapes {shapes}"
            )
        self.tensors = tuple(Tensor(a) for a in self.arrays)

    def __getitem__(self, index: Any) -> tuple[Tensor, ...]:
        return tuple(Tensor(a[index]) for a in self.arrays)

    def __len__(self) -> int:
        return int(self.arrays[0].shape[0])


def default_collate(samples: list[Any]) -> Any:
    """Stack a list of samples into a batch: tensors/arrays/numbers stacked, containers field by field."""
    first = samples[0]
    if isinstance(first, (tuple, list)):
        return type(first)(default_collate([s[i] for s in samples]) for i in range(len(first)))
    if isinstance(first, dict):
        return {key: default_collate([s[key] for s in samples]) for key in first}
    if isinstance(first, float):
        return Tensor(np.asarray(samples))  # the default float dtype, as a Python float becomes
    return Tensor(np.stack([_array(s) for s in samples]))


class DataLoader:
    """Batches of a dataset (see the module docstring).

    Args:
        dataset: a ``Dataset`` (``TensorDataset`` or any object with ``__len__`` and ``__getitem__``).
        batch_size: samples per batch (an int >= 1).
        shuffle: a new random order at each epoch.
        drop_last: drop the last batch when it is smaller than ``batch_size``.
        generator: an int seed or a NumPy Generator for the order; None: the package generator.
        collate_fn: how a list of samples becomes a batch (``default_collate``).
        num_workers, pin_memory: torch's; only 0 and False (one process, no device).
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        generator: Any = None,
        collate_fn: Any = None,
        num_workers: int = 0,
        pin_memory: bool = False,
    ):
        if num_workers != 0:
            raise ValueError(
                f"DataLoader: num_workers must be 0 (batches are made in this process), got {num_workers!r}"
            )
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be an int >= 1, got {batch_size!r}")
        if not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
            raise TypeError(f"DataLoader: the dataset needs __len__ and __getitem__, got {type(dataset).__name__}")
        self.dataset, self.batch_size, self.shuffle, self.drop_last = (
            dataset,
            batch_size,
            bool(shuffle),
            bool(drop_last),
        )
        self.collate_fn = collate_fn
        self._rng = random.get_rng(generator) if generator is not None else None

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def _order(self) -> np.ndarray:
        n = len(self.dataset)
        if not self.shuffle:
            return np.arange(n)
        rng = self._rng if self._rng is not None else random.get_rng()
        return rng.permutation(n)

    def __iter__(self) -> Iterator[Any]:
        order = self._order()
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            index = order[start : start + self.batch_size]
            if isinstance(self.dataset, TensorDataset) and self.collate_fn is None:
                yield tuple(Tensor(a[index]) for a in self.dataset.arrays)
            else:
                collate = self.collate_fn or default_collate
                yield collate([self.dataset[int(i)] for i in index])
