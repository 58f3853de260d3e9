"""Saves are atomic: an interrupted save leaves the previous file whole and no temporary file."""

from __future__ import annotations

import os
import stat
import zipfile

import numpy as np
import pytest
from io_helpers import small_model

import axone as ax
from axone.io import archive


class Interrupted(Exception):
    pass


def _interrupt_second_member(monkeypatch):
    original = zipfile.ZipFile.writestr
    calls = []

    def writestr(self, info, data, *args, **kwargs):
        calls.append(info)
        if len(calls) == 2:  # the first member is already on disk in the temporary file
            raise Interrupted("power cut")
        return original(self, info, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    return calls


def test_an_interrupted_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "model.axone"
    model = small_model(compile=False)
    model.save(path)
    before, kernel = path.read_bytes(), model.weights[0].data.copy()
    model.weights[0].data += 1.0  # a different model now
    calls = _interrupt_second_member(monkeypatch)
    with pytest.raises(Interrupted):
        model.save(path)
    assert len(calls) == 2
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["model.axone"]
    monkeypatch.undo()
    np.testing.assert_array_equal(ax.load_model(path).weights[0].data, kernel)


def test_an_interrupted_first_save_leaves_nothing(tmp_path, monkeypatch):
    _interrupt_second_member(monkeypatch)
    with pytest.raises(Interrupted):
        ax.io.save_weights(small_model(compile=False), tmp_path / "w.axone")
    assert os.listdir(tmp_path) == []


def test_interrupted_plain_safetensors_weights(tmp_path, monkeypatch):
    path = tmp_path / "w.safetensors"
    model = small_model(compile=False)
    model.save_weights(path)
    before = path.read_bytes()

    def broken(path, write):
        return original(path, lambda handle: (handle.write(b"partial"), (_ for _ in ()).throw(Interrupted())))

    original = archive.atomic_write
    monkeypatch.setattr(archive, "atomic_write", broken)
    with pytest.raises(Interrupted):
        model.save_weights(path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["w.safetensors"]


def test_save_replaces_and_keeps_permissions(tmp_path):
    path = tmp_path / "m.axone"
    model = small_model(compile=False)
    model.save(path)
    os.chmod(path, 0o640)
    model.save(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert os.listdir(tmp_path) == ["m.axone"]


def test_saving_to_a_directory_or_a_missing_folder(tmp_path):
    model = small_model(compile=False)
    with pytest.raises(IsADirectoryError):
        model.save(tmp_path)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        model.save(tmp_path / "no" / "such" / "m.axone")


def test_files_are_reproducible_bytes(tmp_path):
    """Same model, same bytes (fixed zip timestamps), but for the save date in the metadata."""
    model = small_model(compile=False)
    ax.io.save_weights(model, tmp_path / "a.axone")
    ax.io.save_weights(model, tmp_path / "b.axone")
    assert (tmp_path / "a.axone").read_bytes() == (tmp_path / "b.axone").read_bytes()
