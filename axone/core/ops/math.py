r"""Elementwise math ops: exp, log, sqrt, abs, maximum, minimum, clip, where."""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.tensor import Tensor


class Exp(Op):
    r"""$y = e^x$; $dy/dx = y$."""

    @staticmethod
    def forward(ctx, x):
        y = xp.exp(x)
        ctx.save(y)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        (y,) = ctx.saved
        return (grad_out * y,)


class Log(Op):
    r"""$y = \ln x$; $dy/dx = 1 / x$."""

    @staticmethod
    def forward(ctx, x):
        ctx.save(x)
        return xp.log(x)

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return (grad_out / x,)


class Sqrt(Op):
    r"""$y = \sqrt{x}$; $dy/dx = 1 / (2 y)$."""

    @staticmethod
    def forward(ctx, x):
        y = xp.sqrt(x)
        ctx.save(y)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        (y,) = ctx.saved
        return (grad_out / (2 * y),)


class Abs(Op):
    r"""$y = |x|$; $dy/dx = \mathrm{sign}(x)$ (0 at 0, as PyTorch)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save(x)
        return xp.abs(x)

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return (grad_out * xp.sign(x),)


class Maximum(Op):
    r"""$y = \max(a, b)$ elementwise; the gradient goes to the larger input, halved on ties."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(a, b)
        return xp.maximum(a, b)

    @staticmethod
    def backward(ctx, grad_out):
        a, b = ctx.saved
        share = (a > b) + 0.5 * (a == b)
        return grad_out * share, grad_out * (1 - share)


class Minimum(Op):
    r"""$y = \min(a, b)$ elementwise; the gradient goes to the smaller input, halved on ties."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(a, b)
        return xp.minimum(a, b)

    @staticmethod
    def backward(ctx, grad_out):
        a, b = ctx.saved
        share = (a < b) + 0.5 * (a == b)
        return grad_out * share, grad_out * (1 - share)


class Clip(Op):
    r"""$y = \min(\max(x, lo), hi)$; $dy/dx = 1$ where $lo \le x \le hi$, else 0 (as torch.clamp)."""

    @staticmethod
    def forward(ctx, x, low, high):
        ctx.save(x, low, high)
        return xp.clip(x, low, high)

    @staticmethod
    def backward(ctx, grad_out):
        x, low, high = ctx.saved
        inside = xp.ones(x.shape, dtype=bool)
        if low is not None:
            inside &= x >= low
        if high is not None:
            inside &= x <= high
        return (grad_out * inside,)


class Where(Op):
    r"""$y = a$ where the condition holds, else $b$; the gradient follows the chosen input."""

    @staticmethod
    def forward(ctx, condition, a, b):
        condition = condition.astype(bool, copy=False)
        ctx.save(condition)
        return xp.where(condition, a, b)

    @staticmethod
    def backward(ctx, grad_out):
        (condition,) = ctx.saved
        return None, xp.where(condition, grad_out, 0), xp.where(condition, 0, grad_out)


def exp(x: Any) -> Tensor:
    """Elementwise $e^x$.

    Example:
        >>> import axone as ax
        >>> ax.exp(ax.Tensor([0.0]))
        Tensor([1.], dtype=float32)
    """
    return Exp.apply(x)


def log(x: Any) -> Tensor:
    """Elementwise natural logarithm."""
    return Log.apply(x)


def sqrt(x: Any) -> Tensor:
    """Elementwise square root."""
    return Sqrt.apply(x)


def abs(x: Any) -> Tensor:  # noqa: A001 - NumPy's name
    """Elementwise absolute value."""
    return Abs.apply(x)


def maximum(a: Any, b: Any) -> Tensor:
    """Elementwise maximum of two tensors (broadcast)."""
    return Maximum.apply(a, b)


def minimum(a: Any, b: Any) -> Tensor:
    """Elementwise minimum of two tensors (broadcast)."""
    return Minimum.apply(a, b)


def clip(x: Any, low: float | None = None, high: float | None = None) -> Tensor:
    """Values of ``x`` limited to ``[low, high]`` (either bound may be None)."""
    if low is None and high is None:
        raise ValueError("clip() needs at least one of low and high")
    return Clip.apply(x, low=low, high=high)


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """``a`` where ``condition`` is true, else ``b`` (broadcast); not differentiable in the condition."""
    condition = condition if isinstance(condition, Tensor) else Tensor(xp.asarray(condition, dtype=bool))
    return Where.apply(condition, a, b)
