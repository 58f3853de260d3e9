"""How the ``axone`` command fails: one line on stderr, exit code 2, and nothing written.

Every check a user can act on raises ``CliError`` (or one of the library's own errors:
``FileNotFoundError``, ``ValueError``, ``ModelFileError``); ``main`` turns it into the single
line ``axone: error: ...``. Outputs are checked before any work starts (``check_output``) and
written through a temporary file beside them, moved into place at the end (``write_text``), so a
failed command leaves no file behind and never half-overwrites one.

Example:
    >>> one_line(ValueError("bad\\n  value"))
    'bad value'
"""

from __future__ import annotations

import os
from pathlib import Path

EXIT_USAGE = 2  # a user error: wrong argument, missing file, bad table (argparse's code too)
EXIT_FAILED = 1  # the command ran but something failed (a lab that raised)


class CliError(Exception):
    """A user error of the ``axone`` command; its message is printed as one line."""


def one_line(error: BaseException) -> str:
    """The error's message on one line (a multi-line message is joined with single spaces)."""
    text = " ".join(str(error).split())
    return text or type(error).__name__


def check_input(path: str | os.PathLike, what: str) -> Path:
    """``path`` as a Path to an existing regular file, or a ``CliError`` naming ``what`` it should be."""
    p = Path(path)
    if not p.exists():
        raise CliError(f"{what} {str(path)!r} does not exist")
    if not p.is_file():
        raise CliError(f"{what} {str(path)!r} is not a file")
    return p


def check_output(path: str | os.PathLike, force: bool, inputs: tuple = ()) -> Path:
    """Refuse an output path that exists (without ``force``), is a folder, sits in a missing folder,
    or is one of the command's ``inputs`` (``--force`` must never destroy the data it reads)."""
    p = Path(path)
    if p.is_dir():
        raise CliError(f"output {str(path)!r} is a folder; give a file name")
    if not p.parent.is_dir():
        raise CliError(f"cannot write {str(path)!r}: folder {str(p.parent)!r} does not exist")
    for source in inputs:
        if p.exists() and Path(source).exists() and p.resolve() == Path(source).resolve():
            raise CliError(f"output {str(path)!r} is also an input of the command; choose another name")
    if p.exists() and not force:
        raise CliError(f"output {str(path)!r} already exists; use --force to overwrite it")
    return p


def write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) atomically: a temporary file in the same folder, then ``os.replace``."""
    from axone.io.archive import atomic_write

    data = text.encode("utf-8")
    atomic_write(path, lambda handle: handle.write(data))
