r"""Residual: a skip connection around a block, $y = F(x, w) + x$ (the course's last slide, ResNet)."""

from __future__ import annotations

from typing import Any

from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer


@registry.register
class Residual(Layer):
    r"""$y = F(x, w) + x$, where $F$ is ``block``: a layer, or a list of layers applied in order.

    $F$ must keep the shape of $x$ (a clear error names the block otherwise). The gradient
    reaches $x$ twice, through $F$ and directly: $\partial y / \partial x = \partial F / \partial x + I$,
    which is why deep residual networks still train.

    Example:
        >>> import axone as ax
        >>> block = ax.layers.Dense(2, kernel=[[1.0, 0.0], [0.0, 1.0]], bias=[0.0, 0.0])
        >>> ax.layers.Residual(block)(ax.Tensor([[1.0, 2.0]])).numpy()  # F(x) = x, so y = 2x
        array([[2., 4.]], dtype=float32)
    """

    def __init__(self, block: Layer | list[Layer], **kwargs: Any):
        super().__init__(**kwargs)
        layers = list(block) if isinstance(block, (list, tuple)) else [block]
        if not layers or not all(isinstance(layer, Layer) for layer in layers):
            raise TypeError(
                f"layer '{self.name}' (Residual): block must be a layer or a non-empty list of layers, got {block!r}"
            )
        self.block = layers

    def _describe(self) -> str:
        return " -> ".join(f"'{layer.name}' ({type(layer).__name__})" for layer in self.block)

    def _shape_error(self, before: tuple, after: tuple) -> ValueError:
        return ValueError(
            f"layer '{self.name}' (Residual): its block {self._describe()} changes the shape from {before} to "
            f"{after}, but y = F(x) + x needs F(x) of x's shape. Give the block's last layer "
            f"{before[-1]} units (or channels), or project x to match."
        )

    def build(self, input_shape: tuple) -> None:
        shape = tuple(input_shape)
        for layer in self.block:
            if not layer.built:
                layer.build_for(shape)
            shape = tuple(layer.compute_output_shape(shape))
        if shape[1:] != tuple(input_shape[1:]):
            raise self._shape_error((None, *input_shape[1:]), (None, *shape[1:]))

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        f = x
        for layer in self.block:
            f = layer(f, training=training)
        if f.shape != x.shape:
            raise self._shape_error(x.shape, f.shape)
        return f + x

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "block": [registry.serialize(layer) for layer in self.block]}

    @classmethod
    def from_config(cls, config: dict) -> "Residual":
        config = dict(config)
        block = config.pop("block", None)
        if not isinstance(block, list):
            raise ValueError(f"Residual config: field 'block' must be a list of layer configs, got {block!r:.100}")
        return cls([registry.deserialize(item) for item in block], **config)

    def formula(self) -> list[str]:
        return ["y = F(x) + x", "F = " + " -> ".join(layer.name for layer in self.block)]

    def param_formula(self) -> str:
        counts = [str(layer.count_params()) for layer in self.block]
        return f"{' + '.join(counts)} = {self.count_params()}" if len(counts) > 1 else counts[0]
