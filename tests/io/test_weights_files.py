"""save_weights / load_weights, in a .axone zip or a plain .safetensors file, and inspect_model_file."""

from __future__ import annotations

import numpy as np
import pytest
from io_helpers import X, read_members, small_model

import axone as ax
from axone.io import ModelFileError
from axone.io.tensors import encode


@pytest.mark.parametrize("suffix", [".axone", ".safetensors"])
def test_weights_round_trip(tmp_path, suffix):
    source, target = small_model(compile=False), small_model(compile=False)
    path = tmp_path / f"w{suffix}"
    source.save_weights(path)
    assert not np.array_equal(source.predict(X), target.predict(X))
    target.load_weights(path)
    np.testing.assert_array_equal(source.predict(X), target.predict(X))


def test_the_weights_only_zip_holds_two_members(tmp_path):
    path = tmp_path / "w.axone"
    ax.io.save_weights(small_model(compile=False), path)
    assert [name for name, _ in read_members(path)] == ["axone.json", "weights.safetensors"]
    assert ax.io.inspect_model_file(path)["kind"] == "weights"


def test_plain_safetensors_weights_are_readable_by_the_safetensors_package(tmp_path):
    safetensors_numpy = pytest.importorskip("safetensors.numpy")
    model = small_model(compile=False)
    path = tmp_path / "w.safetensors"
    model.save_weights(path)
    loaded = safetensors_numpy.load_file(str(path))
    np.testing.assert_array_equal(loaded["hidden/kernel"], model.layers[0].kernel.data)


def test_weights_from_a_full_model_file(tmp_path):
    source, target = small_model(compile=False), small_model(compile=False)
    source.save(tmp_path / "m.axone")
    ax.io.load_weights(target, tmp_path / "m.axone")
    np.testing.assert_array_equal(source.predict(X), target.predict(X))


def test_a_refused_file_leaves_the_model_untouched(tmp_path):
    model = small_model(compile=False)
    before = model.get_weights()
    arrays = {w.name: np.zeros_like(w.data) for w in model.weights}
    arrays["out/bias"] = np.zeros(2, np.float32)  # the last tensor is wrong: nothing may change
    path = tmp_path / "bad.safetensors"
    path.write_bytes(encode(arrays))
    with pytest.raises(
        ModelFileError, match="tensor 'out/bias': declared shape \\[2\\] but the layer expects \\(1,\\)"
    ):
        model.load_weights(path)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_hostile_plain_safetensors_is_refused(tmp_path):
    path = tmp_path / "bad.safetensors"
    path.write_bytes(b"\xff" * 8 + b"{}")
    with pytest.raises(ModelFileError, match="header length"):
        small_model(compile=False).load_weights(path)


def test_an_unbuilt_model_cannot_take_weights(tmp_path):
    path = tmp_path / "w.axone"
    small_model(compile=False).save_weights(path)
    lazy = ax.training.Sequential([ax.layers.Dense(3, name="hidden"), ax.layers.Dense(1, name="out")])
    with pytest.raises(ModelFileError, match="build it first"):
        lazy.load_weights(path)


def test_inspect_reads_without_building(tmp_path, monkeypatch):
    model = small_model()
    path = tmp_path / "m.axone"
    model.save(path)

    def no_building(*args, **kwargs):
        raise AssertionError("inspect_model_file built an object")

    monkeypatch.setattr(ax.layers.registry, "deserialize", no_building)
    info = ax.io.inspect_model_file(path)
    assert info["class_name"] == "Sequential" and info["name"] == "xor"
    assert [(row["class_name"], row["name"], row["params"]) for row in info["layers"]] == [
        ("Input", "x", 0),
        ("Dense", "hidden", 9),
        ("Dense", "out", 4),
    ]
    assert info["total_params"] == model.count_params() == 13
    assert info["weights"][0] == {"name": "hidden/kernel", "dtype": "F32", "shape": [2, 3], "size": 6}
    assert info["compile"]["loss"]["name"] == "mse" and info["compile"]["metrics"] == ["accuracy"]
    assert info["training"]["epochs"] == 2 and info["build"] == {"input_shape": [None, 2]}
    assert any(row["name"] == "iterations" for row in info["optimizer_state"])


def test_inspect_refuses_what_load_refuses(tmp_path):
    path = tmp_path / "x.axone"
    path.write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match="zip"):
        ax.io.inspect_model_file(path)
