r"""Lab 9, local-minima: on a non-convex error, where descent ends depends on where it starts.

$E(w_0, w_1) = (w_0^2 - 1)^2 + (w_1^2 - 1)^2 + 0.3 w_0 + 0.2 w_1$ has four minima near
$(\pm 1, \pm 1)$, of different depths; only the one near $(-1, -1)$ is global. Gradient descent from
a grid of starts (all run at once: each row of the weights is one start, and the summed error
gives each row its own gradient) shows each start falling into the minimum of its own basin.
Inertia (momentum) is one of the course's answers to "how to get out of a local minimum?".

Example:
    >>> round(float(error_numpy(np.array(-1.0), np.array(-1.0))), 2)
    -0.5
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

import axone as ax
from axone.labs.common import LabResult, save_figure
from axone.labs.descent import descend
from axone.viz import contour_with_paths, pyplot


def error_numpy(x: Any, y: Any) -> Any:
    """$E$ for arrays or Tensors alike (only arithmetic)."""
    return (x * x - 1) ** 2 + (y * y - 1) ** 2 + 0.3 * x + 0.2 * y


def _ends(starts: np.ndarray, optimizer: Any, steps: int) -> tuple[np.ndarray, np.ndarray]:
    path, _ = descend(lambda w: error_numpy(w[:, 0], w[:, 1]).sum(), starts, optimizer, steps)
    return path, path[-1]


def _minima(ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct points reached (to 1e-3) and, for each start, the index of its point."""
    found, labels = np.unique(np.round(ends, 3), axis=0, return_inverse=True)
    return found, labels.ravel()


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("local-minima", "on a non-convex error, where descent ends depends on where it starts")
    n = 9 if quick else 41
    axis = np.linspace(-2, 2, n)
    starts = np.stack(np.meshgrid(axis, axis), axis=-1).reshape(-1, 2)
    steps = 400 if quick else 3000
    path, ends = _ends(starts, ax.optimizers.SGD(lr=0.02), steps)
    minima, labels = _minima(ends)
    values = error_numpy(minima[:, 0], minima[:, 1])
    order = np.argsort(values)
    shares = {tuple(minima[i].tolist()): float(np.mean(labels == i)) for i in order}
    result.numbers.update(
        minima=minima[order].tolist(), values=values[order].tolist(), shares=list(shares.values()), starts=len(starts)
    )
    described = "; ".join(
        f"({m[0]:.3f}, {m[1]:.3f}) with E = {v:.3f} from {s:.0%} of the starts"
        for m, v, s in zip(minima[order], values[order], shares.values())
    )
    result.findings.append(
        f"Plain gradient descent (eta = 0.02, {steps} steps) from a {n} x {n} grid of starts on [-2, 2]^2 ends in "
        f"{len(minima)} different minima: {described}. Only the first is the global minimum."
    )

    _, ends_momentum = _ends(starts, ax.optimizers.SGD(lr=0.02, momentum=0.9), steps)
    global_min = minima[order[0]]
    share_gd = float(np.mean(np.all(np.abs(ends - global_min) < 1e-2, axis=1)))
    share_mom = float(np.mean(np.all(np.abs(ends_momentum - global_min) < 1e-2, axis=1)))
    result.numbers.update(global_share_gd=share_gd, global_share_momentum=share_mom)
    result.findings.append(
        f"With inertia (momentum 0.9, same eta) {share_mom:.0%} of the starts reach the global minimum, against "
        f"{share_gd:.0%} without"
        + (
            ": some descents coast over the ridge into a deeper basin, the idea of the course's Momentum"
            if share_mom > share_gd
            else ": inertia did not help here"
        )
        + "; no solver guarantees the global minimum."
    )

    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    left.scatter(starts[:, 0], starts[:, 1], c=labels, cmap="tab10", s=12)
    left.set_title("start points coloured by the minimum reached (plain descent)", fontsize=9)
    left.set_xlabel("$w_0$")
    left.set_ylabel("$w_1$")
    picks = np.linspace(0, len(starts) - 1, 6).astype(int)
    contour_with_paths(
        right,
        error_numpy,
        (-2.2, 2.2),
        (-2.2, 2.2),
        {f"start ({starts[i, 0]:.1f}, {starts[i, 1]:.1f})": path[:, i] for i in picks},
        marks={f"E = {values[i]:.2f}": minima[i] for i in order},
        title="a few descents",
    )
    save_figure(result, fig, "basins", out)
    return result
