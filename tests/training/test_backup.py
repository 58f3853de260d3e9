"""BackupAndRestore: killed at any moment (SIGKILL, an exception, inside a save), resumed bit for bit."""

import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

import axone as ax

CHILD = os.path.join(os.path.dirname(__file__), "resume_child.py")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(*args):
    env = {**os.environ, "PYTHONPATH": ROOT}
    return subprocess.run([sys.executable, CHILD, *map(str, args)], env=env, capture_output=True, text=True)


def _load(path):
    with np.load(path, allow_pickle=False) as data:
        weights = [data[f"arr_{i}"] for i in range(len(data.files) - 1)]
        return weights, json.loads(str(data["history"]))


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = tmp_path_factory.mktemp("full") / "full.npz"
    done = _run("full", out, "unused")
    assert done.returncode == 0, done.stderr
    return _load(out)


def _kill_then_resume(tmp_path, mode, k):
    backup, out = tmp_path / "backup", tmp_path / "out.npz"
    killed = _run(mode, out, backup, k)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not out.exists()
    resumed = _run("resume", out, backup)
    assert resumed.returncode == 0, resumed.stderr
    assert not backup.exists()  # deleted once the run ends normally
    return _load(out)


# 6 epochs of 7 batches = 42 batches; a backup every 3: kills right after a backup, between two
# (in the second epoch), and in the last epoch
@pytest.mark.parametrize("k", [3, 11, 40])
def test_sigkill_at_a_batch_then_resume_is_bit_identical(tmp_path, reference, k):
    weights, history = _kill_then_resume(tmp_path, "kill", k)
    for got, expected in zip(weights, reference[0]):
        assert np.array_equal(got, expected)
    assert history == reference[1]


def test_sigkill_with_epoch_backups(tmp_path, reference):
    weights, history = _kill_then_resume(tmp_path, "epoch-kill", 17)
    assert all(np.array_equal(a, b) for a, b in zip(weights, reference[0]))
    assert history == reference[1]


@pytest.mark.parametrize("k", [2, 5])  # each backup renames twice: arrays, then backup.json
def test_sigkill_inside_a_save_leaves_the_previous_backup_whole(tmp_path, reference, k):
    weights, history = _kill_then_resume(tmp_path, "kill-in-save", k)
    assert all(np.array_equal(a, b) for a, b in zip(weights, reference[0]))
    assert history == reference[1]


def test_an_exception_in_a_callback_then_resume_in_the_same_process(tmp_path, reference):
    sys.path.insert(0, os.path.dirname(CHILD))
    try:
        import resume_child
    finally:
        sys.path.pop(0)

    class Boom(ax.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if self.fit_state.epoch == 2 and batch == 4:
                raise RuntimeError("power cut")

    def fit(extra):
        model, x, y = resume_child.build()
        callbacks = [
            ax.callbacks.BackupAndRestore(tmp_path / "b", save_freq=2),
            *extra,
            ax.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1),
        ]
        history = model.fit(x, y, epochs=6, batch_size=8, validation_split=0.2, verbose=0, callbacks=callbacks)
        return model, history

    with pytest.raises(RuntimeError, match="power cut"):
        fit([Boom()])
    ax.random.seed(12345)  # whatever the state now, the backup restores it
    model, history = fit([])
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), reference[0]))
    assert history.history == reference[1]


def test_backup_files_are_json_and_npz_without_pickles(tmp_path):
    model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1)])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.1, momentum=0.9), loss="mse")
    backup = ax.callbacks.BackupAndRestore(tmp_path / "b", save_freq=2, delete_checkpoint=False)
    model.fit(np.ones((8, 2)), np.ones(8), batch_size=2, epochs=1, verbose=0, callbacks=[backup])
    files = sorted(os.listdir(tmp_path / "b"))
    assert files == ["arrays-2.npz", "backup.json"]
    meta = json.loads((tmp_path / "b" / "backup.json").read_text())
    assert meta["epoch"] == 0 and meta["batch"] == 4 and meta["arrays"] == "arrays-2.npz"
    with np.load(tmp_path / "b" / "arrays-2.npz", allow_pickle=False) as data:
        assert {"w0", "w1", "opt_iterations", "opt_0::momentum", "permutation"} <= set(data.files)


def test_bad_save_freq():
    with pytest.raises(ValueError, match="save_freq must be 'epoch' or a positive integer"):
        ax.callbacks.BackupAndRestore("x", save_freq=0)


@pytest.mark.parametrize(
    "make",
    [
        lambda: ax.callbacks.EarlyStopping(monitor="loss", patience=100),
        lambda: ax.callbacks.ReduceLROnPlateau(monitor="loss", patience=100),
    ],
)
def test_resumed_callbacks_keep_their_counters_through_on_train_begin(tmp_path, make):
    # the restore ran before on_train_begin, which used to reset best/wait to their start values
    x = np.random.default_rng(0).normal(size=(16, 2)).astype(np.float32)
    y = x.sum(axis=1)

    class Boom(ax.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 3:
                raise RuntimeError("power cut")

    def fit(extra, watched):
        ax.random.seed(3)
        model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1)])
        model.compile(optimizer=ax.optimizers.SGD(lr=0.01), loss="mse")
        callbacks = [ax.callbacks.BackupAndRestore(tmp_path / "b"), *extra, watched]
        model.fit(x, y, epochs=5, verbose=0, callbacks=callbacks)

    first = make()
    with pytest.raises(RuntimeError, match="power cut"):
        fit([Boom()], first)
    best_before = first.best  # the best of epochs 0-2, the last ones backed up
    second = make()
    seen = []
    spy = ax.callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: seen.append((epoch, second.best)))
    fit([spy], second)
    assert seen[0] == (3, best_before) and np.isfinite(best_before)


def test_csv_logger_resumed_from_a_backup_writes_each_epoch_once(tmp_path):
    x = np.random.default_rng(0).normal(size=(16, 2)).astype(np.float32)
    y = x.sum(axis=1)

    class Boom(ax.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 3:  # after the logger wrote epoch 3, before any backup of it
                raise RuntimeError("power cut")

    def fit(folder, extra):
        ax.random.seed(3)
        model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1)])
        model.compile(optimizer=ax.optimizers.SGD(lr=0.01), loss="mse")
        log = ax.callbacks.CSVLogger(folder / "log.csv")
        model.fit(x, y, epochs=5, verbose=0, callbacks=[ax.callbacks.BackupAndRestore(folder / "b"), log, *extra])
        return (folder / "log.csv").read_text()

    (tmp_path / "once").mkdir()
    (tmp_path / "twice").mkdir()
    straight = fit(tmp_path / "once", [])
    with pytest.raises(RuntimeError, match="power cut"):
        fit(tmp_path / "twice", [Boom()])
    assert fit(tmp_path / "twice", []) == straight
    assert [line.split(",")[0] for line in straight.splitlines()] == ["epoch", "0", "1", "2", "3", "4"]
