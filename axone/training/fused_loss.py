r"""Softmax cross-entropy from logits as ONE op, for the training loop's hot path.

``losses.sparse_categorical_crossentropy(..., from_logits=True)`` composes six ops (one-hot,
log-softmax, product, sum, negation, mean); in a small network that bookkeeping costs as much
as the matrix products. Here the forward and the derivative sit side by side (design principle
3c, too slow composed), and ``fit`` uses it when the compiled loss is a categorical or sparse
cross-entropy on logits; the labels are checked once for the whole data set instead of per batch.

Math (logits $z$, $N$ samples, true class $c_i$ or one-hot $t_i$, weights $w_i$, default 1):
    $E = \frac{1}{N} \sum_i w_i \left(\ln \sum_k e^{z_{ik}} - z_{i c_i}\right)$ and
    $\frac{\partial E}{\partial z_{ik}} = \frac{w_i}{N} (y_{ik} - t_{ik})$ with $y = \mathrm{softmax}(z)$.

Example:
    >>> import axone as ax, numpy as np
    >>> z = ax.Tensor([[2.0, 0.0, -1.0]], requires_grad=True)
    >>> loss = softmax_cross_entropy(z, np.array([0]))
    >>> reference = ax.losses.sparse_categorical_crossentropy([0], z, from_logits=True)
    >>> bool(np.isclose(float(loss), float(reference)))
    True
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from axone.core.op import Op
from axone.core.tensor import Tensor


class SoftmaxCrossEntropy(Op):
    r"""$E = \frac{1}{N}\sum_i w_i (\mathrm{logsumexp}(z_i) - z_{i c_i})$; $\partial E / \partial z = \frac{w}{N}(y - t)$."""

    @staticmethod
    def forward(ctx, z, targets, weights=None):
        # ufunc.reduce directly: the ndarray.max/sum/mean wrappers cost more than the work here
        shifted = z - np.maximum.reduce(z, axis=-1, keepdims=True)  # e^{z - max} never overflows
        e = np.exp(shifted)
        total = np.add.reduce(e, axis=-1, keepdims=True)
        log_total = np.log(total)
        if targets.dtype.kind in "iu":  # class indices
            per_sample = log_total[:, 0] - shifted[np.arange(len(z)), targets]
        else:  # one-hot (or probabilities) over the last axis
            per_sample = log_total[:, 0] * np.add.reduce(targets, axis=-1) - np.add.reduce(shifted * targets, axis=-1)
        if weights is not None:
            per_sample *= weights
        ctx.save(e, total, targets, weights)
        return np.asarray(np.add.reduce(per_sample) / len(z), dtype=z.dtype)

    @staticmethod
    def backward(ctx, grad_out):
        e, total, targets, weights = ctx.saved
        n = len(e)
        grad = e / total  # the softmax y
        if targets.dtype.kind in "iu":
            grad[np.arange(n), targets] -= 1
        else:
            grad *= np.add.reduce(targets, axis=-1, keepdims=True)
            grad -= targets
        scale = grad_out / n
        if weights is not None:
            grad *= (weights * scale)[:, None]
        else:
            grad *= scale
        return (grad,)


def softmax_cross_entropy(z: Tensor, targets: np.ndarray, weights: np.ndarray | None = None) -> Tensor:
    """Mean softmax cross-entropy of logits ``z`` (N, K) for class indices (N,) or one-hot (N, K)."""
    # targets and weights are options, not inputs: no gradient flows to them, no Tensor is made
    return SoftmaxCrossEntropy.apply(z, targets=np.asarray(targets), weights=weights)


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
        return softmax_cross_entropy, y
    labels = y.reshape(len(y)) if y.ndim == 2 and y.shape[1] == 1 else y
    if labels.ndim != 1 or labels.dtype.kind not in "iuf":
        return None, y
    if labels.dtype.kind == "f" and not np.all(labels == np.round(labels)):
        return None, y  # the general loss raises its own clear error
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        return None, y
    return softmax_cross_entropy, labels.astype(np.intp, copy=False)
