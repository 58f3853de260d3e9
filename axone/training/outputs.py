r"""Losses and metrics of models with several outputs, and ``loss_weights`` (Keras's rules).

The loss of a model with outputs $y_1, \dots, y_m$ is the weighted sum of one loss per output,

$$E = \sum_{i=1}^{m} \lambda_i \, E_i(t_i, y_i)$$

with $\lambda_i$ from ``loss_weights`` (1 by default). ``loss`` is one loss for every output, a
list (one per output) or a dict by output name; so are ``metrics`` (a flat list applies to every
output) and ``loss_weights``. Metrics of output ``dense_2`` are logged as ``dense_2_accuracy``.

Example:
    >>> import axone as ax, numpy as np
    >>> from axone.training.nested import Arrays
    >>> loss = resolve_loss(["mse", "mse"], [1.0, 0.5], ["a", "b"])
    >>> t = Arrays([np.zeros((2, 1), "float32"), np.zeros((2, 1), "float32")])
    >>> float(loss(t, [ax.Tensor([[1.0], [1.0]]), ax.Tensor([[2.0], [2.0]])]).data)  # 1 * 1 + 0.5 * 4
    3.0
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.training import compile as compiling
from axone.training.nested import Arrays


def per_output(spec: Any, names: list[str], what: str, default: Any = None) -> list:
    """``spec`` as one entry per output: a list in order, a dict by name, else the same for all.

    For ``metrics`` a flat list applies to every output; a list of lists gives each its own."""
    if isinstance(spec, dict):
        unknown = sorted(set(spec) - set(names))
        if unknown:
            raise ValueError(f"compile(): {what} names outputs {unknown}, but the model's outputs are {names}")
        return [spec.get(name, default) for name in names]
    nested = isinstance(spec, (list, tuple)) and all(e is None or isinstance(e, (list, tuple)) for e in spec)
    if isinstance(spec, (list, tuple)) and (what != "metrics" or (nested and len(names) > 1)):
        if len(spec) != len(names):
            raise ValueError(
                f"compile(): {what} has {len(spec)} entries, but the model has {len(names)} outputs "
                f"({', '.join(names)}); give one per output, or a dict by output name"
            )
        return list(spec)
    return [spec] * len(names)


class OutputsLoss:
    r"""$E = \sum_i \lambda_i E_i(t_i, y_i)$ over the outputs; called as a loss, on lists (``Arrays``) of targets."""

    def __init__(self, losses: list, weights: list[float], names: list[str]):
        self.losses, self.weights, self.names = losses, weights, names

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        targets = y_true.arrays if isinstance(y_true, Arrays) else [y_true]
        preds = list(y_pred.values()) if isinstance(y_pred, dict) else y_pred
        preds = preds if isinstance(preds, (list, tuple)) else [preds]
        total = None
        for loss, weight, t, y in zip(self.losses, self.weights, targets, preds):
            if loss is None:
                continue
            term = loss(t, y) if sample_weight is None else loss(t, y, sample_weight=sample_weight)
            term = term if weight == 1.0 else term * weight
            total = term if total is None else total + term
        return total

    def __repr__(self) -> str:
        return f"OutputsLoss({dict(zip(self.names, self.losses))}, weights={self.weights})"


def resolve_loss(loss: Any, loss_weights: Any, names: list[str]) -> OutputsLoss:
    """One resolved loss (or None: that output is not trained) and one weight per output."""
    losses = [None if spec is None else compiling.resolve_loss(spec) for spec in per_output(loss, names, "loss")]
    if all(fn is None for fn in losses):
        compiling.resolve_loss(None)  # the usual error: compile() needs a loss
    weights = per_output(1.0 if loss_weights is None else loss_weights, names, "loss_weights", 1.0)
    for name, weight in zip(names, weights):
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not np.isfinite(weight) or weight < 0:
            raise ValueError(
                f"compile(): loss_weights for output '{name}' must be a finite number >= 0, got {weight!r}"
            )
    return OutputsLoss(losses, [float(w) for w in weights], names)


class OutputMetric:
    """A metric of one output of several: reads that output's targets and predictions."""

    def __init__(self, metric: compiling.Metric, index: int, name: str):
        self.metric, self.index, self.name = metric, index, name
        self.weighted = getattr(metric, "weighted", False)

    def __call__(self, y_true: Any, y_pred: Any) -> np.ndarray:
        return self.metric(y_true.arrays[self.index], y_pred.arrays[self.index])


class OutputLoss:
    r"""The loss $E_i$ of one output of several, logged as ``<output>_loss`` (Keras's names).

    Per-sample values (the loss with ``reduction="none"``), so that the epoch's value is the mean
    over the samples; with ``sample_weight`` each counts $w_i$ times, divided by $N$ as the
    total loss is (``weighted = "loss"``: ``evaluation.batch_metrics`` multiplies by the weights).
    """

    weighted = "loss"

    def __init__(self, loss: Any, index: int, name: str):
        self.loss, self.index, self.name = loss, index, name

    def __call__(self, y_true: Any, y_pred: Any) -> np.ndarray:
        from axone.core.engine import no_grad
        from axone.core.tensor import constant

        t, y = y_true.arrays[self.index], y_pred.arrays[self.index]
        options = {"from_logits": True} if self.loss.from_logits else {}
        with no_grad():
            per_sample = self.loss.fn(t, constant(y), reduction="none", **options).data
        return per_sample.reshape(len(per_sample), -1).mean(axis=1)


def output_losses(loss: OutputsLoss) -> list:
    """``<output>_loss`` for every output trained with one of axone's losses (several outputs only)."""
    from axone import losses

    if len(loss.names) < 2:
        return []
    return [
        OutputLoss(fn, i, f"{name}_loss")
        for i, (name, fn) in enumerate(zip(loss.names, loss.losses))
        if isinstance(fn, losses.Loss)
    ]


def resolve_metrics(
    spec: Any, loss: OutputsLoss, shapes: list | None, names: list[str], weighted: bool, structured: bool = False
) -> list:
    """The metric objects of every output (``<output>_<metric>`` when there are several outputs, or
    when the targets are a structure, ``structured``: a model whose outputs are a dict)."""
    if spec is None:
        return []
    entries = per_output(spec, names, "metrics")
    found: list = []
    for i, (name, entry) in enumerate(zip(names, entries)):
        if entry is None:
            continue
        shape = None if shapes is None else shapes[i]
        for metric in compiling.resolve_metrics(entry, loss.losses[i], shape):
            metric.weighted = weighted
            plain = len(names) == 1 and not structured
            found.append(metric if plain else OutputMetric(metric, i, f"{name}_{metric.name}"))
    return found
