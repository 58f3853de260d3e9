r"""Cumulative ops: cumsum.

Math:
    $y_k = \sum_{i \le k} x_i$ along the axis; each $x_i$ reaches every $y_k$ with $k \ge i$, so
    $\partial L / \partial x_i = \sum_{k \ge i} g_k$: the cumulative sum of the gradient taken
    from the other end.
"""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.ops.order import pick_axis
from axone.core.ops.shape import reshape
from axone.core.tensor import Tensor


class CumSum(Op):
    r"""$y_k = \sum_{i \le k} x_i$; $\partial L / \partial x_i = \sum_{k \ge i} g_k$ (a reversed cumsum)."""

    @staticmethod
    def forward(ctx, x, axis):
        ctx.axis = axis
        return xp.cumsum(x, axis=axis)

    @staticmethod
    def backward(ctx, grad_out):
        reversed_grad = xp.flip(grad_out, ctx.axis)
        return (xp.flip(xp.cumsum(reversed_grad, axis=ctx.axis), ctx.axis),)


def cumsum(x: Any, axis: int | None = None, *, dim: int | None = None) -> Tensor:
    """Running sum along ``axis`` (``dim``); of the flattened tensor when None, as NumPy.

    Example:
        >>> import axone as ax
        >>> ax.cumsum(ax.Tensor([1.0, 2.0, 3.0]), 0)
        Tensor([1., 3., 6.], dtype=float32)
    """
    axis = pick_axis("cumsum", axis, dim)
    if axis is None:
        return CumSum.apply(reshape(x, (-1,)), axis=0)
    x = x if isinstance(x, Tensor) else Tensor(x)
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"cumsum(): axis {axis} is out of range for a tensor of {x.ndim} dimensions")
    return CumSum.apply(x, axis=axis)
