"""Type aliases shared by the whole package (level 0)."""

from __future__ import annotations

from typing import Any, Sequence, Union

import numpy as np

Shape = tuple[int, ...]
ArrayLike = Union[np.ndarray, float, int, Sequence[Any]]
Axis = Union[int, Sequence[int], None]
