"""The IDX reader on small generated files: raw and gzip, and every kind of broken file."""

import gzip
import struct

import numpy as np
import pytest

from axone.data import fashion_mnist, mnist, parse_idx, read_idx, write_idx
from axone.data.idx_datasets import PARTS


@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize(
    "array",
    [
        np.arange(24, dtype=np.uint8).reshape(2, 3, 4),
        np.array([-3, 0, 5], dtype=np.int8),
        np.array([[1, -2], [300, 4]], dtype=np.int16),
        np.array([70000, -1], dtype=np.int32),
        np.array([0.5, -1.25], dtype=np.float32),
        np.array([[1e300]], dtype=np.float64),
    ],
)
def test_round_trip(tmp_path, array, suffix):
    path = tmp_path / f"a-idx{suffix}"
    write_idx(path, array)
    out = read_idx(path)
    assert out.dtype == array.dtype and out.shape == array.shape
    np.testing.assert_array_equal(out, array)


def test_header_is_big_endian(tmp_path):
    path = tmp_path / "x"
    write_idx(path, np.array([1, 2], dtype=np.int32))
    assert path.read_bytes() == bytes([0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2])


def test_gzip_detected_by_content_not_name(tmp_path):
    raw = bytes([0, 0, 8, 1, 0, 0, 0, 2, 5, 6])
    path = tmp_path / "no-suffix"
    path.write_bytes(gzip.compress(raw))
    assert read_idx(path).tolist() == [5, 6]


def _header(code=0x08, dims=(2, 2)):
    return struct.pack(f">HBB{len(dims)}I", 0, code, len(dims), *dims)


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"\x12\x34\x08\x01" + b"\x00\x00\x00\x01" + b"\x00", "magic starts with 1234"),
        (_header(code=0x07) + bytes(4), "unknown IDX dtype code 0x07"),
        (_header() + bytes(3), "truncated: header says shape \\(2, 2\\) of uint8 \\(4 data bytes\\), found 3"),
        (_header() + bytes(5), "has extra bytes"),
        (_header(code=0x0C, dims=(3,)) + bytes(8), "found 8"),
        (b"\x00\x00", "shorter than the 4-byte magic"),
        (b"\x00\x00\x08\x03\x00\x00\x00\x02", "truncated IDX header"),
        (b"\x00\x00\x08\x00", "0 dimensions"),
    ],
)
def test_bad_files(tmp_path, raw, message):
    path = tmp_path / "bad-idx1-ubyte"
    path.write_bytes(raw)
    with pytest.raises(ValueError, match=message) as info:
        read_idx(path)
    assert str(path) in str(info.value)
    with pytest.raises(ValueError, match=message):
        read_idx_gz = tmp_path / "bad.gz"
        read_idx_gz.write_bytes(gzip.compress(raw))
        read_idx(read_idx_gz)


def test_truncated_and_corrupt_gzip(tmp_path):
    good = gzip.compress(_header() + bytes(4))
    path = tmp_path / "t.gz"
    path.write_bytes(good[:-6])
    with pytest.raises(ValueError, match="truncated or corrupt gzip"):
        read_idx(path)
    corrupt = bytearray(good)
    corrupt[-5] ^= 0xFF  # the stored length no longer matches
    path.write_bytes(bytes(corrupt))
    with pytest.raises(ValueError, match="truncated or corrupt gzip"):
        read_idx(path)


def test_parse_idx_and_write_errors(tmp_path):
    assert parse_idx(_header(dims=(1, 2)) + b"\x01\x02").shape == (1, 2)
    with pytest.raises(ValueError, match="cannot write IDX"):
        write_idx(tmp_path / "x", np.array([1], dtype=np.uint16))
    with pytest.raises(FileNotFoundError):
        read_idx(tmp_path / "missing")


def write_fake_mnist(folder, n_train=6, n_test=3, gz=True, rng=0):
    """Four small IDX files with MNIST's names (8x8 images instead of 28x28)."""
    rng = np.random.default_rng(rng)
    folder.mkdir(parents=True, exist_ok=True)
    arrays = [
        rng.integers(0, 256, (n_train, 8, 8), dtype=np.uint8),
        rng.integers(0, 10, n_train, dtype=np.uint8),
        rng.integers(0, 256, (n_test, 8, 8), dtype=np.uint8),
        rng.integers(0, 10, n_test, dtype=np.uint8),
    ]
    for part, array in zip(PARTS, arrays):
        write_idx(folder / (part + (".gz" if gz else "")), array)
    return arrays


@pytest.mark.parametrize("gz", [True, False])
def test_mnist_from_folder(tmp_path, gz):
    arrays = write_fake_mnist(tmp_path / "m", gz=gz)
    (x_tr, y_tr), (x_te, y_te) = mnist(path=tmp_path / "m")
    assert x_tr.shape == (6, 8, 8, 1) and x_tr.dtype == np.float32
    assert y_te.shape == (3,) and y_te.dtype == np.int64
    np.testing.assert_allclose(x_tr[..., 0] * 255, arrays[0], atol=1e-4)
    (raw_tr, _), _ = fashion_mnist(path=tmp_path / "m", normalize=False)
    np.testing.assert_array_equal(raw_tr, arrays[0])


def test_mnist_folder_errors(tmp_path):
    arrays = write_fake_mnist(tmp_path / "m")
    write_idx(tmp_path / "m" / "t10k-labels-idx1-ubyte.gz", arrays[3][:2])
    with pytest.raises(ValueError, match="expected 3 labels"):
        mnist(path=tmp_path / "m")
    (tmp_path / "m" / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match="t10k-labels-idx1-ubyte"):
        mnist(path=tmp_path / "m")


def test_mnist_nothing_downloads_unless_asked(tmp_path):
    with pytest.raises(FileNotFoundError, match="download=True"):
        mnist(cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []
