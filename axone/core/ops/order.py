r"""Ordering and indices: argmax, argmin, sort, topk, and the gathering they share.

Indices are integers, outside the graph (as in PyTorch), but they are still computed by ops, so
that a compiled step (``ax.function``) recomputes them at every replay instead of keeping the
first call's. The values of ``sort`` and ``topk`` are gathered with :class:`TakeAlongAxis`, whose
backward sends each output's gradient back to the element it came from,
$\partial y_k / \partial x_{\pi(k)} = 1$.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.ops.shape import getitem
from axone.core.tensor import Tensor


class ValuesIndices(NamedTuple):
    """What ``sort``, ``topk`` and ``x.max(dim=)`` return, as PyTorch's: ``values`` (differentiable) and ``indices``."""

    values: Tensor
    indices: Tensor


class ArgMax(Op):
    """Index of the largest value along an axis (int64); no gradient."""

    reduce = staticmethod(xp.argmax)

    @staticmethod
    def forward(ctx, x, axis, keepdims):
        return xp.asarray(ctx.reduce(x, axis=axis, keepdims=keepdims))


class ArgMin(ArgMax):
    """Index of the smallest value along an axis (int64); no gradient."""

    reduce = staticmethod(xp.argmin)


class ArgSort(Op):
    """The order that sorts ``x`` along ``axis`` (stable; the first ``k`` only when given); no gradient."""

    @staticmethod
    def forward(ctx, x, axis, descending, k):
        order = xp.argsort(-x if descending else x, axis=axis, kind="stable")
        return order if k is None else xp.take(order, xp.arange(k), axis=axis)


class TakeAlongAxis(Op):
    r"""$y = x$ at ``index`` along ``axis`` (NumPy's ``take_along_axis``); the gradient is scattered back.

    ``index`` is an input (an integer tensor, no gradient), not an option, so that an index computed
    in a compiled step (by ``ArgSort``) is followed at every replay. Repeated indices accumulate.
    """

    @staticmethod
    def forward(ctx, x, index, axis):
        ctx.save(x.shape, index)
        ctx.axis = axis
        return xp.take_along_axis(x, index, axis=axis)

    @staticmethod
    def backward(ctx, grad_out):
        shape, index = ctx.saved
        where = list(xp.indices(index.shape, sparse=True))
        where[ctx.axis] = index
        grad = xp.zeros(shape, dtype=grad_out.dtype)
        xp.add.at(grad, tuple(where), grad_out)
        return grad, None


def pick_axis(where: str, axis: Any, dim: Any) -> Any:
    """The axis given as NumPy's ``axis`` or PyTorch's ``dim`` (either spelling, not both)."""
    if dim is None:
        return axis
    if axis is not None:
        raise TypeError(f"{where}(): give the axis once, as axis= (NumPy) or dim= (PyTorch), not both")
    return dim


def _tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _axis(where: str, x: Tensor, axis: Any) -> Any:
    if axis is not None and not -x.ndim <= axis < max(x.ndim, 1):
        raise ValueError(f"{where}(): axis {axis} is out of range for a tensor of {x.ndim} dimensions")
    return axis


def argmax(x: Any, axis: int | None = None, keepdims: bool = False, *, dim: int | None = None, keepdim: bool | None = None) -> Tensor:  # fmt: skip
    """Index of the largest value along ``axis`` (``dim``), or in the flattened tensor when None.

    Example:
        >>> import axone as ax
        >>> ax.argmax(ax.Tensor([[1.0, 5.0], [7.0, 2.0]]), axis=1)
        Tensor([1, 0], dtype=int64)
    """
    x = _tensor(x)
    axis = _axis("argmax", x, pick_axis("argmax", axis, dim))
    return ArgMax.apply(x, axis=axis, keepdims=keepdims if keepdim is None else keepdim)


def argmin(x: Any, axis: int | None = None, keepdims: bool = False, *, dim: int | None = None, keepdim: bool | None = None) -> Tensor:  # fmt: skip
    """Index of the smallest value along ``axis`` (``dim``), or in the flattened tensor when None.

    Example:
        >>> import axone as ax
        >>> ax.argmin(ax.Tensor([3.0, 1.0, 2.0]))
        Tensor(1, dtype=int64)
    """
    x = _tensor(x)
    axis = _axis("argmin", x, pick_axis("argmin", axis, dim))
    return ArgMin.apply(x, axis=axis, keepdims=keepdims if keepdim is None else keepdim)


def gather(x: Any, dim: int, index: Any) -> Tensor:
    r"""$y[i][j] = x[index[i][j]][j]$ for ``dim=0`` (and so on): ``torch.gather``, NumPy's ``take_along_axis``.

    As in PyTorch, ``index`` may be smaller than ``x`` along the other axes (``x`` is cut to it).

    Example:
        >>> import axone as ax
        >>> ax.gather(ax.Tensor([[1.0, 2.0], [3.0, 4.0]]), 1, [[1], [0]])
        Tensor([[2.],
               [3.]], dtype=float32)
    """
    x, index = _tensor(x), index if isinstance(index, Tensor) else Tensor(xp.asarray(index))
    axis = _axis("gather", x, dim) % max(x.ndim, 1)
    if index.dtype.kind not in "iu" or index.ndim != x.ndim:
        raise ValueError(
            f"gather: index must be an integer array with as many axes as the tensor ({x.ndim}), "
            f"got dtype {index.dtype} and shape {index.shape}"
        )
    if any(i != axis and n > m for i, (n, m) in enumerate(zip(index.shape, x.shape))):
        raise ValueError(f"gather: index of shape {index.shape} is larger than the tensor {x.shape} outside dim {dim}")
    cut = tuple(slice(None) if i == axis else slice(0, n) for i, n in enumerate(index.shape))
    if any(n < m for i, (n, m) in enumerate(zip(index.shape, x.shape)) if i != axis):
        x = getitem(x, cut)
    return TakeAlongAxis.apply(x, index, axis=axis)


def sort(x: Any, dim: int = -1, descending: bool = False) -> ValuesIndices:
    """``x`` sorted along ``dim``: ``(values, indices)`` as ``torch.sort`` (stable: ties keep their order).

    Example:
        >>> import axone as ax
        >>> values, indices = ax.sort(ax.Tensor([3.0, 1.0, 2.0]), descending=True)
        >>> values, indices
        (Tensor([3., 2., 1.], dtype=float32), Tensor([0, 2, 1], dtype=int64))
    """
    x = _tensor(x)
    order = ArgSort.apply(x, axis=_axis("sort", x, dim), descending=descending, k=None)
    return ValuesIndices(TakeAlongAxis.apply(x, order, axis=dim), order)


def topk(x: Any, k: int, dim: int = -1, largest: bool = True) -> ValuesIndices:
    """The ``k`` largest (or smallest) values along ``dim``, sorted: ``(values, indices)`` as ``torch.topk``.

    Example:
        >>> import axone as ax
        >>> ax.topk(ax.Tensor([1.0, 4.0, 2.0, 3.0]), 2).values
        Tensor([4., 3.], dtype=float32)
    """
    x = _tensor(x)
    n = x.shape[_axis("topk", x, dim)] if x.ndim else 1
    if isinstance(k, bool) or not isinstance(k, (int, xp.integer)) or not 0 <= k <= n:
        raise ValueError(f"topk(): k must be an int in [0, {n}] (the size of dim {dim}), got {k!r}")
    order = ArgSort.apply(x, axis=dim, descending=largest, k=int(k))
    return ValuesIndices(TakeAlongAxis.apply(x, order, axis=dim), order)
