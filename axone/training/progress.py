"""Progress display for ``fit``: a Keras-like bar on a terminal, one line per epoch otherwise.

``verbose=0`` shows nothing; ``verbose=1`` (and ``"auto"``) shows a tqdm bar per epoch with the
running loss and metrics when the output is a terminal, and one line per epoch when it is not
(a file, a notebook log, a CI job); ``verbose=2`` always prints one line per epoch. tqdm is
imported only when a bar is drawn.

Example:
    >>> import axone as ax
    >>> model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> _ = model.fit([[0.0], [1.0]], [0.0, 1.0], epochs=1, verbose=2)  # doctest: +ELLIPSIS
    Epoch 1/1 - 1/1 - ...s - loss: ...
"""

from __future__ import annotations

import sys
import time
from typing import Any

from axone.training.callbacks.base import Callback


def format_logs(logs: dict) -> str:
    """``loss: 0.2500 - accuracy: 0.7500`` (4 decimals, scientific for tiny values)."""
    parts = []
    for key, value in logs.items():
        text = f"{value:.4e}" if value != 0 and abs(value) < 1e-3 else f"{value:.4f}"
        parts.append(f"{key}: {text}")
    return " - ".join(parts)


def use_bar(verbose: Any, stream: Any = None) -> bool:
    """A bar is drawn at verbose=1/"auto" on a terminal only."""
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return verbose in (1, "auto") and bool(isatty and isatty())


class ProgressBar(Callback):
    """The display ``fit`` adds when ``verbose`` is not 0 (see the module docstring).

    Args:
        verbose: 1 or "auto" (a bar on a terminal, lines otherwise) or 2 (lines).
        stream: where to write (``sys.stdout`` at the time of writing by default).
    """

    def __init__(self, verbose: Any = 1, stream: Any = None):
        super().__init__()
        self.verbose = verbose
        self.stream = stream
        self._bar: Any = None
        self.bar = use_bar(verbose, self._out())
        self.quiet_batches = not self.bar  # the line mode needs no batch hook: keep it off the loop's path

    def _out(self) -> Any:
        return self.stream if self.stream is not None else sys.stdout

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start = time.perf_counter()
        self._last = 0.0
        title = f"Epoch {epoch + 1}/{self.params.get('epochs', '?')}"
        if self.bar:
            from tqdm import tqdm

            self._bar = tqdm(
                total=self.params.get("steps"),
                desc=title,
                file=self._out(),
                leave=True,
                unit="batch",
                dynamic_ncols=True,
            )
        self._title = title

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self._bar is None:
            return
        self._bar.update(1)
        now = time.perf_counter()
        if now - self._last > 0.1:  # formatting the postfix costs more than the step of a small net
            self._last = now
            self._bar.set_postfix_str(format_logs(logs or {}), refresh=False)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        elapsed = time.perf_counter() - self._start
        if self._bar is not None:
            self._bar.set_postfix_str(format_logs(logs or {}), refresh=False)
            self._bar.close()
            self._bar = None
            return
        steps = self.params.get("steps", "?")
        print(f"{self._title} - {steps}/{steps} - {elapsed:.2f}s - {format_logs(logs or {})}", file=self._out())
