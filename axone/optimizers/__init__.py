"""Optimizers: one base class, one file per solver of the course (level 3).

``get`` resolves what ``model.compile(optimizer=...)`` receives: a name (``"adam"``), an
optimizer (used as is), or a ``{"class_name", "config"}`` dict from a model file.

Example:
    >>> import axone as ax
    >>> ax.optimizers.get("adam")
    Adam(lr=0.001, iterations=0)
"""

from __future__ import annotations

from typing import Any

from axone.optimizers import clipping, schedules
from axone.optimizers.adadelta import Adadelta
from axone.optimizers.adagrad import Adagrad
from axone.optimizers.adam import Adam
from axone.optimizers.adamw import AdamW
from axone.optimizers.base import Optimizer
from axone.optimizers.delta_bar_delta import DeltaBarDelta
from axone.optimizers.registry import deserialize, names, serialize
from axone.optimizers.rmsprop import RMSprop
from axone.optimizers.rprop import Rprop
from axone.optimizers.schedules import CosineDecay, ExponentialDecay, StepDecay
from axone.optimizers.sgd import SGD

_ALIASES = {
    "sgd": SGD,
    "rmsprop": RMSprop,
    "adagrad": Adagrad,
    "adadelta": Adadelta,
    "adam": Adam,
    "adamw": AdamW,
    "rprop": Rprop,
    "delta_bar_delta": DeltaBarDelta,
    "deltabardelta": DeltaBarDelta,
}


def get(identifier: Any) -> Optimizer:
    """An optimizer from a name (any case, ``"delta_bar_delta"`` too), an instance, or a config dict."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str):
        cls = _ALIASES.get(identifier.lower())
        if cls is None:
            raise ValueError(f"unknown optimizer {identifier!r}; valid names: {', '.join(sorted(_ALIASES))}")
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    raise TypeError(
        f"optimizer must be a name ({', '.join(sorted(_ALIASES))}), an Optimizer or a config dict, "
        f"got {type(identifier).__name__}"
    )


__all__ = [
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "CosineDecay",
    "DeltaBarDelta",
    "ExponentialDecay",
    "Optimizer",
    "RMSprop",
    "Rprop",
    "SGD",
    "StepDecay",
    "clipping",
    "deserialize",
    "get",
    "names",
    "schedules",
    "serialize",
]
