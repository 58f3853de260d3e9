"""Results without a gradient: comparisons, tests (``isfinite``), ``any``/``all``, as one op.

They are never differentiated (a boolean has no derivative), but they are computed by an op, so
that a compiled step (``ax.function``) recomputes them at every replay instead of keeping the
values of the call that traced it.
"""

from __future__ import annotations

from typing import Any, Callable

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.tensor import Tensor


class Logical(Op):
    """``fn(*arrays, **options)`` for a NumPy function with a boolean or integer result; no gradient."""

    @staticmethod
    def forward(ctx, *arrays, fn, options):
        return xp.asarray(fn(*arrays, **options))


def logical(fn: Callable, *inputs: Any, **options: Any) -> Tensor:
    """A boolean (or integer) Tensor: ``fn`` applied to the inputs' arrays.

    Example:
        >>> import numpy as np, axone as ax
        >>> logical(np.isfinite, ax.Tensor([1.0, np.inf]))
        Tensor([ True, False], dtype=bool)
    """
    return Logical.apply(*inputs, fn=fn, options=options)
