r"""Contour plots of an error $E(w_0, w_1)$ with the paths that solvers took on it (level 5)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np


def evaluate_grid(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    n: int = 200,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``f`` on an ``n`` x ``n`` grid over ``xlim`` x ``ylim``: ``(X, Y, Z)`` for ``contour``.

    ``f`` takes two arrays and works elementwise (NumPy), so the grid is one vectorised call.

    Example:
        >>> X, Y, Z = evaluate_grid(lambda x, y: x + 10 * y, (0, 1), (0, 1), n=2)
        >>> Z
        array([[ 0.,  1.],
               [10., 11.]])
    """
    xs = np.linspace(xlim[0], xlim[1], n)
    ys = np.linspace(ylim[0], ylim[1], n)
    X, Y = np.meshgrid(xs, ys)
    return X, Y, np.asarray(f(X, Y), dtype=float)


def contour_with_paths(
    axes: Any,
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    paths: dict[str, np.ndarray] | None = None,
    levels: int | np.ndarray = 30,
    log: bool = False,
    n: int = 200,
    marks: dict[str, tuple[float, float]] | None = None,
    title: str | None = None,
    labels: tuple[str, str] = ("$w_0$", "$w_1$"),
) -> None:
    """Draw the contours of ``f`` on ``axes`` and each path (an array of points, shape (steps, 2)).

    Args:
        axes: a matplotlib Axes.
        f: the error, elementwise in NumPy: ``f(X, Y)``.
        paths: label -> points visited, drawn as a line with a dot per step (when few), the
            label in the legend.
        levels: number of contour levels, or the levels themselves.
        log: contour $\\log(1 + E - \\min E)$, for errors that span decades (Beale's function).
        marks: label -> point to mark with a star (a minimum, a saddle).
    """
    X, Y, Z = evaluate_grid(f, xlim, ylim, n)
    if log:
        Z = np.log1p(Z - Z.min())
    axes.contour(X, Y, Z, levels=levels, cmap="viridis", linewidths=0.7)
    for label, points in (paths or {}).items():
        points = np.asarray(points, dtype=float)
        style = ".-" if len(points) <= 60 else "-"
        axes.plot(points[:, 0], points[:, 1], style, markersize=3, linewidth=1.2, label=label)
    for label, point in (marks or {}).items():
        axes.plot([point[0]], [point[1]], "r*", markersize=10)
        axes.annotate(label, point, textcoords="offset points", xytext=(5, 5), fontsize=8)
    axes.set_xlim(*xlim)
    axes.set_ylim(*ylim)
    axes.set_xlabel(labels[0])
    axes.set_ylabel(labels[1])
    if title:
        axes.set_title(title, fontsize=9)
    if paths:
        axes.legend(fontsize=7, loc="best")
