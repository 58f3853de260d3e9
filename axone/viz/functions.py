r"""A function beside its derivative, one row per function (the course's activation table)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from axone.viz.figures import pyplot


def function_and_derivative_grid(rows: dict[str, tuple[Callable, Callable, Callable | None]], z: np.ndarray) -> Any:
    """A figure with one row per entry: $y = \\sigma(z)$ on the left, $dy/dz$ on the right.

    Args:
        rows: name -> ``(function, derivative, autodiff_derivative)``, each a NumPy function of
            ``z``; the autodiff one (optional) is drawn dotted over the closed form, so that a
            mismatch shows.
        z: the abscissae.

    Returns:
        The matplotlib Figure.
    """
    plt = pyplot()
    fig, grid = plt.subplots(len(rows), 2, figsize=(7, 1.6 * len(rows)), squeeze=False)
    for (name, (function, derivative, autodiff)), (left, right) in zip(rows.items(), grid):
        left.plot(z, function(z), color="tab:blue")
        left.set_ylabel(name, fontsize=8)
        right.plot(z, derivative(z), color="tab:orange", label="course's formula")
        if autodiff is not None:
            right.plot(z, autodiff(z), ":", color="black", label="autodiff")
        for axes in (left, right):
            axes.axhline(0, color="grey", linewidth=0.5)
            axes.axvline(0, color="grey", linewidth=0.5)
            axes.tick_params(labelsize=7)
    grid[0, 0].set_title("$y = \\sigma(z)$", fontsize=9)
    grid[0, 1].set_title("$dy/dz$", fontsize=9)
    grid[0, 1].legend(fontsize=6)
    fig.tight_layout()
    return fig
