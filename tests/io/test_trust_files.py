"""Issue 11, section 1: the defects the fuzzer found. ``inspect_model_file`` and ``load_model``
refuse the same files through one validation path; optimizer slots are checked by dtype and
shape; a central directory that lost a member is refused."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
from io_helpers import write_zip

import axone as ax
from axone.io import ModelFileError, tensors

C, O = "config.json", "optimizer.safetensors"


def _with_config(members, tmp_path, change):
    config = json.loads(members[C])
    change(config)
    path = tmp_path / "edited.axone"
    write_zip(path, [(n, json.dumps(config).encode() if n == C else d) for n, d in members.items()])
    return path


LAYER_ENTRIES = ["hidden", 3, None, [], {}, {"class_name": "Dense"}, {"config": {}}, {"class_name": 7, "config": {}}]


@pytest.mark.parametrize("entry", LAYER_ENTRIES, ids=repr)
def test_inspect_and_load_refuse_a_malformed_layer_entry_alike(valid, tmp_path, entry):
    path = _with_config(valid[1], tmp_path, lambda c: c["model"]["config"]["layers"].__setitem__(1, entry))
    with pytest.raises(ModelFileError) as loaded:
        ax.load_model(path)
    with pytest.raises(ModelFileError) as inspected:
        ax.io.inspect_model_file(path)
    assert inspected.value.field == loaded.value.field
    assert "layers[1]" in inspected.value.field


def test_the_layers_field_must_be_a_list(valid, tmp_path):
    path = _with_config(valid[1], tmp_path, lambda c: c["model"]["config"].__setitem__("layers", {"a": 1}))
    with pytest.raises(ModelFileError, match="layers"):
        ax.io.inspect_model_file(path)


def _with_state(members, tmp_path, change):
    state = tensors.decode(members[O], "x", O)[0]
    change(state)
    path = tmp_path / "state.axone"
    write_zip(path, [(n, tensors.encode(state) if n == O else d) for n, d in members.items()])
    return path


@pytest.mark.parametrize(
    "key, dtype",
    [("lr", np.uint64), ("lr", np.float32), ("iterations", np.float64), ("iterations", np.int32)],
)
def test_an_optimizer_counter_of_another_dtype_is_refused(valid, tmp_path, key, dtype):
    def change(state):
        state[key] = (
            state[key].view(dtype)
            if state[key].dtype.itemsize == np.dtype(dtype).itemsize
            else np.array(state[key], dtype=dtype)
        )

    path = _with_state(valid[1], tmp_path, change)
    with pytest.raises(ModelFileError, match=f"tensor '{key}'") as err:
        ax.load_model(path)
    assert err.value.member == O


def test_a_slot_reinterpreted_as_integers_is_refused(valid, tmp_path):
    def change(state):
        state["0/momentum"] = state["0/momentum"].view(np.int32)

    with pytest.raises(ModelFileError, match=r"tensor '0/momentum'.*F32"):
        ax.load_model(_with_state(valid[1], tmp_path, change))


def test_a_step_counter_of_another_dtype_is_refused(valid, tmp_path):
    def change(state):
        state["0/step"] = state["0/step"].view(np.float64)

    with pytest.raises(ModelFileError, match="tensor '0/step'"):
        ax.load_model(_with_state(valid[1], tmp_path, change))


def test_a_slot_of_another_shape_is_refused(valid, tmp_path):
    def change(state):
        state["0/momentum"] = state["0/momentum"].T.copy()

    with pytest.raises(ModelFileError, match="tensor '0/momentum'.*shape"):
        ax.load_model(_with_state(valid[1], tmp_path, change))


def test_inspect_refuses_the_bad_state_too(valid, tmp_path):
    def change(state):
        state["lr"] = state["lr"].view(np.uint64)

    with pytest.raises(ModelFileError, match="tensor 'lr'"):
        ax.io.inspect_model_file(_with_state(valid[1], tmp_path, change))


def test_the_saved_state_still_loads(valid):
    model = ax.load_model(valid[0])
    assert model.optimizer.iterations == 2


def _end_record(raw: bytes) -> int:
    return raw.rindex(b"PK\x05\x06")


def test_a_central_directory_short_of_its_declared_count_is_refused(valid, tmp_path):
    """A central directory that shows 3 members while the end record declares 4: the zip module
    reads 3 and says nothing; the optimizer state would be dropped silently."""
    raw = bytearray(valid[0].read_bytes())
    end = _end_record(raw)
    count = struct.unpack_from("<H", raw, end + 10)[0]
    assert count == 4
    cd_size, cd_start = struct.unpack_from("<II", raw, end + 12)
    directory = bytes(raw[cd_start : cd_start + cd_size])
    third, last = directory.rindex(b"PK\x01\x02", 0, directory.rindex(b"PK\x01\x02")), directory.rindex(b"PK\x01\x02")
    # the third entry's comment length grows to swallow the fourth entry: the zip module reads 3
    struct.pack_into("<H", raw, cd_start + third + 32, cd_size - last)
    path = tmp_path / "short.axone"
    path.write_bytes(bytes(raw))
    with pytest.raises(ModelFileError, match="declares 4 members") as err:
        ax.load_model(path)
    assert err.value.member == "(zip container)"
    with pytest.raises(ModelFileError, match="declares 4 members"):
        ax.io.inspect_model_file(path)


@pytest.mark.parametrize("compile_value", [None, "delete", {"loss": "mse"}], ids=["null", "deleted", "no optimizer"])
def test_optimizer_state_without_an_optimizer_is_refused(valid, tmp_path, compile_value):
    """The fuzzer's finding: with 'compile' gone the file loaded and its optimizer state was dropped."""

    def change(config):
        if compile_value == "delete":
            del config["compile"]
        else:
            config["compile"] = compile_value

    with pytest.raises(ModelFileError, match="optimizer state without an optimizer") as err:
        ax.load_model(_with_config(valid[1], tmp_path, change))
    assert err.value.member == O


def test_a_config_value_that_overflows_its_dtype_is_refused(valid, tmp_path):
    """The long fuzzer's finding: an initializer of 1e308 for float32 weights raised a raw
    FloatingPointError (under np.seterr(all="raise")) from the build."""

    def change(config):
        layer = config["model"]["config"]["layers"][1]["config"]
        layer["kernel_initializer"] = {"class_name": "Constant", "config": {"value": 1e308}}

    with pytest.raises(ModelFileError, match="kernel_initializer|overflow"):
        ax.load_model(_with_config(valid[1], tmp_path, change))
