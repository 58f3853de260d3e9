r"""The playground's points: the toy data sets by name, the train/test split, and the input features.

Classification sets come from ``axone.data`` (``circles``, ``xor_points``, ``blobs``,
``spirals``); the two regression surfaces are drawn here:

- ``plane``: $t = (x_1 + x_2) / 2 + \varepsilon$ over $[-1, 1]^2$;
- ``multigauss``: $t = \sum_j s_j \exp(-\lVert x - c_j \rVert^2 / 0.08)$, four bumps of sign
  $s_j = \pm 1$ at random centres $c_j$ in $[-0.7, 0.7]^2$, plus $\varepsilon$;

with $\varepsilon \sim N(0, \text{noise}^2)$. ``twocircles`` is the course's pair (``circles`` with
noise 0.08 and inner radius 0.5, the set its 6-ReLU network separates).

Example:
    >>> data = make_points("spiral", n=100, noise=0.1, classes=2, ratio=50, seed=0)
    >>> data.x_train.shape, data.x_test.shape, data.task, data.classes
    ((50, 2), (50, 2), 'classification', 2)
    >>> feature_columns(np.array([[0.0, 2.0]], "float32"), ["x1", "x2sq", "x1x2"]).tolist()
    [[0.0, 4.0, 0.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from axone.data import blobs, circles, spirals, split_indices, xor_points
from axone.random import get_rng

# each feature as (label for the page, function of (x1, x2))
FEATURE_FUNCTIONS = {
    "x1": ("x₁", lambda a, b: a),
    "x2": ("x₂", lambda a, b: b),
    "x1sq": ("x₁²", lambda a, b: a * a),
    "x2sq": ("x₂²", lambda a, b: b * b),
    "x1x2": ("x₁·x₂", lambda a, b: a * b),
    "sinx1": ("sin x₁", lambda a, b: np.sin(a)),
    "sinx2": ("sin x₂", lambda a, b: np.sin(b)),
}


@dataclass
class Points:
    """A data set split in two: points (N, 2) float32, targets (N,) int64 classes or (N, 1) float32."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    task: str  # "classification" or "regression"
    classes: int  # 0 for regression
    names: tuple[str, str] = ("x1", "x2")  # the two columns (CSV tables name theirs)

    def domain(self) -> float:
        """Half-width of the square drawn: the largest coordinate, plus a margin."""
        both = np.concatenate([self.x_train, self.x_test])
        return float(np.ceil(np.abs(both).max() * 1.15 * 2) / 2) if len(both) else 1.0


def _surface(name: str, n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = rng.uniform(-1, 1, (n, 2))
    if name == "plane":
        t = (x[:, 0] + x[:, 1]) / 2
    else:
        centres, signs = rng.uniform(-0.7, 0.7, (4, 2)), np.array([1.0, -1.0, 1.0, -1.0])
        t = sum(s * np.exp(-((x - c) ** 2).sum(axis=1) / 0.08) for c, s in zip(centres, signs))
    t = t + rng.normal(0, noise, n)
    return x.astype(np.float32), t[:, None].astype(np.float32)


def _classes(name: str, n: int, noise: float, classes: int, rng: np.random.Generator) -> tuple:
    if name == "circle":
        return circles(n, noise=noise, factor=0.5, rng=rng)
    if name == "twocircles":
        return circles(n, noise=0.08, factor=0.5, rng=rng)
    if name == "xor":
        x, y = xor_points(n, noise=noise, rng=rng)
        return x - np.float32(0.5), y  # centred on the origin, as the other sets
    if name == "gauss":
        return blobs(n, centers=classes, std=0.3 + 2 * noise, box=(-2.5, 2.5), rng=rng)
    if name == "spiral":
        return spirals(n, classes=classes, noise=noise, rng=rng)
    raise ValueError(f"make_points: unknown data set {name!r}")


def make_points(name: str, n: int, noise: float, classes: int, ratio: int, seed: int) -> Points:
    """The points of a named data set, split into train (``ratio`` percent) and test, from ``seed``."""
    rng = get_rng(seed)
    if name in ("plane", "multigauss"):
        x, y = _surface(name, n, noise, rng)
        task, k = "regression", 0
    else:
        x, y = _classes(name, n, noise, classes, rng)
        task, k = "classification", int(y.max()) + 1
    return split(x, y, task, k, ratio, rng)


def split(x: np.ndarray, y: np.ndarray, task: str, classes: int, ratio: int, rng: np.random.Generator) -> Points:
    """Hold out ``100 - ratio`` percent of the rows as the test set (stratified for classes)."""
    stratify = y if task == "classification" else None
    train, _, test = split_indices(len(x), val=0.0, test=1 - ratio / 100, stratify=stratify, rng=rng)
    return Points(x[train], y[train], x[test], y[test], task, classes)


def feature_columns(x: np.ndarray, features: list[str]) -> np.ndarray:
    """The network's inputs: the chosen features of the points ``x`` (N, 2), as columns (N, F)."""
    a, b = x[:, 0], x[:, 1]
    return np.stack([FEATURE_FUNCTIONS[f][1](a, b) for f in features], axis=1).astype(np.float32)


def grid(half_width: float, size: int) -> np.ndarray:
    """``size * size`` points covering $[-h, h]^2$, row by row from the top (y decreasing), as (N, 2)."""
    ticks = np.linspace(-half_width, half_width, size, dtype=np.float32)
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    return np.stack([x1.ravel(), x2.ravel()], axis=1)
