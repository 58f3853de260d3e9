"""Tensor methods as PyTorch and NumPy users write them: each one line calling an op.

``tensor.py`` keeps the engine's essentials; the methods users expect (``x.relu()``,
``x.sum(dim=1, keepdim=True)``, ``x.view(2, -1)``, ``x.float()``...) are written here as the
methods of a plain class and attached to :class:`Tensor` once, when the ops are loaded.

Reductions take NumPy's ``axis=``/``keepdims=`` or PyTorch's ``dim=``/``keepdim=``. Where the
two libraries disagree, the choice is in docs/tensors.md: ``x.max(dim=1)`` gives PyTorch's
``(values, indices)`` and ``x.max(axis=1)`` or ``x.max(1)`` NumPy's values; ``x.transpose(0, 1)``
swaps two axes (PyTorch) and ``x.transpose(2, 0, 1)`` permutes them all (NumPy).

Example:
    >>> import axone as ax
    >>> x = ax.Tensor([[1.0, -2.0], [3.0, 4.0]], requires_grad=True)
    >>> x.relu().sum(dim=1, keepdim=True).view(-1)
    Tensor([1., 7.], dtype=float32, requires_grad=True)
    >>> x.max(dim=1).indices, x.t().shape, x.unsqueeze(0).shape, x.double().dtype
    (Tensor([0, 1], dtype=int64), (2, 2), (1, 2, 2), dtype('float64'))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core import ops
from axone.core.ops.logic import logical
from axone.core.ops.order import ValuesIndices, pick_axis
from axone.core.tensor import Tensor


def _keep(keepdims: bool, keepdim: bool | None) -> bool:
    return keepdims if keepdim is None else keepdim


def _shape(shape: tuple) -> tuple:
    """``view(2, 3)`` and ``view((2, 3))`` alike."""
    return tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape


def _with_indices(reduce: Any, arg: Any, x: Tensor, dim: int, keepdim: bool) -> ValuesIndices:
    """PyTorch's ``x.max(dim=d)``: the values (differentiable) and where they are."""
    return ValuesIndices(reduce(x, dim, keepdim), arg(x, dim, keepdim))


class TensorMethods:
    """The methods attached to Tensor (this class is never instantiated)."""

    # ---- elementwise -------------------------------------------------------------------------
    def relu(self, /) -> Tensor:
        return ops.relu(self)

    def sigmoid(self, /) -> Tensor:
        return ops.sigmoid(self)

    def tanh(self, /) -> Tensor:
        return ops.tanh(self)

    def softmax(self, /, dim: int = -1) -> Tensor:
        return ops.softmax(self, axis=dim)

    def sin(self, /) -> Tensor:
        return ops.sin(self)

    def cos(self, /) -> Tensor:
        return ops.cos(self)

    def tan(self, /) -> Tensor:
        return ops.tan(self)

    def sinh(self, /) -> Tensor:
        return ops.sinh(self)

    def cosh(self, /) -> Tensor:
        return ops.cosh(self)

    def square(self, /) -> Tensor:
        return ops.square(self)

    def log1p(self, /) -> Tensor:
        return ops.log1p(self)

    def expm1(self, /) -> Tensor:
        return ops.expm1(self)

    def pow(self, /, exponent: Any) -> Tensor:
        return ops.pow(self, exponent)

    def clamp(self, /, min: Any = None, max: Any = None) -> Tensor:
        return ops.clip(self, min, max)

    clip = clamp  # torch's alias; positional (low, high) as NumPy's clip

    def matmul(self, /, other: Any) -> Tensor:
        return ops.matmul(self, other)

    # ---- reductions: axis/keepdims (NumPy) or dim/keepdim (PyTorch) --------------------------
    def sum(
        self, /, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None
    ) -> Tensor:
        return ops.sum(self, pick_axis("sum", axis, dim), _keep(keepdims, keepdim))

    def mean(
        self, /, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None
    ) -> Tensor:
        return ops.mean(self, pick_axis("mean", axis, dim), _keep(keepdims, keepdim))

    def var(self, /, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None, ddof: int = 0, correction: int | None = None) -> Tensor:  # fmt: skip
        # ddof=0 (NumPy, Keras) unless PyTorch's correction= is given: torch's own default is 1
        ddof = ddof if correction is None else correction
        return ops.var(self, pick_axis("var", axis, dim), _keep(keepdims, keepdim), ddof)

    def max(
        self, /, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None
    ) -> Tensor | ValuesIndices:
        if dim is None:  # NumPy: the values
            return ops.max(self, axis, _keep(keepdims, keepdim))
        return _with_indices(ops.max, ops.argmax, self, pick_axis("max", axis, dim), _keep(keepdims, keepdim))

    def min(
        self, /, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None
    ) -> Tensor | ValuesIndices:
        if dim is None:
            return ops.min(self, axis, _keep(keepdims, keepdim))
        return _with_indices(ops.min, ops.argmin, self, pick_axis("min", axis, dim), _keep(keepdims, keepdim))

    def argmax(
        self, /, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None
    ) -> Tensor:
        return ops.argmax(self, pick_axis("argmax", axis, dim), _keep(keepdims, keepdim))

    def argmin(
        self, /, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None
    ) -> Tensor:
        return ops.argmin(self, pick_axis("argmin", axis, dim), _keep(keepdims, keepdim))

    def cumsum(self, /, axis: Any = None, *, dim: Any = None) -> Tensor:
        return ops.cumsum(self, pick_axis("cumsum", axis, dim))

    def sort(self, /, dim: int = -1, descending: bool = False) -> ValuesIndices:
        return ops.sort(self, dim, descending)

    def topk(self, /, k: int, dim: int = -1, largest: bool = True) -> ValuesIndices:
        return ops.topk(self, k, dim, largest)

    def gather(self, /, dim: int, index: Any) -> Tensor:
        return ops.gather(self, dim, index)

    def any(
        self, /, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None
    ) -> Tensor:
        return logical(np.any, self, axis=pick_axis("any", axis, dim), keepdims=_keep(keepdims, keepdim))

    def all(
        self, /, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None
    ) -> Tensor:
        return logical(np.all, self, axis=pick_axis("all", axis, dim), keepdims=_keep(keepdims, keepdim))

    # comparisons: boolean tensors outside the graph (as PyTorch), computed by an op so that a
    # compiled step recomputes them
    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return logical(np.equal, self, other)

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return logical(np.not_equal, self, other)

    def __lt__(self, other: Any) -> Tensor:
        return logical(np.less, self, other)

    def __le__(self, other: Any) -> Tensor:
        return logical(np.less_equal, self, other)

    def __gt__(self, other: Any) -> Tensor:
        return logical(np.greater, self, other)

    def __ge__(self, other: Any) -> Tensor:
        return logical(np.greater_equal, self, other)

    # ---- shapes ------------------------------------------------------------------------------
    def view(self, /, *shape: Any) -> Tensor:
        return ops.reshape(self, _shape(shape))

    def unsqueeze(self, /, dim: int) -> Tensor:
        return ops.expand_dims(self, dim)

    def squeeze(self, /, dim: Any = None) -> Tensor:
        return ops.squeeze(self, dim)

    def flatten(self, /, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        start, end = (d % max(self.ndim, 1) for d in (start_dim, end_dim))
        return (
            ops.reshape(self, self.shape[:start] + (-1,) + self.shape[end + 1 :])
            if self.ndim
            else ops.reshape(self, (1,))
        )

    def transpose(self, /, *axes: Any) -> Tensor:
        if len(axes) == 2 and all(isinstance(a, (int, np.integer)) for a in axes):  # PyTorch: swap two axes
            order = list(range(self.ndim))
            order[axes[0]], order[axes[1]] = order[axes[1]], order[axes[0]]
            return ops.transpose(self, order)
        return ops.transpose(self, _shape(axes) or None)  # NumPy: a whole permutation, or reversed

    def permute(self, /, *dims: Any) -> Tensor:
        return ops.transpose(self, _shape(dims))

    def t(self, /) -> Tensor:
        if self.ndim > 2:
            raise ValueError(
                f"t() expects a tensor of at most 2 dimensions, got shape {self.shape}; use .transpose(dim0, dim1) or .permute(...)"
            )
        return ops.transpose(self)

    def dim(self, /) -> int:
        return self.ndim

    def numel(self, /) -> int:
        return self.size

    # ---- dtypes and copies -------------------------------------------------------------------
    def float(self, /) -> Tensor:
        return self.to(np.float32)

    def double(self, /) -> Tensor:
        return self.to(np.float64)

    def half(self, /) -> Tensor:
        return self.to(np.float16)

    def long(self, /) -> Tensor:
        return self.to(np.int64)

    def int(self, /) -> Tensor:
        return self.to(np.int32)

    def to(self, /, target: Any) -> Tensor:
        """A tensor of dtype ``target`` (the same tensor if it has it already), as ``torch.Tensor.to``."""
        if isinstance(target, str) and target.split(":")[0] in ("cpu", "cuda", "mps"):
            if target.startswith("cpu"):
                return self
            raise ValueError(f"to({target!r}): axone computes on the CPU with NumPy; use .to('cpu') or leave it out")
        dtype = target.dtype if isinstance(target, Tensor) else np.dtype(target)
        return self if dtype == self.dtype else ops.cast(self, dtype)

    def clone(self, /) -> Tensor:
        return ops.cast(self, self.dtype)  # a copy (astype copies); the gradient flows back through it

    # ---- the course's functions as methods ------------------------------------------------------
    T = property(lambda self: ops.transpose(self))

    def reshape(self, /, *shape: Any) -> Tensor:
        return ops.reshape(self, _shape(shape))

    def exp(self, /) -> Tensor:
        return ops.exp(self)

    def log(self, /) -> Tensor:
        return ops.log(self)

    def sqrt(self, /) -> Tensor:
        return ops.sqrt(self)

    def abs(self, /) -> Tensor:
        return ops.abs(self)


def attach() -> None:
    """Bind every method of :class:`TensorMethods` on :class:`Tensor` (Variable inherits them)."""
    for name, method in vars(TensorMethods).items():
        if not name.startswith("__") or name in _OPERATORS:
            setattr(Tensor, name, method)


_OPERATORS = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"}


attach()
