"""Callback: code run by ``fit`` at the start and end of the training, of each epoch and batch.

The hooks and their arguments are Keras's. ``self.model`` is the model being trained (set by
``fit``); setting ``self.model.stop_training = True`` ends the training after the current batch.
``logs`` is a dict of floats: ``loss`` and the metrics (``val_*`` at the end of an epoch).

Two more hooks let a callback take part in ``fit`` itself, as the built-in ones do; any callback
may implement them:

- ``restore_training(callbacks)``: called once, after every callback's ``on_train_begin`` and
  before the first epoch, to put back a saved training (weights, optimizer, random state, the
  other callbacks' ``set_state``, and the position through ``self.fit_state.resume_at``).
  BackupAndRestore implements it. A callback that implements it runs its hooks after all the
  others, so that what it saves includes what they have just set.
- ``check_batch(batch, loss, grads)``: called after each batch's backward pass and before the
  update; returning True stops the training at once, without that update and without
  ``on_epoch_end``. TerminateOnNaN implements it.

``self.fit_state`` is where ``fit`` stands (``axone.training.fit_state.FitState``: epoch, batch,
permutation, running sums...), set by ``fit`` before ``on_train_begin``, ``None`` outside it.
A callback whose counters should survive a kill implements ``get_state``/``set_state``:
BackupAndRestore saves and restores them.

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

from axone.training.fit_state import FitState

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
        self.fit_state: FitState | None = None

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict) -> None:
        self.params = params

    def set_fit_state(self, state: FitState | None) -> None:
        """Called by ``fit`` with its state before ``on_train_begin``, and with None at its end."""
        self.fit_state = state

    def restore_training(self, callbacks: list["Callback"]) -> None:
        """After every ``on_train_begin``: put back a saved training, if this callback keeps one.

        ``callbacks`` are all of fit's callbacks (to restore their ``set_state``); the position goes
        back through ``self.fit_state.resume_at(epoch, batch, permutation, sums, seen)``.
        """

    def get_state(self) -> dict:
        """What a backup keeps of this callback (BackupAndRestore saves it when implemented): plain
        JSON values, or lists of arrays."""
        return {}

    def set_state(self, state: dict) -> None:
        """Put back what ``get_state`` returned (from BackupAndRestore, after ``on_train_begin``)."""

    def check_batch(self, batch: int, loss: float, grads: list) -> bool:
        """After a batch's backward pass, before its update: True stops the training at once.

        ``loss`` is the batch's loss, ``grads`` one array per trainable weight (in the order of
        ``model.trainable_variables``); ``self.fit_state.last_batch`` holds the batch's data.
        """
        return False

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


def implements(callback: Callback, hook: str) -> bool:
    """Whether ``callback`` defines ``hook`` itself rather than inheriting ``Callback``'s."""
    return hook in vars(callback) or getattr(type(callback), hook, None) is not getattr(Callback, hook)


def overrides(callback: Callback, hook: str) -> bool:
    """Whether ``callback`` defines batch ``hook`` itself (so the loop can skip empty batch hooks)."""
    if getattr(callback, "quiet_batches", False):
        return False
    return implements(callback, hook)


class CallbackList:
    """Calls a hook on every callback; batch hooks only reach the callbacks that define them.

    Skipping the empty batch hooks keeps the inner loop free of Python calls that do nothing.
    """

    def __init__(self, callbacks: list[Callback], model: Any, params: dict):
        for callback in callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(f"callbacks must be axone.callbacks.Callback objects, got {type(callback).__name__}")
        # those that restore a training run last: they save what the others have set
        restorers = [c for c in callbacks if implements(c, "restore_training")]
        self.callbacks = [c for c in callbacks if c not in restorers] + restorers
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(params)
        self._batch = {hook: [c for c in self.callbacks if overrides(c, hook)] for hook in _BATCH_HOOKS}
        self.wants_train_batches = bool(self._batch["on_train_batch_begin"] or self._batch["on_train_batch_end"])
        self.restorers = restorers
        self.checkers = [c for c in self.callbacks if implements(c, "check_batch")]

    def set_fit_state(self, state: FitState | None) -> None:
        for callback in self.callbacks:
            callback.set_fit_state(state)

    def restore_training(self) -> None:
        """Every ``restore_training``, in order (fit calls it after every ``on_train_begin``)."""
        for callback in self.restorers:
            callback.restore_training(self.callbacks)

    def call(self, hook: str, *args: Any) -> None:
        for callback in self._batch.get(hook, self.callbacks):
            getattr(callback, hook)(*args)

    def find(self, cls: type) -> list[Callback]:
        return [c for c in self.callbacks if isinstance(c, cls)]
