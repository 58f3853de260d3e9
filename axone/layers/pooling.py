r"""Pooling layers: shrink the image, keep the channels (Keras's ``MaxPooling2D``...).

The course: "on réduit la surface de l'image à fur à mesure qu'on augmente sa profondeur
(pooling). Le choix du maximum est le plus utilisé." No parameters.
"""

from __future__ import annotations

from typing import Any

from axone.core.ops.conv import pair
from axone.core.ops.pool import avg_pool2d, global_avg_pool2d, max_pool2d
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.conv import check_images, conv_output_shape


class _Pooling2D(Layer):
    """Shared by max and average pooling: a window, a stride (the window by default), a padding."""

    pool = staticmethod(max_pool2d)
    symbol = "max"

    def __init__(self, pool_size: Any = 2, *, strides: Any = None, padding: str = "valid", **kwargs: Any):
        super().__init__(**kwargs)
        where = f"layer '{self.name}' ({type(self).__name__})"
        self.pool_size = pair(pool_size, f"{where}: pool_size")
        self.strides = self.pool_size if strides is None else pair(strides, f"{where}: strides")
        if not (isinstance(padding, str) and padding.lower() in ("valid", "same")):
            raise ValueError(f"{where}: padding must be 'valid' or 'same', got {padding!r}")
        self.padding = padding.lower()

    def build_for(self, input_shape: tuple) -> None:
        check_images(self, input_shape, None)
        super().build_for(input_shape)
        self.input_shape = (None, None, None, input_shape[-1])

    def check_input(self, shape: tuple) -> None:
        check_images(self, shape, self.input_shape[-1])

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        return type(self).pool(x, self.pool_size, self.strides, self.padding)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return conv_output_shape(
            tuple(input_shape),
            self.pool_size,
            self.strides,
            self.padding,
            input_shape[-1],
            f"layer '{self.name}' ({type(self).__name__})",
        )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "pool_size": list(self.pool_size),
            "strides": list(self.strides),
            "padding": self.padding,
        }

    def formula(self) -> list[str]:
        (ph, pw), (sh, sw) = self.pool_size, self.strides
        stride = sh if sh == sw else f"{sh}x{sw}"
        return [f"y = {self.symbol} over {ph}x{pw}", f"stride {stride}, {self.padding}"]

    def param_formula(self) -> str:
        return "0"


@registry.register
class MaxPooling2D(_Pooling2D):
    r"""$y_{i,j,c} = \max_{(p, q) \in \text{window}} x_{s i + p, s j + q, c}$ (``ax.max_pool2d``).

    Example:
        >>> import axone as ax, numpy as np
        >>> ax.layers.MaxPooling2D(2)(np.arange(16.0).reshape(1, 4, 4, 1)).numpy()[0, :, :, 0]
        array([[ 5.,  7.],
               [13., 15.]], dtype=float32)
    """

    pool = staticmethod(max_pool2d)
    symbol = "max"


@registry.register
class AveragePooling2D(_Pooling2D):
    r"""$y_{i,j,c}$ = the mean of $x$ over the window; "same" pads are not counted (``ax.avg_pool2d``).

    Example:
        >>> import axone as ax, numpy as np
        >>> ax.layers.AveragePooling2D(2)(np.arange(16.0).reshape(1, 4, 4, 1)).numpy()[0, :, :, 0]
        array([[ 2.5,  4.5],
               [10.5, 12.5]], dtype=float32)
    """

    pool = staticmethod(avg_pool2d)
    symbol = "mean"


@registry.register
class GlobalAveragePooling2D(Layer):
    r"""$y_{n,c} = \frac{1}{H W} \sum_{i,j} x_{n,i,j,c}$: one number per channel, (N, H, W, C) -> (N, C).

    Example:
        >>> import axone as ax, numpy as np
        >>> ax.layers.GlobalAveragePooling2D()(np.ones((2, 3, 3, 4))).shape
        (2, 4)
    """

    def build_for(self, input_shape: tuple) -> None:
        check_images(self, input_shape, None)
        super().build_for(input_shape)
        self.input_shape = (None, None, None, input_shape[-1])

    def check_input(self, shape: tuple) -> None:
        check_images(self, shape, self.input_shape[-1])

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        return global_avg_pool2d(x)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (input_shape[0], input_shape[-1])

    def formula(self) -> list[str]:
        return ["y = mean over H, W"]

    def param_formula(self) -> str:
        return "0"
