"""BatchNormalization against torch.nn.BatchNorm1d/2d (train and eval, values and gradients, float64)."""

import numpy as np
import pytest
from layer_helpers import forward_backward, torch_forward_backward

import axone as ax

R = np.random.default_rng(5)


def make_pair(channels, torch_cls, momentum=0.9, epsilon=1e-3):
    import torch

    layer = ax.layers.BatchNormalization(momentum=momentum, epsilon=epsilon, dtype="float64")
    # torch's momentum weighs the new batch statistic: m_torch = 1 - m_keras
    module = torch_cls(channels, eps=epsilon, momentum=1 - momentum).double()
    with torch.no_grad():
        module.weight.copy_(torch.tensor(R.normal(size=channels)))
        module.bias.copy_(torch.tensor(R.normal(size=channels)))
    return layer, module


def copy_params(layer, module):
    layer.gamma.assign(module.weight.detach().numpy())
    layer.beta.assign(module.bias.detach().numpy())


def test_training_mode_matches_torch_and_updates_moving_stats():
    import torch

    x, weights = R.normal(2.0, 3.0, size=(8, 4)), R.normal(size=(8, 4))
    layer, module = make_pair(4, torch.nn.BatchNorm1d)
    layer.build_for(x.shape)
    copy_params(layer, module)
    module.train()
    out, grad_x, (grad_gamma, grad_beta) = forward_backward(layer, x, weights, training=True)
    expected, expected_grad_x = torch_forward_backward(module, x, weights)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grad_x, expected_grad_x, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(grad_gamma, module.weight.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grad_beta, module.bias.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.moving_mean.numpy(), module.running_mean.numpy(), rtol=1e-12)
    # Keras updates with the biased variance, torch with the unbiased n / (n - 1) one
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.9 + 0.1 * x.var(axis=0), rtol=1e-12)
    np.testing.assert_allclose(module.running_var.numpy(), 0.9 + 0.1 * x.var(axis=0, ddof=1), rtol=1e-12)


def test_inference_mode_uses_moving_stats_like_torch_eval():
    import torch

    x, weights = R.normal(size=(5, 3)), R.normal(size=(5, 3))
    layer, module = make_pair(3, torch.nn.BatchNorm1d)
    layer.build_for(x.shape)
    copy_params(layer, module)
    stats = [R.normal(size=3), R.random(3) + 0.5]
    layer.moving_mean.assign(stats[0])
    layer.moving_variance.assign(stats[1])
    with torch.no_grad():
        module.running_mean.copy_(torch.tensor(stats[0]))
        module.running_var.copy_(torch.tensor(stats[1]))
    module.eval()
    out, grad_x, (grad_gamma, grad_beta) = forward_backward(layer, x, weights, training=False)
    expected, expected_grad_x = torch_forward_backward(module, x, weights)
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    np.testing.assert_allclose(grad_x, expected_grad_x, rtol=1e-12)
    np.testing.assert_allclose(grad_gamma, module.weight.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.moving_mean.numpy(), stats[0])  # untouched in inference


def test_images_channels_last_match_batchnorm2d():
    import torch

    x, weights = R.normal(size=(4, 5, 5, 3)), R.normal(size=(4, 5, 5, 3))
    layer, module = make_pair(3, torch.nn.BatchNorm2d)
    layer.build_for(x.shape)
    copy_params(layer, module)
    module.train()
    out, grad_x, _ = forward_backward(layer, x, weights, training=True)
    to_nchw = lambda a: np.ascontiguousarray(a.transpose(0, 3, 1, 2))  # noqa: E731
    expected, expected_grad_x = torch_forward_backward(module, to_nchw(x), to_nchw(weights))
    np.testing.assert_allclose(to_nchw(out), expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(to_nchw(grad_x), expected_grad_x, rtol=1e-8, atol=1e-12)


def test_axis_1_on_sequences_matches_batchnorm1d():
    import torch

    x, weights = R.normal(size=(4, 3, 6)), R.normal(size=(4, 3, 6))  # (N, C, L), torch's layout
    layer = ax.layers.BatchNormalization(axis=1, momentum=0.9, dtype="float64")
    module = torch.nn.BatchNorm1d(3, eps=1e-3, momentum=0.1).double()
    out, grad_x, _ = forward_backward(layer, x, weights, training=True)
    expected, expected_grad_x = torch_forward_backward(module, x, weights)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grad_x, expected_grad_x, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(layer.moving_mean.numpy(), module.running_mean.numpy(), rtol=1e-12)


def test_weights_defaults_and_modes():
    layer = ax.layers.BatchNormalization()
    assert (layer.momentum, layer.epsilon) == (0.99, 1e-3)  # Keras's defaults
    x = R.normal(size=(16, 2)).astype(np.float32)
    layer(x)
    assert [v.name.split("/")[1] for v in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert len(layer.trainable_weights) == 2 and len(layer.non_trainable_weights) == 2
    assert layer.count_params() == 8
    np.testing.assert_allclose(layer(x).numpy(), x / np.sqrt(1 + 1e-3), rtol=1e-6)  # inference by default
    layer.train()
    assert abs(layer(x).numpy().mean()) < 1e-6  # training mode after train()
    layer.eval()
    layer.trainable = False  # frozen: inference statistics even when training=True (as Keras)
    np.testing.assert_allclose(layer(x, training=True).numpy(), layer(x).numpy())


def test_errors():
    with pytest.raises(ValueError, match="momentum must be in"):
        ax.layers.BatchNormalization(momentum=1.5)
    with pytest.raises(ValueError, match="axis 3 is out of range"):
        ax.layers.BatchNormalization(axis=3)(np.zeros((2, 3)))
