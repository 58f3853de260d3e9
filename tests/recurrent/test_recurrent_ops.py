"""The recurrent ops: float64 gradient checks (central differences), shapes, variable T, errors."""

import numpy as np
import pytest

import axone as ax
from axone.core.ops.recurrent import ACTIVATIONS

N, T, F, U = 2, 4, 3, 3


def _inputs(k, bias_shape=None, states=1, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, T, F))
    kernel = rng.normal(size=(F, k * U)) * 0.7
    rec = rng.normal(size=(U, k * U)) * 0.5
    bias = rng.normal(size=bias_shape or (k * U,)) * 0.3
    return [x, kernel, rec, bias] + [rng.normal(size=(N, U)) * 0.5 for _ in range(states)]


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "linear", "relu"])
def test_simple_rnn_gradcheck(activation):
    f = lambda x, w, u, b, h0: ax.simple_rnn(x, w, u, b, h0, activation=activation)
    inputs = _inputs(1, seed=1)
    if activation == "relu":  # keep pre-activations away from the kink at 0
        inputs[3] = np.abs(inputs[3]) + 0.5
        inputs[0] = np.abs(inputs[0])
        inputs[1] = np.abs(inputs[1])
        inputs[2] = np.abs(inputs[2]) * 0.3
    assert ax.testing.gradcheck(f, *inputs)


@pytest.mark.parametrize(
    "activation, recurrent_activation", [("tanh", "sigmoid"), ("relu", "tanh"), ("linear", "sigmoid")]
)
def test_lstm_gradcheck(activation, recurrent_activation):
    def f(x, w, u, b, h0, c0):
        h, c = ax.lstm(x, w, u, b, h0, c0, activation=activation, recurrent_activation=recurrent_activation)
        return ax.concat([h, c * 0.5], axis=2)

    inputs = _inputs(4, states=2, seed=2)
    if activation == "relu":
        inputs = [np.abs(a) for a in inputs]
    assert ax.testing.gradcheck(f, *inputs)


@pytest.mark.parametrize("activation, recurrent_activation", [("tanh", "sigmoid"), ("linear", "tanh")])
def test_gru_gradcheck(activation, recurrent_activation):
    f = lambda x, w, u, b, h0: ax.gru(x, w, u, b, h0, activation=activation, recurrent_activation=recurrent_activation)
    assert ax.testing.gradcheck(f, *_inputs(3, bias_shape=(2, 3 * U), seed=3))


def test_ops_without_bias_or_state_and_only_some_gradients():
    x, w, u, _, _ = _inputs(1)
    w_var = ax.Variable(w)
    out = ax.simple_rnn(ax.Tensor(x), w_var, ax.Tensor(u))  # x, U, bias, h0 constants
    out.sum().backward()
    assert out.shape == (N, T, U) and w_var.grad.shape == w.shape
    expected = ax.simple_rnn(x, w, u, np.zeros(U), np.zeros((N, U)))
    np.testing.assert_array_equal(out.numpy(), expected.numpy())
    h, c = ax.lstm(x, np.zeros((F, 4 * U)), np.zeros((U, 4 * U)))
    assert h.shape == c.shape == (N, T, U)
    assert ax.gru(x, np.zeros((F, 3 * U)), np.zeros((U, 3 * U))).shape == (N, T, U)


def test_variable_number_of_steps_is_the_same_recurrence():
    x, w, u, b, h0 = _inputs(1)
    long = ax.simple_rnn(np.concatenate([x, x], axis=1), w, u, b, h0).numpy()
    first = ax.simple_rnn(x, w, u, b, h0).numpy()
    second = ax.simple_rnn(x, w, u, b, first[:, -1]).numpy()
    np.testing.assert_allclose(long, np.concatenate([first, second], axis=1), atol=1e-12)
    assert ax.simple_rnn(x[:, :1], w, u, b, h0).shape == (N, 1, U)


def test_one_time_step_equals_the_formula():
    x, w, u, b, h0 = _inputs(1)
    out = ax.simple_rnn(x[:, :1], w, u, b, h0).numpy()[:, 0]
    np.testing.assert_allclose(out, np.tanh(x[:, 0] @ w + h0 @ u + b), atol=1e-12)


def test_gradient_through_time_reaches_the_first_input():
    # the course's point about memory: the last output depends on the first input
    x, w, u, b, h0 = _inputs(1)
    x_var = ax.Variable(x)
    ax.simple_rnn(x_var, w, u, b, h0)[:, -1].sum().backward()
    assert np.all(np.abs(x_var.grad.numpy()[:, 0]) > 0)


def test_activation_table_derivatives_match_finite_differences():
    z = np.linspace(-2, 2, 9) + 0.05
    for name, act in ACTIVATIONS.items():  # the recurrent ops call derivative(y), from the output alone
        lo, hi = act.forward(z - 1e-6), act.forward(z + 1e-6)
        np.testing.assert_allclose(act.derivative(act.forward(z)), (hi - lo) / 2e-6, atol=1e-6, err_msg=name)


def test_errors_name_the_problem():
    x, w, u, b, h0 = _inputs(1)
    with pytest.raises(ValueError, match="activation 'softmax'.*tanh"):
        ax.simple_rnn(x, w, u, b, h0, activation="softmax")
    with pytest.raises(ValueError, match=r"x must have shape \(N, T, 3\)"):
        ax.simple_rnn(x[:, :, :2], w, u)
    with pytest.raises(ValueError, match=r"\(N, T, 3\)"):
        ax.simple_rnn(x[0], w, u)
