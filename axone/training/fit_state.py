"""FitState: where ``fit`` stands, shared with the callbacks as ``callback.fit_state``.

``fit`` makes one per call and gives it to every callback (``Callback.set_fit_state``) before
``on_train_begin``; it is ``None`` outside ``fit``. A callback reads it to save a training
(BackupAndRestore), to say where something happened (TerminateOnNaN), or to log the position;
it may change it only through :meth:`FitState.resume_at`, from ``Callback.restore_training``.

Example:
    >>> import axone as ax, numpy as np
    >>> class Where(ax.callbacks.Callback):
    ...     def on_train_batch_end(self, batch, logs=None):
    ...         state = self.fit_state
    ...         print(state.epoch, state.batch, "of", state.steps, "seen", state.seen)
    >>> model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> _ = model.fit(np.ones((4, 1)), np.ones(4), batch_size=2, verbose=0, callbacks=[Where()])
    0 1 of 2 seen 2
    0 2 of 2 seen 4
"""

from __future__ import annotations

from typing import Any

import numpy as np


class FitState:
    """The position of a running ``fit``, for callbacks (read-only but for :meth:`resume_at`).

    Attributes:
        steps: batches per epoch.
        epoch: the epoch being run (from 0).
        batch: the next batch to run in this epoch (after ``on_train_batch_end`` of batch $b$,
            it is $b + 1$).
        permutation: this epoch's order of the samples (None without shuffling).
        sums: running sums over the epoch's samples of the loss and the metrics (each batch's
            value times its size; ``logs`` are these divided by ``seen``).
        seen: samples done in this epoch.
        last_batch, last_grads: the batch just run, ``(x, y, sample_weight)``, and its gradients
            (one array per trainable weight), set before ``Callback.check_batch`` is called.
        resume: where to start, once :meth:`resume_at` is called (None: from the beginning).
        loss_fn: the loss ``fit`` computes with (the fused softmax cross-entropy when it applies).
    """

    def __init__(self, steps: int):
        self.steps = steps
        self.epoch = 0
        self.batch = 0
        self.permutation: np.ndarray | None = None
        self.sums: dict[str, float] = {}
        self.seen = 0
        self.last_batch: tuple | None = None
        self.last_grads: list | None = None
        self.resume: dict | None = None
        self.loss_fn: Any = None

    def resume_at(
        self,
        epoch: int,
        batch: int = 0,
        permutation: np.ndarray | None = None,
        sums: dict | None = None,
        seen: int = 0,
    ) -> None:
        """Make ``fit`` start at ``epoch`` (and, in it, at ``batch`` with that epoch's
        ``permutation``, running ``sums`` and ``seen`` count), instead of at ``initial_epoch``.

        Called from ``Callback.restore_training``: BackupAndRestore puts back a killed run with
        the position it saved. With ``batch=0`` the epoch starts afresh (a new permutation).
        """
        if isinstance(epoch, bool) or not isinstance(epoch, (int, np.integer)) or epoch < 0:
            raise ValueError(f"FitState.resume_at: epoch must be an integer >= 0, got {epoch!r}")
        if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or not 0 <= batch <= self.steps:
            raise ValueError(f"FitState.resume_at: batch must be an integer in [0, {self.steps}], got {batch!r}")
        self.resume = {
            "epoch": int(epoch),
            "batch": int(batch),
            "permutation": permutation,
            "sums": dict(sums or {}),
            "seen": int(seen),
        }
