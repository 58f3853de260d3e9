"""Strict JSON: what axone writes it can read, and what it refuses is named."""

from __future__ import annotations

import numpy as np
import pytest

from axone.io import ModelFileError
from axone.io.jsonsafe import MAX_DEPTH, dumps, loads


@pytest.mark.parametrize(
    "text, field",
    [
        (b'{"a": {"b": [1, NaN]}}', "a.b[1]"),
        (b'{"a": Infinity}', "'a'"),
        (b'{"a": [-Infinity]}', "a[0]"),
        (b'{"a": 1e400}', "'a'"),
        (b'{"a": 1, "a": 2}', "(root)"),
    ],
)
def test_non_finite_and_duplicate_keys_are_named(text, field):
    with pytest.raises(ModelFileError) as info:
        loads(text, "f.axone", "config.json")
    assert field in info.value.field and info.value.member == "config.json"


def test_depth_is_checked_before_parsing_and_strings_do_not_count():
    deep = b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)
    with pytest.raises(ModelFileError, match="nested 65 levels"):
        loads(deep, "f", "config.json")
    assert loads(b'{"s": "' + b"[" * 1000 + b'\\" ["}', "f", "m") == {"s": "[" * 1000 + '" ['}
    ok = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert loads(ok, "f", "m") is not None


def test_size_limit_and_encoding():
    with pytest.raises(ModelFileError, match="limit of 10"):
        loads(b"[" + b"1," * 10 + b"1]", "f", "m", max_bytes=10)
    with pytest.raises(ModelFileError, match="UTF-8"):
        loads(b'"\xc3\x28"', "f", "m")


def test_dumps_converts_numpy_scalars_and_refuses_the_rest():
    assert loads(dumps({"n": np.int64(3), "x": np.float32(0.5), "t": (1, 2)}), "f", "m") == {
        "n": 3,
        "x": 0.5,
        "t": [1, 2],
    }
    for bad in ({"x": float("nan")}, {"x": object()}, {1: "int key"}, {"f": print}):
        with pytest.raises(ValueError):
            dumps(bad)
