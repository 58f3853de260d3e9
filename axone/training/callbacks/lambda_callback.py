"""LambdaCallback: a callback made of plain functions, for one-off needs (Keras's).

Example:
    >>> import axone as ax
    >>> losses = []
    >>> log = ax.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: losses.append(logs["loss"]))
    >>> model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> _ = model.fit([[0.0], [1.0]], [0.0, 1.0], epochs=2, verbose=0, callbacks=[log])
    >>> len(losses)
    2
"""

from __future__ import annotations

from typing import Callable

from axone.training.callbacks.base import Callback

_HOOKS = (
    "on_train_begin",
    "on_train_end",
    "on_epoch_begin",
    "on_epoch_end",
    "on_train_batch_begin",
    "on_train_batch_end",
)


class LambdaCallback(Callback):
    """Calls the functions given for each hook (the arguments are the hook's: ``(epoch, logs)``,
    ``(batch, logs)`` or ``(logs)``). Only the batch functions given are called in the loop."""

    def __init__(
        self,
        on_epoch_begin: Callable | None = None,
        on_epoch_end: Callable | None = None,
        on_train_begin: Callable | None = None,
        on_train_end: Callable | None = None,
        on_train_batch_begin: Callable | None = None,
        on_train_batch_end: Callable | None = None,
    ):
        super().__init__()
        given = {k: v for k, v in locals().items() if k in _HOOKS and v is not None}
        for name, fn in given.items():
            if not callable(fn):
                raise TypeError(f"LambdaCallback: {name} must be a function, got {fn!r}")
            setattr(self, name, fn)
        # batch hooks not given stay the base's no-ops and are skipped by the loop
        self.quiet_batches = not ({"on_train_batch_begin", "on_train_batch_end"} & set(given))
