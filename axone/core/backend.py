"""The array module and the default float dtype (level 0).

``xp`` is NumPy today; it is the one place to switch to CuPy later.
"""

from __future__ import annotations

from typing import Any

import numpy as np

xp = np

_default_dtype = np.dtype(np.float32)


def as_array(value: Any) -> np.ndarray:
    """``value`` as an array: NumPy gives a scalar, not a 0-d array, for arithmetic on 0-d arrays."""
    return value if type(value) is np.ndarray else np.asarray(value)


def set_default_dtype(dtype: str | np.dtype) -> None:
    """Set the float dtype given to Python scalars and lists ("float32" or "float64").

    Example:
        >>> import axone as ax
        >>> ax.set_default_dtype("float64"); ax.Tensor(1.0).dtype
        dtype('float64')
        >>> ax.set_default_dtype("float32")
    """
    global _default_dtype
    dt = np.dtype(dtype)
    if dt not in (np.float16, np.float32, np.float64):
        raise ValueError(f"default dtype must be float16, float32 or float64, got {dt}")
    _default_dtype = dt


def get_default_dtype() -> np.dtype:
    """The float dtype that Python scalars and lists become."""
    return _default_dtype
