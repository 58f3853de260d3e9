r"""GlobalAveragePooling1D: each channel's mean over the time steps (Keras's ``GlobalAveragePooling1D``).

Math: $y_{n,c} = \frac{1}{T} \sum_t x_{n,t,c}$, (N, T, C) -> (N, C), the ``mean`` op (its
gradient spreads $1/T$ to every step). No parameters.
"""

from __future__ import annotations

from axone.core.ops import mean
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.conv1d import check_sequences


@registry.register
class GlobalAveragePooling1D(Layer):
    r"""$y_{n,c} = \frac{1}{T} \sum_t x_{n,t,c}$: one number per channel, for sequences of any length.

    Example:
        >>> import axone as ax, numpy as np
        >>> ax.layers.GlobalAveragePooling1D()(np.array([[[1.0, 0.0], [3.0, 2.0]]])).numpy()
        array([[2., 1.]], dtype=float32)
    """

    def build_for(self, input_shape: tuple) -> None:
        check_sequences(self, input_shape, None)
        super().build_for(input_shape)
        self.input_shape = (None, None, input_shape[-1])

    def check_input(self, shape: tuple) -> None:
        check_sequences(self, shape, self.input_shape[-1])

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        return mean(x, axis=1)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (input_shape[0], input_shape[-1])

    def formula(self) -> list[str]:
        return ["y = mean over T"]

    def param_formula(self) -> str:
        return "0"
