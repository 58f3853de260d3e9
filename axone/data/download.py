"""Downloading a file safely: checksum verified, written atomically, never kept when bad.

Nothing in axone downloads unless asked (``download=True``). A download goes to a temporary
file in the destination folder; it replaces the destination (``os.replace``, atomic on one
file system) only once its SHA-256 matches the expected one. A short, truncated or corrupt
file is deleted, so an interrupted run never leaves a file that a later run would trust.

The cache folder is, first found: the ``cache_dir`` argument, the ``AXONE_CACHE`` environment
variable, ``~/.cache/axone``.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

DEFAULT_TIMEOUT = 30.0
MAX_BYTES = 512 * 2**20  # a server sending more than this is not sending the expected file
_CHUNK = 1 << 16


class DownloadError(OSError):
    """A download failed: unreachable server, HTTP error, truncated file or wrong checksum."""


def cache_dir(path: str | os.PathLike | None = None) -> Path:
    """The folder where downloads are kept: ``path``, else ``$AXONE_CACHE``, else ``~/.cache/axone``.

    Example:
        >>> from axone.data import cache_dir
        >>> str(cache_dir("/tmp/axone-cache"))
        '/tmp/axone-cache'
    """
    if path is None:
        path = os.environ.get("AXONE_CACHE") or "~/.cache/axone"
    return Path(path).expanduser()


def sha256_file(path: str | os.PathLike) -> str:
    """The SHA-256 of a file, as 64 hexadecimal digits (read in chunks, any size).

    Example:
        >>> import tempfile, os
        >>> from axone.data import sha256_file
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "empty")
        ...     open(path, "wb").close()
        ...     sha256_file(path)[:16]
        'e3b0c44298fc1c14'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def download_file(
    url: str,
    dest: str | os.PathLike,
    sha256: str,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> Path:
    """Fetch ``url`` into ``dest`` unless ``dest`` already holds the file with that checksum.

    A ``dest`` whose checksum does not match is deleted first. The new file is streamed into a
    temporary file next to ``dest``, checked (length against ``Content-Length``, then SHA-256),
    and only then moved into place.

    Args:
        url: an ``http://`` or ``https://`` address.
        dest: the file to create.
        sha256: the expected SHA-256, 64 hexadecimal digits.
        timeout: seconds to wait for the server on each network operation.
        max_bytes: stop and fail beyond this many bytes.

    Returns:
        ``dest`` as a ``Path``.

    Raises:
        DownloadError: the server cannot be reached or answers an error, the file is
            truncated, too large, or its checksum is wrong. Nothing is left at ``dest``.

    Example:
        >>> from axone.data import download_file
        >>> download_file("ftp://x/y", "/tmp/y", "0" * 64)  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        DownloadError: only http:// and https:// downloads are supported, got 'ftp://x/y'
    """
    if not url.startswith(("http://", "https://")):
        raise DownloadError(f"only http:// and https:// downloads are supported, got {url!r}")
    sha256 = sha256.lower()
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"sha256 must be 64 hexadecimal digits, got {sha256!r}")
    dest = Path(dest)
    if dest.exists():
        if sha256_file(dest) == sha256:
            return dest
        dest.unlink()  # corrupt or stale: never kept, never trusted
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            digest = _stream(url, out, timeout, max_bytes)
            out.flush()
            os.fsync(out.fileno())
        if digest != sha256:
            raise DownloadError(
                f"checksum mismatch for {url}: expected sha256 {sha256}, got {digest}; "
                "the file is corrupt or was changed on the server, and was deleted"
            )
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def _stream(url: str, out, timeout: float, max_bytes: int) -> str:
    """Copy the body at ``url`` into ``out``; return its SHA-256. Raises DownloadError."""
    digest = hashlib.sha256()
    size = 0
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise DownloadError(f"{url}: more than {max_bytes} bytes, stopped")
                digest.update(chunk)
                out.write(chunk)
    except DownloadError:
        raise
    except urllib.error.HTTPError as err:
        err.close()
        raise DownloadError(f"could not download {url}: HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        raise DownloadError(f"could not download {url}: {err.reason}") from None
    except (OSError, http.client.HTTPException) as err:
        raise DownloadError(f"could not download {url}: {type(err).__name__}: {err}") from None
    # http.client returns a short body without complaint when the connection drops early.
    if length is not None and length.isdigit() and size != int(length):
        raise DownloadError(f"truncated download from {url}: received {size} of {int(length)} bytes; deleted")
    return digest.hexdigest()
