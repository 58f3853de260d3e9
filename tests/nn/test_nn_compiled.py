"""The PyTorch face through the compiled path: a torch-style step traced by ax.function gives the
same bits as the eager steps (the in-place updates go through Tensor._write, which the trace records)."""

from __future__ import annotations

import numpy as np

import axone as ax

nn = ax.nn
R = np.random.default_rng(0)
X = ax.Tensor(R.normal(size=(8, 3)).astype(np.float32))
LABELS = R.integers(0, 2, 8)


def make():
    ax.random.seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))


def test_optim_step_compiled_is_bit_identical():
    loss_fn = nn.CrossEntropyLoss()
    eager, compiled = make(), make()
    opt_e, opt_c = ax.optim.Adam(eager.parameters(), lr=0.01), ax.optim.Adam(compiled.parameters(), lr=0.01)

    def step(model, opt, x):
        opt.zero_grad()
        loss = loss_fn(model(x), LABELS)
        loss.backward()
        opt.step()
        return loss

    traced = ax.function(lambda x: step(compiled, opt_c, x))
    for _ in range(3):
        assert float(step(eager, opt_e, X)) == float(traced(X))
    for a, b in zip(eager.parameters(), compiled.parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_manual_in_place_update_compiled_is_bit_identical():
    eager, compiled = make(), make()

    def step(model, x):
        loss = ((model(x) - 1.0) ** 2).mean()
        model.zero_grad()
        loss.backward()
        with ax.no_grad():
            for p in model.parameters():
                p -= 0.1 * p.grad
        return loss

    traced = ax.function(lambda x: step(compiled, x))
    losses = [(float(step(eager, X)), float(traced(X))) for _ in range(3)]
    assert all(a == b for a, b in losses) and losses[-1][0] < losses[0][0]
    for a, b in zip(eager.parameters(), compiled.parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
