r"""The safetensors layout, written and read by axone itself with strict checks (level 4).

A safetensors file is: an 8-byte little-endian unsigned header length $N$, $N$ bytes of JSON
``{name: {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__": {...}}``,
then the raw little-endian, C-ordered bytes of every tensor, ``begin`` and ``end`` counted from
the first byte after the header. The files are byte-compatible with the ``safetensors`` package
(the tests read ours with it and its with ours); owning the reader lets every hostile header be
refused with the member and the tensor named, *before* anything is allocated: the size of each
tensor is computed from its shape with Python integers, must equal its byte range exactly, and
the ranges must tile the data with no gap, overlap or trailing byte.

Example:
    >>> import numpy as np
    >>> from axone.io.tensors import decode, encode
    >>> raw = encode({"dense/kernel": np.ones((2, 3), np.float32)})
    >>> tensors, meta = decode(raw, "w.safetensors", "weights.safetensors")
    >>> tensors["dense/kernel"].shape, tensors["dense/kernel"].dtype, meta
    ((2, 3), dtype('float32'), {})
"""

from __future__ import annotations

import math
import struct
from typing import Any

import numpy as np

from axone.io import jsonsafe
from axone.io.errors import ModelFileError

# safetensors dtype codes <-> NumPy (BF16 and the 8-bit floats have no NumPy dtype: refused)
DTYPES: dict[str, np.dtype] = {
    "BOOL": np.dtype("?"),
    "U8": np.dtype("u1"),
    "I8": np.dtype("i1"),
    "U16": np.dtype("<u2"),
    "I16": np.dtype("<i2"),
    "U32": np.dtype("<u4"),
    "I32": np.dtype("<i4"),
    "U64": np.dtype("<u8"),
    "I64": np.dtype("<i8"),
    "F16": np.dtype("<f2"),
    "F32": np.dtype("<f4"),
    "F64": np.dtype("<f8"),
}
CODES = {dt.newbyteorder("=") if dt.itemsize > 1 else dt: code for code, dt in DTYPES.items()}

MAX_HEADER_BYTES = 100 * 2**20  # the safetensors package's own limit
MAX_NDIM = 32  # NumPy's limit is 64; no layer weight comes near 32
MAX_NAME_CHARS = 1024
_TENSOR_KEYS = {"dtype", "shape", "data_offsets"}


def encode(tensors: dict[str, Any], metadata: dict[str, str] | None = None) -> bytes:
    """The safetensors bytes of ``tensors`` (name -> array), in the given order."""
    header: dict[str, Any] = {}
    if metadata:
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
            raise TypeError("safetensors metadata maps str to str")
        header["__metadata__"] = dict(metadata)
    blobs, offset = [], 0
    for name, value in tensors.items():
        array = np.asarray(value)
        code = CODES.get(array.dtype.newbyteorder("=") if array.dtype.itemsize > 1 else array.dtype)
        if code is None:
            raise TypeError(f"tensor {name!r}: dtype {array.dtype} cannot be stored (use one of {sorted(DTYPES)})")
        blob = np.ascontiguousarray(array, dtype=DTYPES[code]).tobytes()
        header[name] = {"dtype": code, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    head = jsonsafe.dumps(header, indent=None)
    head += b" " * (-len(head) % 8)  # pad so that the data starts 8-byte aligned, as safetensors does
    return struct.pack("<Q", len(head)) + head + b"".join(blobs)


def read_header(raw: bytes, path: Any, member: str) -> tuple[list[tuple], dict[str, str], int]:
    """Validate the header alone: ([(name, dtype, shape, begin, end)...], metadata, data start)."""
    if len(raw) < 8:
        raise ModelFileError(path, member, "header length", f"{len(raw)} bytes, too short for the 8-byte header length")
    (n,) = struct.unpack("<Q", raw[:8])
    if n > MAX_HEADER_BYTES or n > len(raw) - 8:
        raise ModelFileError(
            path,
            member,
            "header length",
            f"declares a {n}-byte header but the member has {len(raw) - 8} bytes after the length "
            f"(and the limit is {MAX_HEADER_BYTES})",
        )
    header = jsonsafe.loads(bytes(raw[8 : 8 + n]), path, member)
    if not isinstance(header, dict):
        raise ModelFileError(path, member, "header", f"the header must be a JSON object, got {type(header).__name__}")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise ModelFileError(path, member, "field '__metadata__'", "must be an object of strings")
    specs = [_check_spec(name, spec, path, member) for name, spec in header.items()]
    _check_tiling(specs, len(raw) - 8 - n, path, member)
    return specs, metadata, 8 + n


def decode(raw: bytes, path: Any, member: str) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """Validate and read safetensors bytes; returns (name -> array, metadata) or raises ModelFileError."""
    specs, metadata, start = read_header(raw, path, member)
    data = memoryview(raw)[start:]
    tensors = {}
    for name, dtype, shape, begin, _end in specs:
        array = np.frombuffer(data, dtype=dtype, count=math.prod(shape), offset=begin).reshape(shape)
        tensors[name] = array.astype(dtype.newbyteorder("="), copy=True)  # native order, writeable, detached
    return tensors, metadata


def _check_spec(name: str, spec: Any, path: Any, member: str) -> tuple:
    where = f"tensor {name!r}"
    if not name or len(name) > MAX_NAME_CHARS:
        raise ModelFileError(path, member, where, f"tensor names are 1 to {MAX_NAME_CHARS} characters")
    if not isinstance(spec, dict) or set(spec) != _TENSOR_KEYS:
        got = sorted(spec) if isinstance(spec, dict) else type(spec).__name__
        raise ModelFileError(path, member, where, f"must be an object with keys {sorted(_TENSOR_KEYS)}, got {got}")
    code = spec["dtype"]
    if not isinstance(code, str) or code not in DTYPES:
        raise ModelFileError(path, member, where, f"unknown dtype {code!r}; readable dtypes: {', '.join(DTYPES)}")
    shape = spec["shape"]
    if not isinstance(shape, list) or len(shape) > MAX_NDIM or not all(_is_count(d) for d in shape):
        raise ModelFileError(
            path, member, where, f"shape must be a list of at most {MAX_NDIM} non-negative integers, got {shape!r}"
        )
    offsets = spec["data_offsets"]
    if not isinstance(offsets, list) or len(offsets) != 2 or not all(_is_count(o) for o in offsets):
        raise ModelFileError(path, member, where, f"data_offsets must be [begin, end] with 0 <= begin, got {offsets!r}")
    begin, end = offsets
    dtype = DTYPES[code]
    nbytes = math.prod(shape) * dtype.itemsize  # Python integers: a huge shape cannot overflow
    if end - begin != nbytes:
        raise ModelFileError(
            path,
            member,
            where,
            f"shape {shape} of {code} needs {nbytes} bytes but data_offsets [{begin}, {end}] hold {end - begin}",
        )
    return name, dtype, tuple(shape), begin, end


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_tiling(specs: list[tuple], size: int, path: Any, member: str) -> None:
    """The byte ranges, sorted, must start at 0, follow each other exactly, and end at ``size``."""
    position = 0
    for name, _dtype, _shape, begin, end in sorted(specs, key=lambda s: (s[3], s[4])):
        if end > size:
            raise ModelFileError(
                path, member, f"tensor {name!r}", f"data_offsets [{begin}, {end}] run past the {size} data bytes"
            )
        if begin != position:
            kind = "overlaps the previous tensor" if begin < position else f"leaves a gap of {begin - position} bytes"
            raise ModelFileError(path, member, f"tensor {name!r}", f"data_offsets [{begin}, {end}] {kind}")
        position = end
    if position != size:
        raise ModelFileError(path, member, "data", f"{size - position} bytes after the last tensor belong to no tensor")
