"""Mini-batches: the course's "travailler par paquet de données".

Updating the weights after every sample zigzags; after the whole set, it is slow. Mini-batches
sit in between. ``batches`` gives index arrays (the training loop slices its own arrays with
them); ``minibatches`` slices arrays for you. With ``shuffle``, each call draws a new order
from ``rng``, so each epoch sees the samples in a different order, reproducibly from a seed.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np

from axone.random import get_rng


def batches(
    n: int,
    batch_size: int = 32,
    shuffle: bool = True,
    rng: np.random.Generator | int | None = None,
    drop_last: bool = False,
) -> Iterator[np.ndarray]:
    """Yield the indices of each mini-batch of ``n`` samples.

    Args:
        n: number of samples.
        batch_size: samples per batch; the last one is smaller unless ``drop_last``.
        shuffle: draw a random order (a new one at each call), else ``0 .. n-1``.
        rng: generator, seed or None (the package generator).
        drop_last: skip a last batch smaller than ``batch_size``.

    Yields:
        int64 index arrays; together they cover ``range(n)`` once.

    Example:
        >>> from axone.data import batches
        >>> [b.tolist() for b in batches(5, 2, shuffle=False)]
        [[0, 1], [2, 3], [4]]
        >>> sorted(np.concatenate(list(batches(5, 2, rng=0))).tolist())
        [0, 1, 2, 3, 4]
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    order = get_rng(rng).permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    for start in range(0, stop, batch_size):
        yield order[start : start + batch_size]


def minibatches(
    *arrays: np.ndarray,
    batch_size: int = 32,
    shuffle: bool = True,
    rng: np.random.Generator | int | None = None,
    drop_last: bool = False,
) -> Iterator[tuple[np.ndarray, ...]]:
    """Yield tuples of matching slices of arrays that share their first axis.

    Example:
        >>> from axone.data import minibatches
        >>> X, y = np.arange(6).reshape(3, 2), np.array([0, 1, 0])
        >>> [yb.tolist() for _, yb in minibatches(X, y, batch_size=2, shuffle=False)]
        [[0, 1], [0]]
    """
    if not arrays:
        raise ValueError("give at least one array")
    n = len(arrays[0])
    for i, a in enumerate(arrays):
        if len(a) != n:
            raise ValueError(f"array {i} has {len(a)} samples, array 0 has {n}: they must match")
    for idx in batches(n, batch_size, shuffle, rng, drop_last):
        yield tuple(a[idx] for a in arrays)
