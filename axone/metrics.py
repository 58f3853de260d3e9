r"""Metrics: numbers to watch during training, computed on NumPy arrays, not differentiated (level 2).

| name | value |
|---|---|
| ``binary_accuracy`` | share of $[y > 0.5] = t$ (threshold 0 for logits) |
| ``categorical_accuracy`` | share of $\arg\max_k y_k = \arg\max_k t_k$ ($t$ one-hot) |
| ``sparse_categorical_accuracy`` | share of $\arg\max_k y_k = t$ ($t$ the class index) |
| ``mae`` | $\frac{1}{N K} \sum |y - t|$ |
| ``mse`` | $\frac{1}{N K} \sum (y - t)^2$ |
| ``top_k_categorical_accuracy`` | share of samples whose class is among the $k$ largest outputs |
| ``precision``, ``recall`` | $TP / (TP + FP)$ and $TP / (TP + FN)$, predicting positive when $y >$ ``threshold`` |
| ``f1_score`` | $2 TP / (2 TP + FP + FN)$, per class or averaged |
| ``auc`` | area under the ROC curve (exact, from the order of the scores) |
| ``top_k_categorical_accuracy`` | share of samples whose class is among the $k$ largest outputs |
| ``precision``, ``recall`` | $TP / (TP + FP)$, $TP / (TP + FN)$ at a threshold |
| ``f1_score`` | $2 TP / (2 TP + FP + FN)$, per class or averaged |
| ``auc`` | area under the ROC curve (exact, from the ranks of the scores) |

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


def top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5, sample_weight: Any = None) -> float:
    r"""Share of samples whose class (one-hot ``y_true``) is among the ``k`` largest outputs."""
    t, y = _arrays(y_true, y_pred)
    t = _same_shape(t, y, "top_k_categorical_accuracy")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"metric 'top_k_categorical_accuracy': k must be a positive integer, got {k!r}")
    score = np.take_along_axis(y, np.argmax(t, axis=-1)[..., None], axis=-1)
    # the true class is in the top k when fewer than k outputs are strictly larger than its own
    return _mean(np.sum(y > score, axis=-1) < k, sample_weight)


def _counts(y_true: Any, y_pred: Any, threshold: float | None, sample_weight: Any, metric: str) -> tuple:
    """Weighted true positives, false positives and false negatives of each class (columns)."""
    t, y = _arrays(y_true, y_pred)
    t = _same_shape(t, y, metric)
    t, y = t.reshape(len(t), -1), y.reshape(len(y), -1)
    if threshold is None and y.shape[1] > 1:  # Keras's F1Score: the largest output of a sample is its class
        predicted = np.zeros(y.shape, bool)
        predicted[np.arange(len(y)), np.argmax(y, axis=1)] = True
    else:
        predicted = y > (0.5 if threshold is None else threshold)
    actual = t > 0.5
    w = np.ones(len(t)) if sample_weight is None else np.asarray(sample_weight, dtype=float).reshape(-1)
    if w.shape != (len(t),):
        raise ValueError(f"metric '{metric}': sample_weight of shape {np.shape(sample_weight)} for {len(t)} samples")
    tp, fp, fn = (w @ (a & b) for a, b in ((predicted, actual), (predicted, ~actual), (~predicted, actual)))
    return tp, fp, fn


def _ratio(num: Any, den: Any) -> Any:
    """num / den, 0 where den is 0 (scikit-learn's ``zero_division=0``)."""
    num, den = np.asarray(num, float), np.asarray(den, float)
    out = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    return float(out) if out.ndim == 0 else out


def precision(y_true: Any, y_pred: Any, threshold: float = 0.5, sample_weight: Any = None) -> float:
    r"""$\frac{TP}{TP + FP}$: the share of predicted positives ($y > $ ``threshold``) that are positive.

    Every output counts as one binary decision (several columns: micro-averaged, as Keras's
    ``Precision``); 0 when nothing is predicted positive."""
    tp, fp, _ = _counts(y_true, y_pred, threshold, sample_weight, "precision")
    return _ratio(tp.sum(), tp.sum() + fp.sum())


def recall(y_true: Any, y_pred: Any, threshold: float = 0.5, sample_weight: Any = None) -> float:
    r"""$\frac{TP}{TP + FN}$: the share of positives that are predicted positive ($y > $ ``threshold``)."""
    tp, _, fn = _counts(y_true, y_pred, threshold, sample_weight, "recall")
    return _ratio(tp.sum(), tp.sum() + fn.sum())


def f1_score(
    y_true: Any, y_pred: Any, average: str | None = None, threshold: float | None = None, sample_weight: Any = None
) -> Any:
    r"""$F_1 = \frac{2 TP}{2 TP + FP + FN}$, the harmonic mean of precision and recall, per class.

    Args:
        y_true: one-hot targets (N, K), or 0/1 targets (N,) for one class.
        y_pred: scores; with ``threshold=None`` a sample's largest output is its class (Keras's
            ``F1Score``), or $y > 0.5$ for one column; else $y >$ ``threshold`` for each output.
        average: None (one value per class), ``"micro"`` (counts summed over classes), ``"macro"``
            (mean of the classes' values) or ``"weighted"`` (mean weighted by each class's support).
    """
    if average not in (None, "micro", "macro", "weighted"):
        raise ValueError(f"metric 'f1_score': average must be None, 'micro', 'macro' or 'weighted', got {average!r}")
    tp, fp, fn = _counts(y_true, y_pred, threshold, sample_weight, "f1_score")
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    if average == "macro":
        return float(np.mean(f1))
    if average == "weighted":
        return _ratio(np.sum(f1 * (tp + fn)), np.sum(tp + fn))
    return f1


def auc(y_true: Any, y_pred: Any, sample_weight: Any = None) -> float:
    r"""Area under the ROC curve: the chance that a positive sample scores above a negative one.

    The curve's points are the true and false positive rates at every distinct score (ties share a
    point), joined by straight lines, as scikit-learn's ``roc_auc_score``; several columns are
    flattened (micro-average). Keras's ``AUC`` approximates the same area on 200 fixed thresholds.
    """
    t, y = _arrays(y_true, y_pred)
    t = _same_shape(t, y, "auc")
    w = (
        np.ones(t.shape)
        if sample_weight is None
        else np.broadcast_to(np.asarray(sample_weight, float).reshape(len(t), *[1] * (t.ndim - 1)), t.shape)
    )
    t, y, w = (t.reshape(-1) > 0.5), y.reshape(-1), w.reshape(-1)
    if not (w[t].sum() > 0 and w[~t].sum() > 0):
        raise ValueError("metric 'auc': needs at least one positive and one negative sample (with weight > 0)")
    order = np.argsort(-y, kind="stable")
    y, t, w = y[order], t[order], w[order]
    last = np.r_[np.flatnonzero(np.diff(y)), len(y) - 1]  # the last sample of each distinct score
    tps, fps = np.cumsum(w * t)[last], np.cumsum(w * ~t)[last]
    tpr, fpr = np.r_[0.0, tps / tps[-1]], np.r_[0.0, fps / fps[-1]]
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


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
    "top_k_categorical_accuracy": top_k_categorical_accuracy,
    "precision": precision,
    "recall": recall,
    "auc": auc,
    "f1_score": f1_score,
}
_ALIASES = {
    "mean_absolute_error": "mae",
    "mean_squared_error": "mse",
    "meanabsoluteerror": "mae",
    "meansquarederror": "mse",
    "binaryaccuracy": "binary_accuracy",
    "categoricalaccuracy": "categorical_accuracy",
    "sparsecategoricalaccuracy": "sparse_categorical_accuracy",
    "topkcategoricalaccuracy": "top_k_categorical_accuracy",
    "f1score": "f1_score",
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
