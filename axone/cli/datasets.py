"""``axone datasets``: the datasets of ``axone.data``, one line each (name and what it holds).

Example:
    >>> import argparse
    >>> _ = run_datasets(argparse.Namespace())  # doctest: +ELLIPSIS
    name ...
    and ...AND gate truth table: X (4, 2), t (4, 1)
    ...
"""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(commands: Any) -> None:
    parser = commands.add_parser(
        "datasets",
        help="list the datasets (load them with ax.datasets.load(name))",
        description="List the datasets of axone.data; load one in Python with ax.datasets.load(NAME).",
    )
    parser.set_defaults(run=run_datasets)


def run_datasets(args: argparse.Namespace) -> int:
    from axone.data import list_datasets

    entries = list_datasets()
    width = max(len(name) for name, _ in entries)
    print(f"{'name'.ljust(width)}  description")
    for name, description in entries:
        print(f"{name.ljust(width)}  {description}")
    print(f"\n{len(entries)} datasets; in Python: ax.datasets.load(name, **options)")
    return 0
