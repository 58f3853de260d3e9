r"""RNN, LSTM, GRU: torch's modules and weight layouts over axone's recurrent sequence ops (level 4).

Each layer $l$ has torch's parameters ``weight_ih_l{l}`` (G H, F), ``weight_hh_l{l}`` (G H, H),
``bias_ih_l{l}``, ``bias_hh_l{l}`` (G H,), with G = 1, 4 (gates i, f, g, o) or 3 (r, z, n). The
forward maps them, with differentiable ops, onto the layout of the op that ``ax.layers.SimpleRNN``,
``LSTM`` and ``GRU`` use (``ops.simple_rnn``, ``ops.lstm``, ``ops.gru``): kernel $W_{ih}^\top$,
recurrent kernel $W_{hh}^\top$, one bias $b_{ih} + b_{hh}$ (the GRU keeps both, blocks reordered
z, r, n: torch's GRU is Keras's with ``reset_after=True``). Inputs are (T, N, F), or (N, T, F)
with ``batch_first=True``; the outputs ``output, h_n`` (and ``(h_n, c_n)`` for the LSTM) are torch's.

Example:
    >>> import axone as ax, numpy as np
    >>> lstm = ax.nn.LSTM(3, 4, num_layers=2, batch_first=True)
    >>> out, (h, c) = lstm(ax.Tensor(np.zeros((5, 7, 3))))
    >>> out.shape, h.shape, c.shape, lstm.weight_ih_l0.shape
    ((5, 7, 4), (2, 5, 4), (2, 5, 4), (16, 3))
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from axone.core import ops
from axone.nn import functional as F
from axone.nn.linear import uniform
from axone.nn.module import Module, as_input


class _RNNBase(Module):
    gates = 1  # weight blocks stacked along axis 0
    states = 1  # h (and c for the LSTM)

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: Any = None,
    ):
        super().__init__()
        name = type(self).__name__
        if bidirectional:
            raise ValueError(f"{name}: bidirectional=True is not supported; run a second {name} on the reversed input")
        if not 0 <= dropout < 1:
            raise ValueError(f"{name}: dropout must be in [0, 1), got {dropout!r}")
        self.input_size, self.hidden_size, self.num_layers = int(input_size), int(hidden_size), int(num_layers)
        self.bias, self.batch_first, self.dropout = bool(bias), bool(batch_first), float(dropout)
        bound = 1 / math.sqrt(self.hidden_size)
        width = self.gates * self.hidden_size
        for layer in range(self.num_layers):
            features = self.input_size if layer == 0 else self.hidden_size
            setattr(self, f"weight_ih_l{layer}", uniform(bound, (width, features), dtype))
            setattr(self, f"weight_hh_l{layer}", uniform(bound, (width, self.hidden_size), dtype))
            if self.bias:
                setattr(self, f"bias_ih_l{layer}", uniform(bound, (width,), dtype))
                setattr(self, f"bias_hh_l{layer}", uniform(bound, (width,), dtype))

    def _weights(self, layer: int) -> tuple[Any, Any, Any]:
        """(kernel, recurrent kernel, bias) of one layer in the op's layout."""
        w_ih, w_hh = getattr(self, f"weight_ih_l{layer}"), getattr(self, f"weight_hh_l{layer}")
        bias = ops.add(getattr(self, f"bias_ih_l{layer}"), getattr(self, f"bias_hh_l{layer}")) if self.bias else None
        return ops.transpose(w_ih), ops.transpose(w_hh), bias

    def _run(self, x: Any, layer: int, states: tuple) -> tuple:  # pragma: no cover - abstract
        raise NotImplementedError

    def forward(self, input: Any, hx: Any = None) -> Any:
        x = as_input(input, self.weight_ih_l0.dtype)
        unbatched = x.ndim == 2
        if unbatched:
            x = ops.expand_dims(x, 1)
        if x.ndim != 3 or x.shape[2] != self.input_size:
            order = "(N, T, F)" if self.batch_first else "(T, N, F)"
            raise ValueError(
                f"{type(self).__name__}({self.input_size}, {self.hidden_size}): expects input {order} with "
                f"F = {self.input_size}, got shape {tuple(np.shape(input))}"
            )
        x = x if self.batch_first and not unbatched else ops.transpose(x, (1, 0, 2))  # the ops take (N, T, F)
        states = self._initial_states(hx, x.shape[0], unbatched)
        finals = []
        for layer in range(self.num_layers):
            if layer and self.dropout and self.training:
                x = F.dropout(x, self.dropout, True)
            x, last = self._run(x, layer, tuple(s[layer] if s is not None else None for s in states))
            finals.append(last)
        output = x if self.batch_first and not unbatched else ops.transpose(x, (1, 0, 2))
        stacked = tuple(ops.stack([f[i] for f in finals], axis=0) for i in range(len(finals[0])))
        if unbatched:
            output = ops.squeeze(output, 1)
            stacked = tuple(ops.squeeze(s, 1) for s in stacked)
        return output, (stacked if len(stacked) > 1 else stacked[0])

    def _initial_states(self, hx: Any, batch: int, unbatched: bool) -> tuple:
        if hx is None:
            return (None,) * self.states
        given = tuple(hx) if self.states == 2 else (hx,)
        shaped = []
        for h in given:
            h = as_input(h, self.weight_ih_l0.dtype)
            h = ops.expand_dims(h, 1) if unbatched else h
            if h.shape != (self.num_layers, batch, self.hidden_size):
                raise ValueError(
                    f"{type(self).__name__}: initial states must have shape (num_layers, N, hidden_size) = "
                    f"{(self.num_layers, batch, self.hidden_size)}, got {h.shape}"
                )
            shaped.append(h)
        return tuple(shaped)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}, num_layers={self.num_layers}, batch_first={self.batch_first}"


class RNN(_RNNBase):
    r"""Elman network: $h_t = f(x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh})$, $f$ = ``nonlinearity``."""

    def __init__(
        self, input_size: int, hidden_size: int, num_layers: int = 1, nonlinearity: str = "tanh", **kwargs: Any
    ):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        super().__init__(input_size, hidden_size, num_layers, **kwargs)
        self.nonlinearity = nonlinearity

    def _run(self, x: Any, layer: int, states: tuple) -> tuple:
        kernel, recurrent, bias = self._weights(layer)
        h = ops.simple_rnn(x, kernel, recurrent, bias, h0=states[0], activation=self.nonlinearity)
        return h, (h[:, -1],)


class LSTM(_RNNBase):
    r"""Long short-term memory, gates $i, f, g, o$ (torch's order, Keras's too): returns ``output, (h_n, c_n)``."""

    gates, states = 4, 2

    def _run(self, x: Any, layer: int, states: tuple) -> tuple:
        kernel, recurrent, bias = self._weights(layer)
        h, c = ops.lstm(x, kernel, recurrent, bias, h0=states[0], c0=states[1])
        return h, (h[:, -1], c[:, -1])


def _zrn(w: Any, units: int) -> Any:
    """torch's GRU blocks r, z, n (axis 0) in the op's order z, r, n."""
    return ops.concat([w[units : 2 * units], w[:units], w[2 * units :]], axis=0)


class GRU(_RNNBase):
    r"""Gated recurrent unit as torch's (reset gate applied after $W_{hn} h + b_{hn}$): ``output, h_n``."""

    gates = 3

    def _run(self, x: Any, layer: int, states: tuple) -> tuple:
        u = self.hidden_size
        w_ih, w_hh = getattr(self, f"weight_ih_l{layer}"), getattr(self, f"weight_hh_l{layer}")
        bias = None
        if self.bias:
            b_ih, b_hh = getattr(self, f"bias_ih_l{layer}"), getattr(self, f"bias_hh_l{layer}")
            bias = ops.stack([_zrn(b_ih, u), _zrn(b_hh, u)], axis=0)
        h = ops.gru(x, ops.transpose(_zrn(w_ih, u)), ops.transpose(_zrn(w_hh, u)), bias, h0=states[0])
        return h, (h[:, -1],)
