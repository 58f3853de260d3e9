r"""Lab 6, backprop: $\partial E / \partial w^2_{2,2}$ by the chain rule, factor by factor.

The network is the 2-2-1 logistic network of the tape lab. Layers are numbered as in the course's
companion page (gradient_tape.html): layer 1 is the inputs $y^1 = x$, layer 2 the hidden neurons
$y^2_k = \sigma(z^2_k)$ with $z^2_k = b^2_k + \sum_j w^2_{j,k} y^1_j$, layer 3 the output
$y = \sigma(z)$ with $z = b^3 + \sum_k w^3_k y^2_k$; the error is $E = (y - t)^2$. Then

$\frac{\partial E}{\partial w^2_{2,2}} = \frac{\partial E}{\partial y} \frac{\partial y}{\partial z}
\frac{\partial z}{\partial y^2_2} \frac{\partial y^2_2}{\partial z^2_2} \frac{\partial z^2_2}{\partial w^2_{2,2}}
= 2 (y - t) \; y (1 - y) \; w^3_2 \; y^2_2 (1 - y^2_2) \; y^1_2$

(indices from 1 as on the slide; in the kernel it is ``W1[1, 1]``).

Example:
    >>> factors, by_hand, by_tape = chain_rule(np.array([0.0, 1.0]), 1.0)
    >>> abs(by_hand - by_tape) < 1e-15
    True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

import axone as ax
from axone.labs.common import LabResult, save_figure
from axone.labs.tape import WEIGHTS, small_model
from axone.viz import pyplot
from axone.viz.network import draw_network

SIGMOID = ax.activations.definition("sigmoid")  # the engine's sigmoid and its derivative y (1 - y)


def chain_rule(x: np.ndarray, t: float) -> tuple[dict[str, float], float, float]:
    r"""The five factors of $\partial E / \partial w^2_{2,2}$ at input ``x``, target ``t``, their
    product, and the tape's value of the same derivative."""
    w2, b2, w3, b3 = WEIGHTS
    y1 = x
    y2 = SIGMOID.forward(y1 @ w2 + b2)
    y = SIGMOID.forward(y2 @ w3[:, 0] + b3[0])
    factors = {
        "dE/dy = 2 (y - t)": 2 * (y - t),
        "dy/dz = y (1 - y)": SIGMOID.derivative(y),
        "dz/dy^2_2 = w^3_2": w3[1, 0],
        "dy^2_2/dz^2_2 = y^2_2 (1 - y^2_2)": SIGMOID.derivative(y2[1]),
        "dz^2_2/dw^2_22 = y^1_2": y1[1],
    }
    by_hand = float(np.prod(list(factors.values())))
    model = small_model()
    with ax.GradientTape() as tape:
        error = ((model(ax.Tensor(x[None, :], dtype="float64")) - t) ** 2).sum()
    kernel = model.trainable_variables[0]
    by_tape = float(tape.gradient(error, kernel).numpy()[1, 1])
    return {k: float(v) for k, v in factors.items()}, by_hand, by_tape


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("backprop", "one weight's gradient by the chain rule, factor by factor, equal to the tape's")
    for x, t, label in (
        (np.array([0.0, 1.0]), 1.0, "x = (0, 1), t = 1"),
        (np.array([1.0, 0.0]), 1.0, "x = (1, 0), t = 1"),
    ):
        factors, by_hand, by_tape = chain_rule(x, t)
        key = "".join(str(int(v)) for v in x)
        result.numbers[f"factors_{key}"] = factors
        result.numbers[f"by_hand_{key}"] = by_hand
        result.numbers[f"by_tape_{key}"] = by_tape
        text = "; ".join(f"{name} = {value:.6f}" for name, value in factors.items())
        result.findings.append(
            f"At {label}: {text}. Their product dE/dw^2_22 = {by_hand:.10f}; the tape gives {by_tape:.10f} "
            f"(difference {abs(by_hand - by_tape):.1e})."
        )
    result.findings.append(
        "At x = (1, 0), the course's tape input, the last factor y^1_2 = x_2 is 0: this weight gets no gradient "
        "from that sample, which is why the lab also uses x = (0, 1). The gradient flows back from the error "
        "to the weight, multiplying one local derivative per layer: hence the name back-propagation."
    )
    x = np.array([0.0, 1.0])
    save_figure(result, draw(x, 1.0, *chain_rule(x, 1.0)), "chain-rule", out)
    return result


def draw(x: np.ndarray, t: float, factors: dict[str, float], by_hand: float, by_tape: float) -> Any:
    r"""The 2-2-1 network with the path from $w^2_{2,2}$ to $E$ in red, each chain-rule factor written
    where it is taken: on the input, the hidden neuron, the edge $w^3_2$, the output and the error."""
    f = list(factors.values())
    w2, b2, w3, b3 = WEIGHTS
    plt = pyplot()
    fig, axes = plt.subplots(figsize=(9, 4.4))
    positions = draw_network(
        axes,
        [w2, w3],
        [b2, b3],
        names=[["$y^1_1$", "$y^1_2$"], ["$y^2_1$", "$y^2_2$"], ["$y$"]],
        annotations={(0, 0): f"$x_1$ = {x[0]:g}", (2, 0): f"$\\partial y / \\partial z = y (1 - y)$ = {f[1]:.6f}"},
        # under the neurons: above them the edges' labels would cover the factors
        below={
            (0, 1): f"$\\partial z^2_2 / \\partial w^2_{{2,2}} = y^1_2$ = {f[4]:g}",
            (1, 1): f"$\\partial y^2_2 / \\partial z^2_2 = y^2_2 (1 - y^2_2)$\n= {f[3]:.6f}",
        },
        edge_labels={
            (0, 1, 1): f"$w^2_{{2,2}}$ = {w2[1, 1]:g}",
            (1, 1, 0): f"$\\partial z / \\partial y^2_2 = w^3_2$ = {f[2]:g}",
        },
        highlight=[(0, 1), (1, 1), (2, 0)],
        fontsize=9.5,
    )
    # the error is not a neuron: an arrow out of the output, with the first factor on it
    ox, oy = positions[(2, 0)]
    axes.annotate(
        f"E = (y - t)$^2$, t = {t:g}",
        xy=(ox + 0.22, oy),
        xytext=(ox + 1.5, oy),
        va="center",
        fontsize=9,
        arrowprops={"arrowstyle": "<-", "color": "tab:red", "linewidth": 2.5},
    )
    axes.text(
        ox + 0.85,
        oy - 0.1,
        f"$\\partial E / \\partial y = 2 (y - t)$\n= {f[0]:.6f}",
        ha="center",
        va="top",
        fontsize=9,
        color="tab:red",
    )
    axes.set_xlim(-0.6, ox + 2.6)
    axes.set_title(
        f"x = ({x[0]:g}, {x[1]:g}): $\\partial E / \\partial w^2_{{2,2}}$ = product of the five red factors "
        f"= {by_hand:.10f}; the tape gives {by_tape:.10f}",
        fontsize=10,
    )
    fig.tight_layout()
    return fig
