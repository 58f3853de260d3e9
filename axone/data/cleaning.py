r"""Cleaning a training table, step by step, into a fitted Preprocessor and a report.

The steps, in order (each one counted in the ``CleaningReport``):

1. drop exact duplicate rows, and rows without a target value;
2. type each column: numbers, or text; a text column whose entries are at least 80% numbers,
   the rest being at most 3 distinct placeholders (``"?"``, ``"-"``...), is read as numbers,
   the placeholders made missing;
3. remove constant columns (one value or none) and identifier-like text columns (more distinct
   values than ``max_categories``);
4. missing values: impute (median for numbers, most frequent for text) or drop the rows;
5. outliers per numeric column: values beyond Tukey's far fences
   $[Q_1 - 3\,IQR, Q_3 + 3\,IQR]$; by default clipped to the fences before scaling, so that
   one absurd value cannot inflate the mean and standard deviation of its column;
6. standardise numbers, $x' = (x - \mu) / \sigma$, and one-hot encode text;
7. encode the target: class indices for classification, float column for regression.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np

from axone.data.preprocessing import Preprocessor, label_value
from axone.data.report import CleaningReport

if TYPE_CHECKING:
    import pandas as pd

FENCE = 3.0  # Tukey's "far out" fences: 3 IQR beyond the quartiles
MAX_CLASSES_AUTO = 20  # an integer target with at most this many values is a classification
NUMERIC_SHARE = 0.8  # a text column is numbers if at least 80% of its entries are numbers
MAX_PLACEHOLDERS = 3  # ... and the rest take at most 3 distinct values ("?", "n/a", "-")


def _plain(value: Any) -> Any:
    """A NumPy scalar as a Python one, for JSON."""
    return value.item() if isinstance(value, np.generic) else value


def _column_kinds(df: pd.DataFrame, pd, report: CleaningReport) -> dict[str, str]:
    """Tell numbers from text, and normalise each column in place.

    Numbers become float64 with infinities made missing; text becomes stripped strings with
    blank entries made missing; a text column of numbers with a few placeholders ("?")
    becomes numbers.
    """
    kinds = {}
    for name in df.columns:
        s = df[name]
        if s.dtype == bool or pd.api.types.is_numeric_dtype(s):
            numbers = s
        else:
            text = s.astype(object).where(s.notna(), None).map(lambda v: None if v is None else str(v).strip() or None)
            numbers = pd.to_numeric(text, errors="coerce")
            present = int(text.notna().sum())
            stray_mask = numbers.isna() & text.notna()
            stray = int(stray_mask.sum())
            if not (
                present
                and present - stray >= NUMERIC_SHARE * present
                and text[stray_mask].nunique() <= MAX_PLACEHOLDERS
            ):
                df[name] = text
                kinds[name] = "text"
                continue
            if stray:
                report.coerced_to_numeric[name] = stray
        values = numbers.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
        values[~np.isfinite(values)] = np.nan  # inf is no measurement either
        df[name] = values
        kinds[name] = "numeric"
    return kinds


def _decide_task(y: pd.Series, task: str, pd, target: str) -> str:
    numeric = y.dtype != bool and pd.api.types.is_numeric_dtype(y)
    if task == "auto":
        if not numeric:
            return "classification"
        values = y.to_numpy(dtype=np.float64)
        integral = bool(np.all(np.isfinite(values)) and np.all(values == np.round(values)))
        return "classification" if integral and y.nunique() <= MAX_CLASSES_AUTO else "regression"
    if task == "regression" and not numeric:
        numbers = pd.to_numeric(y, errors="coerce")
        if numbers.isna().any():
            bad = y[numbers.isna()].iloc[0]
            raise ValueError(f"regression target {target!r} must be numeric, found {bad!r}")
    return task


def clean_table(
    df: pd.DataFrame,
    target: str,
    task: str = "auto",
    missing: str = "impute",
    outliers: str = "clip",
    max_categories: int = 50,
    source: str = "DataFrame",
) -> tuple[np.ndarray, np.ndarray, Preprocessor, CleaningReport]:
    """Clean a training table; ``axone.data.from_dataframe`` documents the arguments.

    Returns:
        ``(X, y, preprocessor, report)``.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"from_dataframe expects a pandas DataFrame, got {type(df).__name__}; use from_csv for a file")
    if task not in ("auto", "classification", "regression"):
        raise ValueError(f"task must be 'auto', 'classification' or 'regression', got {task!r}")
    if missing not in ("impute", "drop"):
        raise ValueError(f"missing must be 'impute' or 'drop', got {missing!r}")
    if outliers not in ("clip", "drop", "keep"):
        raise ValueError(f"outliers must be 'clip', 'drop' or 'keep', got {outliers!r}")
    df, target = df.rename(columns=str), str(target)  # column 0 and column "0" are the same name
    if df.columns.duplicated().any():
        raise ValueError(f"the table has duplicate column names: {sorted(set(df.columns[df.columns.duplicated()]))}")
    if target not in df.columns:
        raise ValueError(f"target column {target!r} not found; the table has: {', '.join(map(repr, df.columns))}")
    if len(df.columns) < 2:
        raise ValueError(f"the table has no input column besides the target {target!r}")
    if len(df) == 0:
        raise ValueError("the table is empty (no rows)")
    report = CleaningReport(
        source=source,
        target=target,
        rows_read=len(df),
        columns_read=len(df.columns),
        missing_strategy=missing,
        outlier_strategy=outliers,
    )

    # 1. duplicates, then rows without a target
    df = df.drop_duplicates().reset_index(drop=True)
    report.duplicates_dropped = report.rows_read - len(df)
    has_target = df[target].notna().to_numpy()
    report.target_missing_dropped = int((~has_target).sum())
    df = df[has_target].reset_index(drop=True)
    if len(df) == 0:
        raise ValueError(f"no row has a value in the target column {target!r}")
    y_raw = df[target]
    X = df.drop(columns=[target]).copy()

    # 2-3. column types; constant and identifier-like columns removed
    kinds = _column_kinds(X, pd, report)
    for name in list(X.columns):
        distinct = int(X[name].nunique(dropna=True))
        if distinct <= 1:
            report.constant_columns.append(name)
        elif kinds[name] == "text" and distinct > max_categories:
            report.identifier_columns[name] = distinct
    dropped = report.constant_columns + list(report.identifier_columns)
    X = X.drop(columns=dropped)
    if X.shape[1] == 0:
        raise ValueError(
            f"no input column is left to learn from: constant {report.constant_columns}, "
            f"identifier-like {list(report.identifier_columns)} (raise max_categories={max_categories} to keep text)"
        )

    # 4. missing values: counted, then the rows dropped or the cells filled
    report.missing = {name: int(n) for name, n in X.isna().sum().items() if n}
    fill = {}
    for name in X.columns:
        present = X[name].dropna()
        if kinds[name] == "numeric":
            fill[name] = float(np.median(present.to_numpy(dtype=np.float64)))
        else:
            counts = present.value_counts()
            fill[name] = str(min(counts.index[counts == counts.max()]))  # ties: first in order
    if missing == "drop":
        keep = X.notna().all(axis=1).to_numpy()
        report.missing_rows_dropped = int((~keep).sum())
        X, y_raw = X[keep].reset_index(drop=True), y_raw[keep].reset_index(drop=True)
        if len(X) == 0:
            raise ValueError("every row has a missing value: use missing='impute'")
    else:
        report.imputed = {name: _plain(fill[name]) for name in report.missing}

    # 5-6. outliers and scaling per numeric column, categories per text column
    columns, outlier_rows = [], np.zeros(len(X), dtype=bool)
    for name in X.columns:
        if kinds[name] == "text":
            values = X[name].where(X[name].notna(), fill[name])
            categories = sorted(values.unique().tolist())
            report.text_columns[name] = categories
            columns.append({"name": name, "kind": "text", "impute": fill[name], "categories": categories})
            continue
        values = X[name].to_numpy(dtype=np.float64, na_value=np.nan)
        values = np.where(np.isnan(values), fill[name], values)
        q1, q3 = np.percentile(values, [25, 75])
        fences = None
        if q3 > q1:  # with IQR = 0 the fences would call every other value an outlier
            fences = [float(q1 - FENCE * (q3 - q1)), float(q3 + FENCE * (q3 - q1))]
            beyond = (values < fences[0]) | (values > fences[1])
            if beyond.any():
                report.outliers[name] = int(beyond.sum())
                outlier_rows |= beyond
        columns.append(
            {
                "name": name,
                "kind": "numeric",
                "impute": fill[name],
                "clip": fences if outliers != "keep" else None,
                "coerce": name in report.coerced_to_numeric,
                "values": values,
            }
        )
    if outliers == "drop" and outlier_rows.any():
        report.outlier_rows_dropped = int(outlier_rows.sum())
        X, y_raw = X[~outlier_rows].reset_index(drop=True), y_raw[~outlier_rows].reset_index(drop=True)
    for col in columns:
        if col["kind"] == "numeric":
            values = col.pop("values")[~outlier_rows] if outliers == "drop" else col.pop("values")
            if col["clip"] is not None:
                values = np.clip(values, *col["clip"])
            col["mean"], std = float(values.mean()), float(values.std())
            col["scale"] = std if std > 0 else 1.0

    # 7. target
    task = _decide_task(y_raw, task, pd, target)
    report.task = task
    classes = None
    if task == "classification":
        labels = [label_value(v) for v in y_raw]
        counts = Counter(labels)
        # numbers (and booleans) in numeric order, then text in alphabetical order
        classes = sorted(counts, key=lambda v: (isinstance(v, str), v))
        if len(classes) < 2:
            raise ValueError(f"target {target!r} has a single class ({classes[0]!r}): nothing to learn")
        report.classes = {str(c): counts[c] for c in classes}
    preprocessor = Preprocessor(target, task, columns, classes, ignored=dropped)
    y = preprocessor.encode_target(y_raw.to_numpy())
    if task == "regression":
        report.target_summary = {"min": float(y.min()), "mean": float(y.mean()), "max": float(y.max())}
    report.rows_kept = len(X)
    report.features = preprocessor.feature_names
    return preprocessor.transform(X), y, preprocessor, report
