"""``evaluate`` and ``predict``: batched passes without a graph (``no_grad``), in inference mode.

The loss over the whole set is the mean of the per-sample losses (each batch's mean weighted by
its size), so the result does not depend on ``batch_size``.

Example:
    >>> import axone as ax
    >>> model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1, kernel=[[1.0], [1.0]], bias=[0.0])])
    >>> model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    >>> model.evaluate([[1.0, 1.0], [0.0, 0.0]], [[2.0], [1.0]], return_dict=True)
    {'loss': 0.5, 'mae': 0.5}
    >>> model.predict([[1.0, 2.0]])
    array([[3.]], dtype=float32)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.engine import no_grad
from axone.training import data_adapter
from axone.training.callbacks.base import CallbackList
from axone.training.nested import Arrays, to_tensors, values_of
from axone.training.steps import Step


def batch_metrics(
    metrics: list, y: Any, out: Any, nb: int, sample_weight: np.ndarray | None = None, scale: float = 1.0
) -> dict[str, float]:
    r"""Sums over the batch of each metric's per-sample values (divided by the count later).

    A weighted metric (``compile(weighted_metrics=...)``) sums $w_i m_i$ times ``scale`` =
    $n / \sum_i w_i$ over the whole data set, so that the division by $n$ gives $\sum w m / \sum w$.
    """
    sums = {}
    for m in metrics:
        values = m(y, out)
        weighted = getattr(m, "weighted", False)
        if sample_weight is not None and weighted:
            # a loss term counts each sample w_i times over N (the loss's rule); a weighted metric over sum(w)
            total = np.dot(np.asarray(values, np.float64).reshape(-1), sample_weight)
            sums[m.name] = float(total if weighted == "loss" else total * scale)
        else:
            sums[m.name] = float(np.sum(values))
    return sums


def weight_scale(metrics: list, sample_weight: np.ndarray | None) -> float:
    r"""$n / \sum_i w_i$ for the weighted metrics (1 when there are none or no weights)."""
    if sample_weight is None or not any(getattr(m, "weighted", False) for m in metrics):
        return 1.0
    total = float(np.sum(sample_weight, dtype=np.float64))
    return len(sample_weight) / total if total > 0 else 0.0


def _steps(n: int, batch_size: int | None) -> tuple[int, int]:
    if batch_size is None:
        return n, 1
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    return int(batch_size), -(-n // int(batch_size))


def evaluate(
    model: Any,
    x: Any,
    y: Any,
    batch_size: int | None = 32,
    sample_weight: Any = None,
    callbacks: list | None = None,
    verbose: Any = 0,
    prepared: bool = False,
) -> dict[str, float]:
    """The loss and metrics of ``model`` on ``x, y``, as a dict (``loss`` first)."""
    if not prepared:
        if x is None or y is None:
            raise ValueError("evaluate() needs x and y")
        x, y, sample_weight = data_adapter.prepare(
            x, y, model.dtype, sample_weight, structure=data_adapter.structure_of(model), purpose="evaluate"
        )
    n = len(x)
    bs, steps = _steps(n, batch_size)
    cbs = CallbackList(callbacks or [], model, {"steps": steps, "verbose": verbose})
    cbs.call("on_test_begin", {})
    sums = {"loss": 0.0}
    metrics = model.compiled_metrics
    was_training = model.training
    model.eval()  # layers called without training= (in a subclassed call) follow the mode
    try:
        _evaluate_batches(model, cbs, x, y, sample_weight, bs, steps, sums, metrics)
    finally:
        model.train(was_training)
    logs = {k: v / n for k, v in sums.items()}
    cbs.call("on_test_end", logs)
    if verbose:
        from axone.training.progress import format_logs

        print(f"{n} samples - {format_logs(logs)}")
    return logs


def _evaluate_batches(
    model: Any,
    cbs: CallbackList,
    x: np.ndarray,
    y: np.ndarray,
    sample_weight: Any,
    bs: int,
    steps: int,
    sums: dict,
    metrics: list,
) -> None:
    n = len(x)
    scale = weight_scale(metrics, sample_weight)
    test_step = _test_step(model)
    with no_grad():
        for batch in range(steps):
            sl = slice(batch * bs, (batch + 1) * bs)
            cbs.call("on_test_batch_begin", batch, {})
            xb, yb = x[sl], y[sl]
            wb = None if sample_weight is None else sample_weight[sl]
            loss, out = test_step(xb, yb, wb)
            sums["loss"] += float(loss.data) * len(xb)
            for key, total in batch_metrics(metrics, yb, values_of(out), len(xb), wb, scale).items():
                sums[key] = sums.get(key, 0.0) + total
            cbs.call("on_test_batch_end", batch, {"loss": sums["loss"] / min(n, (batch + 1) * bs)})


def _test_step(model: Any) -> Step:
    """One batch's outputs and loss in inference mode, compiled or eager (``training.steps``)."""

    def test_step(xb: Any, yb: Any, wb: Any) -> tuple:
        out = model(to_tensors(xb), training=False)
        return (model.loss(yb, out) if wb is None else model.loss(yb, out, sample_weight=wb)), out

    return Step(model, "test_step", test_step, key=(id(model.loss),))


def _predict_step(model: Any) -> Step:
    """One batch's outputs in inference mode, compiled or eager (``training.steps``)."""
    return Step(model, "predict_step", lambda xb: model(to_tensors(xb), training=False))


def predict(model: Any, x: Any, batch_size: int | None = 32, callbacks: list | None = None) -> np.ndarray:
    """``model``'s outputs for ``x`` as one NumPy array, batch after batch, without a graph."""
    x = data_adapter.prepare_inputs(x, model.dtype, data_adapter.structure_of(model)[0])
    n = len(x)
    if n == 0:
        raise ValueError(f"predict(): x is empty (shape {x.shape}); there is no sample to predict")
    bs, steps = _steps(n, batch_size)
    cbs = CallbackList(callbacks or [], model, {"steps": steps})
    cbs.call("on_predict_begin", {})
    outputs = []
    was_training = model.training
    model.eval()
    predict_step = _predict_step(model)
    try:
        with no_grad():
            for batch in range(steps):
                cbs.call("on_predict_batch_begin", batch, {})
                out = values_of(predict_step(x[batch * bs : (batch + 1) * bs]))
                outputs.append(out)
                cbs.call("on_predict_batch_end", batch, {"outputs": out})
    finally:
        model.train(was_training)
    cbs.call("on_predict_end", {})
    if isinstance(outputs[0], Arrays):  # several outputs: a list of arrays (a dict for dict outputs), as Keras
        arrays = [np.concatenate(parts) for parts in zip(*(o.arrays for o in outputs))]
        keys = getattr(model, "_output_keys", None)
        return dict(zip(keys, arrays)) if keys else arrays
    return outputs[0] if len(outputs) == 1 else np.concatenate(outputs)
