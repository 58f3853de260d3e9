"""ax.optim against torch.optim step by step (two parameter groups, one with its own lr), and the
lr_scheduler classes against torch's, epoch by epoch."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import axone as ax

R = np.random.default_rng(2)
OPTIMIZERS = {
    "SGD": {"lr": 0.1},
    "SGD momentum nesterov": {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01},
    "Adam": {"lr": 0.01},
    "Adam amsgrad": {"lr": 0.01, "amsgrad": True, "betas": (0.8, 0.99)},
    "AdamW": {"lr": 0.01},
    "RMSprop centered": {"lr": 0.01, "momentum": 0.5, "centered": True},
    "Adagrad": {"lr": 0.1, "lr_decay": 0.01},
    "Adadelta": {},
    "Rprop": {},
}


@pytest.mark.parametrize("case", OPTIMIZERS)
def test_optimizer_matches_torch_at_every_step(case):
    name, kwargs = case.split()[0], OPTIMIZERS[case]
    w0, b0, x = R.normal(size=(3, 2)), R.normal(size=(2,)), R.normal(size=(4, 3))
    w_t, b_t = torch.tensor(w0, requires_grad=True), torch.tensor(b0, requires_grad=True)
    w_a, b_a = ax.nn.Parameter(w0.copy()), ax.nn.Parameter(b0.copy())
    opt_t = getattr(torch.optim, name)([{"params": [w_t]}, {"params": [b_t], "lr": 0.05}], **kwargs)
    opt_a = getattr(ax.optim, name)([{"params": [w_a]}, {"params": [b_a], "lr": 0.05}], **kwargs)
    for _ in range(6):
        opt_t.zero_grad()
        ((torch.tensor(x) @ w_t + b_t) ** 2).sum().backward()
        opt_t.step()
        opt_a.zero_grad()
        ((ax.Tensor(x) @ w_a + b_a) ** 2).sum().backward()
        opt_a.step()
        np.testing.assert_allclose(w_a.numpy(), w_t.detach().numpy(), rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(b_a.numpy(), b_t.detach().numpy(), rtol=1e-12, atol=1e-13)
    assert len(opt_a.state) == 2 or name in ("SGD",)


def test_positional_hyper_parameters_closure_and_errors():
    w = ax.nn.Parameter([1.0])
    opt = ax.optim.SGD([w], 0.5, 0.9)  # torch's order: lr, momentum
    assert opt.param_groups[0]["lr"] == 0.5 and opt.param_groups[0]["momentum"] == 0.9

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    assert float(opt.step(closure)) == 1.0 and np.isclose(w.item(), 0.0)
    with pytest.raises(TypeError, match="unknown argument 'learning_rate'"):
        ax.optim.SGD([w], learning_rate=0.1)
    with pytest.raises(TypeError, match="model.parameters"):
        ax.optim.SGD(ax.nn.Linear(1, 1), lr=0.1)
    opt.param_groups[0]["momentum"] = 0.5
    with pytest.raises(ValueError, match="only 'lr' may change"):
        opt.step()


def test_zero_grad_set_to_none_false_keeps_zeroed_tensors():
    w = ax.nn.Parameter([1.0, 2.0])
    opt = ax.optim.Adam([w])
    (w * w).sum().backward()
    grad = w.grad
    opt.zero_grad(set_to_none=False)
    assert w.grad is grad and not w.grad.numpy().any()
    opt.zero_grad()
    assert w.grad is None


def _lrs(make_t, make_a, epochs=12, metrics=None):
    p_t, p_a = torch.zeros(1, requires_grad=True), ax.nn.Parameter([0.0])
    opt_t, opt_a = torch.optim.SGD([p_t], lr=0.5), ax.optim.SGD([p_a], lr=0.5)
    s_t, s_a = make_t(opt_t), make_a(opt_a)
    seen_t, seen_a = [], []
    for epoch in range(epochs):
        opt_t.step(), opt_a.step()
        if metrics is None:
            s_t.step(), s_a.step()
        else:
            s_t.step(metrics[epoch]), s_a.step(metrics[epoch])
        seen_t.append(opt_t.param_groups[0]["lr"])
        seen_a.append(opt_a.param_groups[0]["lr"])
    return seen_a, seen_t


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("StepLR", {"step_size": 3, "gamma": 0.5}),
        ("ExponentialLR", {"gamma": 0.8}),
        ("CosineAnnealingLR", {"T_max": 5, "eta_min": 0.01}),  # 12 epochs: past T_max, it climbs back as torch's
    ],
)
def test_schedulers_match_torch(name, kwargs):
    mine, theirs = _lrs(
        lambda o: getattr(torch.optim.lr_scheduler, name)(o, **kwargs),
        lambda o: getattr(ax.optim.lr_scheduler, name)(o, **kwargs),
    )
    np.testing.assert_allclose(mine, theirs, rtol=1e-12)


@pytest.mark.parametrize("mode, threshold_mode", [("min", "rel"), ("max", "abs")])
def test_reduce_on_plateau_matches_torch(mode, threshold_mode):
    metrics = [1.0, 0.9, 0.9, 0.9, 0.95, 0.8, 0.8, 0.8, 0.8, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7]
    if mode == "max":
        metrics = [-m for m in metrics]
    kwargs = {
        "mode": mode,
        "threshold_mode": threshold_mode,
        "patience": 1,
        "factor": 0.5,
        "cooldown": 1,
        "min_lr": 0.1,
    }
    mine, theirs = _lrs(
        lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, **kwargs),
        lambda o: ax.optim.lr_scheduler.ReduceLROnPlateau(o, **kwargs),
        epochs=len(metrics),
        metrics=metrics,
    )
    np.testing.assert_allclose(mine, theirs, rtol=1e-12)
    assert min(mine) == 0.1  # the floor reached


def test_delta_bar_delta_face_steps_as_the_course_optimizer():
    w0 = R.normal(size=(3,))
    face, plain = ax.nn.Parameter(w0.copy()), ax.Variable(w0.copy())
    opt_face = ax.optim.DeltaBarDelta([face], lr=0.1, increment=0.1)
    opt_plain = ax.optimizers.DeltaBarDelta([plain], lr=0.1, increment=0.1)
    for _ in range(5):
        for w, opt in ((face, opt_face), (plain, opt_plain)):
            opt.zero_grad()
            ((w - 1.0) ** 2).sum().backward()
            opt.step()
    np.testing.assert_array_equal(face.numpy(), plain.numpy())


def test_state_dict_resumes_exactly():
    def run(steps, model, opt):
        x = ax.Tensor(np.linspace(-1, 1, 12).reshape(4, 3))
        for _ in range(steps):
            opt.zero_grad()
            ((model(x) - 1.0) ** 2).mean().backward()
            opt.step()

    ax.random.seed(0)
    model = ax.nn.Linear(3, 2)
    opt = ax.optim.Adam([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.05}], lr=0.01)
    run(3, model, opt)
    weights, state = {k: v.numpy().copy() for k, v in model.state_dict().items()}, opt.state_dict()
    run(3, model, opt)
    again = ax.nn.Linear(3, 2)
    again.load_state_dict(weights)
    opt2 = ax.optim.Adam([{"params": [again.weight]}, {"params": [again.bias], "lr": 0.05}], lr=0.01)
    opt2.load_state_dict(state)
    run(3, again, opt2)
    for a, b in zip(model.parameters(), again.parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    other = ax.optim.Adam(again.parameters(), lr=0.01, betas=(0.5, 0.9))
    with pytest.raises(ValueError, match="parameter groups"):
        other.load_state_dict(state)
    changed = ax.optim.Adam(
        [{"params": [again.weight]}, {"params": [again.bias], "lr": 0.05}], lr=0.01, betas=(0.5, 0.9)
    )
    with pytest.raises(ValueError, match="betas"):
        changed.load_state_dict(state)
