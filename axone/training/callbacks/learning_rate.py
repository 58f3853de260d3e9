r"""Changing the learning rate $\eta$ during training: by epoch, or when progress stalls.

Both write the new $\eta$ into ``model.optimizer.lr`` and add ``learning_rate`` to the epoch's
logs (so it appears in ``history.history``).

Example:
    >>> import axone as ax
    >>> model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1)])
    >>> model.compile(optimizer=ax.optimizers.SGD(lr=0.1), loss="mse")
    >>> halve = ax.callbacks.LearningRateScheduler(lambda epoch, lr: lr / 2 if epoch else lr)
    >>> h = model.fit([[0.0], [1.0]], [0.0, 1.0], epochs=3, verbose=0, callbacks=[halve])
    >>> [round(v, 4) for v in h.history["learning_rate"]]
    [0.1, 0.05, 0.025]
"""

from __future__ import annotations

import inspect
from typing import Callable

import numpy as np

from axone.training.callbacks import monitor as monitoring
from axone.training.callbacks.base import Callback


def _set_lr(model: object, lr: float, owner: str) -> None:
    if not isinstance(lr, (int, float, np.floating)) or not np.isfinite(lr) or lr < 0:
        raise ValueError(f"{owner}: the schedule returned {lr!r}; a learning rate is a finite number >= 0")
    model.optimizer.lr = float(lr)


class LearningRateScheduler(Callback):
    r"""Set $\eta$ at the start of each epoch to ``schedule(epoch, lr)`` (or ``schedule(epoch)``).

    Args:
        schedule: a function of the epoch (from 0) and the current learning rate.
        verbose: print the new rate at each epoch.
    """

    def __init__(self, schedule: Callable, verbose: int = 0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(f"LearningRateScheduler needs a function schedule(epoch, lr), got {schedule!r}")
        self.schedule, self.verbose = schedule, verbose
        try:
            self._two_args = len(inspect.signature(schedule).parameters) >= 2
        except (TypeError, ValueError):
            self._two_args = True

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        lr = self.model.optimizer.lr
        new = self.schedule(epoch, lr) if self._two_args else self.schedule(epoch)
        _set_lr(self.model, new, "LearningRateScheduler")
        if self.verbose:
            print(f"Epoch {epoch + 1}: LearningRateScheduler sets the learning rate to {float(new):.6g}")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if logs is not None:
            logs["learning_rate"] = float(self.model.optimizer.lr)


class ReduceLROnPlateau(Callback):
    r"""Multiply $\eta$ by ``factor`` when ``monitor`` has not improved for ``patience`` epochs.

    Args:
        monitor: the value watched ("val_loss" by default).
        factor: $\eta \leftarrow \max(\eta \cdot \mathrm{factor}, \mathrm{min\_lr})$, with $0 < $ factor $< 1$.
        patience: epochs without improvement before reducing.
        min_delta: the smallest change that counts as an improvement.
        cooldown: epochs to wait after a reduction before watching again.
        min_lr: the floor of $\eta$.
        mode: "auto", "min" or "max".
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
    ):
        super().__init__()
        if not 0.0 < factor < 1.0:
            raise ValueError(f"ReduceLROnPlateau: factor must be in (0, 1), got {factor}")
        for key, value in (("patience", patience), ("cooldown", cooldown)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"ReduceLROnPlateau: {key} must be an integer >= 0, got {value!r}")
        self.monitor, self.factor, self.patience, self.verbose = monitor, float(factor), patience, verbose
        self.mode = monitoring.resolve_mode(mode, monitor, "ReduceLROnPlateau")
        self.min_delta, self.cooldown, self.min_lr = float(min_delta), cooldown, float(min_lr)
        self._better = monitoring.better_fn(self.mode, self.min_delta)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.wait, self.cooldown_counter = 0, 0
        self.best = np.inf if self.mode == "min" else -np.inf

    def get_state(self) -> dict:
        """The counters, for BackupAndRestore."""
        return {"wait": self.wait, "cooldown_counter": self.cooldown_counter, "best": float(self.best)}

    def set_state(self, state: dict) -> None:
        self.wait, self.cooldown_counter, self.best = state["wait"], state["cooldown_counter"], float(state["best"])

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        current = monitoring.read(logs, self.monitor, "ReduceLROnPlateau")
        lr = float(self.model.optimizer.lr)
        if logs is not None:
            logs["learning_rate"] = lr
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._better(current, self.best):
            self.best, self.wait = current, 0
        elif self.cooldown_counter <= 0:
            self.wait += 1
            if self.wait >= self.patience and lr > self.min_lr:
                new = max(lr * self.factor, self.min_lr)
                _set_lr(self.model, new, "ReduceLROnPlateau")
                if self.verbose:
                    print(f"Epoch {epoch + 1}: ReduceLROnPlateau reduces the learning rate to {new:.6g}")
                self.cooldown_counter, self.wait = self.cooldown, 0
