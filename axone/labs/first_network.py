r"""Lab 3, first-network: a small logistic network with hand-set weights, evaluated on four inputs.

The course's figure is missing from the text, so this lab chooses weights that make the network
meaningful: XOR by hand with a 2-2-1 logistic network. Hidden neuron 1 is an OR
($z = 20 x_1 + 20 x_2 - 10$), hidden neuron 2 a NAND ($z = -20 x_1 - 20 x_2 + 30$), and the output
an AND of the two ($z = 20 y_1 + 20 y_2 - 30$): OR and NAND together is XOR.

Every neuron computes $z = b + \sum_i w_i x_i$, then $y = \sigma(z) = 1 / (1 + e^{-z})$.

Example:
    >>> evaluate(INPUTS)["y"].round(3).ravel().tolist()
    [0.0, 1.0, 1.0, 0.0]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

import axone as ax
from axone.labs.common import LabResult, save_figure
from axone.viz import pyplot
from axone.viz.network import draw_network

INPUTS = np.array([[1.0, 1.0], [0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])  # the course's order
KERNEL_1 = np.array([[20.0, -20.0], [20.0, -20.0]])  # columns: OR, NAND
BIAS_1 = np.array([-10.0, 30.0])
KERNEL_2 = np.array([[20.0], [20.0]])  # AND of the two hidden neurons
BIAS_2 = np.array([-30.0])


def evaluate(inputs: np.ndarray) -> dict[str, np.ndarray]:
    """Every z and y of the network for each row of ``inputs``, through ``ax.Sequential`` too."""
    from axone.training import Sequential

    x = ax.Tensor(inputs, dtype="float64")
    z1 = x @ ax.Tensor(KERNEL_1, dtype="float64") + BIAS_1
    y1 = ax.sigmoid(z1)
    z2 = y1 @ ax.Tensor(KERNEL_2, dtype="float64") + BIAS_2
    y2 = ax.sigmoid(z2)
    model = Sequential(
        [
            ax.layers.Input((2,)),
            ax.layers.Dense(2, activation="sigmoid", kernel=KERNEL_1, bias=BIAS_1, dtype="float64"),
            ax.layers.Dense(1, activation="sigmoid", kernel=KERNEL_2, bias=BIAS_2, dtype="float64"),
        ]
    )
    return {
        "z1": z1.numpy(),
        "y1": y1.numpy(),
        "z2": z2.numpy(),
        "y": y2.numpy(),
        "model": np.asarray(model.predict(inputs)),
    }


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("first-network", "a small logistic network with hand-set weights on (1,1), (0,1), (1,0), (0,0)")
    values = evaluate(INPUTS)
    result.findings.append(
        "The course's figure is missing, so the weights are chosen by hand to compute XOR: hidden neuron 1 is "
        "OR (z = 20 x1 + 20 x2 - 10), hidden neuron 2 is NAND (z = -20 x1 - 20 x2 + 30), the output is their "
        "AND (z = 20 y1 + 20 y2 - 30), every activation the logistic."
    )
    for row, x in enumerate(INPUTS):
        z1, y1, z2, y = values["z1"][row], values["y1"][row], values["z2"][row, 0], values["y"][row, 0]
        result.findings.append(
            f"x = ({x[0]:g}, {x[1]:g}): hidden z = ({z1[0]:g}, {z1[1]:g}), y = ({y1[0]:.5f}, {y1[1]:.5f}); "
            f"output z = {z2:.4f}, y = {y:.5f}, rounded {round(y)}."
        )
    gap = float(np.max(np.abs(values["model"] - values["y"])))
    result.numbers.update(
        z1=values["z1"].tolist(),
        y1=values["y1"].tolist(),
        z2=values["z2"].ravel().tolist(),
        y=values["y"].ravel().tolist(),
        model_gap=gap,
    )
    result.findings.append(
        f"Rounded, the outputs are {[round(v) for v in values['y'].ravel()]}: XOR of the inputs. The same weights "
        f"in ax.Sequential with two Dense layers give the same outputs (largest gap {gap:.1e})."
    )
    save_figure(result, draw(values), "network", out)
    return result


def draw(values: dict[str, np.ndarray]) -> Any:
    """The hand-set network once per input (2 x 2 panels), every neuron's z and y written above it."""
    plt = pyplot()
    fig, grid = plt.subplots(2, 2, figsize=(9, 5.6))
    names = [["$x_1$", "$x_2$"], ["$y_1$", "$y_2$"], ["$y$"]]
    for row, (x, axes) in enumerate(zip(INPUTS, grid.ravel())):
        z1, y1 = values["z1"][row], values["y1"][row]
        z2, y = values["z2"][row, 0], values["y"][row, 0]
        notes = {(0, 0): f"$x_1$ = {x[0]:g}", (0, 1): f"$x_2$ = {x[1]:g}", (2, 0): f"z = {z2:.4f}\ny = {y:.5f}"}
        notes.update({(1, k): f"{gate}: z = {z1[k]:g}\ny = {y1[k]:.5f}" for k, gate in enumerate(("OR", "NAND"))})
        draw_network(
            axes,
            [KERNEL_1, KERNEL_2],
            [BIAS_1, BIAS_2],
            names=names,
            annotations=notes,
            title=f"x = ({x[0]:g}, {x[1]:g}): y = {y:.5f}, rounded {round(y)}",
        )
    fig.suptitle("first-network: XOR by hand, $z = b + \\sum_i w_i x_i$, $y = \\sigma(z)$", fontsize=10)
    fig.tight_layout()
    return fig
