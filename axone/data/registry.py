"""The datasets by name: ``load("circles", n=100, rng=0)``, ``list_datasets()``.

One table, written out below, maps each name to the function that makes it and a one-line
description (what ``axone datasets`` prints). Keyword arguments of ``load`` go to that
function. ``register`` adds your own.
"""

from __future__ import annotations

import difflib
import functools
from typing import Any, Callable

from axone.data.course import GATES, logic_gate, lunch_bills
from axone.data.functions import function_1d
from axone.data.idx_datasets import fashion_mnist, mnist
from axone.data.images import digits, sample_image
from axone.data.points import blobs, circles, moons, spirals, xor_points
from axone.data.sequences import binary_addition

_DATASETS: dict[str, tuple[Callable[..., Any], str]] = {
    **{
        gate: (functools.partial(logic_gate, gate), f"{gate.upper()} gate truth table: X (4, 2), t (4, 1)")
        for gate in GATES
    },
    "lunch_bills": (lunch_bills, "the course's three lunch bills: dish counts (3, 3), totals (3, 1)"),
    "circles": (circles, "two concentric circles (n, noise, factor): X (n, 2), y (n,)"),
    "moons": (moons, "two interleaving half circles (n, noise): X (n, 2), y (n,)"),
    "spirals": (spirals, "k spiral arms, one class each (n, classes, noise, turns)"),
    "blobs": (blobs, "Gaussian blobs (n, centers, std, dims): X (n, dims), y (n,)"),
    "xor_points": (xor_points, "noisy clouds at the unit square's corners, labelled by XOR"),
    "sine": (functools.partial(function_1d, "sine"), "t = sin(x) + noise on [-pi, pi]: x, t (n, 1)"),
    "abs": (functools.partial(function_1d, "abs"), "t = |x| + noise on [-1, 1]: x, t (n, 1)"),
    "step": (functools.partial(function_1d, "step"), "t = step(x) + noise on [-1, 1]: x, t (n, 1)"),
    "polynomial": (
        functools.partial(function_1d, "polynomial"),
        "t = polynomial(x) + noise, default x^3 - x: x, t (n, 1)",
    ),
    "binary_addition": (
        binary_addition,
        "a + b bit by bit, least significant first (n, bits): X (n, bits+1, 2), t (n, bits+1, 1)",
    ),
    "digits": (digits, "scikit-learn's 1,797 8x8 digits: X (N, 8, 8, 1) in [0, 1], y (N,)"),
    "sample_image": (sample_image, "a grayscale photograph (scikit-learn) or test picture, (H, W)"),
    "mnist": (mnist, "MNIST digits from IDX files (path=) or download=True: 28x28, 10 classes"),
    "fashion_mnist": (fashion_mnist, "Fashion-MNIST from IDX files (path=) or download=True"),
}


def list_datasets() -> list[tuple[str, str]]:
    """Every dataset name with its one-line description, in the table's order.

    Example:
        >>> from axone.data import list_datasets
        >>> dict(list_datasets())["xor"]
        'XOR gate truth table: X (4, 2), t (4, 1)'
    """
    return [(name, description) for name, (_, description) in _DATASETS.items()]


def load(name: str, **kwargs: Any) -> Any:
    """Make or read the dataset called ``name``; ``kwargs`` go to its function.

    Returns:
        what that function returns: ``(X, y)`` for most; see :func:`list_datasets`.

    Raises:
        ValueError: unknown name (the message suggests close names).

    Example:
        >>> from axone.data import load
        >>> X, y = load("circles", n=10, rng=0)
        >>> X.shape
        (10, 2)
        >>> load("circle")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: unknown dataset 'circle'; did you mean 'circles'? ...
    """
    if name not in _DATASETS:
        close = difflib.get_close_matches(name, list(_DATASETS), n=3)
        hint = f"did you mean {' or '.join(map(repr, close))}?" if close else "known: " + ", ".join(_DATASETS)
        raise ValueError(f"unknown dataset {name!r}; {hint} (axone.data.list_datasets() lists them)")
    return _DATASETS[name][0](**kwargs)


def register(name: str, function: Callable[..., Any], description: str, overwrite: bool = False) -> None:
    """Add a dataset under ``name``: ``load(name, **kw)`` then calls ``function(**kw)``.

    Example:
        >>> from axone.data import register, load, unregister
        >>> register("answer", lambda: 42, "the answer", overwrite=True)
        >>> load("answer")
        42
        >>> unregister("answer")
    """
    if name in _DATASETS and not overwrite:
        raise ValueError(f"a dataset named {name!r} exists; pass overwrite=True to replace it")
    _DATASETS[name] = (function, description)


def unregister(name: str) -> None:
    """Remove a dataset added with :func:`register` (or a built-in one)."""
    if name not in _DATASETS:
        raise ValueError(f"no dataset named {name!r}")
    del _DATASETS[name]
