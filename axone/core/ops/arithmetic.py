r"""Arithmetic ops: $+$, $-$, $\times$, $/$, power and negation, with NumPy broadcasting.

Each backward returns the gradient at the broadcast shape; the engine sums it back to each
input's shape (``engine.unbroadcast``).
"""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.tensor import Tensor


class Add(Op):
    r"""$u = a + b$; $\partial u / \partial a = \partial u / \partial b = 1$."""

    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out, grad_out


class Sub(Op):
    r"""$u = a - b$; $\partial u / \partial a = 1$, $\partial u / \partial b = -1$."""

    @staticmethod
    def forward(ctx, a, b):
        return a - b

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out, (-grad_out if ctx.parents[1].requires_grad else None)


class Mul(Op):
    r"""$u = a b$; $\partial u / \partial a = b$, $\partial u / \partial b = a$."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad_out):
        a, b = ctx.saved
        a_parent, b_parent = ctx.parents
        return (grad_out * b if a_parent.requires_grad else None, grad_out * a if b_parent.requires_grad else None)


class Div(Op):
    r"""$u = a / b$; $\partial u / \partial a = 1 / b$, $\partial u / \partial b = -a / b^2$."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(a, b)
        return a / b

    @staticmethod
    def backward(ctx, grad_out):
        a, b = ctx.saved
        grad_a = grad_out / b
        grad_b = -grad_a * a / b if ctx.parents[1].requires_grad else None
        return grad_a, grad_b


class Pow(Op):
    r"""$u = a^p$; $\partial u / \partial a = p\, a^{p-1}$, $\partial u / \partial p = u \ln a$.

    The exponent's gradient is computed only when the exponent requires one (it needs $a > 0$).
    """

    @staticmethod
    def forward(ctx, a, p):
        out = a**p
        ctx.save(a, p, out)
        return out

    @staticmethod
    def backward(ctx, grad_out):
        a, p, out = ctx.saved
        grad_a = grad_out * p * a ** (p - 1) if ctx.parents[0].requires_grad else None
        grad_p = None
        if ctx.parents[1].requires_grad:
            safe = xp.where(a > 0, a, 1)
            grad_p = grad_out * out * xp.log(safe)
        return grad_a, grad_p


class PowConst(Op):
    r"""$u = a^p$ for a constant Python number $p$; $\partial u / \partial a = p\, a^{p-1}$.

    Own op (design principle 3c): ``x ** 2`` is everywhere (squared errors), and a Python exponent
    lets NumPy take its fast paths (``a ** 2`` is ``xp.square``) with no exponent gradient to skip.
    """

    @staticmethod
    def forward(ctx, a, p):
        ctx.save(a, p)
        return a**p

    @staticmethod
    def backward(ctx, grad_out):
        a, p = ctx.saved
        if p == 2:
            return (grad_out * (a + a),)  # 2a, without a Python scalar to convert
        return (grad_out * (p * a ** (p - 1)),)


class Square(Op):
    r"""$u = a^2$; $\partial u / \partial a = 2 a$: ``a ** 2`` of every squared error, with no option to pass."""

    @staticmethod
    def forward(ctx, a):
        ctx.save(a)
        return a**2  # NumPy computes it as xp.square (and keeps its dtype rules for ints and bools)

    @staticmethod
    def backward(ctx, grad_out):
        (a,) = ctx.saved
        return (grad_out * (a + a),)  # 2a, without a Python scalar to convert


class Neg(Op):
    r"""$u = -a$; $\partial u / \partial a = -1$."""

    @staticmethod
    def forward(ctx, a):
        return -a

    @staticmethod
    def backward(ctx, grad_out):
        return (-grad_out,)


class Cast(Op):
    """A copy in another dtype; the gradient is cast back to the input's dtype."""

    @staticmethod
    def forward(ctx, a, dtype):
        ctx.save(a.dtype)
        return a.astype(dtype)

    @staticmethod
    def backward(ctx, grad_out):
        (dtype,) = ctx.saved
        return (grad_out.astype(dtype) if dtype.kind == "f" else None,)


def add(a: Any, b: Any) -> Tensor:
    """Elementwise $a + b$ with broadcasting."""
    return Add.apply(a, b)


def sub(a: Any, b: Any) -> Tensor:
    """Elementwise $a - b$ with broadcasting."""
    return Sub.apply(a, b)


def mul(a: Any, b: Any) -> Tensor:
    """Elementwise $a b$ with broadcasting."""
    return Mul.apply(a, b)


def div(a: Any, b: Any) -> Tensor:
    """Elementwise $a / b$ with broadcasting."""
    return Div.apply(a, b)


def pow(a: Any, p: Any) -> Tensor:  # noqa: A001 - the operator's name
    """Elementwise $a^p$ with broadcasting (``a`` or ``p`` may be a tensor, or both).

    Example:
        >>> import axone as ax
        >>> ax.pow(ax.Tensor([2.0, 3.0]), 2)
        Tensor([4., 9.], dtype=float32)
    """
    if type(p) is int or type(p) is float:
        return Square.apply(a) if p == 2 else PowConst.apply(a, p=p)
    return Pow.apply(a, p)


def neg(a: Any) -> Tensor:
    """Elementwise $-a$."""
    return Neg.apply(a)


def cast(a: Any, dtype: Any) -> Tensor:
    """``a`` converted to ``dtype`` (gradients flow back through float casts)."""
    return Cast.apply(a, dtype=xp.dtype(dtype))
