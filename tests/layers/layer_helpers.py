"""Shared helpers for the layer tests: run a layer forward and backward in float64."""

import numpy as np

import axone as ax


def forward_backward(layer, x, weights, training=False):
    """Output of ``layer(x)`` and the gradients of ``sum(out * weights)`` for x and each trainable weight."""
    xt = ax.Tensor(x, requires_grad=True)
    out = layer(xt, training=training)
    (out * ax.Tensor(weights)).sum().backward()
    grads = [v.grad.numpy() if v.grad is not None else None for v in layer.trainable_weights]
    return out.numpy(), xt.grad.numpy(), grads


def torch_forward_backward(module, x, weights):
    import torch

    xt = torch.tensor(x, requires_grad=True)
    out = module(xt)
    (out * torch.tensor(weights)).sum().backward()
    return out.detach().numpy(), xt.grad.numpy()


def rng(seed=0):
    return np.random.default_rng(seed)
