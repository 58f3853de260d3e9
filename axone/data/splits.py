r"""Seeded train / validation / test splits, optionally stratified.

Stratified splits keep each class's share the same in every part. The method: give every
sample a random rank inside its class, turn it into a quantile $u = (r + \text{jitter}) / n_c$
of its class, and sort all samples by $u$; the first ``n_test`` go to test, the next ``n_val``
to validation, the rest to training. Every prefix of that order holds each class in
proportion (to within one sample), and the part sizes are exact.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from axone.random import get_rng


def split_indices(
    n: int,
    val: float = 0.2,
    test: float = 0.0,
    stratify: Sequence | np.ndarray | None = None,
    shuffle: bool = True,
    rng: np.random.Generator | int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Indices of a train / validation / test split of ``n`` samples.

    Sizes: ``n_test = round(test * n)``, ``n_val = round(val * n)``, the rest is training.

    Args:
        n: number of samples.
        val: fraction for validation, in [0, 1).
        test: fraction for test, in [0, 1); ``val + test`` must leave training samples.
        stratify: labels of shape ``(n,)`` (or one-hot ``(n, k)``) whose proportions every
            part keeps; None for a plain random split.
        shuffle: if False, the parts are contiguous (train first, then validation, then
            test, like Keras's ``validation_split`` which takes the last samples); cannot be
            combined with ``stratify``.
        rng: generator, seed or None.

    Returns:
        ``(train, val, test)`` int64 index arrays, each sorted.

    Example:
        >>> from axone.data import split_indices
        >>> tr, va, te = split_indices(10, val=0.2, test=0.1, rng=0)
        >>> len(tr), len(va), len(te), sorted(np.concatenate([tr, va, te]).tolist()) == list(range(10))
        (7, 2, 1, True)
    """
    if not (0 <= val < 1 and 0 <= test < 1):
        raise ValueError(f"val and test are fractions in [0, 1), got val={val}, test={test}")
    n_test, n_val = round(test * n), round(val * n)
    if n - n_test - n_val < 1:
        raise ValueError(f"val={val} and test={test} leave no training sample out of {n}")
    if stratify is not None:
        if not shuffle:
            raise ValueError("a stratified split is a random one: use shuffle=True")
        order = _stratified_order(np.asarray(stratify), n, get_rng(rng))
    elif shuffle:
        order = get_rng(rng).permutation(n)
    else:
        order = np.arange(n)[::-1]  # test and validation from the end, as Keras does
    test_idx, val_idx, train_idx = np.split(order, [n_test, n_test + n_val])
    return np.sort(train_idx), np.sort(val_idx), np.sort(test_idx)


def _stratified_order(labels: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    if labels.ndim == 2 and labels.shape[1] > 1:
        labels = labels.argmax(axis=1)
    labels = labels.reshape(len(labels), -1)[:, 0] if labels.ndim > 1 else labels
    if len(labels) != n:
        raise ValueError(f"stratify has {len(labels)} labels for {n} samples")
    _, codes, counts = np.unique(labels, return_inverse=True, return_counts=True)
    codes = codes.ravel()
    # a random rank of each sample inside its class
    shuffled = rng.permutation(n)
    by_class = shuffled[np.argsort(codes[shuffled], kind="stable")]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.empty(n, dtype=np.float64)
    rank[by_class] = np.arange(n) - np.repeat(starts, counts)
    quantile = (rank + rng.uniform(0.0, 1.0, n)) / counts[codes]
    return np.argsort(quantile, kind="stable")


def train_val_test_split(
    *arrays: np.ndarray,
    val: float = 0.2,
    test: float = 0.0,
    stratify: Sequence | np.ndarray | None = None,
    shuffle: bool = True,
    rng: np.random.Generator | int | None = None,
) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Split arrays that share their first axis into train, validation and test parts.

    Arguments are those of :func:`split_indices`; a part with fraction 0 is empty.

    Returns:
        ``(train, val, test)``, each a tuple with one slice per input array, so that
        ``(X_tr, y_tr), (X_va, y_va), (X_te, y_te) = train_val_test_split(X, y, ...)``.

    Example:
        >>> from axone.data import train_val_test_split
        >>> X, y = np.arange(20).reshape(10, 2), np.array([0] * 5 + [1] * 5)
        >>> (X_tr, y_tr), (X_va, y_va), _ = train_val_test_split(X, y, val=0.4, stratify=y, rng=0)
        >>> X_tr.shape, np.bincount(y_va).tolist()
        ((6, 2), [2, 2])
    """
    if not arrays:
        raise ValueError("give at least one array to split")
    n = len(arrays[0])
    for i, a in enumerate(arrays):
        if len(a) != n:
            raise ValueError(f"array {i} has {len(a)} samples, array 0 has {n}: they must match")
    parts = split_indices(n, val, test, stratify, shuffle, rng)
    return tuple(tuple(np.asarray(a)[idx] for a in arrays) for idx in parts)  # type: ignore[return-value]
