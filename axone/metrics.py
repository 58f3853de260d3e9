r"""Metrics: numbers to watch during training, computed on NumPy arrays, not differentiated (level 2).

| name | value |
|---|---|
| ``binary_accuracy`` | share of $[y > 0.5] = t$ (threshold 0 for logits) |
| ``categorical_accuracy`` | share of $\arg\max_k y_k = \arg\max_k t_k$ ($t$ one-hot) |
| ``sparse_categorical_accuracy`` | share of $\arg\max_k y_k = t$ ($t$ the class index) |
| ``mae`` | $\frac{1}{N K} \sum |y - t|$ |
| ``mse`` | $\frac{1}{N K} \sum (y - t)^2$ |

``"accuracy"`` (or ``"acc"``) picks one of the three accuracies from the loss, as Keras does
(``axone.losses.accuracy_kind``). With ``sample_weight`` $w_i$, each sample counts $w_i$ times.

Example:
    >>> import axone as ax
    >>> ax.metrics.accuracy([0, 1, 1], [[0.2], [0.9], [0.4]])
    0.6666666666666666
    >>> m = ax.metrics.get("accuracy", loss="sparse_categorical_crossentropy")
    >>> m.name, m([2, 0], [[0.1, 0.2, 0.7], [0.3, 0.6, 0.1]])
    ('accuracy', 0.5)
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from axone import losses


def _arrays(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y_pred)
    if y.size == 0:
        raise ValueError(f"metric: no samples to average (y_pred of shape {y.shape})")
    return np.asarray(y_true), y


def _mean(per_sample: np.ndarray, sample_weight: Any) -> float:
    if sample_weight is None:
        return float(np.mean(per_sample))
    w = np.asarray(sample_weight, dtype=float).reshape(-1)
    if w.shape != per_sample.shape[:1]:
        raise ValueError(f"metric: sample_weight of shape {np.shape(sample_weight)} for {len(per_sample)} samples")
    total = np.sum(w)
    if total == 0:
        raise ValueError("metric: the sample weights sum to 0, so the weighted mean is undefined")
    w = w.reshape(-1, *[1] * (per_sample.ndim - 1))
    return float(np.sum(per_sample * w) / (total * (per_sample.size // len(per_sample))))


def _same_shape(t: np.ndarray, y: np.ndarray, metric: str) -> np.ndarray:
    if t.shape != y.shape:
        if not losses.same_up_to_ones(t.shape, y.shape):
            raise ValueError(f"metric '{metric}': targets of shape {t.shape} do not match outputs of shape {y.shape}")
        t = t.reshape(y.shape)
    return t


def binary_accuracy(y_true: Any, y_pred: Any, threshold: float = 0.5, sample_weight: Any = None) -> float:
    """Share of outputs on the right side of ``threshold`` (0.5 for probabilities, 0 for logits)."""
    t, y = _arrays(y_true, y_pred)
    t = _same_shape(t, y, "binary_accuracy")
    hits = (y > threshold) == (t > 0.5)
    return _mean(hits.reshape(len(hits), -1).mean(axis=1) if hits.ndim > 1 else hits, sample_weight)


def categorical_accuracy(y_true: Any, y_pred: Any, sample_weight: Any = None) -> float:
    """Share of samples whose largest output is the class marked in the one-hot target."""
    t, y = _arrays(y_true, y_pred)
    t = _same_shape(t, y, "categorical_accuracy")
    return _mean(np.argmax(y, axis=-1) == np.argmax(t, axis=-1), sample_weight)


def sparse_categorical_accuracy(y_true: Any, y_pred: Any, sample_weight: Any = None) -> float:
    """Share of samples whose largest output is the class index ``y_true``."""
    t, y = _arrays(y_true, y_pred)
    t = t.reshape(y.shape[:-1]) if t.size * y.shape[-1] == y.size else t
    if t.shape != y.shape[:-1]:
        raise ValueError(
            f"metric 'sparse_categorical_accuracy': labels of shape {t.shape} do not match "
            f"outputs of shape {y.shape} (one class index per sample expected)"
        )
    return _mean(np.argmax(y, axis=-1) == t, sample_weight)


def accuracy(y_true: Any, y_pred: Any, kind: str | None = None, sample_weight: Any = None) -> float:
    """Accuracy of the given ``kind`` (``"binary"``, ``"categorical"``, ``"sparse"``), or guessed from
    the shapes: one output column is binary, targets shaped as the outputs categorical, else sparse.
    """
    t, y = _arrays(y_true, y_pred)
    if kind is None:
        kind = "binary" if y.ndim == 1 or y.shape[-1] == 1 else "categorical" if t.shape == y.shape else "sparse"
    if kind not in _ACCURACIES:
        raise ValueError(f"unknown accuracy kind {kind!r}; valid: {', '.join(_ACCURACIES)}")
    return _ACCURACIES[kind](t, y, sample_weight=sample_weight)


def mae(y_true: Any, y_pred: Any, sample_weight: Any = None) -> float:
    r"""Mean absolute error $\frac{1}{NK} \sum |y - t|$."""
    t, y = _arrays(y_true, y_pred)
    d = np.abs(y - _same_shape(t, y, "mae"))
    return _mean(d.reshape(len(d), -1).mean(axis=1) if d.ndim > 1 else d, sample_weight)


def mse(y_true: Any, y_pred: Any, sample_weight: Any = None) -> float:
    r"""Mean squared error $\frac{1}{NK} \sum (y - t)^2$."""
    t, y = _arrays(y_true, y_pred)
    d = y - _same_shape(t, y, "mse")
    d = d * d
    return _mean(d.reshape(len(d), -1).mean(axis=1) if d.ndim > 1 else d, sample_weight)


_ACCURACIES: dict[str, Callable[..., float]] = {
    "binary": binary_accuracy,
    "categorical": categorical_accuracy,
    "sparse": sparse_categorical_accuracy,
}
_FUNCTIONS: dict[str, Callable[..., float]] = {
    "binary_accuracy": binary_accuracy,
    "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
    "mae": mae,
    "mse": mse,
}
_ALIASES = {
    "mean_absolute_error": "mae",
    "mean_squared_error": "mse",
    "meanabsoluteerror": "mae",
    "meansquarederror": "mse",
    "binaryaccuracy": "binary_accuracy",
    "categoricalaccuracy": "categorical_accuracy",
    "sparsecategoricalaccuracy": "sparse_categorical_accuracy",
}


class Metric:
    """A named metric: ``metric(y_true, y_pred, sample_weight=None) -> float``."""

    def __init__(self, name: str, fn: Callable[..., float], **options: Any):
        self.name, self.fn, self.options = name, fn, options

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> float:
        return self.fn(y_true, y_pred, sample_weight=sample_weight, **self.options)

    def __repr__(self) -> str:
        return f"Metric({self.name!r}, {self.fn.__name__})"


def names() -> list[str]:
    """Every valid metric name (plus ``"accuracy"``/``"acc"`` and Keras's long names)."""
    return sorted([*_FUNCTIONS, "accuracy"])


def get(metric: Any, loss: Any = None, output_shape: tuple | None = None) -> Metric | Callable:
    """A metric from its name; ``"accuracy"`` becomes the accuracy that fits ``loss`` (named
    ``"accuracy"``, as in Keras's history). A callable or Metric is returned as is.

    Raises:
        ValueError: for an unknown name, listing the valid ones.
    """
    if isinstance(metric, Metric) or (callable(metric) and not isinstance(metric, str)):
        return metric
    if isinstance(metric, str):
        key = metric.lower()
        if key in ("accuracy", "acc"):
            kind = losses.accuracy_kind(loss, output_shape)
            fn = _ACCURACIES[kind]
            logits = bool(getattr(loss, "from_logits", False))
            options = {"threshold": 0.0} if kind == "binary" and logits else {}
            return Metric(metric, fn, **options)
        key = _ALIASES.get(key, key)
        if key in _FUNCTIONS:
            return Metric(metric, _FUNCTIONS[key])
    raise ValueError(f"unknown metric {metric!r}; valid names: {', '.join(names())}")
