r"""The fitted preprocessing of a table, as plain data, applied the same way later.

A ``Preprocessor`` is what ``from_csv`` / ``from_dataframe`` learned from the training table:
the columns and their order, the value that fills a missing cell, the categories of each text
column, the outlier fences and the scaling. ``transform`` applies exactly that to a raw table
at prediction time. It is stored as a plain JSON-able dict (``get_config`` /
``from_config``) inside the model file: no pickle, no code, only numbers and strings.

Per numeric column $x$, with imputation value $m$, fences $[l, h]$, mean $\mu$ and scale $s$:
$x' = (\operatorname{clip}(x, l, h) - \mu) / s$. Per text column, one 0/1 column per category
seen in training; an unseen category gives all zeros.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

FORMAT = "axone.data.Preprocessor"
VERSION = 1


def _names(columns) -> str:
    return ", ".join(repr(c) for c in columns)


def label_value(value: Any) -> bool | int | float | str:
    """A class label as a plain JSON value: 1.0 and numpy's 1 both become the int 1.

    Example:
        >>> from axone.data.preprocessing import label_value
        >>> label_value(np.float64(2.0)), label_value(" yes ")
        (2, 'yes')
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return int(value) if float(value).is_integer() else float(value)
    return str(value).strip()


class Preprocessor:
    """Everything fitted on a training table, to turn a raw table into the model's inputs.

    Args:
        target: name of the target column (ignored if present at transform time).
        task: ``"classification"`` or ``"regression"``.
        columns: one dict per used input column, in order: ``{"name", "kind": "numeric",
            "impute", "clip": [low, high] or None, "mean", "scale", "coerce"}`` or
            ``{"name", "kind": "text", "impute", "categories": [...]}``.
        classes: the class labels (classification), index i is class i.
        ignored: columns dropped during cleaning (constant, identifiers): accepted and ignored.

    Example:
        >>> import pandas as pd
        >>> from axone.data import Preprocessor
        >>> p = Preprocessor("y", "regression", [{"name": "a", "kind": "numeric", "impute": 0.0,
        ...     "clip": None, "mean": 1.0, "scale": 2.0, "coerce": False}])
        >>> p.transform(pd.DataFrame({"a": [1.0, 5.0, None]})).ravel().tolist()
        [0.0, 2.0, -0.5]
    """

    def __init__(
        self,
        target: str,
        task: str,
        columns: list[dict[str, Any]],
        classes: list | None = None,
        ignored: list[str] | None = None,
    ) -> None:
        if task not in ("classification", "regression"):
            raise ValueError(f"task must be 'classification' or 'regression', got {task!r}")
        self.target = target
        self.task = task
        self.columns = columns
        self.classes = classes
        self.ignored = list(ignored or [])

    @property
    def feature_names(self) -> list[str]:
        """Names of the output columns: the numeric column's name, or ``"column=category"``."""
        names: list[str] = []
        for col in self.columns:
            if col["kind"] == "numeric":
                names.append(col["name"])
            else:
                names.extend(f"{col['name']}={cat}" for cat in col["categories"])
        return names

    @property
    def input_columns(self) -> list[str]:
        """The raw columns a table must have at transform time."""
        return [col["name"] for col in self.columns]

    def check_columns(self, df: pd.DataFrame) -> None:
        """Raise a ValueError naming the columns that are missing or not expected."""
        present = [str(c) for c in df.columns]
        known = set(self.input_columns) | set(self.ignored) | {self.target}
        missing = [c for c in self.input_columns if c not in present]
        unexpected = [c for c in present if c not in known]
        if missing:
            raise ValueError(
                f"the table lacks column(s) {_names(missing)} that the model was trained on "
                f"(expected columns: {_names(self.input_columns)})"
            )
        if unexpected:
            raise ValueError(
                f"the table has unexpected column(s) {_names(unexpected)} "
                f"(expected columns: {_names(self.input_columns)})"
            )

    def transform(self, df: pd.DataFrame) -> np.ndarray:
        """Turn a raw table into inputs: impute, clip, scale, one-hot; float32 ``(N, F)``.

        Missing cells are always imputed here (rows cannot be dropped at prediction time).
        """
        import pandas as pd

        df = df.rename(columns=str)
        self.check_columns(df)
        parts = []
        for col in self.columns:
            s = df[col["name"]]
            if col["kind"] == "numeric":
                parts.append(self._numeric(col, s, pd)[:, None])
            else:
                parts.append(self._one_hot(col, s, pd))
        if not parts:
            return np.zeros((len(df), 0), dtype=np.float32)
        return np.concatenate(parts, axis=1).astype(np.float32)

    @staticmethod
    def _numeric(col: dict[str, Any], s: pd.Series, pd) -> np.ndarray:
        if s.dtype == bool:
            s = s.astype(np.float64)
        elif not pd.api.types.is_numeric_dtype(s):
            numbers = pd.to_numeric(s, errors="coerce")
            bad = numbers.isna() & s.notna()
            if bad.any() and not col["coerce"]:
                value = s[bad].iloc[0]
                raise ValueError(f"column {col['name']!r} should hold numbers, found {value!r}")
            s = numbers
        values = s.to_numpy(dtype=np.float64, na_value=np.nan)
        values = np.where(np.isfinite(values), values, col["impute"])
        if col["clip"] is not None:
            values = np.clip(values, col["clip"][0], col["clip"][1])
        return (values - col["mean"]) / col["scale"]

    @staticmethod
    def _one_hot(col: dict[str, Any], s: pd.Series, pd) -> np.ndarray:
        text = s.astype(object).where(s.notna(), "").map(lambda v: str(v).strip() or col["impute"])
        codes = pd.Index(col["categories"]).get_indexer(text)  # -1 for a category never seen
        out = np.zeros((len(s), len(col["categories"])), dtype=np.float32)
        known = codes >= 0  # an unseen category gives all zeros
        out[np.flatnonzero(known), codes[known]] = 1.0
        return out

    def encode_target(self, values: pd.Series | np.ndarray | list) -> np.ndarray:
        """Target values to what the model learns: class indices (int64), or float32 ``(N, 1)``."""
        values = np.asarray(values, dtype=object)
        if self.task == "regression":
            try:
                numbers = values.astype(np.float64)
            except (TypeError, ValueError):
                raise ValueError(f"regression target {self.target!r} must be numeric") from None
            # inf, or a value beyond float32's range, would turn every loss into inf or NaN
            if not np.all(np.isfinite(numbers) & (np.abs(numbers) <= np.finfo(np.float32).max)):
                raise ValueError(
                    f"regression target {self.target!r} holds infinite values or values beyond float32's range"
                )
            return numbers.astype(np.float32).reshape(-1, 1)
        lookup = {label_value(c): i for i, c in enumerate(self.classes or [])}
        labels = [label_value(v) for v in values]
        unknown = sorted({str(v) for v in labels if v not in lookup})
        if unknown:
            raise ValueError(
                f"target {self.target!r} has value(s) {', '.join(unknown)} unseen in training "
                f"(classes: {_names(self.classes)})"
            )
        return np.array([lookup[v] for v in labels], dtype=np.int64)

    def decode_target(self, indices: np.ndarray) -> list:
        """Class indices, or the model's probabilities ((N, K): argmax; (N, 1) or (N,): >= 0.5), to labels."""
        indices = np.asarray(indices)
        if self.task != "classification":
            raise ValueError("decode_target applies to classification only")
        k = len(self.classes or [])
        if indices.ndim == 2 and indices.shape[1] > 1:
            if indices.shape[1] != k:
                raise ValueError(f"decode_target: {indices.shape[1]} probabilities per row for {k} classes")
            indices = indices.argmax(axis=1)
        elif indices.ndim == 2 or (indices.dtype.kind == "f" and np.any(indices != np.round(indices))):
            # a single sigmoid output: the probability of class 1
            indices = (indices.reshape(-1) >= 0.5).astype(np.int64)
        indices = indices.reshape(-1).astype(np.int64)
        if len(indices) and (indices.min() < 0 or indices.max() >= k):
            # a negative index would silently name the last class
            raise ValueError(
                f"decode_target: class indices must be in [0, {k}), found {indices.min()}..{indices.max()}"
            )
        return [self.classes[i] for i in indices.tolist()]

    def get_config(self) -> dict[str, Any]:
        """Plain JSON-able dict holding everything fitted (``json.dumps`` works on it)."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "target": self.target,
            "task": self.task,
            "classes": self.classes,
            "columns": [dict(col) for col in self.columns],
            "ignored": list(self.ignored),
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Preprocessor:
        """Rebuild from ``get_config()``'s dict; a malformed dict raises ValueError naming the field."""
        if not isinstance(config, dict) or config.get("format") != FORMAT:
            raise ValueError(f"not a preprocessor config: 'format' must be {FORMAT!r}")
        if config.get("version") != VERSION:
            raise ValueError(f"preprocessor config 'version' {config.get('version')!r} is not {VERSION}")
        for key in ("target", "task", "columns"):
            if key not in config:
                raise ValueError(f"preprocessor config lacks the field {key!r}")
        needed = {"numeric": ("impute", "clip", "mean", "scale", "coerce"), "text": ("impute", "categories")}
        for i, col in enumerate(config["columns"]):
            kind = col.get("kind") if isinstance(col, dict) else None
            if kind not in needed or "name" not in col:
                raise ValueError(f"preprocessor config 'columns[{i}]' needs a 'name' and a kind numeric/text")
            absent = [k for k in needed[kind] if k not in col]
            if absent:
                raise ValueError(f"preprocessor config 'columns[{i}]' ({col['name']!r}) lacks {_names(absent)}")
            if kind == "numeric" and not col["scale"]:
                raise ValueError(f"preprocessor config 'columns[{i}]' ({col['name']!r}) has scale 0")
        return cls(
            config["target"],
            config["task"],
            [dict(c) for c in config["columns"]],
            config.get("classes"),
            config.get("ignored"),
        )

    def __repr__(self) -> str:
        return (
            f"Preprocessor(target={self.target!r}, task={self.task!r}, "
            f"inputs={len(self.columns)}, features={len(self.feature_names)})"
        )
