"""The corpus of malformed and hostile model files: each one is refused with a ModelFileError
that names the member and the field, and nothing named by the file is ever run."""

from __future__ import annotations

import json
import os
import struct
import zipfile

import numpy as np
import pytest
from io_helpers import safetensors_bytes, write_zip

import axone as ax
from axone.io import ModelFileError, jsonsafe, tensors, validate
from axone.io.tensors import encode

H, C, W, O = "axone.json", "config.json", "weights.safetensors", "optimizer.safetensors"
CONTAINER = "(zip container)"


def replace(members, name, data):
    return [(n, data if n == name else d) for n, d in members.items()]


def edit_config(members, change):
    config = json.loads(members[C])
    change(config)
    return replace(members, C, json.dumps(config).encode())


def layer(config, i):
    return config["model"]["config"]["layers"][i]


def edit_weights(members, change):
    tensors = ax.io.tensors.decode(members[W], "x", W)[0]
    change(tensors)
    return replace(members, W, encode(tensors))


def edit_header(members, change):
    header = json.loads(members[H])
    change(header)
    return replace(members, H, json.dumps(header).encode())


def raw_weights(members, header, data):
    return replace(members, W, safetensors_bytes(header, data))


F32_6 = {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}


def nested(depth):
    return "[" * depth + "]" * depth


def set_path(config, value):
    layer(config, 1)["config"]["units"] = value


# (id, builder(members) -> list of (name, bytes) or raw bytes, member named, field text)
CASES = [
    ("not-a-zip", lambda m: b"hello, this is not a zip file at all\n" * 10, CONTAINER, "zip structure"),
    ("empty-file", lambda m: b"", CONTAINER, "zip structure"),
    ("pickle-renamed", lambda m: b"cos\nsystem\n(S'echo pwned > /tmp/axone_pwned'\ntR.", CONTAINER, "zip structure"),
    (
        "torch-style-zip-with-pickle",
        lambda m: [("archive/data.pkl", b"\x80\x04cos\nsystem\n."), *m.items()],
        "archive/data.pkl",
        "name",
    ),
    ("dotdot-member", lambda m: [*m.items(), ("../evil.json", b"{}")], "../evil.json", "name"),
    ("absolute-member", lambda m: [*m.items(), ("/etc/passwd", b"root")], "/etc/passwd", "name"),
    ("backslash-member", lambda m: [*m.items(), ("..\\evil", b"x")], "..\\evil", "name"),
    ("dotdot-inside-member", lambda m: [*m.items(), ("a/../config.json", b"{}")], "a/../config.json", "name"),
    ("duplicate-member", lambda m: [*m.items(), (C, m[C])], C, "name"),
    ("unexpected-member", lambda m: [*m.items(), ("extra.txt", b"hi")], "extra.txt", "name"),
    ("missing-weights", lambda m: [(n, d) for n, d in m.items() if n != W], W, "(missing)"),
    ("missing-header", lambda m: [(n, d) for n, d in m.items() if n != H], H, "(missing)"),
    ("missing-config", lambda m: [(n, d) for n, d in m.items() if n != C], C, "(missing)"),
    ("bomb-config-over-limit", lambda m: replace(m, C, b" " * (17 * 2**20)), C, "declared size"),
    ("bomb-weights-ratio", lambda m: replace(m, W, bytes(8 * 2**20)), W, "compression ratio"),
    ("future-version", lambda m: edit_header(m, lambda h: h.update(version=2)), H, "field 'version'"),
    ("version-zero", lambda m: edit_header(m, lambda h: h.update(version=0)), H, "field 'version'"),
    ("version-string", lambda m: edit_header(m, lambda h: h.update(version="1")), H, "field 'version'"),
    ("wrong-format-name", lambda m: edit_header(m, lambda h: h.update(format="keras")), H, "field 'format'"),
    ("unknown-header-field", lambda m: edit_header(m, lambda h: h.update(loader="os.system")), H, "field 'loader'"),
    ("header-not-object", lambda m: replace(m, H, b"[1, 2]"), H, "(root)"),
    ("config-not-object", lambda m: replace(m, C, b'"Sequential"'), C, "(root)"),
    ("config-not-json", lambda m: replace(m, C, m[C][:-5]), C, "line"),
    ("config-not-utf8", lambda m: replace(m, C, b'{"model": "\xff\xfe"}'), C, "byte"),
    ("config-nan", lambda m: replace(m, C, m[C].replace(b'"units": 3', b'"units": NaN')), C, "units"),
    (
        "config-infinity",
        lambda m: replace(m, C, m[C].replace(b'"lr": 0.5', b'"lr": Infinity')),
        C,
        "compile.optimizer.config.lr",
    ),
    ("config-minus-infinity", lambda m: replace(m, C, m[C].replace(b'"lr": 0.5', b'"lr": -Infinity')), C, "lr"),
    ("config-overflow-1e999", lambda m: replace(m, C, m[C].replace(b'"lr": 0.5', b'"lr": 1e999')), C, "lr"),
    (
        "config-duplicate-key",
        lambda m: replace(m, C, m[C].replace(b'"units": 3', b'"units": 3, "units": 300')),
        C,
        "layers[1].config",
    ),
    ("config-deeply-nested", lambda m: replace(m, C, b'{"model": ' + nested(100_000).encode() + b"}"), C, "nesting"),
    (
        "config-huge-integer",
        lambda m: replace(m, C, m[C].replace(b'"units": 3', b'"units": ' + b"9" * 5000)),
        C,
        "value",
    ),
    ("unknown-class", lambda m: edit_config(m, lambda c: layer(c, 1).update(class_name="Dense2")), C, "class_name"),
    (
        "class-os-system",
        lambda m: edit_config(m, lambda c: layer(c, 1).update(class_name="os.system")),
        C,
        "layers[1].class_name",
    ),
    (
        "class-builtins-eval",
        lambda m: edit_config(m, lambda c: c["model"].update(class_name="builtins.eval")),
        C,
        "model.class_name",
    ),
    (
        "class-dunder-import",
        lambda m: edit_config(m, lambda c: layer(c, 2).update(class_name="__import__")),
        C,
        "layers[2].class_name",
    ),
    ("class-not-string", lambda m: edit_config(m, lambda c: layer(c, 1).update(class_name=["Dense"])), C, "class_name"),
    (
        "initializer-os-system",
        lambda m: edit_config(
            m, lambda c: layer(c, 1)["config"].update(kernel_initializer={"class_name": "os.system", "config": {}})
        ),
        C,
        "kernel_initializer.class_name",
    ),
    (
        "activation-os-system",
        lambda m: edit_config(m, lambda c: layer(c, 1)["config"].update(activation="os.system")),
        C,
        "layers[1].config.activation",
    ),
    (
        "optimizer-class-eval",
        lambda m: edit_config(m, lambda c: c["compile"]["optimizer"].update(class_name="eval")),
        C,
        "compile.optimizer.class_name",
    ),
    (
        "loss-unknown",
        lambda m: edit_config(m, lambda c: c["compile"].update(loss="__import__('os')")),
        C,
        "compile.loss",
    ),
    (
        "metric-unknown",
        lambda m: edit_config(m, lambda c: c["compile"].update(metrics=["exec"])),
        C,
        "compile.metrics[0]",
    ),
    ("units-string", lambda m: edit_config(m, lambda c: set_path(c, "3")), C, "layers[1].config.units"),
    ("units-negative", lambda m: edit_config(m, lambda c: set_path(c, -1)), C, "layers[1].config.units"),
    ("units-float", lambda m: edit_config(m, lambda c: set_path(c, 2.5)), C, "layers[1].config.units"),
    (
        "unknown-layer-argument",
        lambda m: edit_config(m, lambda c: layer(c, 1)["config"].update(evil=1)),
        C,
        "config.evil",
    ),
    (
        "config-huge-layer",
        lambda m: edit_config(m, lambda c: (set_path(c, 10**8), layer(c, 0)["config"].update(shape=[10**7]))),
        C,
        "model.config",
    ),
    ("unknown-config-field", lambda m: edit_config(m, lambda c: c.update(loader="pickle")), C, "field 'loader'"),
    (
        "bad-build-shape",
        lambda m: edit_config(m, lambda c: c.update(build={"input_shape": [None, -2]})),
        C,
        "build.input_shape",
    ),
    (
        "tensor-wrong-shape",
        lambda m: edit_weights(m, lambda t: t.update({"hidden/kernel": np.zeros((2, 4), np.float32)})),
        W,
        "tensor 'hidden/kernel'",
    ),
    (
        "tensor-wrong-dtype",
        lambda m: edit_weights(m, lambda t: t.update({"hidden/bias": np.zeros(3, np.float64)})),
        W,
        "tensor 'hidden/bias'",
    ),
    ("tensor-missing", lambda m: edit_weights(m, lambda t: t.pop("out/bias")), W, "tensor 'out/bias'"),
    (
        "tensor-extra",
        lambda m: edit_weights(m, lambda t: t.update({"backdoor/kernel": np.zeros(1, np.float32)})),
        W,
        "tensor 'backdoor/kernel'",
    ),
    (
        "tensor-huge-shape",
        lambda m: raw_weights(
            m, {"hidden/kernel": {"dtype": "F32", "shape": [2**40, 2**40], "data_offsets": [0, 24]}}, bytes(24)
        ),
        W,
        "tensor 'hidden/kernel'",
    ),
    (
        "tensor-offsets-mismatch",
        lambda m: raw_weights(m, {"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 20]}}, bytes(20)),
        W,
        "tensor 'a'",
    ),
    (
        "tensor-overlap",
        lambda m: raw_weights(
            m, {"a": F32_6, "b": {"dtype": "F32", "shape": [2, 3], "data_offsets": [8, 32]}}, bytes(32)
        ),
        W,
        "tensor 'b'",
    ),
    (
        "tensor-out-of-range",
        lambda m: raw_weights(m, {"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [100, 124]}}, bytes(24)),
        W,
        "run past",
    ),
    ("tensor-trailing-bytes", lambda m: raw_weights(m, {"a": F32_6}, bytes(40)), W, "data"),
    (
        "tensor-unknown-dtype",
        lambda m: raw_weights(m, {"a": {"dtype": "PY_OBJECT", "shape": [1], "data_offsets": [0, 8]}}, bytes(8)),
        W,
        "tensor 'a'",
    ),
    (
        "tensor-negative-dim",
        lambda m: raw_weights(m, {"a": {"dtype": "F32", "shape": [-1, 3], "data_offsets": [0, 0]}}, b""),
        W,
        "tensor 'a'",
    ),
    ("tensor-extra-key", lambda m: raw_weights(m, {"a": {**F32_6, "loader": "pickle"}}, bytes(24)), W, "tensor 'a'"),
    ("tensors-header-too-long", lambda m: replace(m, W, struct.pack("<Q", 2**60) + b"{}"), W, "header length"),
    ("tensors-header-list", lambda m: replace(m, W, safetensors_bytes([], b"")), W, "header"),
    ("tensors-header-nan", lambda m: replace(m, W, struct.pack("<Q", 12) + b'{"a": NaN}  '), W, "field 'a'"),
    ("tensors-metadata-not-strings", lambda m: raw_weights(m, {"__metadata__": {"x": 1}}, b""), W, "__metadata__"),
    ("tensors-too-short", lambda m: replace(m, W, b"\x01\x02"), W, "header length"),
    (
        "optimizer-state-wrong-shape",
        lambda m: replace(
            m, O, encode({"iterations": np.array(1), "0/step": np.array(1), "0/momentum": np.zeros((9, 9), np.float32)})
        ),
        O,
        "state",
    ),
    (
        "optimizer-state-unknown-slot",
        lambda m: replace(
            m,
            O,
            encode({"iterations": np.array(1), "0/step": np.array(1), "0/__reduce__": np.zeros((2, 3), np.float32)}),
        ),
        O,
        "state",
    ),
    (
        "tensor-gap",
        lambda m: raw_weights(m, {"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [8, 32]}}, bytes(32)),
        W,
        "tensor 'a'",
    ),
    (
        "weights-only-file-as-model",
        lambda m: [(H, m[H].replace(b'"model"', b'"weights"')), (W, m[W])],
        H,
        "field 'kind'",
    ),
]


def _write(tmp_path, name, built):
    path = tmp_path / f"{name}.axone"
    if isinstance(built, bytes):
        path.write_bytes(built)
    else:
        write_zip(path, built)
    return path


def test_the_corpus_is_large():
    assert len(CASES) >= 30
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("name, builder, member, field", CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_refused_naming_member_and_field(valid, tmp_path, name, builder, member, field):
    _, members = valid
    path = _write(tmp_path, name, builder(members))
    with pytest.raises(ModelFileError) as info:
        ax.load_model(path)
    err = info.value
    assert err.member == member, str(err)
    assert field in err.field or field in str(err), str(err)
    assert f"member {member!r}" in str(err) and str(path) in str(err)
    assert not os.path.exists("/tmp/axone_pwned")


def test_every_truncation_of_a_valid_file_is_refused(valid, tmp_path):
    path, _ = valid
    raw = path.read_bytes()
    cut = tmp_path / "cut.axone"
    cut.write_bytes(raw)
    ax.load_model(cut)  # the whole file, for contrast, loads
    loaded = []
    for length in range(len(raw) - 1, -1, -1):
        os.truncate(cut, length)  # one syscall per length: the loop runs ~2,200 times
        try:  # a plain try: pytest.raises costs milliseconds per call
            ax.load_model(cut)
            loaded.append(length)
        except ModelFileError as err:
            assert err.member and err.field and f"member {err.member!r}" in str(err)
    assert loaded == [], f"truncated files that loaded: lengths {loaded[:10]}"


@pytest.mark.parametrize("member", [H, C, W, O])
def test_truncations_of_each_member_inside_a_sound_zip_are_refused(valid, tmp_path, member):
    """The zip is intact, the member is cut short: the member's own checks must catch it. Through
    the whole loader every 5th length (each costs a file write and read), and every length
    through the member's parser in memory."""
    _, members = valid
    path = tmp_path / "cut.axone"
    data = members[member]
    loaded = []
    for length in range(0, len(data), 5):
        write_zip(path, replace(members, member, data[:length]), method=zipfile.ZIP_STORED)
        try:
            ax.load_model(path)
            loaded.append(length)
        except ModelFileError as err:
            assert err.member == member, str(err)
    parse = {
        H: lambda raw: validate.check_header(jsonsafe.loads(raw, "m", H), "m"),
        C: lambda raw: validate.check_config(jsonsafe.loads(raw, "m", C), "m"),
        W: lambda raw: tensors.decode(raw, "m", W),
        O: lambda raw: tensors.decode(raw, "m", O),
    }[member]
    parse(data)
    for length in range(len(data)):
        try:
            parse(data[:length])
            loaded.append(length)
        except ModelFileError:
            pass
    assert loaded == [], f"{member} cut to these lengths loaded: {loaded[:10]}"


def test_every_single_byte_corruption_is_refused_or_harmless(valid, tmp_path):
    """Flipping any one byte either breaks a check (CRC, structure, schema) or changes nothing a
    check guards (a timestamp in a zip header); it never raises anything but ModelFileError."""
    path, _ = valid
    raw = path.read_bytes()
    bad = tmp_path / "flip.axone"
    bad.write_bytes(raw)
    refused = 0
    with open(bad, "r+b", buffering=0) as handle:
        for i in range(len(raw)):
            handle.seek(i)
            handle.write(bytes([raw[i] ^ 0xFF]))
            try:
                ax.load_model(bad)
            except ModelFileError:
                refused += 1
            handle.seek(i)
            handle.write(raw[i : i + 1])
    assert refused > 0.9 * len(raw)


def test_a_member_that_lies_about_its_size_is_refused(valid, tmp_path):
    """A central directory that declares fewer bytes than the member really inflates to."""
    _, members = valid
    path = tmp_path / "liar.axone"
    write_zip(path, members.items(), method=zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    true_size = len(members[C])
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # central and local headers
        start = raw.find(signature + b"", 0)
        while start >= 0:
            name_len = struct.unpack_from("<H", raw, start + (28 if signature == b"PK\x01\x02" else 26))[0]
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if raw[name_at : name_at + name_len] == C.encode():
                struct.pack_into("<I", raw, start + size_at, true_size // 2)
            start = raw.find(signature, start + 4)
    path.write_bytes(raw)
    with pytest.raises(ModelFileError) as info:
        ax.load_model(path)
    assert info.value.member == C


def test_a_huge_declared_size_is_refused_before_reading(valid, tmp_path):
    _, members = valid
    path = tmp_path / "declared.axone"
    write_zip(path, members.items(), method=zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    start = raw.find(b"PK\x01\x02")
    while start >= 0:
        name_len = struct.unpack_from("<H", raw, start + 28)[0]
        if raw[start + 46 : start + 46 + name_len] == C.encode():
            struct.pack_into("<I", raw, start + 24, 0xFFFFFFF0)  # ~4 GiB, the config's limit is 16 MiB
        start = raw.find(b"PK\x01\x02", start + 4)
    path.write_bytes(raw)
    with pytest.raises(ModelFileError, match="declared size"):
        ax.load_model(path)


def test_unsupported_compression_is_refused(valid, tmp_path):
    _, members = valid
    path = tmp_path / "bzip.axone"
    write_zip(path, members.items(), method=zipfile.ZIP_BZIP2)
    with pytest.raises(ModelFileError, match="compression"):
        ax.load_model(path)


def test_a_directory_and_a_missing_file(tmp_path):
    with pytest.raises(ModelFileError, match="directory"):
        ax.load_model(tmp_path)
    with pytest.raises(FileNotFoundError, match="nope.axone"):
        ax.load_model(tmp_path / "nope.axone")
    with pytest.raises(TypeError, match="str or pathlib.Path"):
        ax.load_model(42)
