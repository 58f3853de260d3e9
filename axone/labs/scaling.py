r"""Lab 8, scaling: normalising and centring the data reshape the error (the course's two slides).

$y = w_0 i_0 + w_1 i_1$, $E = \sum_n (y_n - t_n)^2$ over two samples. Its Hessian $2 I^T I$ sets the
shape of the contours: its condition number $\kappa = \lambda_{max} / \lambda_{min}$ is 1 for a round
bowl and large for a crushed one, and gradient descent with the best fixed learning rate
$\eta^* = 2 / (\lambda_{min} + \lambda_{max})$ shrinks the error along the worst axis by
$(\kappa - 1) / (\kappa + 1)$ per step: crushed errors need about $\kappa$ times more steps.

Example:
    >>> best_learning_rate(DATASETS["scale, raw"][0])[1].round()
    np.float64(10000.0)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import axone as ax
from axone.labs.common import LabResult, save_figure
from axone.labs.descent import best_learning_rate, descend, quadratic_error
from axone.viz import contour_with_paths, pyplot

DATASETS = {
    "scale, raw": (np.array([[0.1, 10.0], [0.1, -10.0]]), np.array([2.0, 0.0])),
    "scale, normalised": (np.array([[1.0, 1.0], [1.0, -1.0]]), np.array([2.0, 0.0])),
    "translation, raw": (np.array([[101.0, 101.0], [101.0, 99.0]]), np.array([0.0, 2.0])),
    "translation, centred": (np.array([[1.0, 1.0], [1.0, -1.0]]), np.array([0.0, 2.0])),
}


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("scaling", "normalising and centring the data reshape the error function")
    limit = 3000 if quick else 400000
    tol = 1e-8
    runs = {}
    for name, (inputs, targets) in DATASETS.items():
        eta, kappa = best_learning_rate(inputs)
        solution = np.linalg.solve(inputs, targets)
        path, losses = descend(
            quadratic_error(inputs, targets),
            [0.0, 0.0],
            ax.optimizers.SGD(lr=eta),
            steps=limit,
            until=lambda e: e < tol,
        )
        converged = losses[-1] < tol
        steps = len(path) - 1 if converged else None
        # steps the worst axis needs by theory, from the contraction (kappa - 1) / (kappa + 1)
        rate = (kappa - 1) / (kappa + 1)
        predicted = 1 if rate < 1e-12 else int(np.ceil(np.log(tol / losses[0]) / (2 * np.log(rate))))
        runs[name] = path
        result.numbers[name] = {
            "condition": float(kappa),
            "eta": float(eta),
            "steps": steps,
            "predicted_steps": predicted,
            "solution": solution.tolist(),
        }
        reached = (
            f"E < {tol:g} after {steps} step{'' if steps == 1 else 's'}"
            if converged
            else f"E = {losses[-1]:.3g} still after {limit} steps"
        )
        result.findings.append(
            f"{name}: condition number {kappa:.4g}, best fixed eta = {eta:.4g}, {reached} "
            f"(theory: about {predicted}); the minimum is w = {np.round(solution, 6).tolist()}."
        )
    result.findings.append(
        "Normalising (i0 * 10, i1 / 10) and centring (subtracting 100) make the error a round bowl: one step with "
        "the best eta lands on the minimum, where the raw data need thousands to hundreds of thousands of steps. "
        "The weights found differ (they answer the changed inputs) and are mapped back by the same transform."
    )

    plt = pyplot()
    fig, grid = plt.subplots(2, 2, figsize=(10, 8))
    views = {
        "scale, raw": ((-5, 25), (-0.6, 0.6)),
        "scale, normalised": ((-1, 3), (-1, 3)),
        "translation, raw": ((-3, 3), (-3, 3)),
        "translation, centred": ((-1, 3), (-3, 1)),
    }
    for axes, (name, (inputs, targets)) in zip(grid.ravel(), DATASETS.items()):
        error = lambda x, y, inputs=inputs, targets=targets: sum(
            (x * i0 + y * i1 - t) ** 2 for (i0, i1), t in zip(inputs, targets)
        )
        steps = result.numbers[name]["steps"]
        label = f"{steps} steps" if steps is not None else f"not converged in {limit} steps"
        path = runs[name]
        shown = path[:: max(1, len(path) // 300)]
        contour_with_paths(
            axes,
            error,
            *views[name],
            {label: shown},
            log=True,
            title=f"{name}: condition number {result.numbers[name]['condition']:.3g}",
        )
    fig.tight_layout()
    save_figure(result, fig, "contours", out)
    return result
