r"""Merge layers: one output from several inputs (Keras's ``Add``, ``Multiply``, ``Concatenate``).

They take a **list** of tensors, the branches of a functional graph (``Add()([a, b])``), and
compute with the engine's ops (``add``, ``mul``, ``concat``): the gradient of a sum flows
unchanged to every branch, the gradient of a product to each branch times the other factors,
the gradient of a concatenation is cut back into the branches' slices.

| layer | output |
|---|---|
| ``Add`` | $y = x_1 + x_2 + \dots + x_n$ |
| ``Multiply`` | $y = x_1 \odot x_2 \odot \dots \odot x_n$ (element by element) |
| ``Concatenate(axis=-1)`` | $y = [x_1, x_2, \dots, x_n]$ along ``axis`` |

Example:
    >>> import axone as ax
    >>> ax.layers.Add()([ax.Tensor([[1.0, 2.0]]), ax.Tensor([[10.0, 20.0]])])
    Tensor([[11., 22.]], dtype=float32)
    >>> ax.layers.Concatenate()([ax.Tensor([[1.0]]), ax.Tensor([[2.0, 3.0]])]).shape
    (1, 3)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core import ops  # ops.add, not add: this module's add() is Keras's layers.add
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.node import is_symbolic, symbolic_call


class Merge(Layer):
    """Base of the merge layers: a list of at least two tensors in, one tensor out."""

    def __call__(self, inputs: Any, training: bool | None = None, **kwargs: Any) -> Any:
        if is_symbolic(inputs):
            self._check_list(inputs)
            return symbolic_call(self, list(inputs), **kwargs)
        self._check_list(inputs)
        tensors = [x if isinstance(x, Tensor) else Tensor(np.asarray(x, dtype=self.dtype)) for x in inputs]
        shapes = [x.shape for x in tensors]
        if not self.built:
            self.build_for(shapes)
        else:
            self.check_input(shapes)
        return self.call(tensors, training=self.training if training is None else training)

    def _check_list(self, inputs: Any) -> None:
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            got = f"a list of {len(inputs)}" if isinstance(inputs, (list, tuple)) else type(inputs).__name__
            raise ValueError(
                f"layer '{self.name}' ({type(self).__name__}) merges a list of at least 2 tensors, got {got}; "
                f"write {type(self).__name__}()([a, b])"
            )

    def build_for(self, input_shape: Any) -> None:
        shapes = [tuple(s) for s in input_shape]
        self.check_shapes(shapes)
        self.input_shape = [(None,) + s[1:] for s in shapes]
        self.built = True

    def check_input(self, shapes: Any) -> None:
        shapes = [tuple(s) for s in shapes]
        if len(shapes) != len(self.input_shape):
            raise ValueError(
                f"layer '{self.name}' ({type(self).__name__}) was built for {len(self.input_shape)} inputs, "
                f"received {len(shapes)}"
            )
        self.check_shapes(shapes)

    def check_shapes(self, shapes: list[tuple]) -> None:
        """Element-wise merges need equal shapes (the batch aside)."""
        first = shapes[0][1:]
        if any(_differ(s[1:], first) for s in shapes[1:]):
            raise ValueError(
                f"layer '{self.name}' ({type(self).__name__}) needs inputs of the same shape, got "
                f"{[(None,) + s[1:] for s in shapes]}; use Concatenate to join different widths, or a "
                "Dense layer to bring a branch to the other's size"
            )

    def compute_output_shape(self, input_shape: Any) -> tuple:
        shapes = [tuple(s) for s in input_shape]
        return (shapes[0][0],) + tuple(
            next((d for d in dims if d is not None), None) for dims in list(zip(*shapes))[1:]
        )

    def formula(self) -> list[str]:
        return [self._formula]


def _differ(a: tuple, b: tuple) -> bool:
    return len(a) != len(b) or any(x is not None and y is not None and x != y for x, y in zip(a, b))


@registry.register
class Add(Merge):
    """The sum of its inputs, element by element (the skip connection $y = F(x) + x$ of a ResNet)."""

    _formula = "y = x1 + x2 + ..."

    def call(self, inputs: list[Tensor], training: bool = False) -> Tensor:
        out = inputs[0]
        for x in inputs[1:]:
            out = ops.add(out, x)
        return out


@registry.register
class Multiply(Merge):
    """The product of its inputs, element by element (a gate: $y = x \\odot g$)."""

    _formula = "y = x1 * x2 * ..."

    def call(self, inputs: list[Tensor], training: bool = False) -> Tensor:
        out = inputs[0]
        for x in inputs[1:]:
            out = ops.mul(out, x)
        return out


@registry.register
class Concatenate(Merge):
    """Its inputs side by side along ``axis`` (the last by default: features joined).

    Args:
        axis: the axis to join along; every other dimension must agree. The batch axis (0) is refused.
    """

    def __init__(self, *, axis: int = -1, **kwargs: Any):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or axis == 0:
            raise ValueError(
                f"layer '{self.name}' (Concatenate): axis must be a non-zero integer (0 is the batch), got {axis!r}"
            )
        self.axis = int(axis)
        self._formula = f"y = [x1, x2, ...] (axis {self.axis})"

    def _axis(self, ndim: int) -> int:
        axis = self.axis % ndim if -ndim <= self.axis < ndim else None
        if axis is None or axis == 0:
            raise ValueError(
                f"layer '{self.name}' (Concatenate): axis {self.axis} is not a feature axis of inputs with {ndim} dims"
            )
        return axis

    def check_shapes(self, shapes: list[tuple]) -> None:
        ndims = {len(s) for s in shapes}
        axis = self._axis(len(shapes[0]))
        rest = [s[1:axis] + s[axis + 1 :] for s in shapes]
        if len(ndims) > 1 or any(_differ(r, rest[0]) for r in rest[1:]):
            raise ValueError(
                f"layer '{self.name}' (Concatenate) joins along axis {self.axis}: every other dimension must "
                f"agree, got {[(None,) + s[1:] for s in shapes]}"
            )

    def compute_output_shape(self, input_shape: Any) -> tuple:
        shapes = [tuple(s) for s in input_shape]
        axis = self._axis(len(shapes[0]))
        sizes = [s[axis] for s in shapes]
        out = list(Merge.compute_output_shape(self, [s[:axis] + (1,) + s[axis + 1 :] for s in shapes]))
        out[axis] = None if None in sizes else sum(sizes)
        return tuple(out)

    def call(self, inputs: list[Tensor], training: bool = False) -> Tensor:
        return ops.concat(inputs, axis=self._axis(inputs[0].ndim))

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def add(inputs: list, **kwargs: Any) -> Any:
    """Keras's functional form ``layers.add([a, b])``: ``Add(**kwargs)([a, b])``."""
    return Add(**kwargs)(inputs)


def multiply(inputs: list, **kwargs: Any) -> Any:
    """Keras's functional form ``layers.multiply([a, b])``: ``Multiply(**kwargs)([a, b])``."""
    return Multiply(**kwargs)(inputs)


def concatenate(inputs: list, axis: int = -1, **kwargs: Any) -> Any:
    """Keras's functional form ``layers.concatenate([a, b], axis=-1)``: ``Concatenate(axis=axis)([a, b])``."""
    return Concatenate(axis=axis, **kwargs)(inputs)
