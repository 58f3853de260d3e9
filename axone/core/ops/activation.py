r"""The course's activation functions as ops, each with the derivative from the course's table.

| function | $y$ | $dy/dz$ |
|---|---|---|
| step | 1 if $z \ge 0$ else 0 | 0 (a Dirac at 0) |
| relu | $\max(0, z)$ | Heaviside: 1 if $z > 0$ else 0 |
| softplus | $\ln(1 + e^z)$ | the logistic $\sigma(z)$ |
| leaky_relu | $0.01 z$ if $z < 0$ else $z$ | 0.01 if $z < 0$ else 1 |
| elu | $\alpha (e^z - 1)$ if $z < 0$ else $z$ | $y + \alpha$ if $z < 0$ else 1 |
| softmax | $e^{z_k} / \sum_i e^{z_i}$ | $\partial y_k / \partial z_j = y_k (\delta_{kj} - y_j)$ |
| sigmoid | $1 / (1 + e^{-z})$ | $y (1 - y)$ |
| tanh | $\tanh z$ | $1 - y^2$ |

Own backward because the course teaches these derivatives (design principle 3a); softmax and
log_softmax also because composing them overflows (3b).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.op import Op
from axone.core.tensor import Tensor


def stable_sigmoid(z: np.ndarray) -> np.ndarray:
    r"""$1 / (1 + e^{-z})$ computed as $e^{z - \ln(1 + e^{z})}$ with ``logaddexp``: never overflows.

    Three NumPy calls and no branch: the hot path of every sigmoid network. The exponent
    $z - \ln(1 + e^z) = -\ln(1 + e^{-z}) \le 0$ keeps the relative precision at both ends (for
    very negative $z$ it is $z$ itself; the result underflows to 0 below about -745 in float64,
    harmless and ignored by the tests' ``np.seterr``). The 0 is a 0-d array of $z$'s dtype: a
    Python 0 costs NumPy a scalar conversion per call, longer than the work on a small array.
    """
    zero = _ZEROS.get(z.dtype)
    if zero is None:
        zero = _ZEROS[z.dtype] = np.zeros((), z.dtype)
    return np.exp(z - np.logaddexp(zero, z))


_ZEROS: dict = {}  # dtype -> a 0-d zero of it, for stable_sigmoid


class Step(Op):
    r"""$y = 1$ if $z \ge 0$ else 0; its derivative is 0 except at 0 (a Dirac), so no gradient flows."""

    @staticmethod
    def forward(ctx, z):
        return (z >= 0).astype(z.dtype)

    @staticmethod
    def backward(ctx, grad_out):
        return (np.zeros_like(grad_out),)


class Relu(Op):
    r"""$y = \max(0, z)$; $dy/dz$ = Heaviside(z) (0 at 0, as PyTorch)."""

    @staticmethod
    def forward(ctx, z):
        y = np.maximum(z, 0)
        ctx.save(y)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        (y,) = ctx.saved
        return (grad_out * (y > 0),)


class Softplus(Op):
    r"""$y = \ln(1 + e^z)$; $dy/dz = \sigma(z)$. Computed as ``logaddexp(0, z)``: no overflow."""

    @staticmethod
    def forward(ctx, z):
        ctx.save(z)
        return np.logaddexp(0, z).astype(z.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad_out):
        (z,) = ctx.saved
        return (grad_out * stable_sigmoid(z),)


class LeakyRelu(Op):
    r"""$y = \alpha z$ if $z < 0$ else $z$ ($\alpha = 0.01$); $dy/dz = \alpha$ if $z < 0$ else 1."""

    @staticmethod
    def forward(ctx, z, alpha):
        slope = np.where(z < 0, alpha, 1).astype(z.dtype, copy=False)
        ctx.save(slope)
        return z * slope

    @staticmethod
    def backward(ctx, grad_out):
        (slope,) = ctx.saved
        return (grad_out * slope,)


class Elu(Op):
    r"""$y = \alpha (e^z - 1)$ if $z < 0$ else $z$; $dy/dz = y + \alpha$ if $z < 0$ else 1."""

    @staticmethod
    def forward(ctx, z, alpha):
        negative = z < 0
        y = np.where(negative, alpha * np.expm1(np.minimum(z, 0)), z)
        ctx.save(y, negative, alpha)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        y, negative, alpha = ctx.saved
        return (grad_out * np.where(negative, y + alpha, 1),)


class Softmax(Op):
    r"""$y_k = e^{z_k} / \sum_i e^{z_i}$ along ``axis``; $\frac{\partial L}{\partial z} = y \odot (g - \sum_k g_k y_k)$.

    $\max z$ is subtracted first so that $e^{z}$ never overflows.
    """

    @staticmethod
    def forward(ctx, z, axis):
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))
        y = e / np.sum(e, axis=axis, keepdims=True)
        ctx.save(y, axis)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        y, axis = ctx.saved
        return (y * (grad_out - np.sum(grad_out * y, axis=axis, keepdims=True)),)


class LogSoftmax(Op):
    r"""$y_k = z_k - \ln \sum_i e^{z_i}$ (log-sum-exp shifted by $\max z$); $\frac{\partial L}{\partial z} = g - \mathrm{softmax}(z) \sum_k g_k$."""

    @staticmethod
    def forward(ctx, z, axis):
        shifted = z - np.max(z, axis=axis, keepdims=True)
        y = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
        ctx.save(y, axis)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        y, axis = ctx.saved
        return (grad_out - np.exp(y) * np.sum(grad_out, axis=axis, keepdims=True),)


class Sigmoid(Op):
    r"""$y = 1 / (1 + e^{-z})$; $dy/dz = y (1 - y)$.

    Example:
        >>> import axone as ax
        >>> ax.sigmoid(ax.Tensor([0.0]))
        Tensor([0.5], dtype=float32)
    """

    @staticmethod
    def forward(ctx, z):
        y = stable_sigmoid(z)
        ctx.saved = y  # the derivative needs only y (set directly: no method call on the hot path)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        y = ctx.saved
        return (grad_out * (y - y * y),)  # y (1 - y), without a Python scalar to convert


class Tanh(Op):
    r"""$y = \tanh z$; $dy/dz = 1 - y^2$."""

    @staticmethod
    def forward(ctx, z):
        y = np.tanh(z)
        ctx.save(y)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        (y,) = ctx.saved
        return (grad_out - grad_out * y * y,)  # grad_out (1 - y^2), without a Python scalar


def step(z: Any) -> Tensor:
    """The course's basic neuron: 1 where $z \\ge 0$, else 0."""
    return Step.apply(z)


def relu(z: Any) -> Tensor:
    """$\\max(0, z)$."""
    return Relu.apply(z)


def softplus(z: Any) -> Tensor:
    """$\\ln(1 + e^z)$."""
    return Softplus.apply(z)


def leaky_relu(z: Any, alpha: float = 0.01) -> Tensor:
    """$z$ for $z \\ge 0$, $\\alpha z$ below (slope 0.01, the course's)."""
    return LeakyRelu.apply(z, alpha=alpha)


def elu(z: Any, alpha: float = 1.0) -> Tensor:
    """$z$ for $z \\ge 0$, $\\alpha (e^z - 1)$ below."""
    return Elu.apply(z, alpha=alpha)


def _check_axis(function: str, z: Any, axis: Any) -> None:
    """Refuse an axis ``z`` does not have before NumPy does, deep inside the op (a few comparisons)."""
    ndim = z.ndim if isinstance(z, Tensor) else np.ndim(z)
    if type(axis) is int and -ndim <= axis < ndim or axis is None:  # the usual cases, decided at once
        return
    for a in axis if isinstance(axis, tuple) else (axis,):
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            raise TypeError(f"{function}: axis must be an int or a tuple of ints, got {axis!r}")
        if not -ndim <= a < ndim:
            shape = z.shape if isinstance(z, Tensor) else np.shape(z)
            raise ValueError(
                f"{function}: axis={axis} is out of range for a {ndim}-D tensor of shape {shape}; "
                f"use an axis in [{-ndim}, {ndim - 1}] (-1, the default, is the last: the classes)"
            )


def softmax(z: Any, axis: int = -1) -> Tensor:
    """Probabilities along ``axis`` (last by default)."""
    _check_axis("softmax", z, axis)
    return Softmax.apply(z, axis=axis)


def log_softmax(z: Any, axis: int = -1) -> Tensor:
    """$\\ln \\mathrm{softmax}(z)$, computed stably."""
    _check_axis("log_softmax", z, axis)
    return LogSoftmax.apply(z, axis=axis)


def sigmoid(z: Any) -> Tensor:
    """The logistic function $1 / (1 + e^{-z})$."""
    return Sigmoid.apply(z)


logistic = sigmoid


def tanh(z: Any) -> Tensor:
    """Hyperbolic tangent."""
    return Tanh.apply(z)


def linear(z: Any) -> Tensor:
    """The identity: $y = z$ (a Dense layer with no activation)."""
    return z if isinstance(z, Tensor) else Tensor(z)
