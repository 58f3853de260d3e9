"""Dense against torch.nn.Linear (values and gradients, float64), hand-set weights, errors, config."""

import numpy as np
import pytest
from layer_helpers import forward_backward, torch_forward_backward

import axone as ax

R = np.random.default_rng(0)


@pytest.mark.parametrize(
    "activation, torch_fn",
    [(None, None), ("sigmoid", "sigmoid"), ("tanh", "tanh"), ("relu", "relu"), ("softmax", "softmax")],
)
def test_dense_matches_torch_linear(activation, torch_fn):
    import torch

    x, weights = R.normal(size=(6, 4)), R.normal(size=(6, 3))
    layer = ax.layers.Dense(3, activation=activation, dtype="float64")
    layer.build_for((None, 4))
    linear = torch.nn.Linear(4, 3).double()
    with torch.no_grad():  # torch's weight is W transposed: (n_out, n_in)
        linear.weight.copy_(torch.tensor(layer.kernel.numpy().T))
        linear.bias.copy_(torch.tensor(R.normal(size=3)))
    layer.bias.assign(linear.bias.detach().numpy())
    fn = getattr(torch, torch_fn) if torch_fn else (lambda z: z)
    module = (lambda v: fn(linear(v), dim=-1)) if torch_fn == "softmax" else (lambda v: fn(linear(v)))
    out, grad_x, (grad_w, grad_b) = forward_backward(layer, x, weights)
    expected, expected_grad_x = torch_forward_backward(module, x, weights)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grad_x, expected_grad_x, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(grad_w, linear.weight.grad.numpy().T, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(grad_b, linear.bias.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_course_first_network_with_hand_set_weights():
    # a 2-3-1 logistic network evaluated at (1,1), (0,1), (1,0), (0,0) with given weights
    w1, b1 = np.array([[1.0, -1.0, 0.5], [2.0, 0.5, -1.0]]), np.array([0.0, 0.5, -0.5])
    w2, b2 = np.array([[1.0], [-2.0], [0.5]]), np.array([0.1])
    hidden = ax.layers.Dense(3, activation="logistic", kernel=w1, bias=b1, dtype="float64")
    output = ax.layers.Dense(1, activation="logistic", kernel=w2, bias=b2, dtype="float64")
    x = np.array([[1.0, 1.0], [0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])
    sigma = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    expected = sigma(sigma(x @ w1 + b1) @ w2 + b2)
    np.testing.assert_allclose(output(hidden(x)).numpy(), expected, rtol=1e-14)
    assert hidden.built and hidden.input_shape == (None, 2)
    assert [w.shape for w in hidden.get_weights()] == [(2, 3), (3,)]


def test_get_set_weights_and_counts():
    layer = ax.layers.Dense(3, input_shape=(2,))
    assert layer.count_params() == 9 and layer.param_formula() == "2 * 3 + 3 = 9"
    layer.set_weights([np.ones((2, 3)), np.arange(3.0)])
    np.testing.assert_array_equal(layer(np.ones((1, 2))).numpy(), [[2.0, 3.0, 4.0]])
    assert [v.name for v in layer.trainable_variables] == [f"{layer.name}/kernel", f"{layer.name}/bias"]
    no_bias = ax.layers.Dense(4, use_bias=False, activation="relu", input_shape=(5,))
    assert no_bias.count_params() == 20 and no_bias.param_formula() == "5 * 4 = 20"
    assert no_bias.formula() == ["z = xW", "y = relu(z)"]
    assert ax.layers.Dense(2).formula() == ["y = xW + b"] and ax.layers.Dense(2).param_formula() == "n_in * 2 + 2"


def test_dense_on_sequences_applies_to_the_last_axis():
    layer = ax.layers.Dense(2, kernel=np.ones((3, 2)), use_bias=False)
    assert layer(np.ones((4, 5, 3))).shape == (4, 5, 2)
    assert layer.compute_output_shape((None, 5, 3)) == (None, 5, 2)


def test_wrong_number_of_features_message():
    layer = ax.layers.Dense(4, name="dense_1")
    layer(np.zeros((2, 3)))
    message = (
        "layer 'dense_1' (Dense) expects inputs with 3 features (shape (None, 3)), "
        "but received shape (32, 4). Check the columns of x, or the previous layer's units."
    )
    with pytest.raises(ValueError) as info:
        layer(np.zeros((32, 4)))
    assert str(info.value) == message


def test_construction_errors():
    with pytest.raises(ValueError, match="units must be a positive integer, got 0"):
        ax.layers.Dense(0)
    with pytest.raises(ValueError, match="unknown activation 'sigmoïde'; valid names: elu"):
        ax.layers.Dense(2, activation="sigmoïde")
    with pytest.raises(ValueError, match=r"weight 'kernel' must have shape \(2, 3\), got \(2, 4\)"):
        ax.layers.Dense(3, kernel=np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"weight 'bias' must have shape \(3,\), got \(2,\)"):
        ax.layers.Dense(3, kernel=np.ones((2, 3)), bias=[1.0, 2.0])
    with pytest.raises(ValueError, match="unknown initializer 'glorot'"):
        ax.layers.Dense(3, kernel_initializer="glorot")


def test_inputs_take_the_layer_dtype():
    layer = ax.layers.Dense(2, input_shape=(3,))
    assert layer(np.ones((1, 3), dtype=np.int64)).dtype == np.float32
    assert layer(np.ones((1, 3))).dtype == np.float32


def test_input_layer():
    inp = ax.layers.Input((None, 3), name="inp")
    assert inp.shape == (None, None, 3) and inp.built
    assert inp(np.zeros((2, 7, 3))).shape == (2, 7, 3)
    with pytest.raises(ValueError, match=r"layer 'inp' \(Input\) expects inputs with 3 features"):
        inp(np.zeros((2, 7, 4)))
    assert ax.layers.Input(4).shape == (None, 4)
    with pytest.raises(ValueError, match="positive integers or None"):
        ax.layers.Input((0,))
