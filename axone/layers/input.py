"""Input: declares the shape of one sample, so that the next layers build at once (Keras's ``Input``).

In a ``Sequential`` it comes first; called, it checks the shape and passes ``x`` through. In the
functional API it stands for the graph's input: ``Dense(3)(ax.Input((2,)))`` records a node
(``axone.layers.node``), and ``ax.Model(inputs=..., outputs=...)`` assembles the graph.
"""

from __future__ import annotations

from typing import Any

from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.node import SymbolicTensor


@registry.register
class Input(Layer):
    """The input of a network: ``shape`` is one sample's shape, the batch excluded.

    Args:
        shape: a tuple (or an int for vectors); ``None`` for a size known only at run time
            (a sequence's length).

    Example:
        >>> import axone as ax
        >>> inp = ax.layers.Input((2,))
        >>> inp.shape, inp([[1.0, 2.0]]).shape
        ((None, 2), (1, 2))
    """

    def __init__(self, shape: Any = None, **kwargs: Any):
        super().__init__(**kwargs)
        if shape is None:
            raise ValueError(f"layer '{self.name}' (Input) needs shape=, the shape of one sample without the batch")
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        for n in shape:
            if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 1):
                raise ValueError(f"layer '{self.name}' (Input): shape must hold positive integers or None, got {shape}")
        self.sample_shape = shape
        self.shape = (None, *shape)
        self.input_shape = self.shape
        self.built = True
        # what a layer called on this Input receives in a functional graph (axone.layers.node)
        self.symbolic = SymbolicTensor(self.shape, self.dtype, self, [])

    def build(self, input_shape: tuple) -> None:
        """Nothing to create: an Input is built from its shape."""

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        return x

    def compute_output_shape(self, input_shape: tuple | None = None) -> tuple:
        return self.shape

    def get_config(self) -> dict:
        return {**super().get_config(), "shape": list(self.sample_shape)}

    def formula(self) -> list[str]:
        return ["x"]
