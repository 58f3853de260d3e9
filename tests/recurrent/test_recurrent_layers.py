"""Recurrent layers and TimeDistributed: shapes, any sequence length, states, configs, errors."""

import numpy as np
import pytest

import axone as ax
from axone.layers import registry

KINDS = ["SimpleRNN", "LSTM", "GRU"]


@pytest.mark.parametrize("kind", KINDS)
def test_any_number_of_time_steps(kind):
    layer = getattr(ax.layers, kind)(4, return_sequences=True)
    assert layer(np.zeros((2, 9, 3))).shape == (2, 9, 4)
    assert layer(np.zeros((5, 31, 3))).shape == (5, 31, 4)
    assert layer.input_shape == (None, None, 3)
    assert layer.compute_output_shape((None, None, 3)) == (None, None, 4)
    last = getattr(ax.layers, kind)(4)
    assert last(np.zeros((2, 7, 3))).shape == (2, 4)


def test_input_with_unknown_length_in_a_sequential():
    model = ax.Sequential(
        [
            ax.Input((None, 2)),
            ax.layers.SimpleRNN(3, return_sequences=True),
            ax.layers.TimeDistributed(ax.layers.Dense(1)),
        ]
    )
    assert model.predict(np.zeros((4, 9, 2))).shape == (4, 9, 1)
    assert model.predict(np.zeros((4, 20, 2))).shape == (4, 20, 1)


@pytest.mark.parametrize(
    "kind, counts",
    [("SimpleRNN", (3 * 5, 5 * 5, 5)), ("LSTM", (3 * 20, 5 * 20, 20)), ("GRU", (3 * 15, 5 * 15, 2 * 15))],
)
def test_weight_shapes_and_parameter_formula(kind, counts):
    layer = getattr(ax.layers, kind)(5)
    layer(np.zeros((1, 2, 3)))
    assert [w.data.size for w in layer.weights] == list(counts)
    assert [w.name.split("/")[-1] for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]
    assert layer.param_formula().endswith(f"= {sum(counts)}")
    assert layer.name.startswith(kind.lower().replace("simplernn", "simple_rnn"))


def test_formulas():
    rnn = ax.layers.SimpleRNN(2)
    assert rnn.formula() == ["h_t = tanh(x_t W + h_{t-1} U + b)"]
    rnn(np.zeros((1, 1, 3)))
    assert rnn.param_formula() == "3 * 2 + 2 * 2 + 2 = 12"
    assert ax.layers.LSTM(2).formula()[1] == "c_t = sigmoid(z_f) * c_{t-1} + sigmoid(z_i) * tanh(z_c)"
    assert ax.layers.GRU(2).formula()[-1] == "h_t = z * h_{t-1} + (1 - z) * h~"


def test_default_initialisers():
    lstm = ax.layers.LSTM(3)
    lstm(np.zeros((1, 2, 4)))
    u = lstm.recurrent_kernel.numpy()
    np.testing.assert_allclose(u @ u.T, np.eye(3), atol=1e-5)  # orthogonal rows
    np.testing.assert_array_equal(lstm.bias.numpy(), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    assert np.abs(lstm.kernel.numpy()).max() <= np.sqrt(6 / (4 + 12))  # glorot_uniform
    plain = ax.layers.LSTM(3, unit_forget_bias=False)
    plain(np.zeros((1, 2, 4)))
    assert not plain.bias.numpy().any()
    no_bias = ax.layers.GRU(3, use_bias=False)
    no_bias(np.zeros((1, 2, 4)))
    assert len(no_bias.weights) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_return_state_and_initial_state(kind):
    layer = getattr(ax.layers, kind)(4, return_sequences=True, return_state=True)
    x = np.random.default_rng(0).normal(size=(2, 6, 3)).astype(np.float32)
    out, *states = layer(x)
    assert len(states) == (2 if kind == "LSTM" else 1)
    np.testing.assert_array_equal(states[0].numpy(), out.numpy()[:, -1])
    # running the second half from the states of the first half gives the same sequence
    first, *mid = layer(x[:, :3])
    second, *_ = layer(x[:, 3:], initial_state=mid if kind == "LSTM" else mid[0])
    np.testing.assert_allclose(np.concatenate([first.numpy(), second.numpy()], axis=1), out.numpy(), atol=1e-6)
    assert layer.compute_output_shape((None, 6, 3))[0] == (None, 6, 4)


def test_bad_inputs_and_states_give_clear_errors():
    rnn = ax.layers.SimpleRNN(4)
    rnn(np.zeros((2, 5, 3)))
    with pytest.raises(ValueError, match=r"simple_rnn.*\(batch, time steps, 3\).*\(2, 5, 2\)"):
        rnn(np.zeros((2, 5, 2)))
    with pytest.raises(ValueError, match="batch, time steps, features"):
        ax.layers.GRU(2)(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"initial state h must have shape \(batch, units\) = \(2, 4\)"):
        rnn(np.zeros((2, 5, 3)), initial_state=np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"takes 2 initial state\(s\) \(h, c\)"):
        ax.layers.LSTM(4)(np.zeros((2, 5, 3)), initial_state=np.zeros((2, 4)))
    with pytest.raises(ValueError, match="activation='softmax'"):
        ax.layers.SimpleRNN(2, activation="softmax")
    with pytest.raises(ValueError, match="reset_after=True"):
        ax.layers.GRU(2, reset_after=False)
    with pytest.raises(ValueError, match="units must be a positive integer"):
        ax.layers.LSTM(0)


@pytest.mark.parametrize("kind", KINDS)
def test_config_round_trip(kind):
    layer = getattr(ax.layers, kind)(
        3, activation="relu", return_sequences=True, return_state=True, use_bias=False, name="memory"
    )
    config = registry.serialize(layer)
    again = registry.deserialize(config)
    assert type(again) is type(layer) and registry.serialize(again) == config
    x = np.random.default_rng(1).normal(size=(2, 4, 2)).astype(np.float32)
    layer(x)
    again(x)
    again.set_weights(layer.get_weights())
    np.testing.assert_array_equal(again(x)[0].numpy(), layer(x)[0].numpy())


def test_time_distributed_applies_the_layer_at_every_step():
    dense = ax.layers.Dense(2, activation="tanh")
    td = ax.layers.TimeDistributed(dense)
    x = np.random.default_rng(2).normal(size=(3, 5, 4)).astype(np.float32)
    out = td(x).numpy()
    for t in range(5):
        np.testing.assert_allclose(out[:, t], dense(x[:, t]).numpy(), atol=1e-6)
    assert td(x[:, :2]).shape == (3, 2, 2)
    assert td.trainable_weights == dense.trainable_weights
    assert td.compute_output_shape((None, None, 4)) == (None, None, 2)
    assert td.formula() == ["each t: z = xW + b", "each t: y = tanh(z)"]
    again = registry.deserialize(registry.serialize(td))
    assert isinstance(again.layer, ax.layers.Dense) and again.layer.units == 2
    with pytest.raises(ValueError, match="time steps"):
        ax.layers.TimeDistributed(ax.layers.Dense(1))(np.zeros((2, 3)))
    with pytest.raises(TypeError, match="wraps a layer"):
        ax.layers.TimeDistributed("dense")
