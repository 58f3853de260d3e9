"""Animated GIFs of solvers moving on contours, through matplotlib's PillowWriter (level 5).

pillow is optional: ``can_write_gif()`` says whether it is installed, and ``save_trajectory_gif``
returns None (writing nothing) when it is not, so that a lab can say so instead of failing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from axone.viz.contours import contour_with_paths
from axone.viz.figures import pyplot


def can_write_gif() -> bool:
    """True when pillow, which matplotlib's PillowWriter needs, is installed."""
    try:
        import PIL  # noqa: F401  (only whether it is there)
    except ImportError:
        return False
    return True


def save_trajectory_gif(
    path: str | Path,
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    paths: dict[str, np.ndarray],
    frames: int = 40,
    fps: int = 10,
    log: bool = False,
    title: str | None = None,
) -> Path | None:
    """Animate ``paths`` (label -> points, shape (steps, 2)) moving together on the contours of ``f``.

    Each frame shows every path up to the same step; ``frames`` frames span the longest path.
    Returns the GIF's path, or None when pillow is missing (nothing is written).
    """
    if not can_write_gif():
        return None
    from matplotlib.animation import FuncAnimation, PillowWriter

    plt = pyplot()
    fig, axes = plt.subplots(figsize=(5, 4))
    contour_with_paths(axes, f, xlim, ylim, log=log, title=title, n=120)
    longest = max(len(p) for p in paths.values())
    lines = {label: axes.plot([], [], "-o", markersize=3, markevery=[-1], label=label)[0] for label in paths}
    axes.legend(fontsize=7, loc="best")
    cuts = np.linspace(1, longest, frames).astype(int)

    def draw(frame: int) -> list:
        for label, points in paths.items():
            shown = np.asarray(points)[: cuts[frame]]
            lines[label].set_data(shown[:, 0], shown[:, 1])
        return list(lines.values())

    movie = FuncAnimation(fig, draw, frames=frames, blit=True)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    movie.save(path, writer=PillowWriter(fps=fps))
    plt.close(fig)
    return path
