"""Point clouds in the plane for classification: circles, moons, spirals, blobs, XOR.

Every generator returns ``(X, y)``: points ``X`` of shape ``(n, 2)`` in float32 and integer
class labels ``y`` of shape ``(n,)`` in int64, already shuffled, so that any slice (a
mini-batch, a validation split) holds every class. For a single sigmoid output use
``y[:, None].astype("float32")``; for softmax, ``to_categorical(y)``.

Every generator takes ``rng=``: a ``numpy.random.Generator``, an int seed, or None for the
package generator (``axone.random.seed``). The same seed gives the same points.
"""

from __future__ import annotations

import numpy as np

from axone.random import get_rng


def _finish(X: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    # Generators build the classes one after another; shuffling makes every slice mixed.
    order = rng.permutation(len(y))
    return X[order].astype(np.float32), y[order].astype(np.int64)


def _split(function: str, n: int, k: int) -> np.ndarray:
    """Sizes of ``k`` groups that add up to ``n``, as equal as possible."""
    if n < k:
        raise ValueError(f"{function}: need at least one point per class, but n={n} is less than {k} classes")
    return np.full(k, n // k) + (np.arange(k) < n % k)


def check_count(function: str, name: str, value: object, least: int = 1, why: str = "") -> int:
    """``value`` as an int at least ``least``, or an error naming the generator and the argument."""
    # bool is an int to Python, but blobs(centers=True) is a mistake, not one blob
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{function}: {name} must be an integer, got {value!r} ({type(value).__name__})")
    if value < least:
        raise ValueError(f"{function}: {name} must be at least {least}{why}, got {value}")
    return int(value)


def check_scale(function: str, name: str, value: float) -> float:
    """``value`` as a finite number >= 0 (a standard deviation), or an error naming it."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{function}: {name} is a standard deviation, a number >= 0; got {type(value).__name__}")
    if not 0 <= value < np.inf:  # also refuses nan
        raise ValueError(f"{function}: {name} is a standard deviation and must be a finite number >= 0, got {value}")
    return float(value)


def circles(
    n: int = 200, noise: float = 0.05, factor: float = 0.5, rng: np.random.Generator | int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two concentric circles: class 0 on the outer circle (radius 1), class 1 inside.

    Math:
        $x = r (\cos\theta, \sin\theta) + \varepsilon$, $\theta \sim U[0, 2\pi)$,
        $r = 1$ (class 0) or $r = $ ``factor`` (class 1), $\varepsilon \sim N(0, \text{noise}^2)$.

    The course separates them with 6 ReLU neurons and one sigmoid.

    Args:
        n: number of points (half on each circle).
        noise: standard deviation of the Gaussian noise added to each coordinate.
        factor: radius of the inner circle, in (0, 1).
        rng: generator, seed or None.

    Returns:
        ``(X, y)``, shapes ``(n, 2)`` float32 and ``(n,)`` int64.

    Example:
        >>> from axone.data import circles
        >>> X, y = circles(100, rng=0)
        >>> X.shape, X.dtype, sorted(set(y.tolist()))
        ((100, 2), dtype('float32'), [0, 1])
    """
    n, noise = check_count("circles", "n", n), check_scale("circles", "noise", noise)
    if not 0 < factor < 1:
        raise ValueError(f"circles: factor is the inner radius and must be in (0, 1), got {factor}")
    rng = get_rng(rng)
    sizes = _split("circles", n, 2)
    y = np.repeat([0, 1], sizes)
    radius = np.where(y == 0, 1.0, factor)
    theta = rng.uniform(0.0, 2.0 * np.pi, n)
    X = radius[:, None] * np.stack([np.cos(theta), np.sin(theta)], axis=1)
    X += rng.normal(0.0, noise, X.shape)
    return _finish(X, y, rng)


def moons(
    n: int = 200, noise: float = 0.1, rng: np.random.Generator | int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaving half circles ("moons").

    Math:
        class 0: $(\cos\theta, \sin\theta)$; class 1: $(1 - \cos\theta, \frac12 - \sin\theta)$,
        $\theta \sim U[0, \pi]$, plus Gaussian noise of standard deviation ``noise``.

    Args:
        n: number of points (half in each moon).
        noise: standard deviation of the noise on each coordinate.
        rng: generator, seed or None.

    Returns:
        ``(X, y)``, shapes ``(n, 2)`` float32 and ``(n,)`` int64.

    Example:
        >>> from axone.data import moons
        >>> X, y = moons(10, rng=1)
        >>> X.shape, y.dtype
        ((10, 2), dtype('int64'))
    """
    n, noise = check_count("moons", "n", n), check_scale("moons", "noise", noise)
    rng = get_rng(rng)
    y = np.repeat([0, 1], _split("moons", n, 2))
    theta = rng.uniform(0.0, np.pi, n)
    upper = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    lower = np.stack([1.0 - np.cos(theta), 0.5 - np.sin(theta)], axis=1)
    X = np.where((y == 0)[:, None], upper, lower) + rng.normal(0.0, noise, (n, 2))
    return _finish(X, y, rng)


def spirals(
    n: int = 300,
    classes: int = 3,
    noise: float = 0.2,
    turns: float = 1.0,
    rng: np.random.Generator | int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""``classes`` spiral arms winding out of the origin, one class per arm.

    Math:
        for arm $j$ and $r \in [0, 1]$: $\theta = 2\pi (\text{turns} \cdot r + j / k)
        + \varepsilon$, $\varepsilon \sim N(0, \text{noise}^2)$, and $x = r (\sin\theta, \cos\theta)$.

    Args:
        n: total number of points, shared as equally as possible between the arms.
        classes: number of arms $k$ (at least 2).
        noise: standard deviation of the angle noise, in radians.
        turns: how many turns each arm makes.
        rng: generator, seed or None.

    Returns:
        ``(X, y)``, shapes ``(n, 2)`` float32 and ``(n,)`` int64 with labels ``0 .. classes-1``.

    Example:
        >>> from axone.data import spirals
        >>> X, y = spirals(90, classes=3, rng=0)
        >>> np.bincount(y).tolist()
        [30, 30, 30]
    """
    n, noise = check_count("spirals", "n", n), check_scale("spirals", "noise", noise)
    classes = check_count("spirals", "classes", classes, least=2, why=" (at least 2 classes, one arm each)")
    rng = get_rng(rng)
    sizes = _split("spirals", n, classes)
    y = np.repeat(np.arange(classes), sizes)
    # r runs from 0 to 1 along each arm: the position of each point inside its own class.
    start = np.repeat(np.cumsum(sizes) - sizes, sizes)
    r = (np.arange(n) - start) / np.maximum(np.repeat(sizes, sizes) - 1, 1)
    theta = 2.0 * np.pi * (turns * r + y / classes) + rng.normal(0.0, noise, n)
    X = r[:, None] * np.stack([np.sin(theta), np.cos(theta)], axis=1)
    return _finish(X, y, rng)


def blobs(
    n: int = 300,
    centers: int | np.ndarray = 3,
    std: float = 1.0,
    dims: int = 2,
    box: tuple[float, float] = (-10.0, 10.0),
    rng: np.random.Generator | int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Gaussian blobs: one isotropic cloud per class around its centre.

    Math:
        $x = c_j + \varepsilon$, $\varepsilon \sim N(0, \text{std}^2 I)$; with ``centers`` an
        int, the centres $c_j$ are drawn uniformly in the ``box`` (each coordinate).

    Args:
        n: total number of points, shared as equally as possible between the blobs.
        centers: the number of blobs, or their centres as an array of shape ``(k, dims)``.
        std: standard deviation of each blob.
        dims: dimension of the points when ``centers`` is an int.
        box: range of each coordinate of the random centres.
        rng: generator, seed or None.

    Returns:
        ``(X, y)``, shapes ``(n, dims)`` float32 and ``(n,)`` int64.

    Example:
        >>> from axone.data import blobs
        >>> X, y = blobs(60, centers=np.array([[0.0, 0.0], [5.0, 5.0]]), std=0.1, rng=0)
        >>> X[y == 1].mean(axis=0).round(0).tolist()
        [5.0, 5.0]
    """
    n, std = check_count("blobs", "n", n), check_scale("blobs", "std", std)
    rng = get_rng(rng)
    if isinstance(centers, (int, np.integer)):
        k, dims = check_count("blobs", "centers", centers), check_count("blobs", "dims", dims)
        if not box[0] < box[1]:
            raise ValueError(f"blobs: box is the (low, high) range of the random centres, low < high; got {box}")
        centres = rng.uniform(box[0], box[1], (k, dims))
    else:
        centres = np.asarray(centers, dtype=np.float64)
        if centres.ndim != 2 or 0 in centres.shape:
            raise ValueError(
                f"blobs: centers must be an int >= 1 or an array of shape (k, dims) with k, dims >= 1, "
                f"got shape {centres.shape}"
            )
    k = len(centres)
    y = np.repeat(np.arange(k), _split("blobs", n, k))
    X = centres[y] + rng.normal(0.0, std, (n, centres.shape[1]))
    return _finish(X, y, rng)


def xor_points(
    n: int = 200, noise: float = 0.15, rng: np.random.Generator | int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""Noisy clouds around the four corners of the unit square, labelled by XOR.

    Math:
        corner $(a, b) \in \{0, 1\}^2$ drawn uniformly, $x = (a, b) + \varepsilon$ with
        $\varepsilon \sim N(0, \text{noise}^2 I)$, label $a \oplus b$.

    The continuous version of the XOR gate: no single line separates the classes.

    Args:
        n: number of points.
        noise: standard deviation of each cloud.
        rng: generator, seed or None.

    Returns:
        ``(X, y)``, shapes ``(n, 2)`` float32 and ``(n,)`` int64.

    Example:
        >>> from axone.data import xor_points
        >>> X, y = xor_points(8, noise=0.0, rng=0)
        >>> bool(np.all(y == (X[:, 0] != X[:, 1])))
        True
    """
    n, noise = check_count("xor_points", "n", n), check_scale("xor_points", "noise", noise)
    rng = get_rng(rng)
    corners = rng.integers(0, 2, (n, 2))
    y = corners[:, 0] ^ corners[:, 1]
    X = corners + rng.normal(0.0, noise, (n, 2))
    return X.astype(np.float32), y.astype(np.int64)
