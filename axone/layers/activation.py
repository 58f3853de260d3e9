"""Activation: an activation function as a layer of its own (Keras's ``Activation``)."""

from __future__ import annotations

from typing import Any

from axone import activations
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer


@registry.register
class Activation(Layer):
    r"""$y = \sigma(x)$ elementwise, $\sigma$ one of ``axone.activations`` by name.

    Example:
        >>> import axone as ax
        >>> ax.layers.Activation("relu")(ax.Tensor([[-1.0, 2.0]]))
        Tensor([[0., 2.]], dtype=float32)
    """

    def __init__(self, activation: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.activation_name = activations.name_of(activation)
        self.activation = activations.get(self.activation_name)

    def check_input(self, shape: tuple) -> None:
        """Any shape: an activation has no weights tied to a shape."""

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        return self.activation(x)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": self.activation_name}

    def formula(self) -> list[str]:
        return [f"y = {self.activation_name}(x)"]
