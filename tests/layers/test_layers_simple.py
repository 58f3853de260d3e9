"""Dropout, Flatten, Activation, Normalization and Residual: values, gradients, seeding, errors."""

import numpy as np
import pytest
from layer_helpers import forward_backward, torch_forward_backward

import axone as ax

R = np.random.default_rng(11)


# ---- Dropout ------------------------------------------------------------------------------------
def test_dropout_statistics_and_gradient():
    layer = ax.layers.Dropout(0.3)
    x = np.ones((200, 500))
    out, grad_x, _ = forward_backward(layer, x, np.ones_like(x), training=True)
    dropped = out == 0
    assert dropped.mean() == pytest.approx(0.3, abs=0.005)
    np.testing.assert_allclose(out[~dropped], 1 / 0.7, rtol=1e-6)
    assert out.mean() == pytest.approx(1.0, abs=0.01)  # inverted dropout keeps the mean
    np.testing.assert_array_equal(grad_x, out)  # dy/dx = m / (1 - p), here equal to y


def test_dropout_is_identity_in_inference():
    layer = ax.layers.Dropout(0.5)
    x = ax.Tensor(R.normal(size=(3, 4)).astype(np.float32))  # the layer's dtype: passed through as it is
    assert layer(x) is x and layer(x, training=False) is x
    assert ax.layers.Dropout(0.0)(x, training=True) is x


def test_dropout_seeding():
    x = np.ones((4, 10), dtype=np.float32)
    ax.random.seed(3)
    a = ax.layers.Dropout(0.5)(x, training=True).numpy()
    ax.random.seed(3)
    b = ax.layers.Dropout(0.5)(x, training=True).numpy()
    np.testing.assert_array_equal(a, b)
    own = [ax.layers.Dropout(0.5, seed=9)(x, training=True).numpy() for _ in range(2)]
    np.testing.assert_array_equal(own[0], own[1])  # its own stream, independent of ax.random
    layer = ax.layers.Dropout(0.5, seed=9)
    first, second = layer(x, training=True).numpy(), layer(x, training=True).numpy()
    assert not np.array_equal(first, second)  # the stream advances from call to call
    with pytest.raises(ValueError, match=r"rate must be in \[0, 1\), got 1"):
        ax.layers.Dropout(1)


# ---- Flatten and Activation ---------------------------------------------------------------------
def test_flatten_matches_reshape_and_torch_on_channels_last():
    import torch

    x, weights = R.normal(size=(2, 3, 4, 5)), R.normal(size=(2, 60))
    layer = ax.layers.Flatten(dtype="float64")
    out, grad_x, _ = forward_backward(layer, x, weights)
    expected, expected_grad = torch_forward_backward(torch.nn.Flatten(), x, weights)
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(grad_x, expected_grad)
    assert layer.compute_output_shape((None, 3, 4, 5)) == (None, 60)
    assert layer.compute_output_shape((None, None, 5)) == (None, None)
    assert layer.count_params() == 0


@pytest.mark.parametrize("name", ["relu", "elu", "softplus", "tanh", "sigmoid", "leaky_relu"])
def test_activation_layer_matches_torch(name):
    import torch

    modules = {
        "relu": torch.nn.ReLU(),
        "elu": torch.nn.ELU(),
        "softplus": torch.nn.Softplus(),
        "tanh": torch.nn.Tanh(),
        "sigmoid": torch.nn.Sigmoid(),
        "leaky_relu": torch.nn.LeakyReLU(0.01),
    }
    x, weights = R.normal(size=(3, 7)), R.normal(size=(3, 7))
    layer = ax.layers.Activation(name, dtype="float64")
    out, grad_x, _ = forward_backward(layer, x, weights)
    expected, expected_grad = torch_forward_backward(modules[name], x, weights)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grad_x, expected_grad, rtol=1e-12, atol=1e-15)
    assert layer.formula() == [f"y = {name}(x)"]


# ---- Normalization -----------------------------------------------------------------------------
def test_normalization_adapt_matches_numpy():
    data = R.normal([100.0, -3.0, 0.01], [10.0, 0.1, 0.001], size=(500, 3))
    layer = ax.layers.Normalization(dtype="float64")
    layer.adapt(data)
    np.testing.assert_allclose(layer.mean.numpy(), data.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(layer.variance.numpy(), data.var(axis=0), rtol=1e-12)
    out = layer(data).numpy()
    np.testing.assert_allclose(out, (data - data.mean(0)) / data.std(0), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(out.mean(0), 0, atol=1e-10)
    np.testing.assert_allclose(out.std(0), 1, rtol=1e-10)
    assert [v.name.split("/")[1] for v in layer.non_trainable_weights] == ["mean", "variance"]
    assert layer.trainable_weights == [] and layer.count_params() == 6


def test_normalization_batches_axis_and_given_statistics():
    images = R.normal(size=(6, 4, 4, 2)) * [1.0, 5.0]
    layer = ax.layers.Normalization(dtype="float64")
    layer.adapt(iter([images[:3], images[3:]]))  # an iterable of batches, as a dataset
    np.testing.assert_allclose(layer.variance.numpy(), images.reshape(-1, 2).var(0), rtol=1e-12)
    channels_first = ax.layers.Normalization(axis=1, dtype="float64")
    channels_first.adapt(images.transpose(0, 3, 1, 2))
    np.testing.assert_allclose(channels_first.mean.numpy(), images.reshape(-1, 2).mean(0), rtol=1e-12)
    given = ax.layers.Normalization(mean=[1.0, 2.0], variance=[4.0, 0.0])
    np.testing.assert_allclose(given([[3.0, 2.0]]).numpy(), [[1.0, 0.0]])  # a constant feature: no division by 0


def test_normalization_gradient_and_errors():
    layer = ax.layers.Normalization(dtype="float64")
    layer.adapt(np.array([[0.0, 10.0], [2.0, 30.0]]))
    _, grad_x, _ = forward_backward(layer, np.zeros((1, 2)), np.ones((1, 2)))
    np.testing.assert_allclose(grad_x, [[1.0, 0.1]])  # 1 / sigma
    with pytest.raises(RuntimeError, match=r"no statistics yet: call adapt\(x_train\)"):
        ax.layers.Normalization()(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        ax.layers.Normalization().adapt([[np.nan, 1.0]])
    with pytest.raises(ValueError, match="expects inputs with 2 features"):
        layer.adapt(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="give both mean and variance"):
        ax.layers.Normalization(mean=0.0)
    restored = ax.layers.Normalization()
    restored.build_for((None, 2))
    restored.set_weights(layer.get_weights())  # as a model file restores it
    np.testing.assert_allclose(restored([[2.0, 30.0]]).numpy(), [[1.0, 1.0]])


# ---- Residual ----------------------------------------------------------------------------------
def test_residual_matches_manual_computation():
    x, weights = R.normal(size=(5, 4)), R.normal(size=(5, 4))
    d1 = ax.layers.Dense(6, activation="relu", dtype="float64")
    d2 = ax.layers.Dense(4, dtype="float64")
    layer = ax.layers.Residual([d1, d2], dtype="float64")
    out, grad_x, grads = forward_backward(layer, x, weights)
    (w1, b1), (w2, b2) = d1.get_weights(), d2.get_weights()
    h = np.maximum(x @ w1 + b1, 0)
    np.testing.assert_allclose(out, h @ w2 + b2 + x, rtol=1e-12)
    # dL/dx = G (through F) + G (the skip)
    grad_h = (weights @ w2.T) * (h > 0)
    np.testing.assert_allclose(grad_x, grad_h @ w1.T + weights, rtol=1e-10)
    np.testing.assert_allclose(grads[2], h.T @ weights, rtol=1e-10)  # d2's kernel
    assert len(layer.trainable_weights) == 4
    assert layer.count_params() == 4 * 6 + 6 + 6 * 4 + 4
    assert layer.param_formula() == "30 + 28 = 58"
    assert layer.formula() == ["y = F(x) + x", f"F = {d1.name} -> {d2.name}"]


def test_residual_shape_error_names_the_block():
    block = ax.layers.Dense(3, name="proj")
    with pytest.raises(ValueError) as info:
        ax.layers.Residual(block, name="skip")(np.zeros((2, 4)))
    assert str(info.value) == (
        "layer 'skip' (Residual): its block 'proj' (Dense) changes the shape from (None, 4) to (None, 3), "
        "but y = F(x) + x needs F(x) of x's shape. Give the block's last layer 4 units (or channels), "
        "or project x to match."
    )
    with pytest.raises(TypeError, match="block must be a layer or a non-empty list of layers"):
        ax.layers.Residual([])


def test_residual_passes_training_to_its_block():
    layer = ax.layers.Residual([ax.layers.Dropout(0.5)])
    x = np.ones((10, 10), dtype=np.float32)
    np.testing.assert_array_equal(layer(x).numpy(), 2 * x)
    assert (layer(x, training=True).numpy() == 1).any()
    layer.train()
    assert layer.block[0].training


def test_bad_inputs_and_arguments_name_the_layer():
    # each used to fail deep inside NumPy (or, for adapt, to warn "Mean of empty slice")
    with pytest.raises(ValueError, match=r"layer 'norm' \(Normalization\): adapt\(\) got no sample"):
        ax.layers.Normalization(name="norm").adapt(np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"layer 'drop' \(Dropout\): rate must be in \[0, 1\), got 'half'"):
        ax.layers.Dropout("half", name="drop")
    with pytest.raises(ValueError, match=r"layer 'd' \(Dense\) takes numbers \(float32\), but its input cannot"):
        ax.layers.Dense(2, name="d")([["a", "b"]])
