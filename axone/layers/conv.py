r"""Conv2D: a bank of learned kernels slid over channels-last images (Keras's ``Conv2D``).

Math (the course's discrete convolution, a cross-correlation, for each filter $k$):
    $z_{n,i,j,k} = b_k + \sum_{p,q,c} w_{p,q,c,k} \, x_{n, s i + d p, s j + d q, c}$, $y = \sigma(z)$,
    with the kernel $W$ of shape $(k_h, k_w, C_{in}, \text{filters})$ (Keras's layout;
    ``torch.nn.Conv2d.weight`` is ``W.permute(3, 2, 0, 1)``) and the bias $b$ of shape (filters,).
    Parameters: $k_h \cdot k_w \cdot C_{in} \cdot \text{filters} + \text{filters}$.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from axone import activations, initializers
from axone.core.ops.conv import conv2d, output_size, pair, resolve_padding
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer


def conv_output_shape(
    input_shape: tuple, window: tuple[int, int], stride: tuple[int, int], padding: Any, channels: int, op: str
) -> tuple:
    """(N, H_out, W_out, channels) for images (N, H, W, C); unknown sizes (None) stay unknown."""
    n, h, w = input_shape[0], input_shape[1], input_shape[2]
    if h is None or w is None:
        if isinstance(padding, str) and padding.lower() == "same":
            ceil = lambda size, s: None if size is None else -(-size // s)
            return (n, ceil(h, stride[0]), ceil(w, stride[1]), channels)
        known = (1 if h is None else h, 1 if w is None else w)
    else:
        known = (h, w)
    pads = resolve_padding(padding, known, window, stride, op)
    rows = None if h is None else output_size(h, pads[0], window[0], stride[0], op, "rows")
    cols = None if w is None else output_size(w, pads[1], window[1], stride[1], op, "columns")
    return (n, rows, cols, channels)


def check_images(layer: Layer, shape: tuple, channels: int | None) -> None:
    """A clear error unless ``shape`` is a batch of channels-last images with ``channels`` channels."""
    if len(shape) == 4 and (channels is None or shape[-1] == channels):
        return
    expected = f"(N, H, W, {channels if channels is not None else 'C'})"
    raise ValueError(
        f"layer '{layer.name}' ({type(layer).__name__}) expects images of shape {expected}, but received "
        f"shape {tuple(shape)}. Images are channels-last: a PyTorch batch (N, C, H, W) needs "
        "x.transpose(0, 2, 3, 1), and a grey image needs a last axis of size 1."
    )


def padding_config(padding: Any) -> Any:
    """The padding as plain JSON: a string, an int, or nested lists."""
    if isinstance(padding, (str, int, np.integer)):
        return padding if isinstance(padding, str) else int(padding)
    return [padding_config(p) for p in padding]


@registry.register
class Conv2D(Layer):
    r"""$z = b + W \star x$ over every window (see the module docstring), $y = \sigma(z)$.

    Args:
        filters: the number of kernels, i.e. of output channels.
        kernel_size: an int or (rows, columns).
        strides: an int or (rows, columns): the step between windows.
        padding: "valid" (no padding), "same" (output $\lceil H / s \rceil$, TensorFlow's rule),
            an int, or ((top, bottom), (left, right)).
        dilation_rate: an int or (rows, columns): spacing between kernel taps.
        activation: a name of ``axone.activations`` or None (linear).
        use_bias, kernel_initializer, bias_initializer: as in ``Dense``; Keras's fans for a
            kernel (fan_in $= k_h k_w C_{in}$).
        input_shape: one image's shape (H, W, C) (Keras's legacy argument): builds at once.

    Shape:
        $(N, H, W, C_{in}) \to (N, H_{out}, W_{out}, \text{filters})$.

    Example:
        >>> import axone as ax
        >>> layer = ax.layers.Conv2D(6, 5, padding="same", activation="relu", input_shape=(28, 28, 1))
        >>> layer(np.zeros((2, 28, 28, 1), dtype="float32")).shape
        (2, 28, 28, 6)
        >>> layer.param_formula()
        '5 * 5 * 1 * 6 + 6 = 156'
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        *,
        strides: Any = 1,
        padding: Any = "valid",
        dilation_rate: Any = 1,
        activation: str | Callable | None = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        input_shape: tuple | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if not isinstance(filters, (int, np.integer)) or isinstance(filters, bool) or filters < 1:
            raise ValueError(f"layer '{self.name}' (Conv2D): filters must be a positive integer, got {filters!r}")
        self.filters = int(filters)
        self.kernel_size = pair(kernel_size, f"layer '{self.name}' (Conv2D): kernel_size")
        self.strides = pair(strides, f"layer '{self.name}' (Conv2D): strides")
        self.dilation_rate = pair(dilation_rate, f"layer '{self.name}' (Conv2D): dilation_rate")
        resolve_padding(padding, (1, 1), (1, 1), (1, 1), f"layer '{self.name}' (Conv2D)")  # validates
        self.padding = padding.lower() if isinstance(padding, str) else padding_config(padding)
        self.activation = activations.get(activation)
        try:
            self.activation_name = activations.name_of(activation)
        except ValueError:  # a custom function: usable, not saveable
            self.activation_name = getattr(activation, "__name__", "custom")
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel: Tensor | None = None
        self.bias: Tensor | None = None
        if input_shape is not None:
            self.build_for((None, *input_shape))

    @property
    def window(self) -> tuple[int, int]:
        """Rows and columns spanned by the dilated kernel, $d (k - 1) + 1$."""
        return tuple(d * (k - 1) + 1 for k, d in zip(self.kernel_size, self.dilation_rate))

    def build(self, input_shape: tuple) -> None:
        check_images(self, input_shape, None)
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(f"layer '{self.name}' (Conv2D) needs a known number of input channels, got {input_shape}")
        self.kernel = self.add_weight("kernel", (*self.kernel_size, channels, self.filters), self.kernel_initializer)
        if self.use_bias:
            self.bias = self.add_weight("bias", (self.filters,), self.bias_initializer)

    def build_for(self, input_shape: tuple) -> None:
        # only the channels are fixed: the same kernels slide over images of any size
        super().build_for(input_shape)
        self.input_shape = (None, None, None, input_shape[-1])

    def check_input(self, shape: tuple) -> None:
        check_images(self, shape, self.input_shape[-1])

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        z = conv2d(x, self.kernel, self.bias, self.strides, self.padding, self.dilation_rate)
        return self.activation(z)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return conv_output_shape(
            tuple(input_shape), self.window, self.strides, self.padding, self.filters, f"layer '{self.name}' (Conv2D)"
        )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": list(self.kernel_size),
            "strides": list(self.strides),
            "padding": self.padding,
            "dilation_rate": list(self.dilation_rate),
            "activation": activations.name_of(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
        }

    def formula(self) -> list[str]:
        """Short lines for ``summary()``: the correlation, the activation, then the geometry."""
        z = "corr(x, W)" + (" + b" if self.use_bias else "")
        lines = (
            [f"y = {z}"] if self.activation is activations.linear else [f"z = {z}", f"y = {self.activation_name}(z)"]
        )
        stride = self.strides[0] if self.strides[0] == self.strides[1] else self.strides
        padding = self.padding if isinstance(self.padding, str) else f"pad {self.padding}"
        geometry = f"{self.kernel_size[0]}x{self.kernel_size[1]}, stride {stride}, {padding}"
        if self.dilation_rate != (1, 1):
            geometry += f", dilation {self.dilation_rate[0]}x{self.dilation_rate[1]}"
        return lines + [geometry]

    def param_formula(self) -> str:
        kh, kw = self.kernel_size
        c_in = "C_in" if self.kernel is None else str(self.kernel.shape[2])
        bias = f" + {self.filters}" if self.use_bias else ""
        total = "" if self.kernel is None else f" = {self.count_params()}"
        return f"{kh} * {kw} * {c_in} * {self.filters}{bias}{total}"
