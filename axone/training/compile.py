r"""What ``compile`` resolves: the optimizer, the loss, and the metrics as cheap array functions.

Metrics are computed on NumPy arrays (the outputs' ``.data``), outside the graph: one
``argmax`` or one subtraction per batch, never a gradient.

| name | per-sample value |
|---|---|
| ``accuracy`` (``acc``) | binary: $[\,(y > 0.5) = t\,]$ (on logits: $z > 0$); categorical: $[\arg\max y = \arg\max t]$; sparse: $[\arg\max y = t]$; picked from the loss, as Keras does |
| ``binary_accuracy``, ``categorical_accuracy``, ``sparse_categorical_accuracy`` | the same, named |
| ``mae`` | $\frac{1}{K} \sum_k \lvert y_k - t_k \rvert$ |
| ``mse`` | $\frac{1}{K} \sum_k (y_k - t_k)^2$ |
| ``top_k_categorical_accuracy`` | $[\,t$'s class among the 5 largest $y_k\,]$ |

Example:
    >>> import numpy as np
    >>> m = Metric("accuracy", "sparse")
    >>> m.name, float(m(np.array([0, 1]), np.array([[0.9, 0.1], [0.8, 0.2]])).mean())
    ('accuracy', 0.5)
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

METRIC_NAMES = (
    "accuracy",
    "acc",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
    "mae",
    "mean_absolute_error",
    "mse",
    "mean_squared_error",
    "top_k_categorical_accuracy",
)
# metrics of the whole data set, not means of per-sample values: fit cannot sum them batch by batch
_DATASET_METRICS = ("precision", "recall", "auc", "f1_score", "f1score")
_KINDS = {"binary_accuracy": "binary", "categorical_accuracy": "categorical", "sparse_categorical_accuracy": "sparse"}


def _per_sample(values: np.ndarray) -> np.ndarray:
    return values.reshape(len(values), -1).mean(axis=1) if values.ndim > 1 else values


class Metric:
    """One metric: ``metric(y_true, y_pred) -> per-sample values`` (arrays in, array out).

    Args:
        name: one of ``METRIC_NAMES`` or a callable ``f(y_true, y_pred) -> per-sample array``.
        accuracy_kind: "binary", "categorical" or "sparse" (used by ``"accuracy"``).
        from_logits: the outputs are logits (binary accuracy then thresholds at 0, not 0.5).
    """

    weighted = False  # a weighted metric (compile's weighted_metrics) averages with the sample weights

    def __init__(self, name: str | Callable, accuracy_kind: str = "binary", from_logits: bool = False):
        if callable(name) and not isinstance(name, str):
            self.fn, self.name = name, getattr(name, "__name__", "metric")
            return
        if isinstance(name, str) and name.lower() in _DATASET_METRICS:
            raise ValueError(
                f"metric {name!r} is a ratio over the whole data set, not a mean of per-sample values, so fit "
                f"does not compute it batch by batch; compute ax.metrics.{name.lower().replace('f1s', 'f1_s')}"
                "(y, model.predict(x)) instead"
            )
        if not isinstance(name, str) or name.lower() not in METRIC_NAMES:
            raise ValueError(f"unknown metric {name!r}; valid names: {', '.join(METRIC_NAMES)}")
        key = name.lower()
        self.name = {"acc": "accuracy", "mean_absolute_error": "mae", "mean_squared_error": "mse"}.get(key, key)
        self.threshold = 0.0 if from_logits else 0.5
        if self.name == "mae":
            self.fn = lambda t, y: _per_sample(np.abs(y - t.reshape(y.shape)))
        elif self.name == "mse":
            self.fn = lambda t, y: _per_sample(np.square(y - t.reshape(y.shape)))
        elif self.name == "top_k_categorical_accuracy":  # Keras's k = 5: fewer than 5 outputs above the true one's
            self.fn = lambda t, y: np.sum(y > np.take_along_axis(y, t.argmax(-1)[..., None], -1), axis=-1) < 5
        else:
            kind = _KINDS.get(self.name, accuracy_kind)
            self.fn = {"binary": self._binary, "categorical": self._categorical, "sparse": self._sparse}[kind]

    def _binary(self, t: np.ndarray, y: np.ndarray) -> np.ndarray:
        return _per_sample((y > self.threshold) == (t.reshape(y.shape) > 0.5))

    @staticmethod
    def _categorical(t: np.ndarray, y: np.ndarray) -> np.ndarray:
        return y.argmax(axis=-1) == t.argmax(axis=-1)

    @staticmethod
    def _sparse(t: np.ndarray, y: np.ndarray) -> np.ndarray:
        return y.argmax(axis=-1) == t.reshape(y.shape[:-1])

    def __call__(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        return self.fn(y_true, y_pred)


def resolve_optimizer(optimizer: Any) -> Any:
    """An optimizer object from a name (``"sgd"``, ``"adam"``...) or an object (kept as is)."""
    from axone import optimizers  # level 3, imported when compile is called

    return optimizers.get(optimizer)


def resolve_loss(loss: Any) -> Callable:
    """A loss callable ``(y_true, y_pred, sample_weight=None) -> scalar Tensor``."""
    from axone import losses

    if loss is None:
        raise ValueError(f"compile() needs a loss; valid names: {', '.join(losses.names())}")
    return losses.get(loss)


def resolve_metrics(metrics: Any, loss: Any, output_shape: tuple | None) -> list[Metric]:
    """The metric objects; ``"accuracy"`` reads the loss to pick binary, categorical or sparse."""
    from axone import losses

    if metrics is None:
        return []
    if isinstance(metrics, (str, dict)) or callable(metrics):
        metrics = [metrics]
    kind = losses.accuracy_kind(loss, output_shape)
    from_logits = bool(getattr(loss, "from_logits", False))
    return [m if isinstance(m, Metric) else Metric(m, kind, from_logits) for m in metrics]


def name_weighted(metrics: list) -> list:
    """Weighted metrics keep their names, but ``weighted_<name>`` where the same metric is also unweighted."""
    plain = {m.name for m in metrics if getattr(m, "weighted", False) is False}
    for m in metrics:
        if getattr(m, "weighted", False) is True and m.name in plain:
            m.name = f"weighted_{m.name}"
    return metrics


def check_execution(run_eagerly: Any, jit_compile: Any) -> tuple[bool, Any]:
    """``compile``'s ``run_eagerly`` (a bool) and ``jit_compile`` (True, False or ``"auto"``), checked."""
    if not isinstance(run_eagerly, (bool, np.bool_)):
        raise ValueError(f"compile(): run_eagerly must be True or False, got {run_eagerly!r}")
    if not (isinstance(jit_compile, (bool, np.bool_)) or (isinstance(jit_compile, str) and jit_compile == "auto")):
        raise ValueError(
            f'compile(): jit_compile must be True, False or "auto", got {jit_compile!r}; '
            'True replays compiled steps in fit, False runs them eagerly, "auto" lets axone choose'
        )
    if run_eagerly and jit_compile is True:
        raise ValueError("compile(): run_eagerly=True and jit_compile=True contradict each other; choose one")
    return bool(run_eagerly), jit_compile if isinstance(jit_compile, str) else bool(jit_compile)
