r"""The course's activation functions by name, and their derivatives for plots (level 2).

Every name below works wherever an activation is asked for (``Dense(3, activation="tanh")``).
The functions are the engine's ops (``axone/core/ops/activation.py``), so they differentiate;
``derivative(name)`` gives the course's closed-form derivative as a plain NumPy function, for
plots and labs, and ``definition(name)`` the table's row (``axone/core/ops/activation_functions.py``):
the one place where each function and its derivative are written.

Names: ``step``, ``relu``, ``softplus``, ``leaky_relu`` (slope 0.01), ``elu`` ($\alpha = 1$),
``softmax`` (last axis), ``sigmoid`` (alias ``logistic``), ``tanh``, ``linear``; their formulas
and derivatives are the table of ``axone/core/ops/activation_functions.py`` (also
``definition(name).formula`` and ``.derivative_formula``).

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
from axone.core.ops.activation_functions import ACTIVATIONS, Activation
from axone.core.tensor import Tensor

step = _ops.step
relu = _ops.relu
softplus = _ops.softplus
leaky_relu = _ops.leaky_relu  # slope 0.01 below 0: the course's and PyTorch's (Keras's LeakyReLU layer: 0.3)
elu = _ops.elu  # alpha = 1.0, as Keras and PyTorch
softmax = _ops.softmax  # along the last axis (the classes) by default, as keras.activations.softmax
sigmoid = _ops.sigmoid
logistic = _ops.sigmoid
tanh = _ops.tanh
linear = _ops.linear

# every name of the table, to its differentiable function (the alias logistic to sigmoid)
_FUNCTIONS: dict[str, Callable[[Any], Tensor]] = {name: getattr(_ops, a.name) for name, a in ACTIVATIONS.items()}


def names() -> list[str]:
    """Every valid activation name."""
    return sorted(ACTIVATIONS)


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
        return ACTIVATIONS[activation.lower()].name
    for name, fn in _FUNCTIONS.items():
        if fn is activation:
            return ACTIVATIONS[name].name
    raise ValueError(
        f"activation {activation!r} is not one of axone's named activations ({', '.join(names())}); "
        "a layer with a custom activation function cannot be saved to a config"
    )


def definition(activation: str | Callable | None) -> Activation:
    r"""The table's row for an activation: its NumPy ``forward(z)``, ``derivative(y, z)`` and formulas.

    The same functions the ops, the fused Dense op and the recurrent ops compute with.

    Example:
        >>> import axone as ax
        >>> sigmoid = ax.activations.definition("logistic")
        >>> sigmoid.derivative_formula, sigmoid.derivative(sigmoid.forward(np.array([0.0])))
        ('$y (1 - y)$', array([0.25]))
    """
    return _row(activation, "definition")


def _row(activation: Any, caller: str) -> Activation:
    named = isinstance(activation, str) or activation is None or any(activation is fn for fn in _FUNCTIONS.values())
    if not named:
        raise ValueError(f"{caller}() takes an activation's name ({', '.join(names())}), got {activation!r}")
    return ACTIVATIONS[name_of(activation)]


def derivative(name: str | Callable) -> Callable[[np.ndarray], np.ndarray]:
    r"""The course's derivative $dy/dz$ of activation ``name``, as a NumPy function of $z$ (in float64).

    It is the table's derivative, at $y = \sigma(z)$: the one the ops use. For ``softmax`` it is
    the diagonal $\partial y_k / \partial z_k = y_k (1 - y_k)$ along the last axis; for ``step``
    it is 0 everywhere (the Dirac at 0 cannot be drawn).

    Example:
        >>> import axone as ax
        >>> ax.activations.derivative("sigmoid")(np.array([0.0]))
        array([0.25])
    """
    act = _row(name, "derivative")

    def dy_dz(z: np.ndarray) -> np.ndarray:
        z = np.asarray(z, dtype=float)
        return act.derivative(act.forward(z), z)

    return dy_dz
