r"""Lab 2, approximation: Pinkus' theorem, one hidden layer of $r$ neurons fitting a continuous function.

$\mathcal{M}_r(\sigma) = \{ \sum_{i=1}^r c_i \sigma(w^i \cdot x + b_i) \}$ is dense in $\mathcal{C}(\mathbb{R})$
for any continuous non-polynomial $\sigma$: on a compact, enough neurons get uniformly as close as
we like. Here $f(x) = \sin(3x) + |x| / 2$ on $K = [-2, 2]$, $\sigma = \tanh$.

The network that exists is built directly: neuron $i$ is a tanh step centred at $m_i$ (evenly spread
over $K$, slope growing with $r$), and the output weights $c_i$ (and an output bias) are solved by
least squares. The max error falls as $r$ grows. The course's warning ("cela ne veut pas dire que
c'est simple de converger") is measured too: the same architecture trained by gradient descent
(Adam) from a random start ends far from the network that exists.

Example:
    >>> error, _ = constructed_fit(16, np.linspace(-2, 2, 401))
    >>> bool(error < 0.06)
    True
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import axone as ax
from axone.labs.common import LabResult, save_figure
from axone.viz import pyplot

LOW, HIGH = -2.0, 2.0


def target(x: np.ndarray) -> np.ndarray:
    """The continuous function to fit: $f(x) = \\sin(3x) + |x| / 2$."""
    return np.sin(3 * x) + np.abs(x) / 2


def _least_squares(hidden: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Output weights $c$ (and a bias, the last entry) minimising $\\| [H, 1] c - y \\|^2$."""
    design = np.hstack([hidden, np.ones((len(hidden), 1))])
    return np.linalg.lstsq(design, y, rcond=None)[0]


def constructed_fit(r: int, x: np.ndarray) -> tuple[float, dict]:
    """Max error on ``x`` of the network built for ``r`` neurons, and its weights."""
    centres = LOW + (HIGH - LOW) * (np.arange(r) + 0.5) / r
    slope = 1.5 * r / (HIGH - LOW) + 0.5
    w, b = np.full(r, slope), -slope * centres
    coefficients = _least_squares(np.tanh(np.outer(x, w) + b), target(x))
    fit = np.tanh(np.outer(x, w) + b) @ coefficients[:-1] + coefficients[-1]
    return float(np.max(np.abs(fit - target(x)))), {"w": w, "b": b, "c": coefficients}


def random_features_fit(r: int, x: np.ndarray, rng: np.random.Generator) -> float:
    """Max error when the hidden weights are random and only the output layer is solved."""
    w, b = rng.normal(0, 3, r), rng.uniform(-6, 6, r)
    coefficients = _least_squares(np.tanh(np.outer(x, w) + b), target(x))
    fit = np.tanh(np.outer(x, w) + b) @ coefficients[:-1] + coefficients[-1]
    return float(np.max(np.abs(fit - target(x))))


def trained_fit(r: int, x: np.ndarray, steps: int, rng: np.random.Generator) -> tuple[dict[int, float], np.ndarray]:
    """Max error after 100, 300, 1000, ... and ``steps`` steps of Adam on the mean squared error, from a
    random start; and the final fit."""
    params = [
        ax.Variable(rng.normal(0, 1, (1, r)), dtype="float64"),
        ax.Variable(np.zeros(r), dtype="float64"),
        ax.Variable(rng.normal(0, 1 / np.sqrt(r), (r, 1)), dtype="float64"),
        ax.Variable(np.zeros(1), dtype="float64"),
    ]
    inputs, t = ax.Tensor(x[:, None], dtype="float64"), ax.Tensor(target(x)[:, None], dtype="float64")
    opt = ax.optimizers.Adam(params, lr=0.01)
    checkpoints = {n for n in (100, 300, 1000, 3000, 10000) if n < steps} | {steps}
    errors = {}
    for step in range(1, steps + 1):
        opt.zero_grad()
        y = ax.tanh(inputs @ params[0] + params[1]) @ params[2] + params[3]
        ((y - t) ** 2).mean().backward()
        opt.step()
        if step in checkpoints:
            with ax.no_grad():
                fit = (ax.tanh(inputs @ params[0] + params[1]) @ params[2] + params[3]).numpy().ravel()
            errors[step] = float(np.max(np.abs(fit - target(x))))
    return errors, fit


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("approximation", "Pinkus' theorem: one hidden layer of r neurons fits a continuous function")
    x = np.linspace(LOW, HIGH, 401 if quick else 2001)
    widths = [1, 2, 4, 8, 16] if quick else [1, 2, 4, 8, 16, 32, 64]
    rng = np.random.default_rng(0)
    errors = {r: constructed_fit(r, x)[0] for r in widths}
    random_errors = {r: random_features_fit(r, x, rng) for r in widths}
    result.numbers.update(max_error=errors, random_features_error=random_errors)
    result.findings.append(
        "f(x) = sin(3x) + |x|/2 on [-2, 2], one hidden layer of r tanh neurons placed evenly, output layer solved "
        "by least squares: max error by r: "
        + ", ".join(f"{r}: {e:.3g}" for r, e in errors.items())
        + ". With random hidden weights and the output solved the same way: "
        + ", ".join(f"{r}: {e:.3g}" for r, e in random_errors.items())
        + "."
    )

    r_train, steps = (16, 300) if quick else (16, 5000)
    trained_errors, trained = trained_fit(r_train, x, steps, rng)
    trained_error = trained_errors[steps]
    result.numbers.update(
        trained_r=r_train, trained_steps=steps, trained_error=trained_error, trained_errors=trained_errors
    )
    built = errors[r_train]
    reached = [n for n, e in trained_errors.items() if e <= built]
    verdict = (
        f"training matches the built network only after {reached[0]} steps"
        if reached
        else f"training has not found a network as good as the built one after {steps} steps"
    )
    result.findings.append(
        f"The course's warning, measured: with r = {r_train} the built network has max error {built:.3g}; Adam "
        "(eta = 0.01) from a random start on the same architecture has "
        + ", ".join(f"{e:.3g} after {n}" for n, e in trained_errors.items())
        + f" steps: {verdict}. The theorem says the network exists, not that (or how fast) training finds it."
    )

    plt = pyplot()
    fig, (left, middle, right) = plt.subplots(1, 3, figsize=(15, 4))
    left.loglog(list(errors), list(errors.values()), "o-", label="evenly placed, output by least squares")
    left.loglog(
        list(random_errors), list(random_errors.values()), "s--", label="random hidden, output by least squares"
    )
    left.loglog([r_train], [trained_error], "r*", markersize=12, label=f"trained by Adam ({steps} steps)")
    left.set_xlabel("r (hidden neurons)")
    left.set_ylabel("max |f - g| on K")
    left.legend(fontsize=7)
    middle.plot(x, target(x), "k", linewidth=2, label="f")
    for r in widths[1::2]:
        _, weights = constructed_fit(r, x)
        fit = np.tanh(np.outer(x, weights["w"]) + weights["b"]) @ weights["c"][:-1] + weights["c"][-1]
        middle.plot(x, fit, label=f"r = {r}")
    middle.plot(x, trained, ":", label=f"r = {r_train}, trained")
    middle.legend(fontsize=7)
    middle.set_title("the fits", fontsize=9)
    r_shown = 8
    _, weights = constructed_fit(r_shown, x)
    for i in range(r_shown):
        right.plot(x, weights["c"][i] * np.tanh(weights["w"][i] * x + weights["b"][i]), linewidth=0.8)
    right.plot(x, target(x), "k", linewidth=2)
    right.set_title(f"each neuron's contribution c_i tanh(w_i x + b_i), r = {r_shown}", fontsize=9)
    save_figure(result, fig, "fits", out)
    return result
