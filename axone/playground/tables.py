"""Uploaded CSV tables: read and cleaned by the same loaders as ``axone train``, never anything else.

The bytes of an upload are written to a private temporary file and read by
``axone.data.read_csv`` (pandas' CSV parser: no pickle, no code); the two chosen feature columns
and the target then go through ``axone.data.from_dataframe``, the cleaning of ``axone train``
(missing values, outliers, standardisation, class labels).

Example:
    >>> table = read_table(b"a,b,label\\n1,2,x\\n2,1,y\\n3,3,x\\n4,0,y\\n", "t.csv")
    >>> table.columns
    ['a', 'b', 'label']
    >>> points = table_points(table, "a", "b", "label", ratio=50, seed=0)
    >>> points.task, points.classes, points.x_train.shape
    ('classification', 2, (2, 2))
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axone.data import from_dataframe, read_csv
from axone.playground.datasets import Points, split
from axone.random import get_rng

MAX_UPLOAD_BYTES = 1 << 20  # 1 MiB: a table of some ten thousand rows, plenty for a plane of points
MAX_ROWS = 5000  # an epoch a frame: more rows would make the page slow to answer (pause waits for the epoch)


@dataclass
class Table:
    """An uploaded table: its file name, its columns and the DataFrame read from it."""

    name: str
    frame: Any

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]


def read_table(data: bytes, name: str) -> Table:
    """Parse uploaded bytes with ``axone.data.read_csv``; ``ValueError`` when they are not a table."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(f"the table {name!r} has {len(data)} bytes; the playground takes at most {MAX_UPLOAD_BYTES}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.csv"
        path.write_bytes(data)
        try:
            frame = read_csv(path)
        except ValueError as error:
            raise ValueError(str(error).replace(str(path), repr(name))) from None
    if len(frame) > MAX_ROWS:
        raise ValueError(
            f"the table {name!r} has {len(frame)} rows; the playground takes at most {MAX_ROWS} (sample it)"
        )
    if frame.shape[1] < 3:
        raise ValueError(
            f"the table {name!r} has {frame.shape[1]} columns; the playground needs two features and a target"
        )
    return Table(name, frame)


def table_points(table: Table, x1col: str, x2col: str, target: str, ratio: int, seed: int) -> Points:
    """The two feature columns and the target, cleaned as ``axone train`` does, split in train and test."""
    for key, column in (("x1col", x1col), ("x2col", x2col), ("target", target)):
        if column not in table.columns:
            raise ValueError(f"setting {key!r}: no column {column!r} in {table.name!r}; columns: {table.columns}")
    if len({x1col, x2col, target}) < 3:
        raise ValueError(f"pick three different columns, got x1col={x1col!r}, x2col={x2col!r}, target={target!r}")
    data = from_dataframe(table.frame[[x1col, x2col, target]], target=target, source=table.name)
    if data.X.shape[1] != 2:
        raise ValueError(
            f"columns {x1col!r} and {x2col!r} must both be numbers (the cleaning made {data.X.shape[1]} "
            f"inputs of them: {data.feature_names}); pick numeric columns"
        )
    classes = len(data.classes or [])
    points = split(data.X, data.y, data.task, classes, ratio, get_rng(seed))
    points.names = (x1col, x2col)
    return points
