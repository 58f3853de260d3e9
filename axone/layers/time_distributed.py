r"""TimeDistributed: one layer applied at every time step of a sequence (the same weights)."""

from __future__ import annotations

from typing import Any

from axone.core.ops.shape import reshape
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer


@registry.register
class TimeDistributed(Layer):
    r"""Applies ``layer`` to every time step: $y_t = \text{layer}(x_t)$ for $t = 1 \dots T$.

    The (N, T, ...) inputs are seen as N*T samples (one reshape, no loop), given to ``layer``,
    and the result is reshaped back to (N, T, ...). The course's adder uses it to output one
    bit per step: ``TimeDistributed(Dense(1, activation="sigmoid"))`` after a ``SimpleRNN``
    with ``return_sequences=True``.

    Example:
        >>> import axone as ax, numpy as np
        >>> td = ax.layers.TimeDistributed(ax.layers.Dense(1))
        >>> td(np.ones((4, 9, 16))).shape, td(np.ones((4, 3, 16))).shape, td.count_params()
        ((4, 9, 1), (4, 3, 1), 17)
    """

    def __init__(self, layer: Layer | dict, **kwargs: Any):
        super().__init__(**kwargs)
        if isinstance(layer, dict):  # from a model file: {"class_name": ..., "config": ...}
            layer = registry.get(layer["class_name"]).from_config(layer["config"])
        if not isinstance(layer, Layer):
            raise TypeError(f"TimeDistributed wraps a layer, got {type(layer).__name__}")
        self.layer = layer

    def build(self, input_shape: tuple) -> None:
        if len(input_shape) < 3:
            raise ValueError(
                f"layer '{self.name}' (TimeDistributed) expects inputs of shape (batch, time steps, ...), "
                f"got {tuple(input_shape)}"
            )
        if not self.layer.built:
            self.layer.build_for((None,) + tuple(input_shape[2:]))

    def build_for(self, input_shape: tuple) -> None:
        super().build_for(input_shape)
        self.input_shape = (None, None) + tuple(input_shape[2:])  # any number of time steps

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        n, steps = x.shape[:2]
        y = self.layer(reshape(x, (n * steps,) + tuple(x.shape[2:])), training=training)
        return reshape(y, (n, steps) + tuple(y.shape[1:]))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        inner = self.layer.compute_output_shape((None,) + tuple(input_shape[2:]))
        return (input_shape[0], input_shape[1]) + tuple(inner[1:])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "layer": {"class_name": type(self.layer).__name__, "config": self.layer.get_config()},
        }

    def formula(self) -> list[str]:
        return [f"each t: {line}" for line in self.layer.formula()]

    def param_formula(self) -> str:
        return self.layer.param_formula()
