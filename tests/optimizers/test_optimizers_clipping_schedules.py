"""Gradient clipping against torch.nn.utils, schedules against torch.optim.lr_scheduler."""

import math

import numpy as np
import pytest

import axone as ax
from axone import optimizers
from axone.optimizers import clipping, schedules

torch = pytest.importorskip("torch")


def grads_and_params(scale):
    rng = np.random.default_rng(1)
    shapes = [(4, 3), (3,), (2, 4)]
    grads = [scale * rng.normal(size=s) for s in shapes]
    return grads, [ax.Variable(np.zeros(s), dtype="float64") for s in shapes]


def torch_clipped(grads, fn):
    tensors = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for t, g in zip(tensors, grads):
        t.grad = torch.tensor(g)
    fn(tensors)
    return [t.grad.numpy() for t in tensors]


@pytest.mark.parametrize("scale", [0.01, 10.0])
def test_global_clipnorm_matches_clip_grad_norm(scale):
    grads, params = grads_and_params(scale)
    expected = torch_clipped(grads, lambda ts: torch.nn.utils.clip_grad_norm_(ts, 1.0))
    optimizers.SGD(lr=1.0, global_clipnorm=1.0).apply_gradients(zip(grads, params))
    for p, e in zip(params, expected):
        # torch divides by norm + 1e-6 (documented): a relative 1e-6 at most
        np.testing.assert_allclose(-p.data, e, rtol=2e-6)
    if scale > 1:
        total = math.sqrt(sum(float((p.data**2).sum()) for p in params))
        assert total == pytest.approx(1.0, rel=1e-12)  # Keras's rule, exactly


def test_clipnorm_is_per_parameter():
    grads, params = grads_and_params(10.0)
    expected = [torch_clipped([g], lambda ts: torch.nn.utils.clip_grad_norm_(ts, 0.5))[0] for g in grads]
    optimizers.SGD(lr=1.0, clipnorm=0.5).apply_gradients(zip(grads, params))
    for p, e in zip(params, expected):
        np.testing.assert_allclose(-p.data, e, rtol=2e-6)
        assert np.linalg.norm(p.data) == pytest.approx(0.5, rel=1e-12)


def test_clipvalue_matches_clip_grad_value():
    grads, params = grads_and_params(3.0)
    expected = torch_clipped(grads, lambda ts: torch.nn.utils.clip_grad_value_(ts, 0.7))
    optimizers.SGD(lr=1.0, clipvalue=0.7).apply_gradients(zip(grads, params))
    for p, e in zip(params, expected):
        np.testing.assert_array_equal(-p.data, e)


def test_clipping_then_momentum_matches_torch_loop():
    grads_seq = [grads_and_params(s)[0] for s in (5.0, 0.1, 3.0, 2.0)]
    params = grads_and_params(1.0)[1]
    tparams = [torch.zeros(p.shape, dtype=torch.float64, requires_grad=True) for p in params]
    ours = optimizers.SGD(params, lr=0.1, momentum=0.9, weight_decay=0.01, global_clipnorm=1.0)
    theirs = torch.optim.SGD(tparams, lr=0.1, momentum=0.9, weight_decay=0.01)
    for grads in grads_seq:
        for p, t, g in zip(params, tparams, grads):
            p.grad, t.grad = ax.Tensor(g), torch.tensor(g)
        torch.nn.utils.clip_grad_norm_(tparams, 1.0)
        theirs.step()
        ours.step()
        for p, t in zip(params, tparams):
            np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-5, atol=1e-9)


def test_clip_functions_do_not_modify_inputs():
    g = np.array([3.0, 4.0])
    clipping.clip_by_norm(g, 1.0)
    clipping.clip_by_value(g, 1.0)
    clipping.clip_by_global_norm([g], 1.0)
    np.testing.assert_array_equal(g, [3.0, 4.0])


SCHEDULES = [
    (
        "step",
        lambda: schedules.StepDecay(0.1, step_size=3, gamma=0.5),
        lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5),
    ),
    (
        "exponential",
        lambda: schedules.ExponentialDecay(0.1, gamma=0.9),
        lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9),
    ),
    (
        "cosine",
        lambda: schedules.CosineDecay(0.1, decay_steps=20, eta_min=0.001),
        lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=20, eta_min=0.001),
    ),
]


@pytest.mark.parametrize("name, make_ours, make_theirs", SCHEDULES, ids=[s[0] for s in SCHEDULES])
def test_schedule_matches_torch_scheduler(name, make_ours, make_theirs):
    schedule = make_ours()
    topt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler = make_theirs(topt)
    for t in range(21):
        assert schedule(t) == pytest.approx(scheduler.get_last_lr()[0], rel=1e-12, abs=1e-15), f"step {t}"
        topt.step()
        scheduler.step()


@pytest.mark.parametrize("name, make_ours, make_theirs", SCHEDULES, ids=[s[0] for s in SCHEDULES])
def test_schedule_as_lr_steps_per_batch_like_torch(name, make_ours, make_theirs):
    rng = np.random.default_rng(2)
    w = ax.Variable(rng.normal(size=3), dtype="float64")
    tw = torch.tensor(w.data.copy(), requires_grad=True)
    ours = optimizers.SGD([w], lr=make_ours(), momentum=0.5)
    topt = torch.optim.SGD([tw], lr=0.1, momentum=0.5)
    scheduler = make_theirs(topt)
    for _ in range(20):
        g = rng.normal(size=3)
        assert ours.lr == pytest.approx(scheduler.get_last_lr()[0], rel=1e-12)
        w.grad, tw.grad = ax.Tensor(g), torch.tensor(g)
        ours.step()
        topt.step()
        scheduler.step()
        np.testing.assert_allclose(w.data, tw.detach().numpy(), rtol=1e-10)


def test_schedule_config_round_trip_and_errors():
    for schedule in (
        schedules.StepDecay(0.1, 5),
        schedules.ExponentialDecay(0.1, 0.5, 4, staircase=True),
        schedules.CosineDecay(0.2, 10),
    ):
        again = schedules.deserialize(schedules.serialize(schedule))
        assert [again(t) for t in range(15)] == [schedule(t) for t in range(15)]
    assert schedules.ExponentialDecay(1.0, 0.5, decay_steps=2, staircase=True)(3) == 0.5
    assert schedules.CosineDecay(1.0, 10, eta_min=0.1)(50) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="unknown schedule class 'Evil'; known schedules: CosineDecay"):
        schedules.deserialize({"class_name": "Evil", "config": {}})
    with pytest.raises(ValueError, match="StepDecay: step_size must be an int >= 1, got 0"):
        schedules.StepDecay(0.1, 0)
    with pytest.raises(TypeError, match="a plain function cannot be written to a file"):
        optimizers.SGD(lr=lambda t: 0.1).get_config()
