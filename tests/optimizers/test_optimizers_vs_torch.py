"""Every optimizer against torch.optim, parameter by parameter at every step, in float64.

The gradients of a tiny MLP are computed by torch at torch's parameters and fed to both
optimizers, so any difference comes from the update rules alone.
"""

import numpy as np
import pytest

import axone as ax

torch = pytest.importorskip("torch")

STEPS = 25
RTOL, ATOL = 1e-10, 1e-13

# name, axone factory, torch factory (both take the parameter list)
CASES = [
    ("sgd", lambda p: ax.optimizers.SGD(p, lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    ("sgd_default_lr", lambda p: ax.optimizers.SGD(p), lambda p: torch.optim.SGD(p)),
    (
        "sgd_momentum",
        lambda p: ax.optimizers.SGD(p, lr=0.05, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    ),
    (
        "sgd_dampening",
        lambda p: ax.optimizers.SGD(p, lr=0.05, momentum=0.8, dampening=0.3),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, dampening=0.3),
    ),
    (
        "sgd_nesterov",
        lambda p: ax.optimizers.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
    ),
    (
        "sgd_weight_decay",
        lambda p: ax.optimizers.SGD(p, lr=0.05, momentum=0.5, weight_decay=0.1),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.5, weight_decay=0.1),
    ),
    ("rmsprop", lambda p: ax.optimizers.RMSprop(p), lambda p: torch.optim.RMSprop(p)),
    (
        "rmsprop_centered",
        lambda p: ax.optimizers.RMSprop(p, lr=0.003, alpha=0.9, centered=True),
        lambda p: torch.optim.RMSprop(p, lr=0.003, alpha=0.9, centered=True),
    ),
    (
        "rmsprop_momentum",
        lambda p: ax.optimizers.RMSprop(p, lr=0.002, momentum=0.7, weight_decay=0.05),
        lambda p: torch.optim.RMSprop(p, lr=0.002, momentum=0.7, weight_decay=0.05),
    ),
    (
        "rmsprop_centered_momentum",
        lambda p: ax.optimizers.RMSprop(p, lr=0.001, momentum=0.5, centered=True, eps=1e-4),
        lambda p: torch.optim.RMSprop(p, lr=0.001, momentum=0.5, centered=True, eps=1e-4),
    ),
    ("adagrad", lambda p: ax.optimizers.Adagrad(p, lr=0.1), lambda p: torch.optim.Adagrad(p, lr=0.1)),
    (
        "adagrad_lr_decay",
        lambda p: ax.optimizers.Adagrad(p, lr=0.1, lr_decay=0.05, weight_decay=0.01, initial_accumulator_value=0.1),
        lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.05, weight_decay=0.01, initial_accumulator_value=0.1),
    ),
    ("adadelta", lambda p: ax.optimizers.Adadelta(p), lambda p: torch.optim.Adadelta(p)),
    (
        "adadelta_weight_decay",
        lambda p: ax.optimizers.Adadelta(p, lr=0.5, rho=0.95, eps=1e-5, weight_decay=0.1),
        lambda p: torch.optim.Adadelta(p, lr=0.5, rho=0.95, eps=1e-5, weight_decay=0.1),
    ),
    ("adam", lambda p: ax.optimizers.Adam(p, lr=0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
    (
        "adam_amsgrad",
        lambda p: ax.optimizers.Adam(p, lr=0.01, betas=(0.8, 0.9), amsgrad=True),
        lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.9), amsgrad=True),
    ),
    (
        "adam_weight_decay",
        lambda p: ax.optimizers.Adam(p, lr=0.01, weight_decay=0.1, eps=1e-6),
        lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.1, eps=1e-6),
    ),
    ("adamw", lambda p: ax.optimizers.AdamW(p, lr=0.01), lambda p: torch.optim.AdamW(p, lr=0.01)),
    (
        "adamw_amsgrad",
        lambda p: ax.optimizers.AdamW(p, lr=0.02, weight_decay=0.3, amsgrad=True),
        lambda p: torch.optim.AdamW(p, lr=0.02, weight_decay=0.3, amsgrad=True),
    ),
    ("rprop", lambda p: ax.optimizers.Rprop(p), lambda p: torch.optim.Rprop(p)),
    (
        "rprop_custom",
        lambda p: ax.optimizers.Rprop(p, lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2)),
        lambda p: torch.optim.Rprop(p, lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2)),
    ),
]


def make_problem(seed=0):
    """A 3-5-2 tanh MLP on 8 random samples, its parameters in float64 (torch and axone copies)."""
    rng = np.random.default_rng(seed)
    arrays = [rng.normal(size=(5, 3)), rng.normal(size=5), rng.normal(size=(2, 5)), rng.normal(size=2)]
    x = torch.tensor(rng.normal(size=(8, 3)))
    t = torch.tensor(rng.normal(size=(8, 2)))
    torch_params = [torch.tensor(a, requires_grad=True) for a in arrays]
    ax_params = [ax.Variable(a.copy(), dtype="float64") for a in arrays]

    def torch_grads():
        w1, b1, w2, b2 = torch_params
        loss = ((torch.tanh(x @ w1.T + b1) @ w2.T + b2 - t) ** 2).mean()
        return torch.autograd.grad(loss, torch_params)

    return torch_params, ax_params, torch_grads


def run_side_by_side(make_ax, make_torch, steps=STEPS, skip=lambda step, i: False, between=None):
    torch_params, ax_params, torch_grads = make_problem()
    ours = make_ax(ax_params)
    theirs = make_torch(torch_params)
    for step in range(steps):
        grads = torch_grads()
        for i, (tp, ap, g) in enumerate(zip(torch_params, ax_params, grads)):
            tp.grad = None if skip(step, i) else g.clone()
            ap.grad = None if skip(step, i) else ax.Tensor(g.numpy().copy())
        theirs.step()
        ours.step()
        if between is not None:
            between(ours, theirs)
        for i, (tp, ap) in enumerate(zip(torch_params, ax_params)):
            np.testing.assert_allclose(
                ap.data, tp.detach().numpy(), rtol=RTOL, atol=ATOL, err_msg=f"parameter {i} differs at step {step + 1}"
            )
    return ours, ax_params, torch_params


@pytest.mark.parametrize("name, make_ax, make_torch", CASES, ids=[c[0] for c in CASES])
def test_matches_torch_every_step(name, make_ax, make_torch):
    _, ax_params, torch_params = run_side_by_side(make_ax, make_torch)
    start = make_problem()[1]
    moved = max(np.abs(a.data - s.data).max() for a, s in zip(ax_params, start))
    assert moved > 1e-4, f"{name} hardly moved the parameters ({moved}): the comparison would prove nothing"


@pytest.mark.parametrize(
    "name, make_ax, make_torch",
    [c for c in CASES if c[0] in ("sgd_momentum", "adam_amsgrad", "adagrad_lr_decay", "rprop")],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_parameters_without_gradient_are_skipped_like_torch(name, make_ax, make_torch):
    # torch keeps one step count per parameter: a parameter without .grad keeps its state and count
    run_side_by_side(make_ax, make_torch, skip=lambda step, i: i == 1 and step % 3 == 1)


def test_lr_set_between_steps_matches_torch_param_groups():
    def between(ours, theirs):
        new = 0.1 if ours.iterations < 10 else 0.01
        ours.lr = new
        for group in theirs.param_groups:
            group["lr"] = new

    run_side_by_side(
        lambda p: ax.optimizers.SGD(p, lr=0.1, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
        between=between,
    )


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_float_dtype_of_parameters_is_kept(dtype):
    w = ax.Variable(np.ones(3), dtype=dtype)
    opt = ax.optimizers.Adam([w], lr=0.1)
    w.grad = ax.Tensor(np.array([1.0, -2.0, 3.0]))  # float64 gradient for a float32 weight
    opt.step()
    assert w.data.dtype == np.dtype(dtype)
    assert all(v.dtype == np.dtype(dtype) for k, v in opt.state[id(w)].items() if k != "step")
    np.testing.assert_allclose(w.data, [0.9, 1.1, 0.9], rtol=1e-6)
