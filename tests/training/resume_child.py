"""A training run for the resume tests, in its own process: python resume_child.py MODE OUT BACKUP [K].

MODE is "full" (no backup), "kill" (SIGKILL itself after K batches, backups every 3 batches),
"kill-in-save" (SIGKILL inside the K-th file rename of a backup), "epoch-kill" (backups per epoch,
SIGKILL after K batches) or "resume" (run to the end from the backup). The final weights and
history go to OUT (.npz).
"""

import json
import os
import signal
import sys

import numpy as np

import axone as ax


class KillAt(ax.callbacks.Callback):
    def __init__(self, k):
        super().__init__()
        self.k, self.count = k, 0

    def on_train_batch_end(self, batch, logs=None):
        self.count += 1
        if self.count == self.k:
            os.kill(os.getpid(), signal.SIGKILL)


def build():
    ax.random.seed(7)
    layers = [ax.Input((5,)), ax.layers.Dense(16, activation="relu")]
    if hasattr(ax.layers, "Dropout"):
        layers.append(ax.layers.Dropout(0.3))  # draws from axone.random at every batch
    layers.append(ax.layers.Dense(3))
    model = ax.Sequential(layers)
    model.compile(
        optimizer=ax.optimizers.Adam(lr=0.01),
        loss=ax.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    rng = np.random.default_rng(1)
    x = rng.normal(size=(70, 5)).astype(np.float32)
    y = rng.integers(0, 3, 70)
    return model, x, y


def main(mode, out, backup, k=0):
    model, x, y = build()
    callbacks = []
    if mode != "full":
        callbacks.append(ax.callbacks.BackupAndRestore(backup, save_freq="epoch" if mode == "epoch-kill" else 3))
    if mode in ("kill", "epoch-kill"):
        callbacks.append(KillAt(k))
    if mode == "kill-in-save":
        calls = {"n": 0}
        real_replace = os.replace

        def replace(src, dst):
            calls["n"] += 1
            if calls["n"] == k:
                os.kill(os.getpid(), signal.SIGKILL)
            real_replace(src, dst)

        os.replace = replace
    callbacks.append(ax.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1))
    history = model.fit(x, y, epochs=6, batch_size=8, validation_split=0.2, verbose=0, callbacks=callbacks)
    np.savez(out, *model.get_weights(), history=np.array(json.dumps(history.history)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 0)
