"""The ``.axone`` container: a zip with a fixed set of members, read with caps, written atomically.

Reading checks everything the central directory declares *before* decompressing a byte: the
member names (exactly the expected ones: no ``..``, no absolute path, no duplicate, nothing
else), the compression method (stored or deflate), no encryption, each member's declared size
against its limit and the total against the file's, and the compression ratio (a zip bomb
declares a small compressed size and a huge real one). Each member is then read with a cap of
its declared size, so a member that lies about its size stops at the cap and fails its CRC.
Writing goes to a temporary file in the same folder, flushed and synced, then ``os.replace``d
over the target: an interrupted save leaves the previous file whole and no temporary behind.

Example:
    >>> import os, tempfile
    >>> from axone.io.archive import read_members, write_members
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "m.axone")
    ...     write_members(path, {"axone.json": b"{}"})
    ...     read_members(path, limits={"axone.json": 100}, required={"axone.json"})
    {'axone.json': b'{}'}
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any, Callable

from axone.io.errors import CONTAINER, FILE, ModelFileError

MAX_FILE_BYTES = 8 * 2**30  # the whole file; weights above this are out of axone's league anyway
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR (deflated JSON is ~5-10)
RATIO_FLOOR = 2**20
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
_CHUNK = 2**20
_END_SIGNATURE = b"PK\x05\x06"
_END_SEARCH = 22 + 2**16  # the end record and the longest archive comment
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    OverflowError,
    KeyError,
    IndexError,
    zlib.error,
)


def check_path(path: Any) -> Path:
    """``path`` as a Path to an existing regular file, or a clear error."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"a model file path is a str or pathlib.Path, got {type(path).__name__}")
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"model file {str(path)!r} does not exist")
    if not p.is_file():
        kind = "a directory" if p.is_dir() else "not a regular file"
        raise ModelFileError(path, FILE, "path", f"is {kind}; give the path of a .axone file")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ModelFileError(path, FILE, "size", f"{size} bytes, more than the limit of {MAX_FILE_BYTES}")
    return p


def _check_name(name: str, path: Any) -> None:
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or ":" in name
        or ".." in name.split("/")
        or posixpath.normpath(name) != name
        or "\x00" in name
    ):
        raise ModelFileError(path, name, "name", "unsafe member name (absolute path, '..', drive or backslash)")


def read_members(path: Any, limits: dict[str, int], required: set[str]) -> dict[str, bytes]:
    """The members of the zip at ``path``; ``limits`` maps each allowed name to its byte limit."""
    p = check_path(path)
    try:
        with zipfile.ZipFile(p) as archive:
            infos = archive.infolist()
            _check_count(p, len(infos), path)
            _check_directory(infos, limits, required, path)
            return {info.filename: _read_capped(archive, info, path) for info in infos}
    except ModelFileError:
        raise
    except _ZIP_ERRORS as exc:
        raise ModelFileError(path, CONTAINER, "zip structure", f"not a readable zip archive ({exc})") from None


def declared_count(p: Path) -> int | None:
    """The member count the zip's end record declares (None when it has no plain end record:
    the zip module then refuses the file itself, or it is a zip64 file with its own record)."""
    with open(p, "rb") as handle:
        handle.seek(max(0, p.stat().st_size - _END_SEARCH))
        tail = handle.read()
    at = tail.rfind(_END_SIGNATURE)
    if at < 0 or len(tail) - at < 22:
        return None
    on_disk, total = struct.unpack_from("<HH", tail, at + 8)
    return None if 0xFFFF in (on_disk, total) else max(on_disk, total)


def _check_count(p: Path, read: int, path: Any) -> None:
    """The members the central directory yields must be all those the end record declares: a
    flipped length field can hide the last ones, and the zip module reads on without a word."""
    declared = declared_count(p)
    if declared is not None and declared != read:
        raise ModelFileError(
            path,
            CONTAINER,
            "central directory",
            f"the end record declares {declared} members but the directory holds {read}: the file is damaged",
        )


def _check_directory(infos: list[zipfile.ZipInfo], limits: dict[str, int], required: set[str], path: Any) -> None:
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        _check_name(name, path)
        if name in seen:
            raise ModelFileError(
                path, name, "name", "this member appears twice in the zip (which copy counts would be a guess)"
            )
        seen.add(name)
        if name not in limits:
            raise ModelFileError(path, name, "name", f"unexpected member; a model file holds only {sorted(limits)}")
        if info.flag_bits & 0x1:
            raise ModelFileError(path, name, "flags", "encrypted members are not read")
        if info.compress_type not in _METHODS:
            raise ModelFileError(
                path, name, "compression", f"method {info.compress_type} (only stored and deflate are read)"
            )
        if info.file_size > limits[name]:
            raise ModelFileError(
                path, name, "declared size", f"{info.file_size} bytes, more than the limit of {limits[name]}"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ModelFileError(
                path,
                name,
                "compression ratio",
                f"{info.file_size} bytes from {info.compress_size} compressed: more than {MAX_RATIO}x (a zip bomb?)",
            )
        total += info.file_size
    if total > MAX_FILE_BYTES:
        raise ModelFileError(
            path, CONTAINER, "declared sizes", f"{total} bytes in all, more than the limit of {MAX_FILE_BYTES}"
        )
    for name in sorted(required - seen):
        raise ModelFileError(path, name, "(missing)", f"this member is required; the zip holds {sorted(seen)}")


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Any) -> bytes:
    """Read at most the declared size; a member that inflates past it, falls short of it or fails
    its CRC is refused, named."""
    chunks, left = [], info.file_size
    try:
        with archive.open(info) as stream:
            while left > 0:
                chunk = stream.read(min(left, _CHUNK))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
            extra = stream.read(1) if left == 0 else b""
    except _ZIP_ERRORS as exc:
        raise ModelFileError(path, info.filename, "data", f"cannot be read back intact ({exc})") from None
    if extra:
        raise ModelFileError(path, info.filename, "size", f"holds more than its declared {info.file_size} bytes")
    if left:
        raise ModelFileError(
            path, info.filename, "size", f"holds {info.file_size - left} of its declared {info.file_size} bytes"
        )
    return b"".join(chunks)


def atomic_write(path: Any, write: Callable[[Any], None]) -> None:
    """Call ``write(file)`` on a temporary file beside ``path``, then move it over ``path``."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"a model file path is a str or pathlib.Path, got {type(path).__name__}")
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"cannot save to {str(path)!r}: it is a directory")
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot save to {str(path)!r}: folder {str(folder)!r} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _mode(target: Path) -> int:
    """The replaced file's permissions, or the umask's default for a new file."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_members(path: Any, members: dict[str, bytes], stored: tuple[str, ...] = ()) -> None:
    """Write a zip of ``members`` atomically; names in ``stored`` are not compressed (raw floats)."""

    def write(handle: Any) -> None:
        with zipfile.ZipFile(handle, "w") as archive:
            for name, data in members.items():
                method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # reproducible bytes
                info.compress_type = method
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)

    atomic_write(path, write)
