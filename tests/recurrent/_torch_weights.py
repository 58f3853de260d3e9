"""Copying weights between torch.nn.RNN/LSTM/GRU and axone's Keras layout (see docs/recurrent.md)."""

from __future__ import annotations

import numpy as np


def keras_gru_blocks(w: np.ndarray, units: int) -> np.ndarray:
    """torch stacks the GRU blocks r, z, n along axis 0; Keras's order is z, r, h."""
    return np.concatenate([w[units : 2 * units], w[:units], w[2 * units :]], axis=0)


def axone_weights(module, kind: str) -> list[np.ndarray]:
    """[kernel, recurrent_kernel, bias] for an axone layer, from a one-layer torch module."""
    w_ih = module.weight_ih_l0.detach().numpy()
    w_hh = module.weight_hh_l0.detach().numpy()
    b_ih = module.bias_ih_l0.detach().numpy()
    b_hh = module.bias_hh_l0.detach().numpy()
    if kind == "GRU":
        u = module.hidden_size
        return [
            keras_gru_blocks(w_ih, u).T,
            keras_gru_blocks(w_hh, u).T,
            np.stack([keras_gru_blocks(b_ih, u), keras_gru_blocks(b_hh, u)]),
        ]
    # SimpleRNN and LSTM: same block order (LSTM i, f, g, o), one bias b_ih + b_hh
    return [w_ih.T, w_hh.T, b_ih + b_hh]


def torch_grads(module, kind: str) -> list[np.ndarray]:
    """The gradients of a torch module in axone's layout (the two biases' gradients are equal)."""
    g_ih = module.weight_ih_l0.grad.numpy()
    g_hh = module.weight_hh_l0.grad.numpy()
    gb = module.bias_ih_l0.grad.numpy()
    if kind == "GRU":
        u = module.hidden_size
        return [
            keras_gru_blocks(g_ih, u).T,
            keras_gru_blocks(g_hh, u).T,
            np.stack([keras_gru_blocks(gb, u), keras_gru_blocks(module.bias_hh_l0.grad.numpy(), u)]),
        ]
    return [g_ih.T, g_hh.T, gb]
