r"""Matrix product ``a @ b``: 1-D, 2-D and batched, with NumPy's matmul rules."""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.tensor import Tensor


class MatMul(Op):
    r"""$U = A B$; $\partial L / \partial A = G B^\top$, $\partial L / \partial B = A^\top G$.

    A 1-D operand is treated as a row (left) or a column (right), as NumPy does; batch
    dimensions broadcast and the engine sums their gradients back.
    """

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad_out):
        a, b = ctx.saved
        a_parent, b_parent = ctx.parents
        if a.ndim == 2 and b.ndim == 2:  # the common case, without the general reshaping below
            return (
                grad_out @ b.T if a_parent.requires_grad else None,
                a.T @ grad_out if b_parent.requires_grad else None,
            )
        # a 1-D operand is a row (left) or a column (right): put back the axis NumPy dropped
        g = grad_out
        if b.ndim == 1:
            b, g = b[:, None], g[..., None]
        if a.ndim == 1:
            a, g = a[None, :], g[..., None, :]
        grad_a = g @ xp.swapaxes(b, -1, -2) if a_parent.requires_grad else None
        grad_b = xp.swapaxes(a, -1, -2) @ g if b_parent.requires_grad else None
        # drop the axis again; batch axes are summed back by the engine (unbroadcast)
        if grad_a is not None and a_parent.ndim == 1:
            grad_a = grad_a[..., 0, :]
        if grad_b is not None and b_parent.ndim == 1:
            grad_b = grad_b[..., 0]
        return grad_a, grad_b


def matmul(a: Any, b: Any) -> Tensor:
    """Matrix product, as ``a @ b``.

    Example:
        >>> import axone as ax
        >>> ax.matmul(ax.Tensor([[1.0, 2.0]]), ax.Tensor([[3.0], [4.0]]))
        Tensor([[11.]], dtype=float32)
    """
    try:
        return MatMul.apply(a, b)
    except ValueError as error:  # explained here rather than checked on every call: no cost when right
        raise ValueError(
            f"matmul: shapes {xp.shape(a)} @ {xp.shape(b)} do not fit: the last axis of a must equal "
            "the second-to-last axis of b (the first, for a 1-D b)"
        ) from error
