r"""GlobalMaxPooling2D: each channel's largest value over the image (Keras's ``GlobalMaxPooling2D``).

Math: $y_{n,c} = \max_{i,j} x_{n,i,j,c}$, (N, H, W, C) -> (N, C), the ``max`` op over the two
image axes (its gradient goes to the maximum; ties share it equally, as ``torch.amax``).
No parameters.
"""

from __future__ import annotations

from axone.core.ops import max as reduce_max
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.conv import check_images


@registry.register
class GlobalMaxPooling2D(Layer):
    r"""$y_{n,c} = \max_{i,j} x_{n,i,j,c}$: one number per channel, for images of any size.

    Example:
        >>> import axone as ax, numpy as np
        >>> ax.layers.GlobalMaxPooling2D()(np.arange(8.0).reshape(1, 2, 2, 2)).numpy()
        array([[6., 7.]], dtype=float32)
    """

    def build_for(self, input_shape: tuple) -> None:
        check_images(self, input_shape, None)
        super().build_for(input_shape)
        self.input_shape = (None, None, None, input_shape[-1])

    def check_input(self, shape: tuple) -> None:
        check_images(self, shape, self.input_shape[-1])

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        return reduce_max(x, axis=(1, 2))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (input_shape[0], input_shape[-1])

    def formula(self) -> list[str]:
        return ["y = max over H, W"]

    def param_formula(self) -> str:
        return "0"
