r"""GRU: the gated recurrent unit, a lighter gated layer than the LSTM (no cell state)."""

from __future__ import annotations

from typing import Any

from axone.core.ops.recurrent import gru
from axone.core.tensor import Tensor
from axone.layers.recurrent import Recurrent
from axone.layers.registry import register


@register
class GRU(Recurrent):
    r"""Gated recurrent unit (Cho et al., 2014) with the reset gate applied after the product by $U$.

    Math (gate blocks z, r, h side by side in the columns, as Keras; the bias has two rows,
    $b$ for the input part and $b'$ for the recurrent part):
        $z = \sigma(x_t W_z + b_z + h_{t-1} U_z + b'_z)$, $r = \sigma(x_t W_r + b_r + h_{t-1} U_r + b'_r)$,
        $\tilde h = f(x_t W_h + b_h + r \odot (h_{t-1} U_h + b'_h))$,
        $h_t = z \odot h_{t-1} + (1 - z) \odot \tilde h$.
        This is ``reset_after=True``, the default of Keras 2 and 3 and the formulation of
        ``torch.nn.GRU``, whose blocks come in the order r, z, n (see docs/recurrent.md).

    Example:
        >>> import axone as ax, numpy as np
        >>> layer = ax.layers.GRU(3, return_sequences=True)
        >>> layer(np.ones((2, 4, 5))).shape, layer.bias.shape, layer.count_params()
        ((2, 4, 3), (2, 9), 90)
    """

    gates = 3

    def __init__(
        self,
        units: int,
        *,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        reset_after: bool = True,
        **kwargs: Any,
    ):
        super().__init__(units, activation=activation, **kwargs)
        if not reset_after:
            raise ValueError(
                f"layer '{self.name}' (GRU): only reset_after=True is implemented (Keras's default and "
                "torch.nn.GRU's formulation)"
            )
        self.recurrent_activation = self._op_activation(recurrent_activation, "recurrent_activation")

    def bias_shape(self) -> tuple[int, ...]:
        return (2, 3 * self.units)

    def run(self, x: Tensor, states: list) -> tuple[Tensor, list[Tensor]]:
        bias = self.bias if self.use_bias else None
        hs = gru(
            x,
            self.kernel,
            self.recurrent_kernel,
            bias,
            states[0],
            activation=self.activation,
            recurrent_activation=self.recurrent_activation,
        )
        return hs, ([hs[:, -1]] if self.return_state else [])

    def get_config(self) -> dict:
        return {**super().get_config(), "recurrent_activation": self.recurrent_activation, "reset_after": True}

    def formula(self) -> list[str]:
        s, f = self.recurrent_activation, self.activation
        return [
            f"z = {s}(x_t W_z + h_{{t-1}} U_z + b_z), r = {s}(x_t W_r + h_{{t-1}} U_r + b_r)",
            f"h~ = {f}(x_t W_h + b_h + r * (h_{{t-1}} U_h + b'_h))",
            "h_t = z * h_{t-1} + (1 - z) * h~",
        ]
