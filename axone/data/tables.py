"""Your own tables: a CSV file or a pandas DataFrame, cleaned into arrays a model can learn.

``from_csv`` / ``from_dataframe`` clean the table (see ``axone.data.cleaning`` for the steps)
and return a ``TableDataset``: the inputs ``X`` (float32), the target ``y``, the feature names,
the ``CleaningReport`` and the fitted ``Preprocessor`` that applies the same cleaning to a raw
table at prediction time. pandas is imported only when these are called.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from axone.data.cleaning import clean_table
from axone.data.preprocessing import Preprocessor
from axone.data.report import CleaningReport

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class TableDataset:
    """A cleaned table: ``X, y = dataset`` unpacks like Keras's ``(x, y)``.

    Attributes:
        X: inputs, float32 ``(N, F)``, numbers standardised and text one-hot encoded.
        y: class indices, int64 ``(N,)`` (classification), or float32 ``(N, 1)`` (regression).
        feature_names: the ``F`` column names of ``X`` (``"city=Paris"`` for one-hot columns).
        report: what the cleaning found and did; ``print(dataset.report)``.
        preprocessor: the fitted cleaning, to apply to new raw tables and to save with a model.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: list[str]
    report: CleaningReport
    preprocessor: Preprocessor

    @property
    def task(self) -> str:
        """``"classification"`` or ``"regression"``."""
        return self.preprocessor.task

    @property
    def classes(self) -> list | None:
        """Class labels in index order (classification), else None."""
        return self.preprocessor.classes

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.X, self.y))

    def __len__(self) -> int:
        return len(self.X)


def read_csv(
    path: str | os.PathLike,
    sep: str | None = None,
    decimal: str | None = None,
    encoding: str | None = None,
    skip_rows: int = 0,
    **kwargs: Any,
) -> pd.DataFrame:
    r"""Read a CSV file into a DataFrame, with errors a user can act on.

    What is not given is detected (``axone.data.csv_format``): the encoding (UTF-8 with or
    without BOM, else cp1252 / latin-1), the separator (``,`` ``;`` tab ``|`` or whitespace) and
    the decimal mark (``1,5`` in a ``;`` table). Every row must have the header's number of
    fields (else an error naming the lines: a metadata line above the header is skipped with
    ``skip_rows``); no field ever becomes an index. Spaces after the separator are skipped;
    pandas' usual markers (empty, ``NA``, ``n/a``, ``NaN``, ``null``...) are missing values.
    The format found is in ``df.attrs["csv_format"]``. Use the same function at training and
    prediction time so both tables are read alike.

    Raises:
        FileNotFoundError: no such file.
        ValueError: the file is empty, is not in the named encoding, has rows of another
            length than its header, or is not a readable CSV table.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = Path(folder) / "fr.csv"
        ...     _ = path.write_bytes("taille;ville;y\n1,5;Besançon;0\n2,25;Nîmes;1\n".encode("cp1252"))
        ...     df = read_csv(path)
        >>> df["taille"].tolist(), df["ville"].tolist(), df.attrs["csv_format"].describe()
        ([1.5, 2.25], ['Besançon', 'Nîmes'], "separator ';', decimal mark ',', encoding cp1252")
    """
    import io

    import pandas as pd

    from axone.data import csv_format

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    if isinstance(skip_rows, bool) or not isinstance(skip_rows, int) or skip_rows < 0:
        raise ValueError(f"skip_rows must be an integer >= 0, got {skip_rows!r}")
    text, found = csv_format.read_text(path, encoding)
    if not text.strip():
        raise ValueError(f"{path}: the file is empty")
    fmt = csv_format.sniff(text, sep, decimal, skip_rows, found)
    csv_format.check_rows(text, fmt, str(path))
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=fmt.sep,
            decimal=fmt.decimal,
            skiprows=fmt.skip_rows,
            skipinitialspace=True,
            index_col=False,
            **kwargs,
        )
    except pd.errors.EmptyDataError:
        raise ValueError(f"{path}: the file is empty") from None
    except pd.errors.ParserError as err:
        raise ValueError(f"{path}: not a readable CSV table ({err})") from None
    df.attrs["csv_format"] = fmt
    return df


def from_dataframe(
    df: pd.DataFrame,
    target: str,
    task: str = "auto",
    missing: str = "impute",
    outliers: str = "clip",
    max_categories: int = 50,
    source: str = "DataFrame",
) -> TableDataset:
    r"""Clean a DataFrame into a dataset, with a report and a reusable preprocessor.

    Args:
        df: the table, one row per sample (not modified).
        target: the column to predict.
        task: ``"auto"`` (text, booleans, or integers with at most 20 distinct values are
            classification; other numbers are regression), ``"classification"`` or
            ``"regression"``.
        missing: ``"impute"`` fills missing inputs (median for numbers, most frequent value
            for text); ``"drop"`` removes the rows that have any. Rows without a target are
            always removed.
        outliers: values beyond $[Q_1 - 3\,IQR, Q_3 + 3\,IQR]$ are always counted;
            ``"clip"`` (default) clips them to those fences before standardising, so a single
            absurd value neither shifts the mean nor shrinks the rest of the column to zero;
            ``"drop"`` removes their rows from the training table (at prediction time they
            are clipped); ``"keep"`` standardises the values as they are.
        max_categories: a text column with more distinct values is treated as an identifier
            (a name, a ticket number) and removed rather than one-hot encoded.
        source: how the report names the table.

    Returns:
        a ``TableDataset``.

    Raises:
        ValueError: unknown target column, empty table, a target with one class, a
            non-numeric regression target, and the like; the message says which.

    Example:
        >>> import pandas as pd
        >>> from axone.data import from_dataframe
        >>> df = pd.DataFrame({"size": [1.0, 2.0, None, 4.0, 4.0], "color": ["red", "blue", "red", "red", "red"],
        ...                    "label": ["no", "no", "yes", "yes", "yes"]})
        >>> ds = from_dataframe(df, target="label")
        >>> ds.X.shape, ds.feature_names, ds.y.tolist(), ds.report.duplicates_dropped, ds.report.missing
        ((4, 3), ['size', 'color=blue', 'color=red'], [0, 0, 1, 1], 1, {'size': 1})
    """
    X, y, preprocessor, report = clean_table(df, target, task, missing, outliers, max_categories, source)
    return TableDataset(X, y, preprocessor.feature_names, report, preprocessor)


def from_csv(
    path: str | os.PathLike,
    target: str,
    sep: str | None = None,
    task: str = "auto",
    missing: str = "impute",
    outliers: str = "clip",
    max_categories: int = 50,
    decimal: str | None = None,
    encoding: str | None = None,
    skip_rows: int = 0,
) -> TableDataset:
    """Read and clean a CSV file: ``read_csv`` then ``from_dataframe`` (same arguments); the
    report says how the file was read when it is not plain UTF-8 with ``,`` and ``.``.

    Example:
        >>> import tempfile
        >>> from axone.data import from_csv
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = Path(folder) / "t.csv"
        ...     _ = path.write_text("a,b,y\\n1,x,0\\n2,x,1\\n3,z,0\\n")
        ...     ds = from_csv(path, target="y")
        >>> ds.report.constant_columns, ds.X.shape
        ([], (3, 3))
    """
    df = read_csv(path, sep=sep, decimal=decimal, encoding=encoding, skip_rows=skip_rows)
    dataset = from_dataframe(df, target, task, missing, outliers, max_categories, source=str(path))
    dataset.report.read_as = df.attrs["csv_format"].describe()
    return dataset
