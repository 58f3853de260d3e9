r"""Loss primitives with their own backward: composing them is unstable (principle 3b) or slow (3c).

The softmax cross-entropy from logits composes six ops (one-hot, log-softmax, product, sum,
negation, mean); in a small network that bookkeeping costs as much as the matrix products. As one
op, the forward and the derivative sit side by side; ``losses`` uses it for the categorical and
sparse cross-entropies on logits (hand-written loops get it too), and ``fit`` with labels checked
once for the whole data set.
"""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.ops.activation_functions import sigmoid
from axone.core.tensor import Tensor


class BinaryCrossEntropyWithLogits(Op):
    r"""Elementwise $E = -t \ln \sigma(z) - (1 - t) \ln(1 - \sigma(z))$ from the logit $z$.

    Computed as $\max(z, 0) - z t + \ln(1 + e^{-|z|})$, which never overflows;
    $\partial E / \partial z = \sigma(z) - t$ and $\partial E / \partial t = -z$.
    """

    @staticmethod
    def forward(ctx, z, t):
        ctx.save(z, t)
        return xp.maximum(z, 0) - z * t + xp.log1p(xp.exp(-xp.abs(z)))

    @staticmethod
    def backward(ctx, grad_out):
        z, t = ctx.saved
        grad_t = -grad_out * z if ctx.parents[1].requires_grad else None
        return grad_out * (sigmoid(z) - t), grad_t


def binary_crossentropy_with_logits(z: Any, t: Any) -> Tensor:
    """Elementwise binary cross-entropy of targets ``t`` given logits ``z`` (stable)."""
    return BinaryCrossEntropyWithLogits.apply(z, t)


_STARTS: dict[tuple[int, int], xp.ndarray] = {}  # (N, K) -> arange(0, N K, K), read-only


def _flat_targets(n: int, k: int, targets: xp.ndarray) -> xp.ndarray:
    """The positions of $z_{i c_i}$ in the flattened (N, K) logits: one index per row.

    A flat ``take`` and a flat ``-= 1`` do with one index what a (rows, columns) index does with two.
    """
    starts = _STARTS.get((n, k))
    if starts is None:
        if len(_STARTS) > 64:  # many batch sizes (a sweep): keep the cache small
            _STARTS.clear()
        starts = _STARTS[(n, k)] = xp.arange(0, n * k, k)
        starts.flags.writeable = False
    if targets.dtype != xp.intp:  # uint64 + int64 would make floats; the indices lie in [0, K)
        targets = targets.astype(xp.intp)
    return starts + targets


def _row_max(z: xp.ndarray) -> xp.ndarray:
    """The maximum of each row of ``z`` (N, K), as a column (N, 1).

    Reduced over the first axis of the transposed copy: NumPy reduces a short last axis (K = 10
    classes) slowly, and across rows quickly.
    """
    return xp.maximum.reduce(xp.ascontiguousarray(z.T), axis=0)[:, None]


class SoftmaxCrossEntropy(Op):
    r"""$E = \frac{1}{N}\sum_i w_i (\mathrm{logsumexp}(z_i) - z_{i c_i})$; $\partial E / \partial z = \frac{w}{N}(y - t)$.

    Logits $z$ of shape (N, K); the true class $c_i$ (integers, shape (N,)) or one-hot (or
    probability) rows $t_i$ (shape (N, K)); weights $w_i$ (default 1). With $y = \mathrm{softmax}(z)$,
    $\frac{\partial E}{\partial z_{ik}} = \frac{w_i}{N} (y_{ik} \sum_j t_{ij} - t_{ik})$.
    """

    @staticmethod
    def forward(ctx, z, targets, weights=None):
        shifted = z - _row_max(z)  # e^{z - max} never overflows
        n = len(z)
        # the target terms are read before the exp below overwrites shifted (only e is kept)
        if targets.dtype.kind in "iu":  # class indices: the shifted z_{i c_i}
            flat = _flat_targets(n, shifted.shape[1], targets)
            picked = shifted.reshape(-1).take(flat)
        else:  # one-hot (or probabilities) over the last axis: sum_k t_{ik} shifted z_{ik}
            flat = None
            picked = xp.add.reduce(shifted * targets, axis=-1)
        e = xp.exp(shifted, out=shifted)
        total = xp.add.reduce(e, axis=-1, keepdims=True)
        log_total = xp.log(total)
        if flat is not None:
            per_sample = xp.subtract(log_total[:, 0], picked, out=picked)
        else:
            per_sample = log_total[:, 0] * xp.add.reduce(targets, axis=-1) - picked
        if weights is not None:
            per_sample *= weights
        ctx.save(e, total, targets, weights, flat)
        return xp.asarray(xp.add.reduce(per_sample) / n, dtype=z.dtype)

    @staticmethod
    def backward(ctx, grad_out):
        e, total, targets, weights, flat = ctx.saved
        n = len(e)
        grad = e / total  # the softmax y
        if flat is not None:
            grad.reshape(-1)[flat] -= 1  # a view: grad is a new contiguous array
        else:
            grad *= xp.add.reduce(targets, axis=-1, keepdims=True)
            grad -= targets
        scale = grad_out / n
        if weights is not None:
            grad *= (weights * scale)[:, None]
        else:
            grad *= scale
        return (grad,)


def softmax_cross_entropy(z: Any, targets: Any, weights: Any = None) -> Tensor:
    r"""Mean softmax cross-entropy of logits ``z`` (N, K) for class indices (N,) or one-hot rows (N, K).

    The same value and gradient as ``sparse_categorical_crossentropy(targets, z, from_logits=True)``
    (or ``categorical_crossentropy`` for one-hot rows), in one graph node. ``targets`` and
    ``weights`` (N,) are constants: no gradient flows to them. The shapes and the class indices
    are checked (a negative index would silently pick a class from the end); callers that check
    them once for a whole data set call :func:`softmax_cross_entropy_unchecked`.

    Example:
        >>> import axone as ax, numpy as np
        >>> z = ax.Tensor([[2.0, 0.0, -1.0]], requires_grad=True)
        >>> loss = ax.softmax_cross_entropy(z, np.array([0]))
        >>> reference = ax.losses.sparse_categorical_crossentropy([0], z, from_logits=True)
        >>> bool(np.isclose(float(loss), float(reference)))
        True
    """
    targets = targets.data if isinstance(targets, Tensor) else xp.asarray(targets)
    if weights is not None:
        weights = weights.data if isinstance(weights, Tensor) else xp.asarray(weights)
    shape = z.shape if isinstance(z, Tensor) else xp.shape(z)
    if len(shape) != 2:
        raise ValueError(f"softmax_cross_entropy: logits must have shape (N, K), got {shape}")
    n, classes = shape
    if targets.dtype.kind in "iu":
        if targets.shape != (n,):
            raise ValueError(
                f"softmax_cross_entropy: class indices must have shape ({n},) for logits {shape}, got {targets.shape}"
            )
        if n and (targets.min() < 0 or targets.max() >= classes):
            raise ValueError(
                f"softmax_cross_entropy: class indices must lie in [0, {classes}), "
                f"got values from {targets.min()} to {targets.max()}"
            )
    elif targets.dtype.kind == "f":
        if targets.shape != shape:
            raise ValueError(
                f"softmax_cross_entropy: one-hot targets must have the logits' shape {shape}, got {targets.shape}"
            )
    else:
        raise TypeError(
            f"softmax_cross_entropy: targets must be integer class indices or float one-hot rows, got dtype {targets.dtype}"
        )
    if weights is not None and weights.shape != (n,):
        raise ValueError(f"softmax_cross_entropy: weights must have shape ({n},) (one per sample), got {weights.shape}")
    return SoftmaxCrossEntropy.apply(z, targets=targets, weights=weights)


def softmax_cross_entropy_unchecked(z: Any, targets: xp.ndarray, weights: xp.ndarray | None = None) -> Tensor:
    """:func:`softmax_cross_entropy` without its checks, for targets checked once already (``losses``, ``fit``).

    ``targets`` (and ``weights``) must be NumPy arrays of the shapes described there.
    """
    return SoftmaxCrossEntropy.apply(z, targets=targets, weights=weights)


class OneHot(Op):
    r"""Class indices to one-hot rows: $t_{ik} = 1$ if $k = y_i$, else 0 (no gradient: indices).

    Example:
        >>> import axone as ax, numpy as np
        >>> one_hot(ax.Tensor(np.array([2, 0])), 3, np.float32).numpy()
        array([[0., 0., 1.],
               [1., 0., 0.]], dtype=float32)
    """

    @staticmethod
    def forward(ctx, labels, classes, dtype):
        return xp.eye(classes, dtype=dtype)[labels]

    @staticmethod
    def backward(ctx, grad_out):
        return (None,)


def one_hot(labels: Any, classes: int, dtype: Any) -> Tensor:
    """One-hot rows of ``classes`` columns from integer ``labels`` (an op: a compiled step replays it)."""
    return OneHot.apply(labels, classes=classes, dtype=xp.dtype(dtype))
