r"""Converters of SimpleRNN, LSTM and GRU: axone's (Keras's) weights in ONNX's ``RNN``, ``LSTM`` and ``GRU``.

axone keeps ``kernel`` $W$ (F, k units) and ``recurrent_kernel`` $U$ (units, k units) with the gate
blocks side by side in the columns (``axone/core/ops/recurrent.py``); ONNX wants them transposed,
one block under the other, $(1, k \cdot \text{units}, F)$, with its own gate orders:

| layer | axone (Keras) blocks | ONNX blocks | bias |
|---|---|---|---|
| SimpleRNN | $h$ | $h$ | $[b, 0]$ |
| LSTM | i, f, c, o | i, o, f, c | $[b, 0]$ |
| GRU | z, r, h | z, r, h, ``linear_before_reset=1`` | $[b, b']$: the input row, then the recurrent row |

``linear_before_reset=1`` is axone's ``reset_after=True`` (and torch's GRU):
$\tilde h = f(x_t W_h + b_h + r \odot (h_{t-1} U_h + b'_h))$. ONNX's ops run time first, so the
sequence goes through ``Transpose(1, 0, 2)``; their output $Y$ is (T, 1, N, units) and $Y_h$ is
(1, N, units), squeezed back to axone's (N, T, units) or (N, units).
"""

from __future__ import annotations

import numpy as np

from axone.layers import GRU, LSTM, SimpleRNN
from axone.onnx.convert import converter, describe
from axone.onnx.graph import ExportError, Graph

# axone's recurrent activations -> ONNX's names (linear is Affine with alpha 1, beta 0)
_NAMES = {"tanh": "Tanh", "sigmoid": "Sigmoid", "logistic": "Sigmoid", "relu": "Relu", "linear": "Affine"}
_LSTM_ORDER = [0, 3, 1, 2]  # ONNX's i, o, f, c taken from axone's i, f, c, o


def _blocks(matrix: np.ndarray, gates: int, order: list[int]) -> np.ndarray:
    """(rows, k units) in axone's order -> (1, k units, rows), ONNX's blocks one under the other."""
    blocks = np.split(matrix, gates, axis=-1)
    return np.concatenate([blocks[i].T for i in order], axis=0)[None]


def _recurrent(graph: Graph, layer: SimpleRNN, x: str, op: str, order: list[int], bias: np.ndarray, **extra) -> str:
    if layer.return_state:
        raise ExportError(
            f"{describe(layer)} cannot be exported to ONNX with return_state=True: the exported model has one "
            "output; export a model whose recurrent layers return their outputs only"
        )
    where, gates = layer.name, layer.gates
    functions = [layer.recurrent_activation] if gates > 1 else []
    functions += [layer.activation] * (2 if op == "LSTM" else 1)
    weights = [
        graph.constant(_blocks(layer.kernel.data, gates, order), f"{where}/W"),
        graph.constant(_blocks(layer.recurrent_kernel.data, gates, order), f"{where}/R"),
        graph.constant(bias[None], f"{where}/B"),
    ]
    time_first = graph.node("Transpose", [x], f"{where}/time_first", perm=[1, 0, 2])
    outputs = graph.node(
        op,
        [time_first, *weights],
        f"{where}/{op.lower()}",
        outputs=2,
        hidden_size=layer.units,
        activations=[_NAMES[name] for name in functions],
        # Affine needs alpha = 1, beta = 0; the other activations ignore them (one value each, in order)
        activation_alpha=[1.0] * len(functions),
        activation_beta=[0.0] * len(functions),
        **extra,
    )
    sequence, last = outputs
    if not layer.return_sequences:
        return graph.node("Squeeze", [last, graph.ints([0], "axes")], f"{where}/last")
    y = graph.node("Squeeze", [sequence, graph.ints([1], "axes")], f"{where}/sequence")
    return graph.node("Transpose", [y], f"{where}/batch_first", perm=[1, 0, 2])


def _bias(layer: SimpleRNN) -> np.ndarray:
    """The layer's bias, or zeros of its shape without one."""
    return layer.bias.data if layer.use_bias else np.zeros(layer.bias_shape(), dtype=layer.kernel.data.dtype)


@converter(SimpleRNN)
def simple_rnn(graph: Graph, layer: SimpleRNN, x: str, shape: tuple) -> str:
    width = layer.units
    bias = np.concatenate([_bias(layer), np.zeros(width, dtype=layer.kernel.data.dtype)])
    return _recurrent(graph, layer, x, "RNN", [0], bias)


@converter(LSTM)
def lstm(graph: Graph, layer: LSTM, x: str, shape: tuple) -> str:
    b = _bias(layer)
    bias = np.concatenate([np.concatenate([np.split(b, 4)[i] for i in _LSTM_ORDER]), np.zeros_like(b)])
    return _recurrent(graph, layer, x, "LSTM", _LSTM_ORDER, bias)


@converter(GRU)
def gru(graph: Graph, layer: GRU, x: str, shape: tuple) -> str:
    b = _bias(layer)  # (2, 3 units): the input row, then the recurrent row
    return _recurrent(graph, layer, x, "GRU", [0, 1, 2], b.reshape(-1), linear_before_reset=1)
