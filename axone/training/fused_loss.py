r"""Which compiled losses ``fit`` runs as ONE op: the softmax cross-entropy from logits.

The op itself lives with the engine (``axone.core.ops.loss.SoftmaxCrossEntropy``, also used by
``losses`` for hand-written loops); here ``fit`` decides once per call whether the compiled loss
is a categorical or sparse cross-entropy on logits, and checks the labels once for the whole
data set instead of per batch.

Example:
    >>> import axone as ax, numpy as np
    >>> fn, labels = fused_loss_for(ax.losses.SparseCategoricalCrossentropy(from_logits=True), np.array([0, 2]), (2, 3))
    >>> fn is softmax_cross_entropy_unchecked, labels.dtype == np.intp
    (True, True)
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from axone.core.ops.loss import SoftmaxCrossEntropy, softmax_cross_entropy, softmax_cross_entropy_unchecked

__all__ = ["SoftmaxCrossEntropy", "fused_loss_for", "softmax_cross_entropy"]


def fused_loss_for(loss: Any, y: np.ndarray, output_shape: tuple) -> tuple[Callable | None, np.ndarray]:
    """``(fused function, targets)`` when ``loss`` is a (sparse) categorical cross-entropy on logits
    (the targets checked once here, labels as integers); ``(None, y)`` when the general loss must run."""
    from axone import losses

    name = losses.canonical_name(loss)
    if name not in ("sparse_categorical_crossentropy", "categorical_crossentropy"):
        return None, y
    if not getattr(loss, "from_logits", False) or getattr(loss, "reduction", "mean") != "mean":
        return None, y
    if len(output_shape) != 2:
        return None, y
    classes = output_shape[-1]
    if name == "categorical_crossentropy":
        if y.shape[1:] != (classes,) or y.dtype.kind != "f":
            return None, y
        return softmax_cross_entropy_unchecked, y
    labels = y.reshape(len(y)) if y.ndim == 2 and y.shape[1] == 1 else y
    if labels.ndim != 1 or labels.dtype.kind not in "iuf":
        return None, y
    if labels.dtype.kind == "f" and not np.all(labels == np.round(labels)):
        return None, y  # the general loss raises its own clear error
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        return None, y
    return softmax_cross_entropy_unchecked, labels.astype(np.intp, copy=False)  # checked above, once
