"""Callback: code run by ``fit`` at the start and end of the training, of each epoch and batch.

The hooks and their arguments are Keras's. ``self.model`` is the model being trained (set by
``fit``); setting ``self.model.stop_training = True`` ends the training after the current batch.
``logs`` is a dict of floats: ``loss`` and the metrics (``val_*`` at the end of an epoch).

Example:
    >>> import axone as ax
    >>> class Count(ax.callbacks.Callback):
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         print("epoch", epoch, sorted(logs))
    >>> model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> _ = model.fit([[0.0], [1.0]], [0.0, 1.0], epochs=2, verbose=0, callbacks=[Count()])
    epoch 0 ['loss']
    epoch 1 ['loss']
"""

from __future__ import annotations

from typing import Any

_BATCH_HOOKS = (
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
)


class Callback:
    """Base class: override the hooks you need; the others do nothing."""

    def __init__(self) -> None:
        self.model: Any = None
        self.params: dict = {}

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict) -> None:
        self.params = params

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Before the first epoch."""

    def on_train_end(self, logs: dict | None = None) -> None:
        """After the last epoch (also after an early stop)."""

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Before each epoch (``epoch`` counts from 0)."""

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """After each epoch, with the epoch's averages and the validation values."""

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Before each training batch (``batch`` counts from 0 in each epoch)."""

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """After each training step, with the running averages of the epoch."""

    def on_test_begin(self, logs: dict | None = None) -> None:
        """Before ``evaluate`` (and before the validation at the end of each epoch)."""

    def on_test_end(self, logs: dict | None = None) -> None:
        """After ``evaluate``."""

    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Before each evaluation batch."""

    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """After each evaluation batch."""

    def on_predict_begin(self, logs: dict | None = None) -> None:
        """Before ``predict``."""

    def on_predict_end(self, logs: dict | None = None) -> None:
        """After ``predict``."""

    def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Before each prediction batch."""

    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """After each prediction batch."""


def overrides(callback: Callback, hook: str) -> bool:
    """Whether ``callback`` defines ``hook`` itself (so the loop can skip empty batch hooks)."""
    if getattr(callback, "quiet_batches", False):
        return False
    return hook in vars(callback) or getattr(type(callback), hook, None) is not getattr(Callback, hook)


class CallbackList:
    """Calls a hook on every callback; batch hooks only reach the callbacks that define them.

    Skipping the empty batch hooks keeps the inner loop free of Python calls that do nothing.
    """

    def __init__(self, callbacks: list[Callback], model: Any, params: dict):
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(f"callbacks must be axone.callbacks.Callback objects, got {type(callback).__name__}")
            callback.set_model(model)
            callback.set_params(params)
        self._batch = {hook: [c for c in self.callbacks if overrides(c, hook)] for hook in _BATCH_HOOKS}
        self.wants_train_batches = bool(self._batch["on_train_batch_begin"] or self._batch["on_train_batch_end"])

    def call(self, hook: str, *args: Any) -> None:
        for callback in self._batch.get(hook, self.callbacks):
            getattr(callback, hook)(*args)

    def find(self, cls: type) -> list[Callback]:
        return [c for c in self.callbacks if isinstance(c, cls)]
