r"""A dense network drawn by hand: neurons as circles in layers, edges labelled with their weights (level 5).

Each neuron computes $z = b + \sum_i w_i x_i$, then $y = \sigma(z)$; the drawing shows the $w_i$ on the
edges, the $b$ under each neuron, and whatever the caller wants beside it (its z and y, a chain-rule
factor). A path of neurons can be highlighted, for back-propagation. The caller makes the Figure
(``axone.viz.pyplot()``, headless) and saves it.

Example:
    >>> positions = layout([2, 3, 1])
    >>> positions[(0, 0)], positions[(1, 1)], positions[(2, 0)]
    ((0.0, 0.5), (1.8, 0.0), (3.6, 0.0))
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

RADIUS = 0.2  # of a neuron; neurons of a layer are 1 apart
LAYER_GAP = 1.8  # between layers: wide enough for a weight and a note side by side
HIGHLIGHT = "tab:red"


def layout(sizes: Sequence[int]) -> dict[tuple[int, int], tuple[float, float]]:
    """Where each neuron sits: ``(layer, index) -> (x, y)``, layer ``l`` at ``x = LAYER_GAP * l``, each
    layer centred on ``y = 0``, its first neuron on top."""
    return {
        (layer, i): (LAYER_GAP * layer, (size - 1) / 2 - i) for layer, size in enumerate(sizes) for i in range(size)
    }


def _edge_label_point(start: tuple[float, float], end: tuple[float, float], at: float) -> tuple[float, float]:
    """The point a fraction ``at`` along the visible part of an edge (between the two circles)."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = float(np.hypot(dx, dy))
    along = RADIUS + at * (length - 2 * RADIUS)
    return start[0] + along * dx / length, start[1] + along * dy / length


def draw_network(
    axes: Any,
    kernels: Sequence[np.ndarray],
    biases: Sequence[np.ndarray] | None = None,
    names: Sequence[Sequence[str]] | None = None,
    annotations: dict[tuple[int, int], str] | None = None,
    below: dict[tuple[int, int], str] | None = None,
    edge_labels: dict[tuple[int, int, int], str] | None = None,
    highlight: Sequence[tuple[int, int]] = (),
    title: str | None = None,
    fontsize: float = 8,
) -> dict[tuple[int, int], tuple[float, float]]:
    """Draw the dense network whose layer ``l`` has kernel ``kernels[l]`` (shape (n_in, n_out), as Keras).

    Args:
        axes: a matplotlib Axes; its frame is hidden and its aspect set equal.
        kernels: the weights; edge ``(l, i, j)`` from neuron ``i`` of layer ``l`` to neuron ``j`` of
            layer ``l + 1`` is labelled ``kernels[l][i, j]``, 30% of the way along (so that edges
            crossing in the middle keep their labels apart); on a highlighted edge, in its middle.
        biases: ``biases[l]`` written as ``b = ...`` under the neurons of layer ``l + 1``.
        names: text inside each neuron, one list per layer (default $x_i$, then $y^l_i$).
        annotations: ``(layer, index) -> text`` written above that neuron (its z and y, a factor).
        below: ``(layer, index) -> text`` written under that neuron (under its bias), where the space
            above is taken by an edge's label.
        edge_labels: ``(l, i, j) -> text`` replacing the weight on that edge.
        highlight: neurons ``(layer, index)`` of a path; they and the edges joining consecutive ones
            are drawn thick in red.
        title: the Axes' title.

    Returns:
        The neurons' positions (see ``layout``), for the caller to draw more (an arrow to the error).
    """
    sizes = [np.shape(kernels[0])[0]] + [np.shape(k)[1] for k in kernels]
    positions = layout(sizes)
    names = names or [[f"$x_{i + 1}$" for i in range(sizes[0])]] + [
        [f"$y^{layer + 1}_{i + 1}$" for i in range(size)] for layer, size in enumerate(sizes[1:], start=1)
    ]
    on_path = set(highlight)
    path_edges = {(a, b) for a, b in zip(highlight, highlight[1:]) if b[0] == a[0] + 1}
    label_box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}

    for layer, kernel in enumerate(kernels):
        kernel = np.asarray(kernel)
        for i in range(kernel.shape[0]):
            for j in range(kernel.shape[1]):
                start, end = positions[(layer, i)], positions[(layer + 1, j)]
                hot = ((layer, i), (layer + 1, j)) in path_edges
                axes.plot(
                    [start[0], end[0]],
                    [start[1], end[1]],
                    color=HIGHLIGHT if hot else "grey",
                    linewidth=2.5 if hot else 0.9,
                    zorder=1,
                )
                text = (edge_labels or {}).get((layer, i, j), f"{kernel[i, j]:g}")
                axes.text(
                    *_edge_label_point(start, end, 0.5 if hot else 0.3),
                    text,
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color=HIGHLIGHT if hot else "black",
                    bbox=label_box,
                    zorder=3,
                )

    from matplotlib.patches import Circle

    for (layer, i), (x, y) in positions.items():
        hot = (layer, i) in on_path
        axes.add_patch(
            Circle(
                (x, y),
                RADIUS,
                facecolor="#fde0dd" if hot else ("#e8eef7" if layer else "#f2f2f2"),
                edgecolor=HIGHLIGHT if hot else "black",
                linewidth=2.0 if hot else 1.0,
                zorder=2,
            )
        )
        axes.text(x, y, names[layer][i], ha="center", va="center", fontsize=fontsize + 1, zorder=4)
        color = HIGHLIGHT if hot else "black"
        under = []
        if biases is not None and layer > 0:
            under.append(f"b = {np.asarray(biases[layer - 1]).ravel()[i]:g}")
        if (below or {}).get((layer, i)):
            under.append(below[(layer, i)])
        if under:
            axes.text(
                x,
                y - RADIUS - 0.05,
                "\n".join(under),
                ha="center",
                va="top",
                fontsize=fontsize - 0.5,
                color=color,
                zorder=5,
            )
        note = (annotations or {}).get((layer, i))
        if note:
            axes.text(
                x,
                y + RADIUS + 0.05,
                note,
                ha="center",
                va="bottom",
                fontsize=fontsize - 0.5,
                color=color,
                bbox=label_box,
                zorder=5,
            )

    axes.set_aspect("equal")
    axes.set_xlim(-0.6, LAYER_GAP * (len(sizes) - 1) + 0.6)
    top = (max(sizes) - 1) / 2
    under_lines = max((len(text.splitlines()) for text in (below or {}).values()), default=0)
    axes.set_ylim(-top - 0.6 - 0.15 * under_lines, top + 0.85)
    axes.axis("off")
    if title:
        axes.set_title(title, fontsize=fontsize + 1)
    return positions
