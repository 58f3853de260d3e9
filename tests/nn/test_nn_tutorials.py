"""The polynomial fits of PyTorch's "Learning PyTorch with Examples", written as there with only the
module renamed (``ax`` for ``torch``), reach torch's weights after the same steps from the same
starting weights (torch's, copied in through ``load_state_dict``)."""

from __future__ import annotations

import math

import numpy as np
import torch

import axone as ax

STEPS = 300


class Polynomial3:
    """The tutorial's custom module, built on either library's ``nn.Module`` and ``nn.Parameter``."""

    @staticmethod
    def make(lib):
        class Model(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.a = lib.nn.Parameter(lib.randn(()))
                self.b = lib.nn.Parameter(lib.randn(()))
                self.c = lib.nn.Parameter(lib.randn(()))
                self.d = lib.nn.Parameter(lib.randn(()))

            def forward(self, x):
                return self.a + self.b * x + self.c * x**2 + self.d * x**3

        return Model()


def sequential(lib):
    return lib.nn.Sequential(lib.nn.Linear(3, 1), lib.nn.Flatten(0, 1))


def fit_by_hand(lib, model):
    x = lib.linspace(-math.pi, math.pi, 2000)
    y = lib.sin(x)
    xx = x.unsqueeze(-1).pow(lib.tensor([1, 2, 3]))
    loss_fn = lib.nn.MSELoss(reduction="sum")
    losses = []
    for _ in range(STEPS):
        loss = loss_fn(model(xx), y)
        losses.append(loss.item())
        model.zero_grad()
        loss.backward()
        with lib.no_grad():
            for param in model.parameters():
                param -= 1e-6 * param.grad
    return losses


def fit_with_optimizer(lib, model):
    x = lib.linspace(-math.pi, math.pi, 2000)
    y = lib.sin(x)
    criterion = lib.nn.MSELoss(reduction="sum")
    optimizer = lib.optim.SGD(model.parameters(), lr=1e-6, momentum=0.5)
    losses = []
    for _ in range(STEPS):
        loss = criterion(model(x), y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses


def run_both(build, fit):
    torch.manual_seed(0)
    theirs = build(torch)
    start = {k: v.detach().clone() for k, v in theirs.state_dict().items()}
    loss_t = fit(torch, theirs)
    mine = build(ax)
    mine.load_state_dict(start)
    loss_a = fit(ax, mine)
    assert loss_a[-1] < 0.2 * loss_a[0]  # it trains
    np.testing.assert_allclose(loss_a, loss_t, rtol=1e-3)  # as torch, step by step
    for (name, p_a), (_, p_t) in zip(mine.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p_a.numpy(), p_t.detach().numpy(), rtol=1e-3, atol=1e-5, err_msg=name)


def test_sequential_with_manual_updates_matches_torch():
    run_both(sequential, fit_by_hand)


def test_custom_module_with_optim_matches_torch():
    run_both(Polynomial3.make, fit_with_optimizer)
