r"""Lab 1, neuron: $z = b + \sum_i w_i x_i$, $y = \sigma(z)$, and the course's eight activations.

Each activation of the course's table is drawn beside its derivative; the derivative the course
gives (``ax.activations.derivative``) is checked against the engine's automatic differentiation
on a grid of $z$ that avoids the kink at 0.

Example:
    >>> max_autodiff_gap("tanh", np.linspace(-3, 3, 8)) < 1e-12
    True
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

import axone as ax
from axone.labs.common import LabResult, save_figure
from axone.viz import function_and_derivative_grid

# the course's table, in its order (Basic is "step", Logistique is "sigmoid")
ACTIVATIONS = ["step", "relu", "softplus", "leaky_relu", "elu", "softmax", "sigmoid", "tanh"]


def _softmax_input(z: np.ndarray) -> np.ndarray:
    """Softmax over two classes, $(z, 0)$: $y_0$ as a function of $z_0 = z$ (the others fixed)."""
    return np.stack([z, np.zeros_like(z)], axis=-1)


def function_of(name: str) -> Callable:
    """$\\sigma$ as a NumPy function of $z$ through the engine (softmax: $y_0$ of $(z, 0)$)."""
    fn = ax.activations.get(name)
    if name == "softmax":
        return lambda z: fn(ax.Tensor(_softmax_input(z), dtype="float64")).numpy()[..., 0]
    return lambda z: fn(ax.Tensor(z, dtype="float64")).numpy()


def course_derivative(name: str) -> Callable:
    """The course's $dy/dz$ (softmax: $\\partial y_0 / \\partial z_0 = y_0 (1 - y_0)$)."""
    fn = ax.activations.derivative(name)
    if name == "softmax":
        return lambda z: fn(_softmax_input(z))[..., 0]
    return fn


def autodiff_derivative(name: str) -> Callable:
    """$dy/dz$ from the engine: the backward pass of $\\sum y$ (softmax: of $\\sum_n y_{n,0}$)."""
    fn = ax.activations.get(name)

    def derivative(z: np.ndarray) -> np.ndarray:
        if name == "softmax":
            z_in = ax.Variable(_softmax_input(z), dtype="float64")
            fn(z_in)[..., 0].sum().backward()
            return z_in.grad.numpy()[..., 0]
        z_in = ax.Variable(np.asarray(z, dtype=np.float64), dtype="float64")
        fn(z_in).sum().backward()
        return z_in.grad.numpy()

    return derivative


def max_autodiff_gap(name: str, z: np.ndarray) -> float:
    """$\\max |\\sigma'_{course}(z) - \\sigma'_{autodiff}(z)|$ over ``z``."""
    return float(np.max(np.abs(course_derivative(name)(z) - autodiff_derivative(name)(z))))


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("neuron", "z = b + sum w_i x_i, y = sigma(z): the eight activations and their derivatives")
    x, w, b = (
        np.array([0.5, -1.0, 2.0]),
        ax.Variable([0.4, 0.3, -0.2], dtype="float64"),
        ax.Variable(0.1, dtype="float64"),
    )
    z = b + (w * ax.Tensor(x, dtype="float64")).sum()
    y = ax.sigmoid(z)
    y.backward()
    result.numbers.update(z=float(z.data), y=float(y.data), dy_dw=w.grad.numpy().tolist())
    result.findings.append(
        f"One neuron: x = (0.5, -1, 2), w = (0.4, 0.3, -0.2), b = 0.1 give z = {float(z.data):.4g} and "
        f"y = sigma(z) = {float(y.data):.4f} (logistic); dy/dw = y (1 - y) x = {np.round(w.grad.numpy(), 4)}."
    )
    # an even number of points: the grid never lands on the kink at z = 0
    grid = np.linspace(-4, 4, 200 if quick else 2000)
    gaps = {name: max_autodiff_gap(name, grid) for name in ACTIVATIONS}
    result.numbers["max_gap"] = gaps
    result.findings.append(
        "Largest gap between the course's derivative and autodiff on z in [-4, 4]: "
        + ", ".join(f"{name} {gap:.1e}" for name, gap in gaps.items())
        + "."
    )
    result.findings.append(
        "The step's derivative is 0 away from 0 (the course's Dirac sits at z = 0, off the grid); softmax is "
        "drawn as y_0 of the two classes (z, 0), whose diagonal derivative y_0 (1 - y_0) the course gives."
    )
    rows = {name: (function_of(name), course_derivative(name), autodiff_derivative(name)) for name in ACTIVATIONS}
    save_figure(result, function_and_derivative_grid(rows, grid), "activations", out)
    return result
