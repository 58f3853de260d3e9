"""Variable: a Tensor that holds a model's weights and changes in place (TensorFlow's name)."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor, _raw


class Variable(Tensor):
    """A Tensor that requires gradients and is watched by every GradientTape (TF's name).

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([1.0, 2.0]); w.assign_sub([0.5, 0.5])
        Variable([0.5, 1.5], dtype=float32, requires_grad=True)
    """

    __slots__ = ()

    def __init__(self, data: Any, dtype: Any = None, name: str | None = None, trainable: bool = True):
        super().__init__(data, requires_grad=trainable, dtype=dtype, name=name)
        if self.data.dtype.kind not in "fc":
            raise TypeError(f"a Variable holds floats, got dtype {self.data.dtype}")

    def __repr__(self) -> str:
        return "Variable" + super().__repr__()[len("Tensor") :]

    def assign(self, value: Any) -> "Variable":
        """Replace the values in place (shape and dtype kept); ``value`` has the same shape, or is a scalar."""
        self._write(self._same_shape(value, "assign"))
        return self

    def assign_add(self, value: Any) -> "Variable":
        """Add ``value`` (same shape, or a scalar) in place."""
        self._write(self.data + self._same_shape(value, "assign_add"))
        return self

    def assign_sub(self, value: Any) -> "Variable":
        """Subtract ``value`` (same shape, or a scalar) in place."""
        self._write(self.data - self._same_shape(value, "assign_sub"))
        return self

    def _same_shape(self, value: Any, method: str) -> Any:
        # as TF: a value of another shape is an error, not a broadcast ((1,) into (3,) would fill it)
        value = _raw(value)
        shape = np.shape(value)
        if shape != self.data.shape and shape != ():
            name = f" '{self.name}'" if self.name else ""
            raise ValueError(
                f"Variable{name}.{method}(): value of shape {shape} for a variable of shape {self.data.shape}"
            )
        return value
