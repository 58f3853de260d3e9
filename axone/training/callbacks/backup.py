"""BackupAndRestore: a run killed at any moment resumes from its last backup, bit for bit.

A backup holds everything the rest of the run depends on: the weights, the optimizer's state
(``opt.state_arrays``: slots, step counts, ``iterations``, ``lr``), the state of
``axone.random`` (which draws the next permutation and the dropout masks), the epoch, the
position in the epoch, the epoch's permutation and its running sums.
Started again with the same code and the same seed, ``fit`` loads it right after ``on_train_begin``
(``Callback.restore_training``, which puts the position back with ``self.fit_state.resume_at``) and
goes on from there: the final weights equal an uninterrupted run's exactly (``np.array_equal``).

The states of the callbacks that have ``get_state``/``set_state`` (History, EarlyStopping,
ReduceLROnPlateau, StopAtThreshold, CSVLogger...) are saved too, and ``set_state`` is called
after every callback's ``on_train_begin``: a callback resets itself there as usual, and the
restored state replaces the fresh one. ``fit`` runs this callback's epoch and batch hooks after
all the others (as for every callback that implements ``restore_training``) (so a backup sees the learning rate a scheduler has just set, and the epoch that
History has just recorded).

Files (never pickle): ``backup.json`` (positions, sums, random state, history; plain JSON) and
the arrays in ``arrays-<n>.npz`` read with ``allow_pickle=False``. Each file is written under a
temporary name in the same folder, flushed to disk, then renamed over (``os.replace``, atomic);
``backup.json`` is renamed last and names its ``.npz``, so a kill during a save leaves the
previous backup whole (its temporary is removed at the next start). The folder is deleted when
``fit`` ends normally.

Example:
    >>> import axone as ax, numpy as np, tempfile
    >>> model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     backup = ax.callbacks.BackupAndRestore(folder, save_freq=2)
    ...     _ = model.fit(np.ones((8, 2)), np.ones(8), batch_size=2, epochs=2, verbose=0, callbacks=[backup])
    >>> backup.saves  # 8 batches, a backup every 2
    4
"""

from __future__ import annotations

import json
import os
import shutil
from typing import Any

import numpy as np

from axone import random as ax_random
from axone.io import archive  # level 4, beside training: the model files' atomic write
from axone.training.callbacks.base import Callback, implements

FORMAT = 1


class BackupAndRestore(Callback):
    """Back up the training state, and resume from it when ``fit`` starts again.

    Args:
        backup_dir: the folder of the backup (created if needed); one per run.
        save_freq: ``"epoch"`` (after each epoch) or an integer: every that many batches.
        delete_checkpoint: delete the backup when ``fit`` finishes normally.
    """

    def __init__(self, backup_dir: Any, save_freq: str | int = "epoch", delete_checkpoint: bool = True):
        super().__init__()
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int) or save_freq < 1):
            raise ValueError(f"BackupAndRestore: save_freq must be 'epoch' or a positive integer, got {save_freq!r}")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq, self.delete_checkpoint = save_freq, delete_checkpoint
        self.quiet_batches = save_freq == "epoch"  # no per-batch call unless saving by batches
        self.saves = 0
        self.restored: dict | None = None

    @property
    def _json(self) -> str:
        return os.path.join(self.backup_dir, "backup.json")

    # ---- restore ------------------------------------------------------------------------------
    def restore_training(self, callbacks: list) -> None:
        """Called by ``fit`` after every ``on_train_begin``: load the backup if there is one.

        ``callbacks`` are fit's callbacks: those with ``get_state``/``set_state`` (EarlyStopping,
        ReduceLROnPlateau...) are saved and restored with the rest, so their patience counters resume too.
        """
        self._callbacks = [c for c in callbacks if implements(c, "get_state") and c is not self]
        self._batches = 0
        self._counter = 0
        self._remove_temporaries()
        if os.path.exists(self._json):
            self._restore()

    def _remove_temporaries(self) -> None:
        """Delete the temporaries of saves killed mid-write (``.backup.json.*.tmp``,
        ``.arrays-<n>.npz.*.tmp``, as ``archive.atomic_write`` names them): no save is running now."""
        if not os.path.isdir(self.backup_dir):
            return
        for name in os.listdir(self.backup_dir):
            if name.endswith(".tmp") and name.startswith((".backup.json.", ".arrays-")):
                os.remove(os.path.join(self.backup_dir, name))

    def _restore(self) -> None:
        with open(self._json) as f:
            meta = json.load(f)
        if meta.get("format") != FORMAT:
            raise ValueError(f"BackupAndRestore: {self._json} has format {meta.get('format')!r}, expected {FORMAT}")
        with np.load(os.path.join(self.backup_dir, meta["arrays"]), allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        model = self.model
        weights = [arrays[f"w{i}"] for i in range(meta["n_weights"])]
        model.set_weights(weights)
        params = model.trainable_variables
        optimizer_state = {key[4:].replace("::", "/"): value for key, value in arrays.items() if key.startswith("opt_")}
        model.optimizer.load_state_arrays(params, optimizer_state)
        ax_random.set_state(meta["random_state"])
        permutation = arrays.get("permutation")
        self.fit_state.resume_at(meta["epoch"], meta["batch"], permutation, meta["sums"], meta["seen"])
        for i, callback in enumerate(self._callbacks):
            saved = meta["callbacks"].get(str(i))
            if saved is None or saved["class"] != type(callback).__name__:
                raise ValueError(
                    f"BackupAndRestore: the backup in {self.backup_dir} was made with other callbacks "
                    f"(callback {i} is {type(callback).__name__}); use a new backup_dir"
                )
            state = saved["state"]
            for key in saved["arrays"]:
                state[key] = [arrays[f"cb{i}_{key}_{j}"] for j in range(saved["arrays"][key])]
            callback.set_state(state)
        self._batches = meta["batches"]
        self._counter = meta["counter"]
        self.restored = meta

    # ---- save ---------------------------------------------------------------------------------
    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self._batches += 1
        if self._batches % self.save_freq == 0:
            state = self.fit_state
            self._save(state.epoch, state.batch, state.permutation, state.sums, state.seen)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.save_freq == "epoch":
            self._save(epoch + 1, 0, None, {}, 0)

    def _save(self, epoch: int, batch: int, permutation: np.ndarray | None, sums: dict, seen: int) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        model = self.model
        arrays = {f"w{i}": w for i, w in enumerate(model.get_weights())}
        state = model.optimizer.state_arrays(model.trainable_variables)
        arrays.update({"opt_" + key.replace("/", "::"): value for key, value in state.items()})
        if permutation is not None:
            arrays["permutation"] = permutation
        callbacks = {}
        for i, callback in enumerate(self._callbacks):
            state, counts = dict(callback.get_state()), {}
            for key, value in list(state.items()):
                if isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
                    counts[key] = len(value)
                    arrays.update({f"cb{i}_{key}_{j}": v for j, v in enumerate(state.pop(key))})
            callbacks[str(i)] = {"class": type(callback).__name__, "state": state, "arrays": counts}
        self._counter += 1
        name = f"arrays-{self._counter}.npz"
        archive.atomic_write(os.path.join(self.backup_dir, name), lambda f: np.savez(f, **arrays))
        meta = {
            "format": FORMAT,
            "arrays": name,
            "n_weights": len(model.weights),
            "epoch": epoch,
            "batch": batch,
            "sums": {k: float(v) for k, v in sums.items()},
            "seen": int(seen),
            "batches": self._batches,
            "counter": self._counter,
            "random_state": ax_random.get_state(),
            "callbacks": callbacks,
        }
        archive.atomic_write(self._json, lambda f: f.write(json.dumps(meta).encode()))
        for old in os.listdir(self.backup_dir):  # the previous arrays, now unreferenced
            if old.startswith("arrays-") and old != name:
                os.remove(os.path.join(self.backup_dir, old))
        self.saves += 1

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.delete_checkpoint and os.path.isdir(self.backup_dir):
            shutil.rmtree(self.backup_dir)
