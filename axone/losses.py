r"""Loss functions (error functions, *fonctions de coût*), computed stably (level 2).

Each takes ``(y_true, y_pred)`` (targets $t$, network outputs $y$), returns a scalar Tensor that
differentiates with respect to ``y_pred``, and reduces as Keras does: first a per-sample loss
(the mean over the last axis, or the sum over the classes for the cross-entropies), then the
mean over the samples. With ``sample_weight`` $w_i$ the result is $\sum_i w_i E_i / N$ (Keras's
"sum over batch size"). ``reduction="none"`` returns the per-sample losses, ``"sum"`` their sum.
PyTorch's order (outputs first) is refused when it shows: targets that require grad beside outputs
that do not (``ax.nn``'s losses take that order); binary targets outside $[0, 1]$ are refused.

| name | per-sample $E$ |
|---|---|
| ``mse`` | $\frac{1}{K} \sum_k (y_k - t_k)^2$ |
| ``log_cosh`` | $\frac{1}{K} \sum_k \ln\cosh(y_k - t_k)$, as $|d| + \mathrm{softplus}(-2|d|) - \ln 2$ |
| ``binary_crossentropy`` | $-\frac{1}{K} \sum_k t_k \ln y_k + (1 - t_k) \ln(1 - y_k)$ |
| ``categorical_crossentropy`` | $-\sum_k t_k \ln y_k$ ($t$ one-hot) |
| ``sparse_categorical_crossentropy`` | $-\ln y_{t}$ ($t$ the class index) |

Stability: with ``from_logits=True`` the cross-entropies start from the logits $z$ through
``log_softmax`` and ``binary_crossentropy_with_logits`` (finite for $|z| = 10^4$; the categorical
ones on (N, K) logits with the mean reduction are one op, ``softmax_cross_entropy``); on
probabilities, $y$ is clipped to $[\epsilon, 1 - \epsilon]$ with $\epsilon = 10^{-7}$ (Keras's),
so exact 0 and 1 give a finite loss (and no gradient through the clipped values).

Example:
    >>> import axone as ax
    >>> float(ax.losses.mse([[1.0], [0.0]], ax.Tensor([[0.5], [0.0]])))
    0.125
    >>> ax.losses.get("MeanSquaredError").name, ax.losses.accuracy_kind("categorical_crossentropy")
    ('mse', 'categorical')
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from axone.core import ops
from axone.core.ops.loss import softmax_cross_entropy_unchecked
from axone.core.tensor import Tensor

EPSILON = 1e-7


def _targets(y_true: Any, y_pred: Tensor, loss: str) -> Tensor:
    """``y_true`` as a tensor of ``y_pred``'s shape and dtype (a column (N, 1) and a vector (N,) match).

    Converted with ops, not NumPy: in a compiled step (``ax.function``) the targets change at every batch.
    """
    check_order(y_true, y_pred, loss)
    t = _constant(y_true)
    if t.dtype != y_pred.dtype:
        t = ops.cast(t, y_pred.dtype)
    if t.shape != y_pred.shape:
        if not same_up_to_ones(t.shape, y_pred.shape):
            raise ValueError(
                f"loss '{loss}': targets of shape {t.shape} do not match the outputs' shape {y_pred.shape}. "
                "Check y against the last layer's units (one column per output)."
            )
        t = ops.reshape(t, y_pred.shape)
    return t


def _constant(value: Any) -> Tensor:
    """A tensor of ``value`` outside the graph (an array is wrapped as it is, not copied)."""
    return Tensor(value.data if isinstance(value, Tensor) else value)


def check_order(y_true: Any, y_pred: Tensor, loss: str) -> None:
    """Refuse PyTorch's order ``(y_pred, y_true)``: targets that require grad beside outputs that do not."""
    if isinstance(y_true, Tensor) and y_true.requires_grad and not y_pred.requires_grad:
        raise ValueError(
            f"loss '{loss}': y_true requires grad but y_pred does not; ax.losses take Keras's order "
            f"{loss}(y_true, y_pred), targets first. Swap the arguments, or use the ax.nn losses "
            "(ax.nn.MSELoss()(y_pred, y_true)...), which take PyTorch's order"
        )


def same_up_to_ones(a: tuple, b: tuple) -> bool:
    """Whether two shapes differ only by axes of size 1 ((N,), (N, 1) and (1, N) match; (2, 3) and (3, 2) do not).

    Only such shapes are reshaped into each other: equal sizes alone would silently pair
    transposed targets with the wrong outputs.
    """
    return [n for n in a if n != 1] == [n for n in b if n != 1]


def _pred(y_pred: Any) -> Tensor:
    return y_pred if isinstance(y_pred, Tensor) else Tensor(y_pred)


def _per_sample_mean(elementwise: Tensor) -> Tensor:
    return elementwise if elementwise.ndim <= 1 else ops.mean(elementwise, axis=-1)


def _mean_of_means(elementwise: Tensor, sample_weight: Any, reduction: str) -> Tensor:
    """The per-sample means (over the last axis) reduced over the samples.

    With one value per sample (last axis of size 1) and the plain mean, that is the mean of every
    element, bit for bit: one op instead of two.
    """
    if reduction == "mean" and sample_weight is None and (elementwise.ndim <= 1 or elementwise.shape[-1] == 1):
        return ops.mean(elementwise)
    return reduce(_per_sample_mean(elementwise), sample_weight, reduction)


def reduce(per_sample: Tensor, sample_weight: Any = None, reduction: str = "mean") -> Tensor:
    r"""$\frac{1}{N} \sum_i w_i E_i$ (``"mean"``), $\sum_i w_i E_i$ (``"sum"``) or the $w_i E_i$ (``"none"``)."""
    if sample_weight is not None:
        w = _weights(sample_weight, per_sample.dtype, per_sample.ndim)
        if w.shape != per_sample.shape[: w.ndim]:
            raise ValueError(
                f"loss: sample_weight of shape {np.shape(sample_weight)} for {per_sample.shape[0]} samples "
                f"(per-sample losses of shape {per_sample.shape}); give one weight per sample"
            )
        per_sample = per_sample * ops.reshape(w, w.shape + (1,) * (per_sample.ndim - w.ndim))
    if reduction == "mean":
        return ops.mean(per_sample)
    if reduction == "sum":
        return ops.sum(per_sample)
    if reduction == "none":
        return per_sample
    raise ValueError(f"unknown reduction {reduction!r}; valid: 'mean', 'sum', 'none'")


def mse(y_true: Any, y_pred: Any, sample_weight: Any = None, reduction: str = "mean") -> Tensor:
    r"""Mean squared error $E = \frac{1}{K} \sum_k (y_k - t_k)^2$, the course's quadratic error."""
    y_pred = _pred(y_pred)
    d = y_pred - _targets(y_true, y_pred, "mse")
    return _mean_of_means(d * d, sample_weight, reduction)


def log_cosh(y_true: Any, y_pred: Any, sample_weight: Any = None, reduction: str = "mean") -> Tensor:
    r"""$E = \ln\cosh(y - t)$: quadratic near 0, linear far away; $dE/dy = \tanh(y - t)$.

    Computed as $|d| + \mathrm{softplus}(-2|d|) - \ln 2$, since $\cosh d$ overflows for $|d| > 710$.
    """
    y_pred = _pred(y_pred)
    a = ops.abs(y_pred - _targets(y_true, y_pred, "log_cosh"))
    elementwise = a + ops.softplus(a * -2.0) - math.log(2.0)
    return _mean_of_means(elementwise, sample_weight, reduction)


def binary_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, sample_weight: Any = None, reduction: str = "mean"
) -> Tensor:
    r"""$E = -\frac{1}{K}\sum_k t_k \ln y_k + (1 - t_k) \ln(1 - y_k)$, the course's cross-entropy.

    ``from_logits=True``: ``y_pred`` is the logit $z$ and $y = \sigma(z)$ is never formed.
    """
    y_pred = _pred(y_pred)
    t = _targets(y_true, y_pred, "binary_crossentropy")
    values = t.data  # checked where the loss is first called (in a compiled step: when traced)
    if values.size and not (values.min() >= 0 and values.max() <= 1):  # written so that a NaN is refused too
        raise ValueError(
            f"loss 'binary_crossentropy': targets (y_true, the first argument, as Keras) must lie in [0, 1], "
            f"got values from {values.min()} to {values.max()}. Map labels such as -1/1 to 0/1, use "
            "sparse_categorical_crossentropy for class indices, and check the order (y_true, y_pred)"
        )
    if from_logits:
        elementwise = ops.binary_crossentropy_with_logits(y_pred, t)
    else:
        y = ops.clip(y_pred, EPSILON, 1 - EPSILON)
        elementwise = -(t * ops.log(y) + (1 - t) * ops.log(1 - y))
    return _mean_of_means(elementwise, sample_weight, reduction)


def _log_probabilities(y_pred: Tensor, from_logits: bool) -> Tensor:
    if from_logits:
        return ops.log_softmax(y_pred, axis=-1)
    return ops.log(ops.clip(y_pred, EPSILON, 1 - EPSILON))


def categorical_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, sample_weight: Any = None, reduction: str = "mean"
) -> Tensor:
    r"""$E = -\sum_k t_k \ln y_k$ over the classes (last axis), $t$ one-hot (or probabilities).

    ``from_logits=True``: ``y_pred`` holds the logits and $\ln y = \mathrm{log\_softmax}(z)$.
    Unlike Keras, probabilities are not renormalised to sum 1 (a softmax output already does).
    """
    y_pred = _pred(y_pred)
    t = _targets(y_true, y_pred, "categorical_crossentropy")
    if from_logits:
        fused = _fused_softmax_cross_entropy(y_pred, t, sample_weight, reduction)
        if fused is not None:
            return fused
    per_sample = -ops.sum(_log_probabilities(y_pred, from_logits) * t, axis=-1)
    return reduce(per_sample, sample_weight, reduction)


def _weights(sample_weight: Any, dtype: Any, ndim: int) -> Tensor:
    """The sample weights as a tensor of ``dtype`` with at most ``ndim`` axes (with ops, see ``_targets``)."""
    w = _constant(sample_weight)
    if w.dtype != dtype:
        w = ops.cast(w, dtype)
    return ops.reshape(w, w.shape[:ndim]) if w.ndim > ndim else w


def _fused_softmax_cross_entropy(y_pred: Tensor, targets: np.ndarray, sample_weight: Any, reduction: str) -> Any:
    """The mean cross-entropy on logits as one op (``ops.softmax_cross_entropy``) when the case is
    its own: logits (N, K), mean reduction, one weight per sample or none; else None."""
    if reduction != "mean" or y_pred.ndim != 2:
        return None
    w = None
    if sample_weight is not None:
        w = _weights(sample_weight, y_pred.dtype, 1)
        if w.shape != (y_pred.shape[0],):
            return None
    # the targets are checked by the caller; the op takes them as arrays (outside the graph)
    return softmax_cross_entropy_unchecked(y_pred, targets.data, None if w is None else w.data)


def sparse_categorical_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, sample_weight: Any = None, reduction: str = "mean"
) -> Tensor:
    r"""$E = -\ln y_{t}$ with $t$ the index of the true class (shape (N,) or (N, 1)).

    Raises:
        ValueError: when a label is not an integer in $[0, K)$.
    """
    y_pred = _pred(y_pred)
    check_order(y_true, y_pred, "sparse_categorical_crossentropy")
    labels = _constant(y_true)
    classes = y_pred.shape[-1]
    if labels.shape != y_pred.shape[:-1] and labels.size * classes == y_pred.size:
        labels = ops.reshape(labels, y_pred.shape[:-1])
    if labels.shape != y_pred.shape[:-1]:
        raise ValueError(
            f"loss 'sparse_categorical_crossentropy': labels of shape {labels.shape} do not match outputs of "
            f"shape {y_pred.shape} (one class index per sample expected)"
        )
    values = labels.data  # checked where the loss is first called (in a compiled step: when traced)
    if values.dtype.kind == "f" and not np.all(values == np.round(values)):
        raise ValueError("loss 'sparse_categorical_crossentropy': labels must be class indices (integers)")
    if values.size and (values.min() < 0 or values.max() >= classes):
        raise ValueError(
            f"loss 'sparse_categorical_crossentropy': labels must lie in [0, {classes}), "
            f"got values from {values.min()} to {values.max()}"
        )
    labels = ops.cast(labels, np.intp)
    if from_logits:
        fused = _fused_softmax_cross_entropy(y_pred, labels, sample_weight, reduction)
        if fused is not None:
            return fused
    one_hot = ops.one_hot(labels, classes, y_pred.dtype)
    per_sample = -ops.sum(_log_probabilities(y_pred, from_logits) * one_hot, axis=-1)
    return reduce(per_sample, sample_weight, reduction)


class Loss:
    """A loss as an object (Keras style): ``loss(y_true, y_pred, sample_weight=None)``."""

    def __init__(self, fn: Callable[..., Tensor], name: str, from_logits: bool = False, reduction: str = "mean"):
        self.fn, self.name, self.from_logits, self.reduction = fn, name, bool(from_logits), reduction

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Tensor:
        kwargs = {"from_logits": True} if self.from_logits else {}
        return self.fn(y_true, y_pred, sample_weight=sample_weight, reduction=self.reduction, **kwargs)

    def get_config(self) -> dict:
        return {"name": self.name, "from_logits": self.from_logits, "reduction": self.reduction}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, from_logits={self.from_logits})"


def _loss_class(fn: Callable[..., Tensor], name: str, logits: bool) -> type[Loss]:
    def __init__(self: Loss, from_logits: bool = False, reduction: str = "mean") -> None:
        if from_logits and not logits:
            raise ValueError(f"loss '{name}' has no from_logits option")
        Loss.__init__(self, fn, name, from_logits, reduction)

    return type(_CLASS_NAMES[name], (Loss,), {"__init__": __init__, "__doc__": fn.__doc__})


_FUNCTIONS = {
    "mse": (mse, False),
    "log_cosh": (log_cosh, False),
    "binary_crossentropy": (binary_crossentropy, True),
    "categorical_crossentropy": (categorical_crossentropy, True),
    "sparse_categorical_crossentropy": (sparse_categorical_crossentropy, True),
}
_CLASS_NAMES = {
    "mse": "MeanSquaredError",
    "log_cosh": "LogCosh",
    "binary_crossentropy": "BinaryCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
}
MeanSquaredError = _loss_class(mse, "mse", False)
LogCosh = _loss_class(log_cosh, "log_cosh", False)
BinaryCrossentropy = _loss_class(binary_crossentropy, "binary_crossentropy", True)
CategoricalCrossentropy = _loss_class(categorical_crossentropy, "categorical_crossentropy", True)
SparseCategoricalCrossentropy = _loss_class(sparse_categorical_crossentropy, "sparse_categorical_crossentropy", True)
_CLASSES = {
    "mse": MeanSquaredError,
    "log_cosh": LogCosh,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
}
_ALIASES = {
    "mean_squared_error": "mse",
    "logcosh": "log_cosh",
    "log_cosh_error": "log_cosh",
    "bce": "binary_crossentropy",
}
_ALIASES.update({cls_name.lower(): name for name, cls_name in _CLASS_NAMES.items()})


def names() -> list[str]:
    """Every valid loss name (Keras's aliases such as ``"mean_squared_error"`` also work)."""
    return sorted(_FUNCTIONS)


def canonical_name(loss: Any) -> str | None:
    """The axone name of a loss given by name, class, instance or function; None for a custom one."""
    if isinstance(loss, Loss):
        return loss.name
    if isinstance(loss, str):
        key = loss.lower()
        key = _ALIASES.get(key, key)
        return key if key in _FUNCTIONS else None
    for name, (fn, _) in _FUNCTIONS.items():
        if loss is fn or loss is _CLASSES[name]:
            return name
    return None


def get(loss: Any, from_logits: bool = False) -> Callable[..., Tensor]:
    """A ``Loss`` object from a name (``"mse"``, ``"mean_squared_error"``, ``"MeanSquaredError"``),
    a class, a function of this module; any other callable or Loss instance is returned as is.

    Raises:
        ValueError: for an unknown name, listing the valid ones; for ``from_logits=True`` with a
            loss that has no such option (mse, log_cosh, a custom function) or a Loss object
            built without it (``from_logits`` is then fixed by the object).
    """
    if isinstance(loss, Loss):
        if from_logits and not loss.from_logits:
            takes = _FUNCTIONS.get(loss.name, (None, False))[1]
            hint = "build it with from_logits=True instead" if takes else f"loss {loss.name!r} takes no logits"
            raise ValueError(f"losses.get: from_logits=True cannot change the Loss object {loss!r}; {hint}")
        return loss
    name = canonical_name(loss)
    if name is not None:
        if from_logits and not _FUNCTIONS[name][1]:
            with_logits = ", ".join(n for n, (_, logits) in _FUNCTIONS.items() if logits)
            raise ValueError(
                f"losses.get: loss {name!r} has no from_logits option, got from_logits=True; "
                f"only {with_logits} take logits (for {name!r}, give it the model's outputs as they are)"
            )
        return _CLASSES[name](from_logits=from_logits) if _FUNCTIONS[name][1] else _CLASSES[name]()
    if callable(loss) and not isinstance(loss, str):
        if from_logits:
            raise ValueError(
                f"losses.get: from_logits=True applies to the built-in cross-entropies, not to the custom "
                f"loss {loss!r}; apply the activation inside the function instead"
            )
        return loss
    raise ValueError(f"unknown loss {loss!r}; valid names: {', '.join(names())} (and Keras's aliases)")


def accuracy_kind(loss: Any, output_shape: tuple | None = None) -> str:
    """Which accuracy ``metrics=["accuracy"]`` means for this loss: ``"binary"``, ``"categorical"`` or
    ``"sparse"``; for a regression loss (mse, log_cosh, custom), Keras's rule: binary when the output
    has one unit, categorical otherwise.
    """
    name = canonical_name(loss)
    if name == "binary_crossentropy":
        return "binary"
    if name == "categorical_crossentropy":
        return "categorical"
    if name == "sparse_categorical_crossentropy":
        return "sparse"
    if output_shape is None or output_shape[-1] in (1, None):
        return "binary"
    return "categorical"
