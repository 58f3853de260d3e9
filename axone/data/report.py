"""The cleaning report: what ``from_csv`` / ``from_dataframe`` found and did, in numbers.

Printed by ``axone train`` before training; every count is also a field, for tests and tools.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


def _pairs(mapping: dict, fmt: str = "{k} {v}") -> str:
    return ", ".join(fmt.format(k=k, v=v) for k, v in mapping.items())


@dataclass
class CleaningReport:
    r"""What cleaning a table found and did.

    Counts of missing values and outliers are taken after duplicates and rows without a
    target are dropped, before imputation / clipping.

    Attributes:
        source: where the table came from (a path, or ``"DataFrame"``).
        target: the target column.
        rows_read, rows_kept: rows before and after cleaning.
        columns_read: columns in the table, target included.
        duplicates_dropped: exact duplicate rows removed (the first one is kept).
        target_missing_dropped: rows without a target value, removed.
        missing: missing cells per input column (only columns that had some).
        missing_strategy: ``"impute"`` (fill) or ``"drop"`` (remove the rows).
        imputed: the value that fills each column: median (numbers) or most frequent (text).
        missing_rows_dropped: rows removed for missing values (``"drop"`` only).
        coerced_to_numeric: columns of numbers read as text because of a few stray entries
            (``"?"``, ``"n/a"``...), with how many entries became missing.
        constant_columns: columns with a single value (or none), removed.
        identifier_columns: text columns with too many distinct values to one-hot (names,
            ids), removed, with their number of distinct values.
        text_columns: text columns one-hot encoded, with the categories kept (in order).
        outliers: per numeric column, values beyond the fences $[Q_1 - 3\,IQR, Q_3 + 3\,IQR]$.
        outlier_strategy: ``"clip"``, ``"drop"`` or ``"keep"`` (see ``from_dataframe``).
        outlier_rows_dropped: rows removed for outliers (``"drop"`` only).
        task: ``"classification"`` or ``"regression"``.
        classes: class label -> number of rows (classification).
        target_summary: min, mean, max of the target (regression).
        features: names of the model's input columns after encoding.
        read_as: how the file was read, when not UTF-8 with ``,`` and ``.`` (``from_csv``).

    Example:
        >>> from axone.data import CleaningReport
        >>> r = CleaningReport(source="t.csv", target="y", rows_read=3, rows_kept=2,
        ...                    duplicates_dropped=1, task="classification", classes={"a": 1, "b": 1})
        >>> print(str(r).splitlines()[1])
          rows: 3 read, 2 kept
    """

    source: str = ""
    target: str = ""
    rows_read: int = 0
    rows_kept: int = 0
    columns_read: int = 0
    duplicates_dropped: int = 0
    target_missing_dropped: int = 0
    missing: dict[str, int] = field(default_factory=dict)
    missing_strategy: str = "impute"
    imputed: dict[str, Any] = field(default_factory=dict)
    missing_rows_dropped: int = 0
    coerced_to_numeric: dict[str, int] = field(default_factory=dict)
    constant_columns: list[str] = field(default_factory=list)
    identifier_columns: dict[str, int] = field(default_factory=dict)
    text_columns: dict[str, list[str]] = field(default_factory=dict)
    outliers: dict[str, int] = field(default_factory=dict)
    outlier_strategy: str = "clip"
    outlier_rows_dropped: int = 0
    task: str = ""
    classes: dict[str, int] = field(default_factory=dict)
    target_summary: dict[str, float] = field(default_factory=dict)
    features: list[str] = field(default_factory=list)
    read_as: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The report as a plain JSON-able dict."""
        return asdict(self)

    def __str__(self) -> str:
        lines = [f"Cleaning report ({self.source or 'table'}, target {self.target!r})"]
        if self.read_as:
            lines.append(f"  read as: {self.read_as}")
        lines.append(f"  rows: {self.rows_read} read, {self.rows_kept} kept")
        lines.append(f"  duplicate rows dropped: {self.duplicates_dropped}")
        if self.target_missing_dropped:
            lines.append(f"  rows without a target dropped: {self.target_missing_dropped}")
        if self.coerced_to_numeric:
            lines.append("  read as numbers (stray text made missing): " + _pairs(self.coerced_to_numeric))
        if self.missing:
            if self.missing_strategy == "drop":
                lines.append(f"  missing values: {_pairs(self.missing)}; {self.missing_rows_dropped} rows dropped")
            else:
                filled = {k: f"{v} (filled with {self.imputed.get(k)!r})" for k, v in self.missing.items()}
                lines.append("  missing values imputed: " + _pairs(filled))
        else:
            lines.append("  missing values: none")
        if self.constant_columns:
            lines.append("  constant columns removed: " + ", ".join(self.constant_columns))
        if self.identifier_columns:
            lines.append("  identifier-like text columns removed (distinct values): " + _pairs(self.identifier_columns))
        for name, cats in self.text_columns.items():
            shown = ", ".join(cats[:8]) + (", ..." if len(cats) > 8 else "")
            lines.append(f"  text column one-hot encoded: {name} ({len(cats)} categories: {shown})")
        if self.outliers:
            action = {
                "clip": "clipped to the fences before scaling",
                "drop": f"{self.outlier_rows_dropped} rows dropped",
                "keep": "kept as they are",
            }[self.outlier_strategy]
            lines.append(f"  outliers (beyond 3 IQR of the quartiles; {action}): {_pairs(self.outliers)}")
        else:
            lines.append("  outliers: none")
        if self.task == "classification":
            lines.append(f"  task: classification, {len(self.classes)} classes: {_pairs(self.classes)}")
        elif self.task:
            s = self.target_summary
            lines.append(
                f"  task: regression, target min {s.get('min', 0):.4g}, "
                f"mean {s.get('mean', 0):.4g}, max {s.get('max', 0):.4g}"
            )
        lines.append(f"  input features after encoding: {len(self.features)}")
        return "\n".join(lines)
