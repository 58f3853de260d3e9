r"""Dense: a layer of neurons, each connected to every input (Keras's ``Dense``, PyTorch's ``Linear``).

Math (the course's neuron, for a batch of rows $x$):
    $z = x W + b$, $y = \sigma(z)$, with the kernel $W$ of shape $(n_{in}, n_{out})$ (Keras's
    layout; ``torch.nn.Linear.weight`` is $W^\top$) and the bias $b$ of shape $(n_{out},)$.
    Parameters: $n_{in} \cdot n_{out} + n_{out}$.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from axone import activations, initializers
from axone.core.ops import add, dense, matmul
from axone.core.ops.affine import FUSED
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer

# the activations that ops.dense computes inside its node, by function
_FUSED = {activations.get(name): name for name in FUSED}


@registry.register
class Dense(Layer):
    r"""A fully connected layer: $z = x W + b$, $y = \sigma(z)$.

    Args:
        units: $n_{out}$, the number of neurons.
        activation: $\sigma$, a name of ``axone.activations`` (``"sigmoid"``...) or None (linear).
        use_bias: whether to add $b$.
        kernel_initializer, bias_initializer: names or initialisers (``axone.initializers``).
        kernel, bias: given arrays (shapes $(n_{in}, n_{out})$ and $(n_{out},)$): the layer is built
            at once from them, as the course evaluates a network with hand-set weights.
        input_shape: the input's shape without the batch (Keras's legacy argument): builds at once.

    Shape:
        $(N, \dots, n_{in}) \to (N, \dots, n_{out})$.

    Example:
        >>> import axone as ax
        >>> layer = ax.layers.Dense(1, activation="step", kernel=[[1.0], [1.0]], bias=[-1.5])
        >>> layer([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]).numpy().ravel()  # AND
        array([0., 0., 0., 1.], dtype=float32)
        >>> layer.formula(), layer.param_formula()
        (['z = xW + b', 'y = step(z)'], '2 * 1 + 1 = 3')
    """

    def __init__(
        self,
        units: int,
        *,
        activation: str | Callable | None = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel: Any = None,
        bias: Any = None,
        input_shape: tuple | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if not isinstance(units, (int, np.integer)) or isinstance(units, bool) or units < 1:
            raise ValueError(f"layer '{self.name}' (Dense): units must be a positive integer, got {units!r}")
        self.units = int(units)
        self.activation = activations.get(activation)
        try:
            self.activation_name = activations.name_of(activation)
        except ValueError:  # a custom function: usable, named by its __name__, not saveable
            self.activation_name = getattr(activation, "__name__", "custom")
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self._given = (kernel, bias)
        self.kernel: Tensor | None = None
        self.bias: Tensor | None = None
        if bias is not None and not self.use_bias:
            raise ValueError(f"layer '{self.name}' (Dense): bias given but use_bias=False")
        if kernel is not None:
            kernel = np.asarray(kernel, dtype=self.dtype)
            if kernel.ndim != 2:
                raise ValueError(
                    f"layer '{self.name}' (Dense): kernel must have shape (n_in, {self.units}), got {kernel.shape}"
                )
            self.build_for((None, kernel.shape[0]))
        elif input_shape is not None:
            self.build_for((None, *input_shape))

    def build(self, input_shape: tuple) -> None:
        n_in = input_shape[-1]
        if n_in is None:
            raise ValueError(f"layer '{self.name}' (Dense) needs a known number of input features, got {input_shape}")
        kernel, bias = self._given
        self.kernel = self.add_weight(
            "kernel", (n_in, self.units), kernel if kernel is not None else self.kernel_initializer
        )
        if self.use_bias:
            self.bias = self.add_weight("bias", (self.units,), bias if bias is not None else self.bias_initializer)
        self._given = (None, None)  # the arrays are copied into the Variables: do not keep them alive

    def build_for(self, input_shape: tuple) -> None:
        # only the last axis is constrained: a Dense applies to (N, n_in) as to (N, T, n_in)
        super().build_for(input_shape)
        self.input_shape = (None, input_shape[-1])

    def check_input(self, shape: tuple) -> None:
        if len(shape) < 2 or shape[-1] != self.input_shape[-1]:
            super().check_input(shape)

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        # one graph node (ops.dense) for the activations it computes inside; looked up by the
        # function itself, so that a changed ``layer.activation`` is always honoured
        fused = _FUSED.get(self.activation)
        if fused is not None:
            return dense(x, self.kernel, self.bias, activation=fused)
        z = matmul(x, self.kernel)
        if self.bias is not None:
            z = add(z, self.bias)
        return self.activation(z)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.name_of(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
        }

    def formula(self) -> list[str]:
        z = "xW + b" if self.use_bias else "xW"
        if self.activation is activations.linear:
            return [f"y = {z}"]
        return [f"z = {z}", f"y = {self.activation_name}(z)"]

    def param_formula(self) -> str:
        n_in = "n_in" if self.kernel is None else str(self.kernel.shape[0])
        bias = f" + {self.units}" if self.use_bias else ""
        total = "" if self.kernel is None else f" = {self.count_params()}"
        return f"{n_in} * {self.units}{bias}{total}"
