"""The engine's mode, per thread: is the graph recorded, which tapes listen, is a trace running.

Each thread has its own (as PyTorch's grad mode): ``predict`` under ``no_grad()`` in one thread
never stops ``fit`` from recording in another.
"""

from __future__ import annotations

import threading
from typing import Any


class EngineState(threading.local):
    """``grad_enabled`` (``no_grad`` turns it off), ``tapes`` (the GradientTapes inside their
    ``with`` block), ``tracing`` (the trace that ``ax.function`` is recording, or None)."""

    def __init__(self) -> None:
        self.grad_enabled: bool = True
        self.tapes: list[Any] = []
        self.tracing: Any = None


current = EngineState()
