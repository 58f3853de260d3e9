"""Flatten: one row per sample, as a CNN's feature maps enter its Dense classifier."""

from __future__ import annotations

import math

from axone.core.ops import reshape
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer


@registry.register
class Flatten(Layer):
    r"""$(N, d_1, \dots, d_k) \to (N, d_1 \cdots d_k)$, in row-major (C) order, as Keras with
    ``channels_last`` (PyTorch flattens N x C x H x W, so the same image gives another order).

    Example:
        >>> import axone as ax
        >>> ax.layers.Flatten()(ax.Tensor([[[1.0, 2.0], [3.0, 4.0]]])).shape
        (1, 4)
    """

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        return reshape(x, (x.shape[0], -1))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        rest = input_shape[1:]
        return (input_shape[0], None if None in rest else math.prod(rest))

    def formula(self) -> list[str]:
        return ["y = reshape(x, (N, -1))"]
