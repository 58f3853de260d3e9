r"""LSTM: long short-term memory, a recurrent layer with a cell state and three gates."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone import initializers
from axone.core.ops.recurrent import lstm
from axone.core.tensor import Tensor
from axone.layers.recurrent import Recurrent
from axone.layers.registry import register


@register
class LSTM(Recurrent):
    r"""Long short-term memory (Hochreiter and Schmidhuber, 1997), with Keras's weight layout.

    Math (gate blocks side by side in the columns, order i, f, c, o; $\sigma$ =
    ``recurrent_activation``, sigmoid by default; $f$ = ``activation``, tanh by default):
        $[z_i, z_f, z_c, z_o] = x_t W + h_{t-1} U + b$,
        $c_t = \sigma(z_f) \odot c_{t-1} + \sigma(z_i) \odot f(z_c)$,
        $h_t = \sigma(z_o) \odot f(c_t)$.
        Equal to ``torch.nn.LSTM`` (same gate order i, f, g, o) with ``W = weight_ih_l0.T``,
        ``U = weight_hh_l0.T``, ``b = bias_ih_l0 + bias_hh_l0``.

    Args:
        recurrent_activation: $\sigma$ of the gates.
        unit_forget_bias: start the forget gate's bias at 1 (Jozefowicz et al., 2015), as Keras.
        (the other arguments as :class:`SimpleRNN`); ``initial_state=[h0, c0]``,
        ``return_state=True`` returns ``[output, h_T, c_T]``.

    Example:
        >>> import axone as ax, numpy as np
        >>> layer = ax.layers.LSTM(2, return_state=True)
        >>> out, h, c = layer(np.ones((3, 5, 4)))
        >>> out.shape, h.shape, c.shape, layer.bias.numpy().tolist()
        ((3, 2), (3, 2), (3, 2), [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0])
    """

    gates = 4
    state_names = ("h", "c")

    def __init__(
        self,
        units: int,
        *,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        unit_forget_bias: bool = True,
        **kwargs: Any,
    ):
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = self._op_activation(recurrent_activation, "recurrent_activation")
        self.unit_forget_bias = bool(unit_forget_bias)

    def initial_bias(self) -> Any:
        if not self.unit_forget_bias:
            return self.bias_initializer
        u = self.units
        bias = initializers.get(self.bias_initializer)((4 * u,), dtype=self.dtype)
        bias = np.array(bias, dtype=self.dtype)
        bias[u : 2 * u] = 1
        return bias

    def run(self, x: Tensor, states: list) -> tuple[Tensor, list[Tensor]]:
        bias = self.bias if self.use_bias else None
        h, c = lstm(
            x,
            self.kernel,
            self.recurrent_kernel,
            bias,
            states[0],
            states[1],
            activation=self.activation,
            recurrent_activation=self.recurrent_activation,
        )
        return h, ([h[:, -1], c[:, -1]] if self.return_state else [])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "recurrent_activation": self.recurrent_activation,
            "unit_forget_bias": self.unit_forget_bias,
        }

    def formula(self) -> list[str]:
        s, f = self.recurrent_activation, self.activation
        return [
            "[z_i, z_f, z_c, z_o] = x_t W + h_{t-1} U" + (" + b" if self.use_bias else ""),
            f"c_t = {s}(z_f) * c_{{t-1}} + {s}(z_i) * {f}(z_c)",
            f"h_t = {s}(z_o) * {f}(c_t)",
        ]
