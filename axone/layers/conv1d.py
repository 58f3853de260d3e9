r"""Conv1D: learned kernels slid along sequences (Keras's ``Conv1D``), on the 2-D convolution op.

Math (for each filter $k$, stride $s$, dilation $d$):
    $z_{n,t,k} = b_k + \sum_{p,c} w_{p,c,k} \, x_{n, s t + d p, c}$, $y = \sigma(z)$, with the
    kernel $W$ of shape $(k_t, C_{in}, \text{filters})$ (Keras's layout; ``torch.nn.Conv1d.weight``
    is ``W.permute(2, 1, 0)``). A sequence (N, T, C) is an image of one row, (N, 1, T, C), and $W$
    a kernel of one row: the layer calls ``conv2d`` (one implementation, its gradients included).
    Parameters: $k_t \cdot C_{in} \cdot \text{filters} + \text{filters}$.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from axone import activations, initializers
from axone.core.ops import expand_dims, reshape, squeeze
from axone.core.ops.conv import conv2d
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.conv import conv_output_shape


def positive(value: Any, what: str) -> int:
    """``value`` as an int >= 1 (a one-element list or tuple is accepted, as Keras's ``(3,)``)."""
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{what} must be a positive integer, got {value!r}")
    return int(value)


def check_sequences(layer: Layer, shape: tuple, channels: int | None) -> None:
    """A clear error unless ``shape`` is a batch of sequences (N, T, C) with ``channels`` channels."""
    if len(shape) == 3 and (channels is None or shape[-1] == channels):
        return
    expected = f"(N, T, {channels if channels is not None else 'C'})"
    raise ValueError(
        f"layer '{layer.name}' ({type(layer).__name__}) expects sequences of shape {expected}, but received "
        f"shape {tuple(shape)}. Sequences are channels-last: a PyTorch batch (N, C, T) needs x.transpose(0, 2, 1)."
    )


def row_padding(padding: Any, window: int, op: str) -> Any:
    """The 2-D padding of a one-row image: "valid"/"same" as they are, "causal" and ints on the columns."""
    if isinstance(padding, str) and padding.lower() in ("valid", "same"):
        return padding.lower()
    if isinstance(padding, str) and padding.lower() == "causal":
        return ((0, 0), (window - 1, 0))  # each output sees only the present and the past
    if isinstance(padding, bool) or not isinstance(padding, (int, np.integer)) or padding < 0:
        raise ValueError(f"{op}: padding must be 'valid', 'same', 'causal' or an int >= 0, got {padding!r}")
    return ((0, 0), (int(padding), int(padding)))


@registry.register
class Conv1D(Layer):
    r"""$z = b + W \star x$ along the time axis, $y = \sigma(z)$ (see the module docstring).

    Args:
        filters: the number of kernels (output channels).
        kernel_size: the kernel's length $k_t$.
        strides: the step between windows.
        padding: "valid", "same" (output $\lceil T / s \rceil$), "causal" ($d (k_t - 1)$ zeros on
            the left only: the output at $t$ sees no input after $t$) or an int (both ends).
        dilation_rate: the spacing $d$ between kernel taps.
        activation, use_bias, kernel_initializer, bias_initializer: as in ``Conv2D``.

    Shape:
        $(N, T, C_{in}) \to (N, T_{out}, \text{filters})$.

    Example:
        >>> import axone as ax, numpy as np
        >>> layer = ax.layers.Conv1D(4, 3, padding="same")
        >>> layer(np.zeros((2, 10, 3), "float32")).shape, layer.count_params()
        ((2, 10, 4), 40)
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
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        where = f"layer '{self.name}' (Conv1D)"
        self.filters = positive(filters, f"{where}: filters")
        self.kernel_size = positive(kernel_size, f"{where}: kernel_size")
        self.strides = positive(strides, f"{where}: strides")
        self.dilation_rate = positive(dilation_rate, f"{where}: dilation_rate")
        self.padding = padding.lower() if isinstance(padding, str) else padding
        self._pads = row_padding(padding, self.window, where)
        self.activation = activations.get(activation)
        try:
            self.activation_name = activations.name_of(activation)
        except ValueError:  # a custom function: usable, named by its __name__, not saveable
            self.activation_name = getattr(activation, "__name__", "custom")
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel: Tensor | None = None
        self.bias: Tensor | None = None

    @property
    def window(self) -> int:
        """Time steps spanned by the dilated kernel, $d (k_t - 1) + 1$."""
        return self.dilation_rate * (self.kernel_size - 1) + 1

    def build(self, input_shape: tuple) -> None:
        check_sequences(self, input_shape, None)
        if input_shape[-1] is None:
            raise ValueError(f"layer '{self.name}' (Conv1D) needs a known number of input channels, got {input_shape}")
        shape = (self.kernel_size, input_shape[-1], self.filters)
        self.kernel = self.add_weight("kernel", shape, self.kernel_initializer)
        if self.use_bias:
            self.bias = self.add_weight("bias", (self.filters,), self.bias_initializer)

    def build_for(self, input_shape: tuple) -> None:
        super().build_for(input_shape)
        self.input_shape = (None, None, input_shape[-1])  # any length

    def check_input(self, shape: tuple) -> None:
        check_sequences(self, shape, self.input_shape[-1])

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        kernel = reshape(self.kernel, (1, *self.kernel.shape))  # a kernel of one row
        z = conv2d(expand_dims(x, 1), kernel, self.bias, (1, self.strides), self._pads, (1, self.dilation_rate))
        return self.activation(squeeze(z, 1))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        n, t, _ = input_shape
        out = conv_output_shape(
            (n, 1, t), (1, self.window), (1, self.strides), self._pads, self.filters, f"layer '{self.name}' (Conv1D)"
        )
        return (out[0], out[2], out[3])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "dilation_rate": self.dilation_rate,
            "activation": activations.name_of(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
        }

    def formula(self) -> list[str]:
        z = "corr(x, W)" + (" + b" if self.use_bias else "")
        name = self.activation_name
        lines = [f"y = {z}"] if self.activation is activations.linear else [f"z = {z}", f"y = {name}(z)"]
        return lines + [f"{self.kernel_size} steps, stride {self.strides}, {self.padding}"]

    def param_formula(self) -> str:
        c_in = "C_in" if self.kernel is None else str(self.kernel.shape[1])
        bias = f" + {self.filters}" if self.use_bias else ""
        total = "" if self.kernel is None else f" = {self.count_params()}"
        return f"{self.kernel_size} * {c_in} * {self.filters}{bias}{total}"
