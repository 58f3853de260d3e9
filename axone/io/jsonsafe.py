"""Strict, bounded JSON for model files: plain values only, no NaN, no surprises (level 4).

Reading: UTF-8 only; ``NaN``, ``Infinity`` and numbers that overflow to infinity are refused;
a key given twice in one object is refused (the standard library keeps the last one silently);
nesting deeper than ``MAX_DEPTH`` is refused by a linear scan *before* parsing, so a hostile
file never reaches the recursive parser. Writing: the same rules, checked on the value first, so
axone never writes a file it would refuse to read.

Example:
    >>> from axone.io.jsonsafe import dumps, loads
    >>> loads(dumps({"units": 3, "rate": 0.5, "names": ["a", None]}), "x.axone", "config.json")
    {'units': 3, 'rate': 0.5, 'names': ['a', None]}
    >>> loads(b'{"lr": NaN}', "x.axone", "config.json")
    Traceback (most recent call last):
    ...
    axone.io.errors.ModelFileError: model file 'x.axone', member 'config.json', field 'lr': NaN is not a JSON number; a model file holds finite numbers only
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np

from axone.io.errors import ModelFileError

MAX_DEPTH = 64  # a Sequential of Residual blocks is ~8 deep; 64 leaves room and stops stack games

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


class _Bad:
    """Stands where a refused value was, so that the walk after parsing can name its field."""

    __slots__ = ("problem",)

    def __init__(self, problem: str):
        self.problem = problem


def _no_constant(name: str) -> _Bad:
    return _Bad(f"{name} is not a JSON number; a model file holds finite numbers only")


def _finite_float(text: str) -> float | _Bad:
    value = float(text)
    if not math.isfinite(value):
        return _Bad(f"{text} overflows to infinity; a model file holds finite numbers only")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict | _Bad:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            return _Bad(f"key {key!r} appears twice in one object (which one wins would be a guess)")
        out[key] = value
    return out


def _depth(raw: bytes) -> int:
    """Deepest nesting of [ and { outside strings, by one vectorised pass (no recursion)."""
    stripped = _STRING.sub(b'""', raw)
    codes = np.frombuffer(stripped, dtype=np.uint8)
    step = (codes == ord("[")).astype(np.int64) + (codes == ord("{"))
    step -= (codes == ord("]")).astype(np.int64) + (codes == ord("}"))
    return int(np.cumsum(step).max()) if step.size else 0


def loads(raw: bytes, path: Any, member: str, max_bytes: int | None = None) -> Any:
    """Parse ``raw`` (bytes of one member) as strict plain JSON, or raise ModelFileError."""
    if max_bytes is not None and len(raw) > max_bytes:
        raise ModelFileError(path, member, "size", f"{len(raw)} bytes of JSON, more than the limit of {max_bytes}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelFileError(path, member, f"byte {exc.start}", "not UTF-8 text (JSON members are UTF-8)") from None
    depth = _depth(raw)
    if depth > MAX_DEPTH:
        raise ModelFileError(
            path, member, "nesting", f"JSON nested {depth} levels deep, more than the limit of {MAX_DEPTH}"
        )
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise ModelFileError(
            path, member, f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}"
        ) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer with more than 4300 digits
        raise ModelFileError(path, member, "value", f"not a plain JSON value: {exc}") from None
    _find_bad(value, path, member)
    return value


def _find_bad(value: Any, path: Any, member: str) -> None:
    stack = [(value, "")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, _Bad):
            raise ModelFileError(path, member, f"field {where or '(root)'!r}", item.problem)
        if isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
        elif isinstance(item, dict):
            stack.extend((v, f"{where}.{k}" if where else k) for k, v in item.items())


def to_plain(value: Any) -> Any:
    """NumPy scalars become Python numbers and tuples lists, recursively (for writing)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def check_plain(value: Any, name: str = "") -> None:
    """Raise ValueError unless ``value`` is plain JSON (str, int, float, bool, None, list, dict)."""
    stack = [(value, name or "(root)", 0)]
    while stack:
        item, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"{where}: nested more than {MAX_DEPTH} levels deep")
        if item is None or isinstance(item, (str, bool, int)):
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                raise ValueError(f"{where}: {item} is not a finite number; JSON has no NaN or Infinity")
            continue
        if isinstance(item, (list, tuple)):
            stack.extend((v, f"{where}[{i}]", depth + 1) for i, v in enumerate(item))
        elif isinstance(item, dict):
            for key, v in item.items():
                if not isinstance(key, str):
                    raise ValueError(f"{where}: key {key!r} is not a string")
                stack.append((v, f"{where}.{key}" if where != "(root)" else key, depth + 1))
        else:
            raise ValueError(
                f"{where}: {type(item).__name__} is not a plain JSON value (str, int, float, bool, None, list, dict)"
            )


def dumps(value: Any, indent: int | None = 1) -> bytes:
    """Plain JSON as UTF-8 bytes; refuses anything ``loads`` would refuse."""
    value = to_plain(value)
    check_plain(value)
    return json.dumps(value, indent=indent, allow_nan=False, ensure_ascii=False).encode("utf-8")
