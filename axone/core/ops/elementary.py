r"""More elementary functions: sin, cos, tan, sinh, cosh; log1p, expm1 (exact near 0); square.

``sin``, ``cos``, ``sinh`` and ``cosh`` are primitives (each the other's derivative, up to a
sign); ``tan`` is composed as $\sin x / \cos x$ (design principle 3). ``sinh`` and ``cosh`` keep
their own op rather than $(e^x \mp e^{-x}) / 2$: the difference cancels near 0 and loses the
relative precision of ``sinh`` there (principle 3b). ``log1p`` and ``expm1`` are their own ops
for the same reason: $\ln(1 + x)$ rounds $1 + x$ and $e^x - 1$ cancels for tiny $x$. ``square``
is the op of ``x ** 2`` (``arithmetic.Square``); ``tanh`` is an activation (``activation.py``).
"""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.ops.arithmetic import Square
from axone.core.tensor import Tensor


class Sin(Op):
    r"""$y = \sin x$; $dy/dx = \cos x$."""

    @staticmethod
    def forward(ctx, x):
        ctx.save(x)
        return xp.sin(x)

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return (grad_out * xp.cos(x),)


class Cos(Op):
    r"""$y = \cos x$; $dy/dx = -\sin x$."""

    @staticmethod
    def forward(ctx, x):
        ctx.save(x)
        return xp.cos(x)

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return (-grad_out * xp.sin(x),)


class Sinh(Op):
    r"""$y = \sinh x = (e^x - e^{-x}) / 2$; $dy/dx = \cosh x$."""

    @staticmethod
    def forward(ctx, x):
        ctx.save(x)
        return xp.sinh(x)

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return (grad_out * xp.cosh(x),)


class Cosh(Op):
    r"""$y = \cosh x = (e^x + e^{-x}) / 2$; $dy/dx = \sinh x$."""

    @staticmethod
    def forward(ctx, x):
        ctx.save(x)
        return xp.cosh(x)

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return (grad_out * xp.sinh(x),)


class Log1p(Op):
    r"""$y = \ln(1 + x)$; $dy/dx = 1 / (1 + x)$."""

    @staticmethod
    def forward(ctx, x):
        ctx.save(x)
        return xp.log1p(x)

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        return (grad_out / (1 + x),)


class Expm1(Op):
    r"""$y = e^x - 1$; $dy/dx = e^x = y + 1$."""

    @staticmethod
    def forward(ctx, x):
        y = xp.expm1(x)
        ctx.save(y)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        (y,) = ctx.saved
        return (grad_out * (y + 1),)


def sin(x: Any) -> Tensor:
    r"""Elementwise $\sin x$ (radians).

    Example:
        >>> import axone as ax
        >>> x = ax.Tensor([0.0], requires_grad=True); ax.sin(x).sum().backward(); x.grad
        Tensor([1.], dtype=float32)
    """
    return Sin.apply(x)


def cos(x: Any) -> Tensor:
    r"""Elementwise $\cos x$ (radians).

    Example:
        >>> import axone as ax
        >>> ax.cos(ax.Tensor([0.0]))
        Tensor([1.], dtype=float32)
    """
    return Cos.apply(x)


def tan(x: Any) -> Tensor:
    r"""Elementwise $\tan x = \sin x / \cos x$, composed: $d \tan x / dx = 1 / \cos^2 x$ follows.

    Example:
        >>> import axone as ax
        >>> x = ax.Tensor([0.0], requires_grad=True); ax.tan(x).sum().backward(); x.grad
        Tensor([1.], dtype=float32)
    """
    return sin(x) / cos(x)


def sinh(x: Any) -> Tensor:
    r"""Elementwise hyperbolic sine.

    Example:
        >>> import axone as ax
        >>> ax.sinh(ax.Tensor([0.0]))
        Tensor([0.], dtype=float32)
    """
    return Sinh.apply(x)


def cosh(x: Any) -> Tensor:
    r"""Elementwise hyperbolic cosine.

    Example:
        >>> import axone as ax
        >>> ax.cosh(ax.Tensor([0.0]))
        Tensor([1.], dtype=float32)
    """
    return Cosh.apply(x)


def log1p(x: Any) -> Tensor:
    r"""Elementwise $\ln(1 + x)$, exact for tiny $x$.

    Example:
        >>> import axone as ax
        >>> x = ax.Tensor(1e-10, dtype="float64")
        >>> float(ax.log1p(x)), float(ax.log(1 + x))  # the second loses 1e-10 in 1 + x
        (9.999999999500001e-11, 1.000000082690371e-10)
    """
    return Log1p.apply(x)


def expm1(x: Any) -> Tensor:
    r"""Elementwise $e^x - 1$, exact for tiny $x$.

    Example:
        >>> import axone as ax
        >>> x = ax.Tensor(1e-10, dtype="float64")
        >>> float(ax.expm1(x)), float(ax.exp(x) - 1)  # the second cancels
        (1.00000000005e-10, 1.000000082740371e-10)
    """
    return Expm1.apply(x)


def square(x: Any) -> Tensor:
    r"""Elementwise $x^2$ (the op of ``x ** 2``; $d x^2 / dx = 2x$).

    Example:
        >>> import axone as ax
        >>> ax.square(ax.Tensor([3.0]))
        Tensor([9.], dtype=float32)
    """
    return Square.apply(x)
