r"""Reductions over any axes, with ``keepdims``: sum, mean, max, min, var."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.op import Op
from axone.core.tensor import Tensor


def _axes(axis: Any, ndim: int) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        axis = (axis,)
    return tuple(sorted(a % ndim for a in axis))


def _expand(grad: np.ndarray, axes: tuple[int, ...], keepdims: bool) -> np.ndarray:
    """Put the reduced axes back as size-1 axes so that ``grad`` broadcasts to the input."""
    return grad if keepdims else np.expand_dims(grad, axes)


class Sum(Op):
    r"""$y = \sum_i x_i$ over the axes; $\partial y / \partial x_i = 1$."""

    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.axes = _axes(axis, x.ndim)
        ctx.keepdims = keepdims
        ctx.shape = x.shape
        return np.sum(x, axis=ctx.axes, keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad_out):
        return (np.broadcast_to(_expand(grad_out, ctx.axes, ctx.keepdims), ctx.shape),)


class Mean(Op):
    r"""$y = \frac{1}{N} \sum_i x_i$; $\partial y / \partial x_i = 1 / N$."""

    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.axes = _axes(axis, x.ndim)
        ctx.keepdims = keepdims
        ctx.shape = x.shape
        ctx.count = int(np.prod([x.shape[a] for a in ctx.axes]))
        return np.mean(x, axis=ctx.axes, keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad_out):
        grad = _expand(grad_out, ctx.axes, ctx.keepdims) / ctx.count
        return (np.broadcast_to(grad, ctx.shape),)


class Max(Op):
    r"""$y = \max_i x_i$; the gradient goes to the maximal entries, shared equally on ties."""

    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.axes = _axes(axis, x.ndim)
        ctx.keepdims = keepdims
        y = np.max(x, axis=ctx.axes, keepdims=True)
        ctx.save(x, y)
        return y if keepdims else np.squeeze(y, ctx.axes)

    @staticmethod
    def backward(ctx, grad_out):
        x, y = ctx.saved
        winners = x == y
        share = winners / winners.sum(axis=ctx.axes, keepdims=True)
        return (_expand(grad_out, ctx.axes, ctx.keepdims) * share,)


class Min(Max):
    r"""$y = \min_i x_i$; the gradient goes to the minimal entries, shared equally on ties."""

    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.axes = _axes(axis, x.ndim)
        ctx.keepdims = keepdims
        y = np.min(x, axis=ctx.axes, keepdims=True)
        ctx.save(x, y)
        return y if keepdims else np.squeeze(y, ctx.axes)


class Var(Op):
    r"""$y = \frac{1}{N - d} \sum_i (x_i - \bar x)^2$; $\partial y / \partial x_i = \frac{2 (x_i - \bar x)}{N - d}$.

    ``ddof`` $d$ is 0 by default (the population variance, as NumPy and Keras); PyTorch's
    default is 1.
    """

    @staticmethod
    def forward(ctx, x, axis, keepdims, ddof):
        ctx.axes = _axes(axis, x.ndim)
        ctx.keepdims = keepdims
        centred = x - np.mean(x, axis=ctx.axes, keepdims=True)
        ctx.save(centred)
        ctx.dof = int(np.prod([x.shape[a] for a in ctx.axes])) - ddof
        return np.sum(centred * centred, axis=ctx.axes, keepdims=keepdims) / ctx.dof

    @staticmethod
    def backward(ctx, grad_out):
        (centred,) = ctx.saved
        return (_expand(grad_out, ctx.axes, ctx.keepdims) * (2 / ctx.dof) * centred,)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Sum over ``axis`` (an int, a tuple, or None for all).

    Example:
        >>> import axone as ax
        >>> ax.sum(ax.Tensor([[1.0, 2.0], [3.0, 4.0]]), axis=0)
        Tensor([4., 6.], dtype=float32)
    """
    return Sum.apply(x, axis=axis, keepdims=keepdims)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """Mean over ``axis``."""
    return Mean.apply(x, axis=axis, keepdims=keepdims)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Maximum over ``axis``."""
    return Max.apply(x, axis=axis, keepdims=keepdims)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Minimum over ``axis``."""
    return Min.apply(x, axis=axis, keepdims=keepdims)


def var(x: Any, axis: Any = None, keepdims: bool = False, ddof: int = 0) -> Tensor:
    """Variance over ``axis`` (``ddof=0``: divide by N)."""
    return Var.apply(x, axis=axis, keepdims=keepdims, ddof=ddof)
