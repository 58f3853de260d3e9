"""SimpleRNN, LSTM and GRU against torch.nn.RNN/LSTM/GRU with copied weights (float64)."""

import numpy as np
import pytest

import axone as ax
from tests.recurrent._torch_weights import axone_weights, torch_grads

torch = pytest.importorskip("torch")

TORCH = {"SimpleRNN": "RNN", "LSTM": "LSTM", "GRU": "GRU"}
N, T, F, UNITS = 3, 6, 4, 5


def run_both(kind, return_sequences, with_state, activation="tanh"):
    rng = np.random.default_rng(7)
    kwargs = {"nonlinearity": activation} if kind == "SimpleRNN" else {}
    module = getattr(torch.nn, TORCH[kind])(F, UNITS, batch_first=True, **kwargs).double()
    layer_kwargs = {"activation": activation} if kind == "SimpleRNN" else {}
    layer = getattr(ax.layers, kind)(UNITS, return_sequences=return_sequences, dtype="float64", **layer_kwargs)
    x = rng.normal(size=(N, T, F))
    states = [rng.normal(size=(N, UNITS)) for _ in range(2 if kind == "LSTM" else 1)] if with_state else None
    out_shape = (N, T, UNITS) if return_sequences else (N, UNITS)
    weights = rng.normal(size=out_shape)

    x_t = torch.tensor(x, requires_grad=True)
    s_t = [torch.tensor(s[None], requires_grad=True) for s in states] if with_state else None
    if s_t is None:
        seq, _ = module(x_t)
    else:
        seq, _ = module(x_t, tuple(s_t) if kind == "LSTM" else s_t[0])
    out_t = seq if return_sequences else seq[:, -1]
    (out_t * torch.tensor(weights)).sum().backward()

    layer.build_for(x.shape)
    layer.set_weights(axone_weights(module, kind))
    x_a = ax.Tensor(x, requires_grad=True)
    s_a = [ax.Tensor(s, requires_grad=True) for s in states] if with_state else None
    out_a = layer(x_a, initial_state=s_a)
    (out_a * ax.Tensor(weights)).sum().backward()

    np.testing.assert_allclose(out_a.numpy(), out_t.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(x_a.grad.numpy(), x_t.grad.numpy(), atol=1e-12)
    for mine, theirs in zip(layer.weights, torch_grads(module, kind)):
        np.testing.assert_allclose(mine.grad.numpy(), theirs, atol=1e-12, err_msg=mine.name)
    if with_state:
        for mine, theirs in zip(s_a, s_t):
            np.testing.assert_allclose(mine.grad.numpy(), theirs.grad.numpy()[0], atol=1e-12)


@pytest.mark.parametrize("kind", ["SimpleRNN", "LSTM", "GRU"])
@pytest.mark.parametrize("return_sequences", [True, False])
@pytest.mark.parametrize("with_state", [False, True])
def test_layer_matches_torch(kind, return_sequences, with_state):
    run_both(kind, return_sequences, with_state)


def test_simple_rnn_relu_matches_torch():
    run_both("SimpleRNN", True, True, activation="relu")


def test_lstm_final_cell_state_matches_torch():
    rng = np.random.default_rng(3)
    module = torch.nn.LSTM(F, UNITS, batch_first=True).double()
    layer = ax.layers.LSTM(UNITS, return_state=True, dtype="float64")
    x = rng.normal(size=(N, T, F))
    g_h, g_c = rng.normal(size=(N, UNITS)), rng.normal(size=(N, UNITS))
    x_t = torch.tensor(x, requires_grad=True)
    _, (h_t, c_t) = module(x_t)
    ((h_t[0] * torch.tensor(g_h)).sum() + (c_t[0] * torch.tensor(g_c)).sum()).backward()
    layer.build_for(x.shape)
    layer.set_weights(axone_weights(module, "LSTM"))
    x_a = ax.Tensor(x, requires_grad=True)
    out, h, c = layer(x_a)
    np.testing.assert_allclose(out.numpy(), h.numpy())
    np.testing.assert_allclose(c.numpy(), c_t.detach().numpy()[0], atol=1e-12)
    ((h * ax.Tensor(g_h)).sum() + (c * ax.Tensor(g_c)).sum()).backward()
    np.testing.assert_allclose(x_a.grad.numpy(), x_t.grad.numpy(), atol=1e-12)
    for mine, theirs in zip(layer.weights, torch_grads(module, "LSTM")):
        np.testing.assert_allclose(mine.grad.numpy(), theirs, atol=1e-12, err_msg=mine.name)


@pytest.mark.parametrize("kind", ["SimpleRNN", "LSTM", "GRU"])
def test_float32_close_to_torch(kind):
    rng = np.random.default_rng(5)
    module = getattr(torch.nn, TORCH[kind])(F, UNITS, batch_first=True)
    layer = getattr(ax.layers, kind)(UNITS, return_sequences=True)
    x = rng.normal(size=(N, T, F)).astype(np.float32)
    layer.build_for(x.shape)
    layer.set_weights(axone_weights(module, kind))
    out = layer(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), module(torch.tensor(x))[0].detach().numpy(), atol=1e-5)
