"""Reading a monitored value from the logs, and comparing values in the right direction.

``mode="auto"`` means: larger is better for accuracies (``accuracy``, ``val_acc``...), smaller
for everything else (losses, errors), as in Keras.

Example:
    >>> better_fn("max", 0.1)(0.95, 0.8), better_fn("min", 0.0)(0.3, 0.2)
    (True, False)
"""

from __future__ import annotations

from typing import Callable


def resolve_mode(mode: str, monitor: str, owner: str) -> str:
    """ "min" or "max" from ``mode`` ("auto" reads the monitored name)."""
    if mode not in ("auto", "min", "max"):
        raise ValueError(f"{owner}: mode must be 'auto', 'min' or 'max', got {mode!r}")
    if mode == "auto":
        return "max" if "acc" in monitor else "min"
    return mode


def better_fn(mode: str, min_delta: float) -> Callable[[float, float], bool]:
    """``better(current, reference)``: an improvement by more than ``min_delta``."""
    delta = abs(min_delta)
    if mode == "max":
        return lambda current, reference: current - delta > reference
    return lambda current, reference: current + delta < reference


def read(logs: dict | None, monitor: str, owner: str) -> float:
    """``logs[monitor]``; a clear error naming the available keys when it is missing."""
    logs = logs or {}
    if monitor not in logs:
        hint = " (val_* values need validation_data or validation_split)" if monitor.startswith("val_") else ""
        raise KeyError(
            f"{owner} monitors {monitor!r}, which is not in the logs; available: "
            f"{', '.join(sorted(logs)) or 'none'}{hint}"
        )
    return float(logs[monitor])
