"""The tensor idioms of PyTorch's "Learning PyTorch with Examples" fits, run unchanged but for the module name.

A third-order polynomial fitted to sin(x) by hand-written gradient descent: constructors,
``pow``, ``sum``, ``backward``, in-place updates under ``no_grad``, ``item``. The same program
with ``torch`` and with ``ax`` must end on the same coefficients.
"""

from __future__ import annotations

import math

import numpy as np
import torch

import axone as ax


def fit(lib, start: np.ndarray, steps: int = 300) -> list[float]:
    x = lib.linspace(-math.pi, math.pi, 2000, dtype=lib.float64 if lib is torch else "float64")
    y = lib.sin(x)
    a, b, c, d = (lib.tensor(v, requires_grad=True) for v in start)
    for _ in range(steps):
        y_pred = a + b * x + c * x**2 + d * x**3
        loss = (y_pred - y).pow(2).sum()
        loss.backward()
        with lib.no_grad():
            for p in (a, b, c, d):
                p -= 1e-6 * p.grad
                p.grad = None
    return [a.item(), b.item(), c.item(), d.item()]


def test_polynomial_fit_by_hand_matches_torch() -> None:
    start = np.random.default_rng(0).standard_normal(4)
    np.testing.assert_allclose(fit(ax, start), fit(torch, start), rtol=1e-9)


def test_powers_of_a_column_and_numpy_operands() -> None:
    x = ax.linspace(-1, 1, 5, dtype="float64")
    powers = x.unsqueeze(-1).pow(ax.tensor([1, 2, 3]))  # the tutorial's xx = x.unsqueeze(-1).pow(p)
    np.testing.assert_allclose(powers.numpy(), np.linspace(-1, 1, 5)[:, None] ** np.arange(1, 4))
    w = ax.randn(3, dtype="float64", requires_grad=True)
    loss = np.square(powers @ w - np.sin(x.numpy())).sum()  # NumPy on both sides of a Tensor
    loss.backward()
    assert isinstance(loss, ax.Tensor) and w.grad.shape == (3,)
