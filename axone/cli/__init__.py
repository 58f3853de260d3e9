"""The ``axone`` command line (level 5); ``main(argv)`` returns the exit code.

See docs/cli.md for every command, and ``main.py`` for the layout of this package.
"""

from axone.cli.main import main

__all__ = ["main"]
