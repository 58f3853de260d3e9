r"""The course's activations as NumPy functions, each forward beside its derivative, in one table.

Every use of an activation reads it here: the activation ops (``activation.py``), the fused Dense
op (``affine.py``), the recurrent ops (``recurrent.py``) and, through ``ax.activations``, the
plots and the labs. Each derivative is written as the course's table writes it, from the output
$y$ where the course does, from $z$ otherwise; ``derivative(y, z)`` takes both, and the ones that
read only $y$ take ``derivative(y)`` (an op that keeps only its output can use those).

| name | $y = \sigma(z)$ | $dy/dz$ |
|---|---|---|
| step | 1 if $z \ge 0$ else 0 | 0 (a Dirac at 0) |
| relu | $\max(0, z)$ | Heaviside: 1 if $z > 0$ else 0, i.e. 1 if $y > 0$ |
| softplus | $\ln(1 + e^z)$ | the logistic $\sigma(z)$ |
| leaky_relu | $\alpha z$ if $z < 0$ else $z$ ($\alpha = 0.01$) | $\alpha$ if $z < 0$ else 1 |
| elu | $\alpha (e^z - 1)$ if $z < 0$ else $z$ ($\alpha = 1$) | $y + \alpha$ if $z < 0$ else 1 |
| softmax | $y_k = e^{z_k} / \sum_i e^{z_i}$ | $\partial y_k / \partial z_k = y_k (1 - y_k)$ |
| sigmoid | $1 / (1 + e^{-z})$ | $y (1 - y)$ |
| tanh | $\tanh z$ | $1 - y^2$ |
| linear | $z$ | 1 |

Example:
    >>> import numpy as np
    >>> tanh = ACTIVATIONS["tanh"]
    >>> y = tanh.forward(np.array([0.0, 1.0])); tanh.derivative(y).round(4)
    array([1.   , 0.42])
    >>> ACTIVATIONS["logistic"].formula
    '$y = 1 / (1 + e^{-z})$'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from axone.core.backend import xp


def step(z: xp.ndarray) -> xp.ndarray:
    return (z >= 0).astype(z.dtype)


def step_derivative(y: xp.ndarray, z: xp.ndarray | None = None) -> xp.ndarray:
    return xp.zeros_like(y)  # a Dirac at 0: 0 wherever a gradient flows


def relu(z: xp.ndarray) -> xp.ndarray:
    return xp.maximum(z, 0)


def relu_derivative(y: xp.ndarray, z: xp.ndarray | None = None) -> xp.ndarray:
    return (y > 0).astype(y.dtype)  # y > 0 exactly where z > 0; 0 at 0, as PyTorch


def softplus(z: xp.ndarray) -> xp.ndarray:
    return xp.logaddexp(0, z)  # ln(e^0 + e^z), computed without overflow


def softplus_derivative(y: xp.ndarray, z: xp.ndarray) -> xp.ndarray:
    return sigmoid(z)


def leaky_relu(z: xp.ndarray, alpha: float = 0.01) -> xp.ndarray:
    return xp.where(z < 0, alpha * z, z)


def leaky_relu_derivative(y: xp.ndarray, z: xp.ndarray, alpha: float = 0.01) -> xp.ndarray:
    return xp.where(z < 0, alpha, 1).astype(z.dtype)


def elu(z: xp.ndarray, alpha: float = 1.0) -> xp.ndarray:
    # e^z is taken of min(z, 0): both branches are computed, and e^z would overflow for large z
    return xp.where(z < 0, alpha * xp.expm1(xp.minimum(z, 0)), z)


def elu_derivative(y: xp.ndarray, z: xp.ndarray, alpha: float = 1.0) -> xp.ndarray:
    return xp.where(z < 0, y + alpha, 1)


def softmax(z: xp.ndarray, axis: int = -1) -> xp.ndarray:
    e = xp.exp(z - xp.max(z, axis=axis, keepdims=True))  # shifted by max z: e^z never overflows
    return e / xp.sum(e, axis=axis, keepdims=True)


def softmax_derivative(y: xp.ndarray, z: xp.ndarray | None = None) -> xp.ndarray:
    return y * (1 - y)  # the diagonal of the Jacobian; the op's backward uses all of it


def sigmoid(z: xp.ndarray) -> xp.ndarray:
    # 1 / (1 + e^{-z}) as e^{z - ln(1 + e^z)}: the exponent -ln(1 + e^{-z}) is <= 0, so nothing
    # overflows, and for very negative z it is z itself (full relative precision near 0)
    return xp.exp(z - xp.logaddexp(0, z))


def sigmoid_derivative(y: xp.ndarray, z: xp.ndarray | None = None) -> xp.ndarray:
    return y * (1 - y)


def tanh(z: xp.ndarray) -> xp.ndarray:
    return xp.tanh(z)


def tanh_derivative(y: xp.ndarray, z: xp.ndarray | None = None) -> xp.ndarray:
    return 1 - y**2


def linear(z: xp.ndarray) -> xp.ndarray:
    return z


def linear_derivative(y: xp.ndarray, z: xp.ndarray | None = None) -> xp.ndarray:
    return xp.ones_like(y)


@dataclass(frozen=True)
class Activation:
    """One row of the table: the function, its derivative and their formulas.

    Attributes:
        name: the canonical name (``"sigmoid"`` for the alias ``"logistic"``).
        forward: ``forward(z) -> y`` (``leaky_relu`` and ``elu`` also take ``alpha=``).
        derivative: ``derivative(y, z) -> dy/dz``, elementwise (softmax: the diagonal).
        formula, derivative_formula: the course's formulas, in LaTeX between ``$``.
    """

    name: str
    forward: Callable[..., xp.ndarray]
    derivative: Callable[..., xp.ndarray]
    formula: str
    derivative_formula: str


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("step", step, step_derivative, r"$y = 1$ if $z \ge 0$ else $0$", r"$0$ (a Dirac at 0)"),
        Activation("relu", relu, relu_derivative, r"$y = \max(0, z)$", r"$1$ if $z > 0$ else $0$"),
        Activation("softplus", softplus, softplus_derivative, r"$y = \ln(1 + e^z)$", r"$1 / (1 + e^{-z})$"),
        Activation(
            "leaky_relu",
            leaky_relu,
            leaky_relu_derivative,
            r"$y = \alpha z$ if $z < 0$ else $z$",
            r"$\alpha$ if $z < 0$ else $1$",
        ),
        Activation(
            "elu",
            elu,
            elu_derivative,
            r"$y = \alpha (e^z - 1)$ if $z < 0$ else $z$",
            r"$y + \alpha$ if $z < 0$ else $1$",
        ),
        Activation(
            "softmax",
            softmax,
            softmax_derivative,
            r"$y_k = e^{z_k} / \sum_i e^{z_i}$",
            r"$\partial y_k / \partial z_k = y_k (1 - y_k)$",
        ),
        Activation("sigmoid", sigmoid, sigmoid_derivative, r"$y = 1 / (1 + e^{-z})$", r"$y (1 - y)$"),
        Activation("tanh", tanh, tanh_derivative, r"$y = \tanh z$", r"$1 - y^2$"),
        Activation("linear", linear, linear_derivative, r"$y = z$", r"$1$"),
    )
}
"""Every activation by name, the alias ``logistic`` included (the course's name for the sigmoid)."""
ACTIVATIONS["logistic"] = ACTIVATIONS["sigmoid"]
