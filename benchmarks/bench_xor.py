"""Benchmark ``xor``: the course's network trained by gradient descent, three ways.

The network of the course's "XOR & Co. complet en Numpy": 2 inputs, 3 sigmoid hidden units,
1 sigmoid output, no biases, squared error $E = \\sum (t - y)^2$, the 4 samples as one batch,
$\\eta = 0.1$, 10,000 epochs, float64, the same initial weights for all:

- axone: the forward pass written with the engine, ``loss.backward()``, a hand-written update;
- axone_compiled: the same step in ``ax.function`` (traced once, then its plan replayed);
- torch: the same loop with PyTorch's autograd (2 threads);
- numpy: the course's code as printed, its backward pass written by hand;
- ops_floor: the NumPy calls that axone's ops make for this step and nothing else, the floor of
  any replay of these ops (its loss has axone's bits).

Result: the final loss; the three must agree (to 1e-9 relative: the same float64 arithmetic
in a different order).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.harness import compare, peak_rss_rise_mib, peak_tracemalloc_mib, setup_torch

LR = 0.1
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
T = np.array([[0, 1, 1, 0]], dtype=np.float64).T


def initial_weights() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.random((2, 3)), rng.random((3, 1))  # np.random.rand, as the course


def make_numpy(epochs: int) -> Any:
    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    def run() -> float:
        w1, w2 = initial_weights()
        x, t, learning_rate = X, T, LR
        for _ in range(epochs):  # the course's loop, line for line
            layer1 = sigmoid(x @ w1)
            output = sigmoid(layer1 @ w2)
            delta2 = -2 * (t - output) * output * (1 - output)
            delta1 = (delta2 @ w2.T) * layer1 * (1 - layer1)
            w2 -= learning_rate * layer1.T @ delta2
            w1 -= learning_rate * x.T @ delta1
        return float(((t - output) ** 2).sum())

    return run


def make_ops_floor(epochs: int) -> Any:
    """The NumPy calls that axone's ops make for this step, in the plan's order, with nothing
    around them (no op objects, no Python frames of their own): the floor of any replay of these
    ops. Its loss has axone's bits (checked), so these are the same calls."""

    def run() -> float:
        w1, w2 = initial_weights()
        x, t = X, T
        for _ in range(epochs):
            b1 = x @ w1  # MatMul.forward
            b2 = np.exp(b1 - np.logaddexp(0, b1))  # Activate.forward: the stable sigmoid
            b3 = b2 @ w2
            b4 = np.exp(b3 - np.logaddexp(0, b3))
            b5 = t - b4  # Sub.forward
            b6 = b5**2  # Square.forward
            b7 = np.asarray(np.add.reduce(b6, None))  # SumAll.forward
            g1 = np.ones_like(b7)  # the seed
            g2 = np.empty(b6.shape)  # SumAll.backward: a fill
            g2[...] = g1
            g3 = g2 * (b5 + b5)  # Square.backward
            g5 = -g3  # Sub.backward (t needs no gradient, its share is not used)
            g6 = g5 * (b4 * (1 - b4))  # Activate.backward: g sigma'(y)
            g7, g8 = g6 @ w2.T, b2.T @ g6  # MatMul.backward
            g9 = g7 * (b2 * (1 - b2))
            g10 = x.T @ g9
            grad2, grad1 = np.array(g8), np.array(g10)  # .grad: a first gradient is a copy
            w1[...] = w1 - LR * grad1  # Mul.forward, Sub.forward, the in-place write
            w2[...] = w2 - LR * grad2
        return float(b7)

    return run


def make_axone(epochs: int) -> Any:
    import axone as ax

    def run() -> float:
        w1, w2 = (ax.Variable(w) for w in initial_weights())
        x, t = ax.Tensor(X), ax.Tensor(T)
        for _ in range(epochs):
            output = ax.sigmoid(ax.sigmoid(x @ w1) @ w2)
            loss = ((t - output) ** 2).sum()
            loss.backward()
            w1.data -= LR * w1.grad.data  # the hand-written update: w <- w - eta dE/dw
            w2.data -= LR * w2.grad.data
            w1.grad = w2.grad = None
        return float(loss)

    return run


def make_axone_compiled(epochs: int) -> Any:
    """The same step, compiled: ``ax.function`` traces it once, the other epochs replay its plan."""
    import axone as ax

    def run() -> float:
        w1, w2 = (ax.Variable(w) for w in initial_weights())
        x, t = ax.Tensor(X), ax.Tensor(T)

        @ax.function
        def step() -> Any:
            output = ax.sigmoid(ax.sigmoid(x @ w1) @ w2)
            loss = ((t - output) ** 2).sum()
            loss.backward()
            with ax.no_grad():
                for w in (w1, w2):
                    w -= LR * w.grad  # in place: w <- w - eta dE/dw
                    w.grad = None
            return loss

        for _ in range(epochs):
            loss = step()
        return float(loss)

    return run


def make_torch(epochs: int) -> Any:
    torch = setup_torch(2)

    def run() -> float:
        w1, w2 = (torch.tensor(w, requires_grad=True) for w in initial_weights())
        x, t = torch.tensor(X), torch.tensor(T)
        for _ in range(epochs):
            output = torch.sigmoid(torch.sigmoid(x @ w1) @ w2)
            loss = ((t - output) ** 2).sum()
            loss.backward()
            with torch.no_grad():
                w1 -= LR * w1.grad
                w2 -= LR * w2.grad
            w1.grad = w2.grad = None
        return loss.item()

    return run


def run(quick: bool = False) -> list[dict[str, Any]]:
    epochs = 10_000
    rows = compare(
        "xor",
        {
            "axone_compiled": make_axone_compiled(epochs),
            "axone": make_axone(epochs),
            "ops_floor": make_ops_floor(epochs),
            "torch": make_torch(epochs),
            "numpy": make_numpy(epochs),
        },
        repeats=3 if quick else 7,
        work=epochs,
        unit="us/epoch",
        per_unit=1e6,
        reference="numpy",
        rtol=1e-9,
        memory={
            "axone_compiled": peak_tracemalloc_mib,
            "axone": peak_tracemalloc_mib,
            "ops_floor": peak_tracemalloc_mib,
            "numpy": peak_tracemalloc_mib,
            "torch": peak_rss_rise_mib,
        },
        targets={"torch": 2.5},
    )
    compiled = next(r for r in rows if r["impl"] == "axone_compiled")
    eager = next(r for r in rows if r["impl"] == "axone")
    compiled["result_ok"] &= compiled["result"] == eager["result"]  # the same bits, compiled or not
    floor = next(r for r in rows if r["impl"] == "ops_floor")
    floor["result_ok"] &= floor["result"] == eager["result"]  # the same NumPy calls as the ops
    compiled["targets"] = {"torch": (compiled["speed_vs_torch"], 4.0), "numpy": (compiled["speed_vs_numpy"], 0.9)}
    return rows
