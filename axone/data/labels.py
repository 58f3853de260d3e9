r"""Label quality: one-hot encoding, noisy labels on purpose, and the samples a model doubts.

The course shows (Sheng et al., 2008) that accuracy falls with the quality of the labels.
``flip_labels`` makes a clean dataset noisy at a known rate, to see that fall;
``suspicious_samples`` goes the other way: it lists the samples whose label a trained model
finds least believable, the ones to check by hand first.
"""

from __future__ import annotations

import numpy as np

from axone.random import get_rng


def _class_indices(y: np.ndarray, what: str, num_classes: int | None = None) -> np.ndarray:
    """Integer labels ``(N,)`` or one-hot ``(N, K)`` as int64 class indices, checked.

    A float label must be a whole number (a 0/1 float column is fine; 0.5 is not a class), and
    every label must lie in ``[0, num_classes)`` when that is known, so that nothing is silently
    truncated or wrapped around.
    """
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    flat = y.reshape(-1)
    if flat.dtype.kind not in "biuf":
        raise ValueError(f"{what}: labels must be integers, got dtype {flat.dtype}")
    if flat.dtype.kind == "f" and not np.all(np.isfinite(flat) & (flat == np.round(flat))):
        bad = flat[~(np.isfinite(flat) & (flat == np.round(flat)))][0]
        raise ValueError(f"{what}: labels must be whole class numbers, found {bad}")
    labels = flat.astype(np.int64)
    if len(labels) and labels.min() < 0:
        raise ValueError(f"{what}: labels must be non-negative class numbers, found {labels.min()}")
    if num_classes is not None and len(labels) and labels.max() >= num_classes:
        raise ValueError(f"{what}: labels must be in [0, {num_classes}), found {labels.max()}")
    return labels


def to_categorical(y: np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """One-hot encode integer class labels (Keras's name).

    Args:
        y: integer labels of shape ``(N,)`` or ``(N, 1)``, in ``[0, num_classes)``.
        num_classes: number of classes; default ``max(y) + 1``.

    Returns:
        float32 array of shape ``(N, num_classes)``.

    Example:
        >>> from axone.data import to_categorical
        >>> to_categorical(np.array([0, 2])).tolist()
        [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    y = _class_indices(np.asarray(y).reshape(-1), "to_categorical", num_classes)
    if num_classes is None and not len(y):
        raise ValueError("to_categorical: give num_classes for an empty array of labels")
    k = int(y.max()) + 1 if num_classes is None else num_classes
    out = np.zeros((len(y), k), dtype=np.float32)
    out[np.arange(len(y)), y] = 1.0
    return out


def flip_labels(
    y: np.ndarray,
    rate: float,
    rng: np.random.Generator | int | None = None,
    num_classes: int | None = None,
    return_flipped: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Corrupt a known share of labels: ``round(rate * N)`` samples get another class.

    The samples are drawn without replacement; each gets a class drawn uniformly among the
    *other* classes, so exactly that share of labels is wrong.

    Args:
        y: integer labels ``(N,)`` or ``(N, 1)`` (any dtype, 0/1 floats included), or one-hot
            ``(N, K)``; the result has the same shape and dtype.
        rate: share of labels to flip, in [0, 1].
        rng: generator, seed or None.
        num_classes: number of classes (default: ``K`` for one-hot, else ``max(y) + 1``, at
            least 2).
        return_flipped: also return the sorted indices of the flipped samples.

    Returns:
        the noisy labels, and with ``return_flipped`` the indices, ``(y_noisy, flipped)``.

    Example:
        >>> from axone.data import flip_labels
        >>> y = np.zeros(10, dtype=np.int64)
        >>> noisy, flipped = flip_labels(y, 0.3, rng=0, return_flipped=True)
        >>> int((noisy != y).sum()), len(flipped)
        (3, 3)
    """
    if not 0 <= rate <= 1:
        raise ValueError(f"rate is a share of the labels, in [0, 1], got {rate}")
    y = np.asarray(y)
    one_hot = y.ndim == 2 and y.shape[1] > 1
    if num_classes is not None and num_classes < 2:
        raise ValueError(
            f"flip_labels: a label can only move to another class with num_classes >= 2, got {num_classes}"
        )
    labels = _class_indices(y, "flip_labels", num_classes)
    if num_classes is None:
        num_classes = y.shape[1] if one_hot else max(int(labels.max()) + 1 if len(labels) else 2, 2)
    rng = get_rng(rng)
    flipped = np.sort(rng.choice(len(labels), size=round(rate * len(labels)), replace=False))
    noisy = labels.copy()
    # a shift of 1 .. K-1 classes (mod K) always lands on another class, uniformly
    noisy[flipped] = (labels[flipped] + rng.integers(1, num_classes, len(flipped))) % num_classes
    if one_hot:
        out = np.zeros_like(y)
        out[np.arange(len(noisy)), noisy] = 1
    else:
        out = noisy.astype(y.dtype).reshape(y.shape)
    return (out, flipped) if return_flipped else out


def sample_losses(probabilities: np.ndarray, y: np.ndarray) -> np.ndarray:
    r"""Cross-entropy of each sample: $-\log p_i(y_i)$, the probability given to its label.

    Args:
        probabilities: the model's predicted probabilities: ``(N, K)`` (softmax), or ``(N,)``
            / ``(N, 1)`` for a single sigmoid output (probability of class 1).
        y: the labels: integers ``(N,)`` / ``(N, 1)``, or one-hot ``(N, K)``.

    Returns:
        float64 array ``(N,)``; probabilities are clipped to $[10^{-12}, 1]$ so a confident
        mistake gives a large finite loss (about 27.6), not infinity.

    Example:
        >>> from axone.data import sample_losses
        >>> sample_losses(np.array([[0.9, 0.1], [0.5, 0.5]]), np.array([0, 1])).round(3).tolist()
        [0.105, 0.693]
    """
    p = np.asarray(probabilities, dtype=np.float64)
    if not np.all(np.isfinite(p)):
        # a NaN loss would sort last and hide the sample: a diverged model must be seen, not ranked
        raise ValueError("sample_losses: the probabilities hold NaN or infinity (did the training diverge?)")
    labels = _class_indices(y, "sample_losses")
    if p.ndim == 1 or (p.ndim == 2 and p.shape[1] == 1):
        p1 = p.reshape(-1)
        p = np.stack([1.0 - p1, p1], axis=1)
    if p.ndim != 2 or len(p) != len(labels):
        raise ValueError(f"probabilities of shape {p.shape} do not match {len(labels)} labels")
    if len(labels) and (labels.min() < 0 or labels.max() >= p.shape[1]):
        raise ValueError(f"labels must be in [0, {p.shape[1]}) to index the probabilities")
    chosen = p[np.arange(len(labels)), labels]
    return -np.log(np.clip(chosen, 1e-12, 1.0))


def suspicious_samples(
    probabilities: np.ndarray, y: np.ndarray, k: int = 10, return_losses: bool = False
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    r"""The ``k`` samples whose label the model finds least believable, most suspicious first.

    Ranked by the loss $-\log p_i(y_i)$ (see :func:`sample_losses`): the highest loss is a
    confident disagreement with the label: the model puts nearly all its probability on
    another class. Ties keep the sample order.

    Args:
        probabilities: predicted probabilities, ``(N, K)`` or ``(N,)`` / ``(N, 1)``.
        y: the given labels, integers or one-hot.
        k: how many to return (all if ``k >= N``).
        return_losses: also return their losses.

    Returns:
        int64 indices, and with ``return_losses`` the matching losses.

    Example:
        >>> from axone.data import suspicious_samples
        >>> p = np.array([[0.9, 0.1], [0.02, 0.98], [0.6, 0.4]])
        >>> suspicious_samples(p, np.array([0, 0, 0]), k=2).tolist()
        [1, 2]
    """
    if k < 0:
        raise ValueError(f"suspicious_samples: k is how many samples to return, at least 0, got {k}")
    losses = sample_losses(probabilities, y)
    order = np.argsort(-losses, kind="stable")[:k]
    return (order, losses[order]) if return_losses else order
