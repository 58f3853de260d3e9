"""The ``axone`` command: one sub-command per task, ``--help`` on each.

::

    axone train table.csv --target label --out model.axone
    axone predict model.axone new.csv --out predictions.csv
    axone inspect model.axone
    axone export model.axone --to onnx [--out m.onnx] [--check]
    axone datasets
    axone lab [NAME] [--quick] [--out DIR]
    axone tour [--quick] [--out DIR]
    axone playground [--port N] [--no-browser]

``main(argv)`` returns the exit code instead of exiting, so tests and notebooks can call it:
0 on success, 2 for a user error (one line on stderr: ``axone: error: ...``), 1 when a lab failed.
The sub-commands live in ``tables.py`` (train), ``predict.py``, ``inspect.py``, ``export.py``, ``datasets.py`` and
``labs.py`` (lab, tour); heavy imports happen inside them, so ``axone --help`` is quick.

Example:
    >>> main(["--version"])
    axone 0.1.0
    0
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from typing import Any, Sequence

from axone.cli import datasets, export, inspect, labs, playground, predict, tables
from axone.cli.errors import EXIT_USAGE, CliError, one_line


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``axone train: error: ...``), not usage + message."""

    def error(self, message: str) -> Any:
        print(f"{self.prog}: error: {message} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> Parser:
    """The parser of ``axone`` and its sub-commands."""
    from axone import __version__

    parser = Parser(
        prog="axone",
        description="Neural networks from scratch on NumPy: train on your tables, run the course's labs.",
        epilog="Run 'axone COMMAND --help' for the options of a command. Start with: axone tour --quick",
    )
    parser.add_argument("-V", "--version", action="version", version=f"axone {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in (tables, predict, inspect, export, datasets, labs, playground):
        module.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``axone`` command line with ``argv`` (``sys.argv[1:]`` by default); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error already printed
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.run(args) or 0)
    except BrokenPipeError:  # `axone ... | head` closed the pipe: stop quietly, as Unix tools do
        silence_stdout()
        return 0
    except (CliError, FileNotFoundError, ValueError, OSError) as error:
        # ValueError covers the data layer's checks (unknown column, one class...) and ModelFileError
        if args.debug:
            raise
        print(f"axone: error: {one_line(error)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("axone: interrupted; nothing was written", file=sys.stderr)
        return 130


def silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's final flush does not fail again."""
    # a captured stream (tests, notebooks) has no file descriptor: nothing to silence then
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def entry_point() -> None:
    """``python -m axone`` and the console script: exit with ``main()``'s code."""
    sys.exit(main())
