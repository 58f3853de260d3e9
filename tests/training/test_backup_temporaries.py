"""A backup save killed mid-write leaves its temporary file; the next start of BackupAndRestore
removes those (and only those), so that they do not pile up across kills."""

import numpy as np

import axone as ax


def _fit(folder, epochs=1):
    model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    backup = ax.callbacks.BackupAndRestore(folder, save_freq=2, delete_checkpoint=False)
    model.fit(np.ones((8, 2)), np.ones(8), batch_size=2, epochs=epochs, verbose=0, callbacks=[backup])
    return backup


def test_stale_temporaries_of_killed_saves_are_removed_at_the_next_start(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    # the names archive.atomic_write gives its temporaries (tempfile.mkstemp beside the target)
    stale = [".backup.json.k3j_x1.tmp", ".arrays-4.npz.a8b2c9.tmp", ".arrays-12.npz.zz.tmp"]
    for name in stale:
        (folder / name).write_bytes(b"half a save")
    (folder / "notes.tmp").write_text("not ours")  # a file of the user's: left alone
    _fit(folder)
    left = sorted(p.name for p in folder.iterdir())
    assert not any(name in left for name in stale), left
    assert "notes.tmp" in left and "backup.json" in left


def test_a_resumed_run_also_cleans_them(tmp_path):
    folder = tmp_path / "backup"
    _fit(folder)
    (folder / ".backup.json.xyz.tmp").write_bytes(b"{")
    backup = _fit(folder, epochs=2)
    assert backup.restored is not None
    assert not (folder / ".backup.json.xyz.tmp").exists()
