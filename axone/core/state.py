"""Global autodiff state: whether gradients are recorded, and the active GradientTapes.

Kept in its own small module so that ``Op.apply`` (the hot path) reads two plain attributes.
"""

from __future__ import annotations

from typing import Any

grad_enabled: bool = True
tapes: list[Any] = []  # the GradientTapes currently inside their ``with`` block and recording
tracing: Any = None  # the trace being recorded by ``ax.function``, or None


def record(node: Any) -> None:
    """Tell every recording tape that this node was created inside its block."""
    for tape in tapes:
        tape._recorded.add(id(node))
        tape._keep.append(node)
