r"""The course's activation functions by name, and their derivatives for plots (level 2).

Every name below works wherever an activation is asked for (``Dense(3, activation="tanh")``).
The functions are the engine's ops (``axone/core/ops/activation.py``), so they differentiate;
``derivative(name)`` gives the course's closed-form derivative as a plain NumPy function, for
plots and labs.

| name | $y = \sigma(z)$ | $d y / d z$ (the course's table) |
|---|---|---|
| ``step`` | 1 if $z \ge 0$ else 0 | 0 (a Dirac at 0) |
| ``relu`` | $\max(0, z)$ | Heaviside: 1 if $z > 0$ else 0 |
| ``softplus`` | $\ln(1 + e^z)$ | the logistic $1 / (1 + e^{-z})$ |
| ``leaky_relu`` | $0.01 z$ if $z < 0$ else $z$ | 0.01 if $z < 0$ else 1 |
| ``elu`` | $\alpha (e^z - 1)$ if $z < 0$ else $z$ ($\alpha = 1$) | $y + \alpha$ if $z < 0$ else 1 |
| ``softmax`` | $y_k = e^{z_k} / \sum_i e^{z_i}$ (last axis) | $\partial y_k / \partial z_k = y_k (1 - y_k)$ |
| ``sigmoid`` (``logistic``) | $1 / (1 + e^{-z})$ | $y (1 - y)$ |
| ``tanh`` | $\tanh z$ | $1 - y^2$ |
| ``linear`` | $z$ | 1 |

Example:
    >>> import axone as ax
    >>> ax.activations.get("logistic")(ax.Tensor([0.0]))
    Tensor([0.5], dtype=float32)
    >>> ax.activations.derivative("tanh")(np.array([0.0]))
    array([1.])
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from axone.core.ops import activation as _ops
from axone.core.tensor import Tensor

step = _ops.step
relu = _ops.relu
softplus = _ops.softplus
leaky_relu = _ops.leaky_relu  # slope 0.01 below 0: the course's and PyTorch's (Keras's LeakyReLU layer: 0.3)
elu = _ops.elu  # alpha = 1.0, as Keras and PyTorch
sigmoid = _ops.sigmoid
logistic = _ops.sigmoid
tanh = _ops.tanh


def softmax(z: Any) -> Tensor:
    """Probabilities along the last axis (the classes)."""
    return _ops.softmax(z, axis=-1)


def linear(z: Any) -> Tensor:
    """The identity $y = z$: a layer without activation."""
    return _ops.linear(z)


_FUNCTIONS: dict[str, Callable[[Any], Tensor]] = {
    "step": step,
    "relu": relu,
    "softplus": softplus,
    "leaky_relu": leaky_relu,
    "elu": elu,
    "softmax": softmax,
    "sigmoid": sigmoid,
    "logistic": sigmoid,
    "tanh": tanh,
    "linear": linear,
}


def names() -> list[str]:
    """Every valid activation name."""
    return sorted(_FUNCTIONS)


def get(activation: str | Callable | None) -> Callable[[Any], Tensor]:
    """The activation called ``activation`` (``None`` is ``linear``; a callable is returned as is).

    Raises:
        ValueError: for an unknown name, listing the valid ones.
    """
    if activation is None:
        return linear
    if callable(activation):
        return activation
    if isinstance(activation, str) and activation.lower() in _FUNCTIONS:
        return _FUNCTIONS[activation.lower()]
    raise ValueError(f"unknown activation {activation!r}; valid names: {', '.join(names())}")


def name_of(activation: str | Callable | None) -> str:
    """The registered name of an activation (for configs); a clear error for a custom callable.

    Example:
        >>> import axone as ax
        >>> ax.activations.name_of(ax.activations.logistic), ax.activations.name_of(None)
        ('sigmoid', 'linear')
    """
    if activation is None:
        return "linear"
    if isinstance(activation, str):
        get(activation)
        return "sigmoid" if activation.lower() == "logistic" else activation.lower()
    for name, fn in _FUNCTIONS.items():
        if fn is activation:
            return name
    raise ValueError(
        f"activation {activation!r} is not one of axone's named activations ({', '.join(names())}); "
        "a layer with a custom activation function cannot be saved to a config"
    )


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return _ops.stable_sigmoid(np.asarray(z, dtype=float))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _elu_derivative(z: np.ndarray) -> np.ndarray:
    y = np.expm1(np.minimum(z, 0))  # alpha (e^z - 1) with alpha = 1
    return np.where(z < 0, y + 1.0, 1.0)


_DERIVATIVES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "step": lambda z: np.zeros_like(z),  # a Dirac at 0, not representable on a grid
    "relu": lambda z: (z > 0).astype(float),
    "softplus": _sigmoid,
    "leaky_relu": lambda z: np.where(z < 0, 0.01, 1.0),
    "elu": _elu_derivative,
    "softmax": lambda z: _softmax(z) * (1 - _softmax(z)),
    "sigmoid": lambda z: _sigmoid(z) * (1 - _sigmoid(z)),
    "tanh": lambda z: 1 - np.tanh(z) ** 2,
    "linear": lambda z: np.ones_like(z),
}


def derivative(name: str) -> Callable[[np.ndarray], np.ndarray]:
    r"""The course's derivative $dy/dz$ of activation ``name``, as a NumPy function of $z$.

    For ``softmax`` it is the diagonal $\partial y_k / \partial z_k = y_k (1 - y_k)$ along the last
    axis; for ``step`` it is 0 everywhere (the Dirac at 0 cannot be drawn).

    Example:
        >>> import axone as ax
        >>> ax.activations.derivative("sigmoid")(np.array([0.0]))
        array([0.25])
    """
    if not isinstance(name, str) and name is not None and not any(name is fn for fn in _FUNCTIONS.values()):
        raise ValueError(f"derivative() takes an activation's name ({', '.join(names())}), got {name!r}")
    fn = _DERIVATIVES[name_of(name)]
    return lambda z: fn(np.asarray(z, dtype=float))
