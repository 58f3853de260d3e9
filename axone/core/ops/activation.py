r"""The course's activation functions as ops: $y = \sigma(z)$ and $\partial L / \partial z = g \odot \sigma'$.

The functions and their derivatives are the table's (``activation_functions.py``: each forward
beside its derivative, as the course writes it); ``Activate`` runs one of them forward and
multiplies the incoming gradient $g$ by its derivative backward. Own backward because the course
teaches these derivatives (design principle 3a); softmax and log_softmax also because composing
them overflows (3b), and because their derivative is a Jacobian, not elementwise.

Example:
    >>> import axone as ax
    >>> z = ax.Variable([0.0, 2.0])
    >>> ax.tanh(z).sum().backward(); z.grad.numpy().round(4)  # 1 - y^2
    array([1.    , 0.0707], dtype=float32)
"""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.ops.activation_functions import ACTIVATIONS, Activation
from axone.core.tensor import Tensor


class Activate(Op):
    r"""$y = \sigma(z)$ elementwise for an activation of the table; backward $g \odot \sigma'(y, z)$.

    ``params`` are the activation's constants (``alpha`` of leaky_relu and elu).
    """

    @staticmethod
    def forward(ctx, z, activation: Activation, **params):
        y = activation.forward(z, **params)
        ctx.save(y, z, activation, params)  # z costs nothing to keep: the input tensor holds it
        return y

    @staticmethod
    def backward(ctx, grad_out):
        y, z, activation, params = ctx.saved
        return (grad_out * activation.derivative(y, z, **params),)


class Softmax(Op):
    r"""$y_k = e^{z_k} / \sum_i e^{z_i}$ along ``axis``; $\frac{\partial L}{\partial z} = y \odot (g - \sum_k g_k y_k)$.

    The Jacobian $\partial y_k / \partial z_j = y_k (\delta_{kj} - y_j)$ applied to $g$ without
    building it.
    """

    @staticmethod
    def forward(ctx, z, axis):
        y = ACTIVATIONS["softmax"].forward(z, axis=axis)
        ctx.save(y, axis)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        y, axis = ctx.saved
        return (y * (grad_out - xp.sum(grad_out * y, axis=axis, keepdims=True)),)


class LogSoftmax(Op):
    r"""$y_k = z_k - \ln \sum_i e^{z_i}$ (log-sum-exp shifted by $\max z$); $\frac{\partial L}{\partial z} = g - \mathrm{softmax}(z) \sum_k g_k$."""

    @staticmethod
    def forward(ctx, z, axis):
        shifted = z - xp.max(z, axis=axis, keepdims=True)
        y = shifted - xp.log(xp.sum(xp.exp(shifted), axis=axis, keepdims=True))
        ctx.save(y, axis)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        y, axis = ctx.saved
        return (grad_out - xp.exp(y) * xp.sum(grad_out, axis=axis, keepdims=True),)


def step(z: Any) -> Tensor:
    """The course's basic neuron: 1 where $z \\ge 0$, else 0 (no gradient flows)."""
    return Activate.apply(z, activation=ACTIVATIONS["step"])


def relu(z: Any) -> Tensor:
    """$\\max(0, z)$; its derivative is 0 at 0, as PyTorch's."""
    return Activate.apply(z, activation=ACTIVATIONS["relu"])


def softplus(z: Any) -> Tensor:
    """$\\ln(1 + e^z)$, computed without overflow."""
    return Activate.apply(z, activation=ACTIVATIONS["softplus"])


def leaky_relu(z: Any, alpha: float = 0.01) -> Tensor:
    """$z$ for $z \\ge 0$, $\\alpha z$ below (slope 0.01, the course's)."""
    return Activate.apply(z, activation=ACTIVATIONS["leaky_relu"], alpha=float(alpha))


def elu(z: Any, alpha: float = 1.0) -> Tensor:
    """$z$ for $z \\ge 0$, $\\alpha (e^z - 1)$ below."""
    return Activate.apply(z, activation=ACTIVATIONS["elu"], alpha=float(alpha))


def _check_axis(function: str, z: Any, axis: Any) -> None:
    """Refuse an axis ``z`` does not have before NumPy does, deep inside the op."""
    if axis is None:
        return
    ndim = z.ndim if isinstance(z, Tensor) else xp.ndim(z)
    for a in axis if isinstance(axis, tuple) else (axis,):
        if isinstance(a, bool) or not isinstance(a, (int, xp.integer)):
            raise TypeError(f"{function}: axis must be an int or a tuple of ints, got {axis!r}")
        if not -ndim <= a < ndim:
            shape = z.shape if isinstance(z, Tensor) else xp.shape(z)
            raise ValueError(
                f"{function}: axis={axis} is out of range for a {ndim}-D tensor of shape {shape}; "
                f"use an axis in [{-ndim}, {ndim - 1}] (-1, the default, is the last: the classes)"
            )


def softmax(z: Any, axis: int = -1) -> Tensor:
    """Probabilities along ``axis`` (last by default: the classes)."""
    _check_axis("softmax", z, axis)
    return Softmax.apply(z, axis=axis)


def log_softmax(z: Any, axis: int = -1) -> Tensor:
    """$\\ln \\mathrm{softmax}(z)$, computed stably."""
    _check_axis("log_softmax", z, axis)
    return LogSoftmax.apply(z, axis=axis)


def sigmoid(z: Any) -> Tensor:
    """The logistic function $1 / (1 + e^{-z})$.

    Example:
        >>> import axone as ax
        >>> ax.sigmoid(ax.Tensor([0.0]))
        Tensor([0.5], dtype=float32)
    """
    return Activate.apply(z, activation=ACTIVATIONS["sigmoid"])


logistic = sigmoid


def tanh(z: Any) -> Tensor:
    """Hyperbolic tangent."""
    return Activate.apply(z, activation=ACTIVATIONS["tanh"])


def linear(z: Any) -> Tensor:
    """The identity: $y = z$ (a Dense layer with no activation)."""
    return z if isinstance(z, Tensor) else Tensor(z)
