"""The safetensors codec: byte-compatible with the safetensors package, strict on every header."""

from __future__ import annotations

import numpy as np
import pytest

from axone.io import ModelFileError
from axone.io.tensors import DTYPES, decode, encode

safetensors_numpy = pytest.importorskip("safetensors.numpy")


def sample():
    rng = np.random.default_rng(0)
    out = {code.lower(): (rng.normal(size=(2, 3)) * 10).astype(dt.newbyteorder("=")) for code, dt in DTYPES.items()}
    out["scalar"] = np.array(3.5, np.float64)
    out["empty"] = np.zeros((0, 4), np.float32)
    out["big-endian"] = np.arange(4, dtype=">f4")
    return out


def test_round_trip_every_dtype():
    tensors = sample()
    back, meta = decode(encode(tensors, {"k": "v"}), "t", "m")
    assert meta == {"k": "v"} and list(back) == list(tensors)
    for name, array in tensors.items():
        assert back[name].shape == array.shape and back[name].dtype == array.dtype.newbyteorder("=")
        np.testing.assert_array_equal(back[name], array)
        assert back[name].flags.writeable and back[name].flags.c_contiguous


def test_the_safetensors_package_reads_ours_and_we_read_its():
    tensors = {k: v for k, v in sample().items() if k != "big-endian"}
    theirs = safetensors_numpy.load(encode(tensors))
    ours, _ = decode(safetensors_numpy.save(tensors, metadata={"a": "b"}), "t", "m")
    for name, array in tensors.items():
        np.testing.assert_array_equal(theirs[name], array)
        np.testing.assert_array_equal(ours[name], array)


def test_data_starts_aligned_like_safetensors():
    raw = encode({"w": np.ones(3, np.float32)})
    header_length = int.from_bytes(raw[:8], "little")
    assert header_length % 8 == 0


def test_writer_refuses_object_arrays_and_bad_metadata():
    with pytest.raises(TypeError, match="cannot be stored"):
        encode({"o": np.array([object()])})
    with pytest.raises(TypeError, match="str to str"):
        encode({}, {"a": 1})


def test_decoded_arrays_do_not_share_the_file_buffer():
    raw = bytearray(encode({"w": np.ones(2, np.float32)}))
    w = decode(bytes(raw), "t", "m")[0]["w"]
    w[0] = 5.0
    assert decode(bytes(raw), "t", "m")[0]["w"][0] == 1.0


def test_huge_shape_is_refused_without_allocating():
    import json
    import struct

    head = json.dumps({"w": {"dtype": "F64", "shape": [2**62, 2**62, 2**62], "data_offsets": [0, 8]}}).encode()
    with pytest.raises(ModelFileError, match="tensor 'w'.*needs"):
        decode(struct.pack("<Q", len(head)) + head + bytes(8), "t", "weights.safetensors")
