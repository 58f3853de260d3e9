"""Issue 10, section 1: each habit that used to go silently wrong now trains correctly or raises."""

from __future__ import annotations

import math

import numpy as np
import pytest

import axone as ax

nn = ax.nn


def polynomial_data():
    x = np.linspace(-math.pi, math.pi, 200)
    return ax.Tensor(x), ax.Tensor(np.sin(x))


def test_manual_update_loop_over_parameters_trains_in_place():
    # the "Learning PyTorch with Examples" habit: p -= lr * p.grad inside no_grad, over model.parameters()
    ax.random.seed(0)
    x, y = polynomial_data()
    features = ax.stack([x, x * x, x * x * x], axis=1)
    model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1))
    params = list(model.parameters())
    ids = [id(p) for p in params]
    losses = []
    for _ in range(500):
        loss = ((model(features) - y) ** 2).sum()
        losses.append(float(loss))
        model.zero_grad()
        loss.backward()
        with ax.no_grad():
            for p in model.parameters():
                p -= 3e-5 * p.grad
    assert [id(p) for p in model.parameters()] == ids  # the same parameters, updated in place
    assert losses[-1] < 0.01 * losses[0]  # 8694.6 -> 1.1: it trains


def test_in_place_operators_keep_identity_and_dtype():
    w = nn.Parameter(np.array([1.0, 2.0]))
    (w * w).sum().backward()
    same = w
    with ax.no_grad():
        w -= 0.5 * w.grad
        w += 1.0
        w *= 2.0
        w /= 4.0
    assert w is same and w.dtype == np.float64
    np.testing.assert_allclose(w.numpy(), [0.5, 0.5])
    grad = w.grad
    assert w.grad.zero_() is grad and not grad.numpy().any()
    w.grad = None
    w.data -= 0.5  # the ndarray, as torch's .data
    np.testing.assert_allclose(w.numpy(), [0.0, 0.0])


def test_in_place_while_recording_raises_with_the_fix():
    w = ax.Variable([1.0, 2.0])
    (w * w).sum().backward()
    with pytest.raises(RuntimeError, match=r"with ax\.no_grad\(\):"):
        w -= 0.1 * w.grad
    with pytest.raises(RuntimeError, match="requires grad"):
        w.zero_()
    t = ax.Tensor([1.0, 1.0])
    with pytest.raises(RuntimeError, match="gradient lost"):
        t += w  # a constant cannot hold a result that needs w's gradient
    t += 1.0  # a constant, nothing recorded: allowed
    np.testing.assert_allclose(t.numpy(), [2.0, 2.0])


def test_in_place_refuses_shape_or_dtype_changes():
    t = ax.Tensor(np.zeros(3))
    with pytest.raises(ValueError, match="shape"):
        t += np.ones((2, 3))
    i = ax.Tensor(np.arange(3))
    with pytest.raises(TypeError, match="dtype"):
        i /= 2


def test_torch_style_positional_arguments_to_layers_are_refused():
    with pytest.raises(TypeError, match=r"Flatten takes no positional argument.*ax\.nn\.Flatten\(start_dim, end_dim\)"):
        ax.layers.Flatten(0, 1)
    with pytest.raises(TypeError, match=r"Dense takes 1 positional argument.*activation=.*ax\.nn\.Linear"):
        ax.layers.Dense(3, "relu")
    with pytest.raises(TypeError, match=r"BatchNormalization.*ax\.nn\.BatchNorm"):
        ax.layers.BatchNormalization(64)
    with pytest.raises(TypeError, match=r"Conv2D takes 2 positional.*strides="):
        ax.layers.Conv2D(8, 3, 2)
    assert ax.layers.Conv2D(8, 3, strides=2).strides == (2, 2)


def test_keras_losses_refuse_pytorch_order():
    y_pred = ax.Tensor([[0.3], [0.8]], requires_grad=True)
    y = ax.Tensor([[0.0], [1.0]])
    for loss in (ax.losses.mse, ax.losses.binary_crossentropy, ax.losses.log_cosh):
        with pytest.raises(ValueError, match=r"y_true requires grad.*\(y_true, y_pred\).*ax\.nn"):
            loss(y_pred, y)
    with pytest.raises(ValueError, match="order"):
        ax.losses.sparse_categorical_crossentropy(ax.Tensor([[0.2, 0.8]], requires_grad=True), np.array([[0.0, 1.0]]))
    assert np.isclose(float(ax.losses.mse(y, y_pred)), (0.09 + 0.04) / 2)


def test_binary_targets_outside_zero_one_are_refused():
    y_pred = ax.Tensor([[0.3], [0.8]])
    for targets in ([[-1.0], [1.0]], [[0.0], [2.0]], [[np.nan], [1.0]]):
        with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
            ax.losses.binary_crossentropy(targets, y_pred)
        with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
            ax.losses.binary_crossentropy(targets, y_pred, from_logits=True)


def test_float64_into_a_float32_layer_follows_the_layer_dtype():
    layer = ax.layers.Dense(2)
    v = ax.Variable(np.ones((1, 3)))  # float64 data
    y = layer(v)
    assert y.dtype == np.float32  # Keras's dtype policy: cast to the layer's dtype
    y.sum().backward()
    assert v.grad is not None and v.grad.dtype == np.float64  # the gradient flows back through the cast
    assert ax.layers.Dense(2, dtype="float64")(v).dtype == np.float64
    assert nn.Linear(3, 2)(v).dtype == np.float32  # the same rule in ax.nn
    assert ax.layers.Dense(2)(np.ones((1, 3), dtype=np.int64)).dtype == np.float32


def test_micrograd_style_accumulation_on_intermediates_matches_torch():
    # micrograd's test_more_ops: += on intermediate results rebinds them (torch: same values, same gradients)
    def program(a, b):
        c = a + b
        d = a * b + b**3
        c += c + 1
        c += 1 + c + (-a)
        d += d * 2 + (b + a).relu()
        d += 3 * d + (b - a).relu()
        e = c - d
        f = e**2
        g = f / 2.0
        g += 10.0 / f
        return g

    import torch

    a_t, b_t = (
        torch.tensor([-4.0], dtype=torch.float64, requires_grad=True),
        torch.tensor([2.0], dtype=torch.float64, requires_grad=True),
    )
    a, b = ax.Variable([-4.0], dtype="float64"), ax.Variable([2.0], dtype="float64")
    g_t, g = program(a_t, b_t), program(a, b)
    g_t.backward()
    g.backward()
    np.testing.assert_allclose(g.numpy(), g_t.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose([a.grad.item(), b.grad.item()], [a_t.grad.item(), b_t.grad.item()], rtol=1e-12)
