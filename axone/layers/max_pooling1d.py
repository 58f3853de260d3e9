r"""MaxPooling1D: the largest value of each window along the time axis (Keras's ``MaxPooling1D``).

Math: $y_{n,t,c} = \max_{0 \le p < k} x_{n, s t + p, c}$. A sequence (N, T, C) is an image of one
row: the layer calls ``max_pool2d`` with a (1, k) window, whose gradient goes to the maximum of
each window. No parameters.
"""

from __future__ import annotations

from typing import Any

from axone.core.ops import expand_dims, squeeze
from axone.core.ops.pool import max_pool2d
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.conv import conv_output_shape
from axone.layers.conv1d import check_sequences, positive


@registry.register
class MaxPooling1D(Layer):
    """Max over windows of ``pool_size`` steps, ``strides`` apart (the window by default).

    Args:
        pool_size: the window's length.
        strides: the step between windows (``pool_size`` when None).
        padding: "valid" or "same" (output $\\lceil T / s \\rceil$; the pads never win the max).

    Shape:
        $(N, T, C) \\to (N, T_{out}, C)$.

    Example:
        >>> import axone as ax, numpy as np
        >>> ax.layers.MaxPooling1D(2)(np.array([[[1.0], [3.0], [2.0], [0.0]]])).numpy()[0, :, 0]
        array([3., 2.], dtype=float32)
    """

    def __init__(self, pool_size: Any = 2, *, strides: Any = None, padding: str = "valid", **kwargs: Any):
        super().__init__(**kwargs)
        where = f"layer '{self.name}' (MaxPooling1D)"
        self.pool_size = positive(pool_size, f"{where}: pool_size")
        self.strides = self.pool_size if strides is None else positive(strides, f"{where}: strides")
        if not (isinstance(padding, str) and padding.lower() in ("valid", "same")):
            raise ValueError(f"{where}: padding must be 'valid' or 'same', got {padding!r}")
        self.padding = padding.lower()

    def build_for(self, input_shape: tuple) -> None:
        check_sequences(self, input_shape, None)
        super().build_for(input_shape)
        self.input_shape = (None, None, input_shape[-1])

    def check_input(self, shape: tuple) -> None:
        check_sequences(self, shape, self.input_shape[-1])

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        return squeeze(max_pool2d(expand_dims(x, 1), (1, self.pool_size), (1, self.strides), self.padding), 1)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        n, t, c = input_shape
        out = conv_output_shape(
            (n, 1, t), (1, self.pool_size), (1, self.strides), self.padding, c, f"layer '{self.name}' (MaxPooling1D)"
        )
        return (out[0], out[2], out[3])

    def get_config(self) -> dict:
        return {**super().get_config(), "pool_size": self.pool_size, "strides": self.strides, "padding": self.padding}

    def formula(self) -> list[str]:
        return [f"y = max over {self.pool_size} steps", f"stride {self.strides}, {self.padding}"]

    def param_formula(self) -> str:
        return "0"
