"""CSVLogger: one row per epoch (``epoch`` then every logged value) in a CSV file (Keras's).

Example:
    >>> import axone as ax, pathlib, tempfile
    >>> model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "log.csv"
    ...     _ = model.fit([[0.0], [1.0]], [0.0, 1.0], epochs=2, verbose=0, callbacks=[ax.callbacks.CSVLogger(path)])
    ...     lines = path.read_text().splitlines()
    >>> lines[0], len(lines)
    ('epoch,loss', 3)
"""

from __future__ import annotations

import csv
import os
from typing import Any

from axone.io import archive  # level 4, beside training: atomic writes
from axone.training.callbacks.base import Callback


class CSVLogger(Callback):
    """Write each epoch's logs to ``filename``.

    Args:
        filename: the CSV file.
        separator: the column separator.
        append: add to an existing file (the header is written only for a new or empty file).
    """

    def __init__(self, filename: Any, separator: str = ",", append: bool = False):
        super().__init__()
        self.filename, self.separator, self.append = os.fspath(filename), separator, append
        self._keys: list[str] | None = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._keys = None
        if self.append and os.path.exists(self.filename) and os.path.getsize(self.filename) > 0:
            with open(self.filename, newline="") as f:
                header = f.readline().strip()
            self._keys = header.split(self.separator)[1:] if header else None
        elif os.path.exists(self.filename) or not self.append:
            open(self.filename, "w").close()

    def get_state(self) -> dict:
        """The columns and the file as it stands, for BackupAndRestore."""
        text = ""
        if os.path.exists(self.filename):
            with open(self.filename, newline="") as f:
                text = f.read()
        return {"keys": self._keys, "text": text}

    def set_state(self, state: dict) -> None:
        """Put the file back as it was at the backup: rows logged after it are not kept twice."""
        self._keys = state["keys"]
        archive.atomic_write(self.filename, lambda f: f.write(state["text"].encode()))

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        # opened per epoch: a run that crashes leaves a complete file and no open handle
        logs = logs or {}
        with open(self.filename, "a", newline="") as f:
            writer = csv.writer(f, delimiter=self.separator)
            if self._keys is None:
                self._keys = list(logs)
                writer.writerow(["epoch"] + self._keys)
            writer.writerow([epoch] + [repr(float(logs[k])) if k in logs else "" for k in self._keys])
