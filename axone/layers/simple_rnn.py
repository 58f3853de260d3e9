r"""SimpleRNN: the Elman network, the course's recurrent network that adds binary numbers."""

from __future__ import annotations

from axone.core.ops.recurrent import simple_rnn
from axone.core.tensor import Tensor
from axone.layers.recurrent import Recurrent
from axone.layers.registry import register


@register
class SimpleRNN(Recurrent):
    r"""A fully connected recurrent layer: the state is fed back to itself at the next step.

    Math:
        $h_t = f(x_t W + h_{t-1} U + b)$, $h_0 = 0$ unless ``initial_state`` is given;
        $W$ is the kernel (F, units), $U$ the recurrent kernel (units, units), $f$ tanh by default.
        Equal to ``torch.nn.RNN`` with ``W = weight_ih_l0.T``, ``U = weight_hh_l0.T``,
        ``b = bias_ih_l0 + bias_hh_l0``.

    Shape:
        (N, T, F) -> (N, T, units) with ``return_sequences=True``, else (N, units).

    Example:
        >>> import axone as ax, numpy as np
        >>> rnn = ax.layers.SimpleRNN(4, return_sequences=True)
        >>> rnn(np.zeros((2, 9, 3))).shape, rnn(np.zeros((2, 30, 3))).shape, rnn.count_params()
        ((2, 9, 4), (2, 30, 4), 32)
        >>> rnn.param_formula()
        '3 * 4 + 4 * 4 + 4 = 32'
    """

    def run(self, x: Tensor, states: list) -> tuple[Tensor, list[Tensor]]:
        bias = self.bias if self.use_bias else None
        hs = simple_rnn(x, self.kernel, self.recurrent_kernel, bias, states[0], activation=self.activation)
        return hs, ([hs[:, -1]] if self.return_state else [])

    def formula(self) -> list[str]:
        return [f"h_t = {self.activation}(x_t W + h_{{t-1}} U{' + b' if self.use_bias else ''})"]
