"""Helpers for the model-file tests: a small model, a file's members, and a raw zip writer."""

from __future__ import annotations

import io
import json
import struct
import warnings
import zipfile

import numpy as np

import axone as ax
from axone.training import Sequential

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=np.float32)
T = np.array([[0.0], [1.0], [1.0], [0.0]], dtype=np.float32)


def small_model(optimizer=None, compile=True):
    """The course's XOR network, 2-3-1 sigmoid, trained two steps (so the optimizer has state)."""
    model = Sequential(
        [
            ax.Input((2,), name="x"),
            ax.layers.Dense(3, activation="sigmoid", name="hidden"),
            ax.layers.Dense(1, activation="sigmoid", name="out"),
        ],
        name="xor",
    )
    if compile:
        model.compile(optimizer=optimizer or ax.optimizers.SGD(lr=0.5, momentum=0.9), loss="mse", metrics=["accuracy"])
        model.fit(X, T, epochs=2, batch_size=4, shuffle=False, verbose=0)
    return model


def read_members(path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def write_zip(path, members, method=zipfile.ZIP_DEFLATED) -> None:
    """A zip of (name, bytes) pairs as given: duplicates and odd names included, on purpose."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on a duplicate name: that is the point here
        buffer = io.BytesIO()  # built in memory, written in one call: some loops write thousands
        with zipfile.ZipFile(buffer, "w", compression=method) as z:
            for name, data in members:
                z.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def safetensors_bytes(header: dict, data: bytes) -> bytes:
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + data
