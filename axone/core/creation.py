"""Tensor constructors as PyTorch and NumPy spell them: tensor, zeros, ones, full, eye, arange, linspace, rand...

They make leaves (no graph); each takes ``dtype=`` and ``requires_grad=``. Floats get the default
float dtype (``ax.set_default_dtype``, float32 unless changed); integers stay int64, as in
PyTorch. Sizes are given as NumPy's one tuple or PyTorch's several ints: ``zeros((2, 3))`` and
``zeros(2, 3)`` alike. The random ones draw from ``axone.random`` (``ax.random.seed(n)``), or
from ``rng=`` (a Generator or an int seed).

Example:
    >>> import axone as ax
    >>> ax.zeros(2, 3).shape, ax.arange(3), ax.tensor([1, 2]).dtype, ax.tensor([1.0, 2.0]).dtype
    ((2, 3), Tensor([0, 1, 2], dtype=int64), dtype('int64'), dtype('float32'))
    >>> ax.random.seed(0); a = ax.randn(2); ax.random.seed(0); bool((a == ax.randn(2)).all())
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone import random
from axone.core import backend
from axone.core.tensor import Tensor

__all__ = [
    "arange", "eye", "full", "linspace", "ones", "ones_like", "rand", "randint", "randn", "tensor", "zeros", "zeros_like",
]  # fmt: skip


def _make(data: np.ndarray, dtype: Any, requires_grad: bool) -> Tensor:
    """A leaf around ``data``; a float array without an explicit dtype takes the default float dtype."""
    if dtype is None and data.dtype.kind == "f":
        dtype = backend.get_default_dtype()
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)


def _size(size: tuple, where: str) -> tuple[int, ...]:
    shape = tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
    if not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 0 for n in shape):
        raise TypeError(f"{where}: sizes are ints >= 0, as zeros(2, 3) or zeros((2, 3)); got {size!r}")
    return tuple(int(n) for n in shape)


def tensor(data: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A new tensor holding a copy of ``data``; Python ints stay int64 (as ``torch.tensor``).

    ``ax.Tensor([1, 2])`` makes floats instead (as ``torch.Tensor``).
    """
    data = data.data if isinstance(data, Tensor) else data
    array = np.array(data, dtype=dtype)
    if dtype is None and array.dtype.kind == "f" and not isinstance(data, (np.ndarray, np.generic)):
        array = array.astype(backend.get_default_dtype())
    return Tensor(array, requires_grad=requires_grad)


def zeros(*size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros of shape ``size``."""
    return _make(np.zeros(_size(size, "zeros")), dtype, requires_grad)


def ones(*size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones of shape ``size``."""
    return _make(np.ones(_size(size, "ones")), dtype, requires_grad)


def full(size: Any, fill_value: float, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of shape ``size`` filled with ``fill_value`` (an int fills int64, as PyTorch)."""
    shape = _size((size,) if isinstance(size, (int, np.integer)) else tuple(size), "full")
    return _make(np.full(shape, fill_value), dtype, requires_grad)


def eye(n: int, m: int | None = None, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """The ``n`` x ``m`` identity matrix (``m = n`` by default)."""
    return _make(np.eye(n, m), dtype, requires_grad)


def arange(start: float, end: float | None = None, step: float = 1, dtype: Any = None, requires_grad: bool = False) -> Tensor:  # fmt: skip
    """Values from ``start`` up to, not including, ``end`` by ``step``; ``arange(n)`` is 0 .. n-1 (int64)."""
    if end is None:
        start, end = 0, start
    return _make(np.arange(start, end, step), dtype, requires_grad)


def linspace(start: float, end: float, steps: int = 50, dtype: Any = None, requires_grad: bool = False, *, num: int | None = None) -> Tensor:  # fmt: skip
    """``steps`` (NumPy's ``num``) evenly spaced values from ``start`` to ``end``, both included."""
    return _make(np.linspace(start, end, steps if num is None else num), dtype, requires_grad)


def zeros_like(x: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Zeros of the shape and dtype of ``x``."""
    array = np.asarray(x.data if isinstance(x, Tensor) else x)
    return Tensor(np.zeros_like(array, dtype=dtype), requires_grad=requires_grad)


def ones_like(x: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Ones of the shape and dtype of ``x``."""
    array = np.asarray(x.data if isinstance(x, Tensor) else x)
    return Tensor(np.ones_like(array, dtype=dtype), requires_grad=requires_grad)


def rand(*size: Any, dtype: Any = None, requires_grad: bool = False, rng: Any = None) -> Tensor:
    """Uniform values in [0, 1), drawn from ``axone.random`` (or ``rng``)."""
    return _make(random.get_rng(rng).random(_size(size, "rand")), dtype, requires_grad)


def randn(*size: Any, dtype: Any = None, requires_grad: bool = False, rng: Any = None) -> Tensor:
    """Standard normal values (mean 0, variance 1), drawn from ``axone.random`` (or ``rng``)."""
    return _make(random.get_rng(rng).standard_normal(_size(size, "randn")), dtype, requires_grad)


def randint(low: int, high: Any = None, size: Any = (), dtype: Any = None, rng: Any = None) -> Tensor:
    """Integers in [low, high) (int64); ``randint(10, (3,))`` is ``randint(0, 10, (3,))``, as PyTorch."""
    if isinstance(high, (tuple, list)):  # torch.randint(high, size)
        high, size = None, high
    if high is None:
        low, high = 0, low
    shape = _size((size,) if isinstance(size, (int, np.integer)) else tuple(size), "randint")
    return Tensor(random.get_rng(rng).integers(low, high, shape), dtype=dtype or np.int64)
