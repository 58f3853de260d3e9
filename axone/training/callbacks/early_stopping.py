r"""Stopping rules: ``EarlyStopping`` (no more progress) and ``StopAtThreshold`` (the course's rule).

The course descends "until the error is below a chosen threshold"
($\mathbf{w}_{t+1} = \mathbf{w}_t - \eta \nabla E(\mathbf{w}_t)$ while $E \ge$ threshold): that is
``StopAtThreshold(monitor="loss", threshold=...)``. ``EarlyStopping`` stops when the monitored value
has not improved by more than ``min_delta`` for ``patience`` epochs, and can put back the best
weights seen.

Example:
    >>> import axone as ax
    >>> model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1, kernel=[[0.0]], bias=[0.0])])
    >>> model.compile(optimizer=ax.optimizers.SGD(lr=0.2), loss="mse")
    >>> stop = ax.callbacks.StopAtThreshold(monitor="loss", threshold=0.01)
    >>> h = model.fit([[0.0], [1.0]], [[0.0], [1.0]], epochs=500, batch_size=2, verbose=0, callbacks=[stop])
    >>> len(h.epoch) < 500, h.history["loss"][-1] < 0.01, stop.stopped_epoch == h.epoch[-1]
    (True, True, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.training.callbacks import monitor as monitoring
from axone.training.callbacks.base import Callback


class EarlyStopping(Callback):
    """Stop when ``monitor`` stops improving (Keras's arguments).

    Args:
        monitor: the value watched ("val_loss" by default; "loss" without validation data).
        min_delta: the smallest change that counts as an improvement.
        patience: epochs without improvement before stopping.
        mode: "auto", "min" or "max".
        baseline: a value to beat; training stops after ``patience`` epochs that do not beat it.
        restore_best_weights: put back the weights of the best epoch when stopping (or at the end).
        start_from_epoch: epochs to wait before watching (warm-up).
        verbose: print a line when stopping.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0.0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ):
        super().__init__()
        if not isinstance(patience, int) or patience < 0:
            raise ValueError(f"EarlyStopping: patience must be an integer >= 0, got {patience!r}")
        self.monitor, self.min_delta, self.patience, self.verbose = monitor, float(min_delta), patience, verbose
        self.mode = monitoring.resolve_mode(mode, monitor, "EarlyStopping")
        self.baseline, self.restore_best_weights, self.start_from_epoch = (
            baseline,
            restore_best_weights,
            start_from_epoch,
        )
        self._better = monitoring.better_fn(self.mode, self.min_delta)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.wait, self.stopped_epoch, self.best_epoch = 0, 0, 0
        self.best = np.inf if self.mode == "min" else -np.inf
        self.best_weights: list | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if epoch < self.start_from_epoch:
            return
        current = monitoring.read(logs, self.monitor, "EarlyStopping")
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()  # something to restore even without progress
        self.wait += 1
        if self._better(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._better(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def get_state(self) -> dict:
        """The counters (and best weights), for BackupAndRestore."""
        return {
            "wait": self.wait,
            "stopped_epoch": self.stopped_epoch,
            "best_epoch": self.best_epoch,
            "best": float(self.best),
            "best_weights": self.best_weights or [],
        }

    def set_state(self, state: dict) -> None:
        self.wait, self.stopped_epoch, self.best_epoch = state["wait"], state["stopped_epoch"], state["best_epoch"]
        self.best = float(state["best"])
        self.best_weights = [np.array(w) for w in state["best_weights"]] or None

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.stopped_epoch and self.verbose:
            print(
                f"Epoch {self.stopped_epoch + 1}: early stopping ({self.monitor} best {self.best:.4f} "
                f"at epoch {self.best_epoch + 1})"
            )
        if self.restore_best_weights and self.best_weights is not None:
            self.model.set_weights(self.best_weights)


class StopAtThreshold(Callback):
    """Stop as soon as ``monitor`` goes below ``threshold`` (above it with ``mode="max"``).

    Args:
        monitor: the value watched ("loss" by default).
        threshold: the chosen threshold of the course.
        mode: "auto", "min" (stop when below) or "max" (stop when above, e.g. an accuracy).
        verbose: print a line when stopping.
    """

    def __init__(self, monitor: str = "loss", threshold: float = 1e-3, mode: str = "auto", verbose: int = 0):
        super().__init__()
        self.monitor, self.threshold, self.verbose = monitor, float(threshold), verbose
        self.mode = monitoring.resolve_mode(mode, monitor, "StopAtThreshold")
        self.stopped_epoch: int | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        value = monitoring.read(logs, self.monitor, "StopAtThreshold")
        reached = value < self.threshold if self.mode == "min" else value > self.threshold
        if reached:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.verbose:
                side = "below" if self.mode == "min" else "above"
                print(f"Epoch {epoch + 1}: {self.monitor} = {value:.6g} is {side} {self.threshold:g}: stopping")

    def get_state(self) -> dict[str, Any]:
        return {"stopped_epoch": self.stopped_epoch}

    def set_state(self, state: dict) -> None:
        self.stopped_epoch = state["stopped_epoch"]
