r"""Reductions over any axes, with ``keepdims``: sum, mean, max, min, var."""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.tensor import Tensor


def _axes(axis: Any, ndim: int, op: str) -> tuple[int, ...] | None:
    """``axis`` as a sorted tuple of non-negative axes, or None for "all axes".

    An axis outside ``[-ndim, ndim)`` is an error: wrapping it with ``% ndim`` would silently
    reduce another axis (``sum(x, axis=2)`` of a matrix summing its rows).
    """
    if axis is None:
        return None
    if isinstance(axis, (int, xp.integer)):
        axis = (axis,)
    axes = tuple(int(a) for a in axis)
    for a in axes:
        if not -ndim <= a < ndim:
            valid = f"valid: {-ndim} to {ndim - 1}" if ndim else "a scalar has no axis; use axis=None"
            raise ValueError(f"{op}(): axis {a} is out of range for a tensor of {ndim} dimensions ({valid})")
    return tuple(sorted(a % ndim for a in axes))


def _kept_shape(ctx: Op, grad_out: xp.ndarray) -> xp.ndarray:
    """``grad_out`` with the reduced axes put back as size-1 axes, so that it broadcasts to the input."""
    if ctx.keepdims or ctx.axes is None:
        return grad_out
    shape = ctx.shape
    return grad_out.reshape([1 if i in ctx.axes else n for i, n in enumerate(shape)])


def _spread(values: xp.ndarray, shape: tuple[int, ...], dtype: xp.dtype) -> xp.ndarray:
    """``values`` broadcast into a new array of ``shape`` (one C call, unlike ``xp.broadcast_to``)."""
    out = xp.empty(shape, dtype=dtype)
    out[...] = values
    return out


class Sum(Op):
    r"""$y = \sum_i x_i$ over the axes; $\partial y / \partial x_i = 1$."""

    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.axes = axes = None if axis is None else _axes(axis, x.ndim, "sum")
        ctx.keepdims = keepdims
        ctx.shape = x.shape
        return xp.asarray(x.sum(axis=axes, keepdims=keepdims))

    @staticmethod
    def backward(ctx, grad_out):
        if ctx.axes is None:  # the loss's sum: the common case, spelled out
            grad = xp.empty(ctx.shape, dtype=grad_out.dtype)
            grad[...] = grad_out
            return (grad,)
        return (_spread(_kept_shape(ctx, grad_out), ctx.shape, grad_out.dtype),)


class SumAll(Op):
    r"""$y = \sum_i x_i$ over every axis (``sum(x)``, a loss's total): ``Sum`` with no options to pass.

    The loss of every training step ends with it, so it is spelled out: one reduction forward, one
    fill backward.
    """

    @staticmethod
    def forward(ctx, x):
        ctx.save(x.shape)
        return xp.asarray(xp.add.reduce(x, None))

    @staticmethod
    def backward(ctx, grad_out):
        (shape,) = ctx.saved
        grad = xp.empty(shape, dtype=grad_out.dtype)
        grad[...] = grad_out
        return (grad,)


class Mean(Op):
    r"""$y = \frac{1}{N} \sum_i x_i$; $\partial y / \partial x_i = 1 / N$."""

    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.axes = axes = _axes(axis, x.ndim, "mean")
        ctx.keepdims = keepdims
        ctx.shape = x.shape
        ctx.count = count = x.size if axes is None else int(xp.prod([x.shape[a] for a in axes]))
        if x.dtype in _SUM_THEN_DIVIDE:  # what ndarray.mean computes, without its Python wrapper
            return xp.asarray(xp.add.reduce(x, axes, keepdims=keepdims) / count, dtype=x.dtype)
        return xp.asarray(x.mean(axis=axes, keepdims=keepdims))

    @staticmethod
    def backward(ctx, grad_out):
        return (_spread(_kept_shape(ctx, grad_out) / ctx.count, ctx.shape, grad_out.dtype),)


# dtypes whose mean NumPy computes as a plain sum divided by the count (float16 sums in float32,
# integers in float64: those keep ndarray.mean)
_SUM_THEN_DIVIDE = frozenset([xp.dtype(xp.float32), xp.dtype(xp.float64)])


class MeanAll(Op):
    r"""$y = \frac{1}{N} \sum_i x_i$ over every axis (a loss's mean): ``Mean`` with no options to pass."""

    @staticmethod
    def forward(ctx, x):
        ctx.save(x.shape)
        return xp.asarray(xp.add.reduce(x, None) / x.size, dtype=x.dtype)

    @staticmethod
    def backward(ctx, grad_out):
        (shape,) = ctx.saved
        grad = xp.empty(shape, dtype=grad_out.dtype)
        grad[...] = grad_out / grad.size
        return (grad,)


class Max(Op):
    r"""$y = \max_i x_i$; the gradient goes to the maximal entries, shared equally on ties.

    PyTorch shares ties equally too for a full reduction, but sends the whole gradient to one
    entry when reducing along a dimension; ties are rare in float data (docs/engine.md).
    """

    reduce = staticmethod(xp.max)

    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.axes = axes = _axes(axis, x.ndim, ctx.reduce.__name__)
        ctx.keepdims = keepdims
        ctx.shape = x.shape
        y = ctx.reduce(x, axis=axes, keepdims=True)
        ctx.save(x, y)
        if keepdims:
            return y
        return y.reshape([] if axes is None else [n for i, n in enumerate(y.shape) if i not in axes])

    @staticmethod
    def backward(ctx, grad_out):
        x, y = ctx.saved
        winners = x == y
        share = winners / winners.sum(axis=ctx.axes, keepdims=True)
        return (_kept_shape(ctx, grad_out) * share,)


class Min(Max):
    r"""$y = \min_i x_i$; the gradient goes to the minimal entries, shared equally on ties."""

    reduce = staticmethod(xp.min)


class Var(Op):
    r"""$y = \frac{1}{N - d} \sum_i (x_i - \bar x)^2$; $\partial y / \partial x_i = \frac{2 (x_i - \bar x)}{N - d}$.

    ``ddof`` $d$ is 0 by default (the population variance, as NumPy and Keras); PyTorch's
    default is 1.
    """

    @staticmethod
    def forward(ctx, x, axis, keepdims, ddof):
        ctx.axes = axes = _axes(axis, x.ndim, "var")
        ctx.keepdims = keepdims
        ctx.shape = x.shape
        count = x.size if axes is None else int(xp.prod([x.shape[a] for a in axes]))
        ctx.dof = count - ddof
        if ctx.dof <= 0:
            raise ValueError(
                f"var(): ddof={ddof} leaves {ctx.dof} degrees of freedom for {count} values; use ddof < {count}"
            )
        centred = x - x.mean(axis=axes, keepdims=True)
        ctx.save(centred)
        return xp.asarray((centred * centred).sum(axis=axes, keepdims=keepdims) / ctx.dof)

    @staticmethod
    def backward(ctx, grad_out):
        (centred,) = ctx.saved
        return (_kept_shape(ctx, grad_out) * (2 / ctx.dof) * centred,)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Sum over ``axis`` (an int, a tuple, or None for all).

    Example:
        >>> import axone as ax
        >>> ax.sum(ax.Tensor([[1.0, 2.0], [3.0, 4.0]]), axis=0)
        Tensor([4., 6.], dtype=float32)
    """
    if axis is None and not keepdims:
        return SumAll.apply(x)
    return Sum.apply(x, axis=axis, keepdims=keepdims)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """Mean over ``axis``."""
    if axis is None and not keepdims and isinstance(x, Tensor) and x.data.dtype in _SUM_THEN_DIVIDE:
        return MeanAll.apply(x)
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
