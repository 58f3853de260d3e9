r"""PyTorch's loss functions: ``(input, target)``, outputs first, and torch's ``reduction=`` (level 4).

Unlike ``ax.losses`` (Keras's order ``(y_true, y_pred)``, a mean per sample then over samples),
these take torch's order and reduce over every element: ``"mean"`` (the default), ``"sum"`` or
``"none"`` (the element-wise losses). They are built from the same stable ops as ``ax.losses``
(``log_softmax``, ``softmax_cross_entropy``, ``binary_crossentropy_with_logits``).

| function | element-wise loss |
|---|---|
| ``mse_loss`` | $(y - t)^2$ |
| ``l1_loss`` | $|y - t|$ |
| ``binary_cross_entropy`` | $-w [t \ln y + (1 - t) \ln(1 - y)]$, $y$ clipped to $[10^{-7}, 1 - 10^{-7}]$ |
| ``binary_cross_entropy_with_logits`` | $-w [p\, t \ln \sigma(z) + (1 - t) \ln(1 - \sigma(z))]$ |
| ``nll_loss`` | $-w_{t} \ell_{t}$ for log-probabilities $\ell$ along axis 1 |
| ``cross_entropy`` | ``nll_loss(log_softmax(z, 1))``, or $-\sum_k t_k \ell_k$ for probability targets |

With class weights $w$, ``"mean"`` divides by $\sum_i w_{t_i}$ (torch's weighted mean).

Example:
    >>> import axone as ax
    >>> F = ax.nn.functional
    >>> float(F.mse_loss(ax.Tensor([1.0, 3.0]), ax.Tensor([0.0, 0.0])))
    5.0
    >>> round(float(F.cross_entropy(ax.Tensor([[2.0, 0.0]]), ax.Tensor([0]))), 4)
    0.1269
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core import ops
from axone.core.tensor import Tensor
from axone.losses import EPSILON


def _tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _reduce(loss: Tensor, reduction: str, where: str) -> Tensor:
    if reduction == "mean":
        return ops.mean(loss)
    if reduction == "sum":
        return ops.sum(loss)
    if reduction == "none":
        return loss
    raise ValueError(f"{where}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def _pair(input: Any, target: Any, where: str) -> tuple[Tensor, Tensor]:
    """``input`` and ``target`` as tensors of one shape; Keras's order (target first) refused when it shows."""
    input, target = _tensor(input), _tensor(target)
    if target.requires_grad and not input.requires_grad:
        raise ValueError(
            f"{where}: target requires grad but input does not; ax.nn losses take PyTorch's order "
            f"{where}(input, target), the outputs first. Swap the arguments, or use ax.losses (Keras's "
            "order, y_true first)"
        )
    if input.shape != target.shape:
        raise ValueError(
            f"{where}: input of shape {input.shape} and target of shape {target.shape} differ; torch broadcasts "
            "them with a warning, axone refuses (reshape the target, e.g. target.reshape(input.shape))"
        )
    if target.dtype != input.dtype:
        target = ops.cast(target, input.dtype)  # an op, not NumPy: a compiled step follows each batch's targets
    return input, target


def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Mean squared error over every element (torch's ``F.mse_loss``)."""
    input, target = _pair(input, target, "mse_loss")
    d = input - target
    return _reduce(d * d, reduction, "mse_loss")


def l1_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Mean absolute error over every element (torch's ``F.l1_loss``)."""
    input, target = _pair(input, target, "l1_loss")
    return _reduce(ops.abs(input - target), reduction, "l1_loss")


def _check_binary(target: Tensor, where: str) -> None:
    t = target.data
    if t.size and not (t.min() >= 0 and t.max() <= 1):
        raise ValueError(f"{where}: targets must lie in [0, 1], got values from {t.min()} to {t.max()}")


def binary_cross_entropy(input: Any, target: Any, weight: Any = None, reduction: str = "mean") -> Tensor:
    """Cross-entropy of probabilities ``input`` with targets in [0, 1] (torch's ``F.binary_cross_entropy``)."""
    input, target = _pair(input, target, "binary_cross_entropy")
    _check_binary(target, "binary_cross_entropy")
    y = ops.clip(input, EPSILON, 1 - EPSILON)
    loss = -(target * ops.log(y) + (1 - target) * ops.log(1 - y))
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction, "binary_cross_entropy")


def binary_cross_entropy_with_logits(
    input: Any, target: Any, weight: Any = None, reduction: str = "mean", pos_weight: Any = None
) -> Tensor:
    r"""Cross-entropy of logits $z$, with $\sigma(z)$ never formed (``ops.binary_crossentropy_with_logits``).

    ``pos_weight`` $p$ weighs the positive term: $p\,t\,\mathrm{softplus}(-z) + (1 - t)\,\mathrm{softplus}(z)$.
    """
    input, target = _pair(input, target, "binary_cross_entropy_with_logits")
    _check_binary(target, "binary_cross_entropy_with_logits")
    if pos_weight is None:
        loss = ops.binary_crossentropy_with_logits(input, target.data)
    else:
        loss = target * pos_weight * ops.softplus(-input) + (1 - target) * ops.softplus(input)
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction, "binary_cross_entropy_with_logits")


def _class_indices(target: Any, input: Tensor, where: str) -> np.ndarray:
    target = _tensor(target)
    labels = target.data
    if labels.dtype.kind == "f" and np.all(np.isfinite(labels)) and np.all(labels == np.round(labels)):
        # ax.Tensor([0, 2]) is float (axone's default dtype): whole numbers are indices (cast by an op,
        # so that a compiled step follows each batch's labels)
        labels = ops.cast(target, np.int64).data
    if labels.dtype.kind not in "iu":
        raise TypeError(
            f"{where}: class indices must be integers (torch's long), got dtype {labels.dtype}; "
            "for probability targets give a float tensor of the input's shape (cross_entropy only)"
        )
    expected = (input.shape[0],) + input.shape[2:] if input.ndim > 1 else ()
    if labels.shape != expected:
        raise ValueError(
            f"{where}: input of shape {input.shape} needs class indices of shape {expected}, got {labels.shape}"
        )
    return labels


def nll_loss(input: Any, target: Any, weight: Any = None, ignore_index: int = -100, reduction: str = "mean") -> Tensor:
    r"""$-w_{t_i} \ell_{i, t_i}$ for log-probabilities $\ell$ (N, C, ...) and class indices $t$ (N, ...)."""
    input = _tensor(input)
    labels = _class_indices(target, input, "nll_loss")
    _check_range(labels, input.shape[1] if input.ndim > 1 else input.shape[0], ignore_index, "nll_loss")
    return _nll(input, labels, weight, ignore_index, reduction, "nll_loss")


def _check_range(labels: np.ndarray, classes: int, ignore_index: int, where: str) -> None:
    kept = labels[labels != ignore_index]
    if kept.size and (kept.min() < 0 or kept.max() >= classes):
        raise IndexError(
            f"{where}: class indices must lie in [0, {classes}), got values from {kept.min()} to {kept.max()}"
        )


def _nll(logp: Tensor, labels: np.ndarray, weight: Any, ignore_index: int, reduction: str, where: str) -> Tensor:
    # the class masks below are NumPy on the labels: inside ax.function that is refused (TracingError)
    # rather than fixed at trace time; the plain case (ops.softmax_cross_entropy) compiles
    Tensor(labels)._value(f"{where}'s class masks (weights, ignore_index or smoothing, computed in NumPy)")
    classes = logp.shape[1] if logp.ndim > 1 else logp.shape[0]
    valid = labels != ignore_index
    picked = np.where(valid, labels, 0)
    w = np.ones(classes, logp.dtype) if weight is None else np.asarray(_tensor(weight).data, dtype=logp.dtype)
    # one-hot mask on the class axis (1), scaled by each sample's class weight; 0 for ignored samples
    axis = 1 if logp.ndim > 1 else 0
    one_hot = np.moveaxis(np.eye(classes, dtype=logp.dtype)[picked], -1, axis)
    scale = (w[picked] * valid).astype(logp.dtype)
    loss = -ops.sum(logp * (one_hot * np.expand_dims(scale, axis)), axis=axis)
    if reduction == "mean":
        return ops.sum(loss) * (1.0 / scale.sum()) if scale.sum() else ops.sum(loss) * np.nan
    return _reduce(loss, reduction, where)


def cross_entropy(
    input: Any,
    target: Any,
    weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    r"""Softmax cross-entropy of logits (N, C, ...) with class indices (N, ...) or probabilities (N, C, ...).

    The common case (logits (N, C), indices, ``"mean"``, no weight, nothing ignored, no smoothing)
    is the one fused op ``ops.softmax_cross_entropy`` that ``fit`` uses.
    """
    input = _tensor(input)
    if not 0 <= label_smoothing <= 1:
        raise ValueError(f"cross_entropy: label_smoothing must be in [0, 1], got {label_smoothing!r}")
    t = np.asarray(target.data if isinstance(target, Tensor) else target)
    probabilities = t.dtype.kind == "f" and t.shape == input.shape
    axis = 1 if input.ndim > 1 else 0
    classes = input.shape[axis]
    if probabilities:
        input, target = _pair(input, target, "cross_entropy")
        t = target * (1 - label_smoothing) + label_smoothing / classes
        w = (
            1
            if weight is None
            else np.expand_dims(np.asarray(_tensor(weight).data, input.dtype), tuple(range(1, input.ndim - 1)))
        )
        loss = -ops.sum(ops.log_softmax(input, axis=axis) * (t * w), axis=axis)
        return _reduce(loss, reduction, "cross_entropy")
    labels = _class_indices(target, input, "cross_entropy")
    _check_range(labels, classes, ignore_index, "cross_entropy")
    simple = weight is None and reduction == "mean" and label_smoothing == 0 and input.ndim == 2
    if simple and not np.any(labels == ignore_index):
        return ops.softmax_cross_entropy(input, labels)
    logp = ops.log_softmax(input, axis=axis)
    loss = _nll(logp, labels, weight, ignore_index, reduction, "cross_entropy")
    if label_smoothing == 0:
        return loss
    # torch: (1 - eps) nll + eps * the mean over the classes of -w_k l_k, reduced the same way
    valid = labels != ignore_index
    w = np.ones(classes, input.dtype) if weight is None else np.asarray(_tensor(weight).data, dtype=input.dtype)
    shape = [1] * input.ndim
    shape[axis] = classes
    smooth = -ops.sum(logp * w.reshape(shape), axis=axis) * np.asarray(valid / classes, dtype=input.dtype)
    if reduction == "mean":
        smooth = ops.sum(smooth) * (1.0 / (w[np.where(valid, labels, 0)] * valid).sum())
    else:
        smooth = _reduce(smooth, reduction, "cross_entropy")
    return loss * (1 - label_smoothing) + smooth * label_smoothing
