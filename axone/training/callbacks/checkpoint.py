"""ModelCheckpoint: save the model (or its weights) after each epoch, or only the best one.

``filepath`` may hold fields filled from the epoch (from 1) and the logs, as Keras does:
``"model-{epoch:02d}-{val_loss:.3f}.axone"``. Files are written with ``axone.io`` (atomic
writes), imported only when a file is saved.

Example:
    >>> import axone as ax
    >>> check = ax.callbacks.ModelCheckpoint("checkpoints/w-{epoch}.weights.axone", monitor="loss",
    ...                                      save_weights_only=True)
    >>> check.format_path(2, {"loss": 0.5}).endswith("w-3.weights.axone")
    True
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from axone.training.callbacks import monitor as monitoring
from axone.training.callbacks.base import Callback


class ModelCheckpoint(Callback):
    """Save after each epoch (Keras's arguments).

    Args:
        filepath: the file, with optional ``{epoch}`` and ``{<log name>}`` fields.
        monitor: the value compared when ``save_best_only`` ("val_loss" by default).
        save_best_only: save only when ``monitor`` improves (the file then holds the best model).
        save_weights_only: save the weights only (``save_weights``) instead of the whole model.
        mode: "auto", "min" or "max".
        verbose: print a line at each save.
    """

    def __init__(
        self,
        filepath: Any,
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
    ):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor, self.verbose = monitor, verbose
        self.save_best_only, self.save_weights_only = save_best_only, save_weights_only
        self.mode = monitoring.resolve_mode(mode, monitor, "ModelCheckpoint")
        self._better = monitoring.better_fn(self.mode, 0.0)
        self.best = np.inf if self.mode == "min" else -np.inf
        self.saved: list[str] = []

    def format_path(self, epoch: int, logs: dict | None) -> str:
        """``filepath`` with ``{epoch}`` (from 1) and the logged values filled in."""
        try:
            return self.filepath.format(epoch=epoch + 1, **(logs or {}))
        except KeyError as error:
            raise KeyError(
                f"ModelCheckpoint: filepath {self.filepath!r} uses {error}, which is not in the logs "
                f"({', '.join(sorted(logs or {}))})"
            ) from None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.save_best_only:
            current = monitoring.read(logs, self.monitor, "ModelCheckpoint")
            if not self._better(current, self.best):
                return
            self.best = current
        path = self.format_path(epoch, logs)
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        from axone import io  # level 4, beside training; imported only when saving

        if self.save_weights_only:
            io.save_weights(self.model, path)
        else:
            io.save_model(self.model, path)
        self.saved.append(path)
        if self.verbose:
            print(f"Epoch {epoch + 1}: saved {'weights' if self.save_weights_only else 'model'} to {path}")
