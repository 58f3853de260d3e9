"""In-place operators: ``p -= lr * p.grad`` changes ``p`` itself (its identity, its dtype), as in PyTorch.

Each computes the ordinary result with the op (``p - other``) and writes it into ``p``'s array
through ``Tensor._write`` (the one place where values change in place, which a compiled step
records). On a leaf that requires grad (a parameter) while gradients are recorded it is refused:
the graph keeps that tensor's values for the backward pass. An intermediate result made while
recording (micrograd's ``c += c + 1``, ``loss += term``) is a value, not a state: the operator
gives the new tensor and the name is rebound, as ``c = c + (c + 1)`` (torch's values and
gradients; torch changes it in place, so only another name bound to the old tensor differs).

Example:
    >>> import axone as ax
    >>> w = ax.Variable([1.0, 2.0])
    >>> (w * w).sum().backward()
    >>> with ax.no_grad():
    ...     w -= 0.1 * w.grad
    >>> w
    Variable([0.8, 1.6], dtype=float32, requires_grad=True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core import ops as _ops
from axone.core import state
from axone.core.tensor import Tensor


class InPlace:
    """The in-place methods attached to Tensor (this class is never instantiated)."""

    def __iadd__(self, other: Any) -> "Tensor":
        return self._in_place("+=", _ops.add, other)

    def __isub__(self, other: Any) -> "Tensor":
        return self._in_place("-=", _ops.sub, other)

    def __imul__(self, other: Any) -> "Tensor":
        return self._in_place("*=", _ops.mul, other)

    def __itruediv__(self, other: Any) -> "Tensor":
        return self._in_place("/=", _ops.div, other)

    def zero_(self) -> "Tensor":
        """Fill with zeros in place (``p.grad.zero_()``) and return the same tensor."""
        self._check_in_place("zero_()", None)
        self._write(0)
        return self

    def _in_place(self, symbol: str, op: Any, other: Any) -> "Tensor":
        if self._ctx is not None and state.current.grad_enabled:
            return op(self, other)  # an intermediate result: rebound to the new value (module docstring)
        self._check_in_place(symbol, other)
        result = op(self, other)
        if result.shape != self.data.shape:
            raise ValueError(
                f"in-place {symbol}: the result has shape {result.shape}, the tensor has shape {self.data.shape}; "
                f"an in-place operation cannot change a tensor's shape (write t = t {symbol[0]} other instead)"
            )
        if not np.can_cast(result.dtype, self.data.dtype, "same_kind"):
            raise TypeError(
                f"in-place {symbol}: the result's dtype {result.dtype} cannot be written into a tensor of dtype "
                f"{self.data.dtype} (write t = t {symbol[0]} other, or convert t with t.astype(...) first)"
            )
        self._write(result)
        return self

    def _check_in_place(self, symbol: str, other: Any) -> None:
        """Refuse an in-place change that the recorded graph would not see (PyTorch refuses it too)."""
        if not state.current.grad_enabled:
            return
        if self.requires_grad:
            raise RuntimeError(
                f"in-place {symbol} on a tensor that requires grad while gradients are recorded: the graph "
                "keeps this tensor's values for the backward pass, and changing them would silently corrupt "
                "its gradients. Update parameters inside `with ax.no_grad():` (e.g. `with ax.no_grad(): "
                "p -= lr * p.grad`), or write `y = p - other` to build a new tensor"
            )
        if isinstance(other, Tensor) and other.requires_grad:
            raise RuntimeError(
                f"in-place {symbol} with an operand that requires grad while gradients are recorded: the result "
                f"would be written into a constant tensor and its gradient lost. Write `t = t {symbol[0]} other` "
                "to keep the graph, or compute it inside `with ax.no_grad():`"
            )


def attach() -> None:
    """Bind the in-place methods on :class:`Tensor` (Variable inherits them)."""
    for name in ("__iadd__", "__isub__", "__imul__", "__itruediv__", "zero_", "_in_place", "_check_in_place"):
        setattr(Tensor, name, vars(InPlace)[name])


attach()
