"""The IDX file format of MNIST and Fashion-MNIST: a strict reader and a writer.

Layout (all integers big-endian):

    bytes 0-1   0x00 0x00           (the magic number starts with two zero bytes)
    byte 2      dtype code          0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32,
                                    0x0D float32, 0x0E float64
    byte 3      number of dimensions d
    4 * d       the size of each dimension, uint32
    then        the values, C order, exactly prod(sizes) * itemsize bytes

Files may be gzip-compressed (recognised by their content, not their name). Anything that
does not match (wrong magic, unknown code, missing or extra bytes, a truncated or corrupt
gzip stream) raises ``ValueError`` naming the file and what was wrong.
"""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from pathlib import Path

import numpy as np

# dtype code -> big-endian NumPy dtype
IDX_DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"


def parse_idx(raw: bytes, name: str = "<bytes>") -> np.ndarray:
    """Decode the bytes of an (uncompressed) IDX file, checking every header field.

    Args:
        raw: the file's content.
        name: how to call the file in error messages.

    Returns:
        the array, in native byte order, with the shape the header gives.

    Raises:
        ValueError: bad magic, unknown dtype code, or a size that does not match the header.

    Example:
        >>> from axone.data import parse_idx
        >>> parse_idx(bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9])).tolist()
        [7, 8, 9]
    """
    if len(raw) < 4:
        raise ValueError(f"{name}: not an IDX file: {len(raw)} bytes, shorter than the 4-byte magic")
    zero, code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0:
        raise ValueError(f"{name}: not an IDX file: magic starts with {raw[:2].hex()}, expected 0000")
    if code not in IDX_DTYPES:
        known = ", ".join(f"0x{c:02X}" for c in IDX_DTYPES)
        raise ValueError(f"{name}: unknown IDX dtype code 0x{code:02X} (known: {known})")
    if ndim == 0:
        raise ValueError(f"{name}: IDX header declares 0 dimensions")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{name}: truncated IDX header: {len(raw)} bytes, need {header} for {ndim} dimensions")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = IDX_DTYPES[code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    got = len(raw) - header
    if got != expected:
        what = "truncated" if got < expected else "has extra bytes"
        raise ValueError(
            f"{name}: IDX file {what}: header says shape {shape} of {dtype.name} ({expected} data bytes), found {got}"
        )
    data = np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape)
    return data.astype(dtype.newbyteorder("="))


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file, raw or gzip-compressed.

    Args:
        path: the file (``train-images-idx3-ubyte``, ``...ubyte.gz``, any name).

    Returns:
        the array with the header's shape and dtype (uint8 for MNIST).

    Raises:
        FileNotFoundError: no such file.
        ValueError: the content is not a valid IDX file, or the gzip stream is truncated or
            corrupt.

    Example:
        >>> import tempfile, os
        >>> from axone.data import read_idx, write_idx
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "a.idx.gz")
        ...     write_idx(path, np.arange(6, dtype=np.uint8).reshape(2, 3))
        ...     read_idx(path).tolist()
        [[0, 1, 2], [3, 4, 5]]
    """
    path = Path(path)
    raw = path.read_bytes()
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as err:
            raise ValueError(f"{path}: truncated or corrupt gzip file ({err})") from None
    return parse_idx(raw, str(path))


def write_idx(path: str | os.PathLike, array: np.ndarray) -> None:
    """Write an array as an IDX file, gzip-compressed when the name ends in ``.gz``.

    Args:
        path: where to write.
        array: uint8, int8, int16, int32, float32 or float64, at least one dimension.

    Example:
        >>> import tempfile, os
        >>> from axone.data import read_idx, write_idx
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "labels-idx1-ubyte")
        ...     write_idx(path, np.array([3, 1, 4], dtype=np.uint8))
        ...     os.path.getsize(path)  # 4 magic + 4 size + 3 values
        11
    """
    array = np.asarray(array)
    codes = {dt.str[1:]: code for code, dt in IDX_DTYPES.items()}  # "u1", "i2", "f4", ...
    kind = array.dtype.str[1:]
    if kind not in codes or array.ndim == 0 or array.ndim > 255:
        raise ValueError(f"cannot write IDX from dtype {array.dtype} with {array.ndim} dimensions")
    code = codes[kind]
    header = struct.pack(f">HBB{array.ndim}I", 0, code, array.ndim, *array.shape)
    raw = header + np.ascontiguousarray(array, dtype=IDX_DTYPES[code]).tobytes()
    path = Path(path)
    path.write_bytes(gzip.compress(raw, mtime=0) if path.suffix == ".gz" else raw)
