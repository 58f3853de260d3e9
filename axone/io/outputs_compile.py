"""The compile settings of a model with one loss per output (or ``loss_weights``), in ``config.json``.

Written as ``"losses": {output: loss name or Loss config or null}``, ``"loss_weights": {output:
weight}`` and ``"metrics"`` / ``"weighted_metrics"`` as ``{output: [metric names]}``, so that the
loaded model is compiled as it was (``compile(loss={...}, loss_weights={...}, metrics={...})``).
Only names are written: a custom loss or metric function leaves the loaded model to be compiled
by its user, as for any model. ``check`` validates the fields before anything is built.

Example:
    >>> check({"losses": {"out": "mse"}, "loss_weights": {"out": -1}}, "m.axone", "config.json", lambda *a: None)
    Traceback (most recent call last):
    ...
    axone.io.errors.ModelFileError: model file 'm.axone', member 'config.json', field 'compile.loss_weights.out': must be a finite number >= 0, got -1
"""

from __future__ import annotations

import math
from typing import Any, Callable

from axone.io.errors import ModelFileError

KEYS = ("losses", "loss_weights")
MAX_OUTPUTS = 256


def describe(model: Any, loss: Any) -> dict | None:
    """``losses``, ``loss_weights`` and per-output ``metrics`` for an ``OutputsLoss``; None when a
    loss or a metric is a custom function (not expressible by names)."""
    from axone import losses
    from axone.training.outputs import per_output

    entries: dict[str, Any] = {}
    for name, fn in zip(loss.names, loss.losses):
        canonical = None if fn is None else losses.canonical_name(fn)
        if fn is not None and canonical is None:
            return None
        entries[name] = None if fn is None else (fn.get_config() if isinstance(fn, losses.Loss) else canonical)
    info: dict[str, Any] = {"losses": entries, "loss_weights": dict(zip(loss.names, loss.weights))}
    for key, spec in (("metrics", model._metric_spec), ("weighted_metrics", getattr(model, "_weighted_spec", None))):
        if spec is None:
            continue
        found = {}
        for name, entry in zip(loss.names, per_output(spec, loss.names, "metrics")):
            items = [] if entry is None else [entry] if isinstance(entry, str) else list(entry)
            if not all(isinstance(m, str) for m in items):
                return None
            if items:
                found[name] = items
        info[key] = found
    return info


def check(spec: dict, path: Any, member: str, check_loss: Callable[..., None]) -> None:
    """Validate ``losses``, ``loss_weights`` and metric dicts; ``check_loss(loss, path, member, field)``."""

    def fail(field: str, problem: str) -> None:
        raise ModelFileError(path, member, f"field 'compile.{field}'", problem)

    for key in KEYS:
        value = spec.get(key)
        if value is not None and (not isinstance(value, dict) or len(value) > MAX_OUTPUTS):
            fail(key, f"must be an object by output name (at most {MAX_OUTPUTS} outputs)")
    if spec.get("loss_weights") is not None and spec.get("losses") is None:
        fail("loss_weights", "given without 'losses'")
    for name, loss in (spec.get("losses") or {}).items():
        check_loss(loss, path, member, f"compile.losses.{name}")
    for name, weight in (spec.get("loss_weights") or {}).items():
        if name not in spec["losses"]:
            fail(f"loss_weights.{name}", f"names no output of 'losses' ({sorted(spec['losses'])})")
        ok = isinstance(weight, (int, float)) and not isinstance(weight, bool) and math.isfinite(weight)
        if not ok or weight < 0:
            fail(f"loss_weights.{name}", f"must be a finite number >= 0, got {weight!r:.40}")
