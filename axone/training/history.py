"""History: what ``fit`` returns, the loss and metrics of every epoch (Keras's ``History``).

``history.history`` maps each name (``loss``, ``accuracy``, ``val_loss``...) to a list with one
value per epoch; ``history.epoch`` lists the epoch numbers. ``model.history`` is the last one.

Example:
    >>> import axone as ax
    >>> model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1)])
    >>> model.compile(optimizer=ax.optimizers.SGD(lr=0.1), loss="mse")
    >>> history = model.fit([[0.0], [1.0]], [[0.0], [2.0]], epochs=3, verbose=0)
    >>> history.epoch, sorted(history.history), len(history.history["loss"])
    ([0, 1, 2], ['loss'], 3)
"""

from __future__ import annotations

from axone.training.callbacks.base import Callback


class History(Callback):
    """Records ``logs`` at the end of each epoch."""

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.history, self.epoch = {}, []

    def get_state(self) -> dict:
        """The epochs recorded so far, for BackupAndRestore."""
        return {"epoch": list(self.epoch), "history": {k: [float(x) for x in v] for k, v in self.history.items()}}

    def set_state(self, state: dict) -> None:
        self.epoch = list(state["epoch"])
        self.history = {k: list(v) for k, v in state["history"].items()}

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        self.model.history = self

    def __repr__(self) -> str:
        return f"<History epochs={len(self.epoch)} keys={sorted(self.history)}>"
