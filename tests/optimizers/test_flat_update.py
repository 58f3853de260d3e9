"""The compiled path's flat update (optimizers/flat.py) gives the bits of the per-parameter update."""

from __future__ import annotations

import numpy as np
import pytest

import axone as ax
from axone.optimizers.flat import SMALL, FlatUpdate

VARIANTS = [
    ("sgd", {"lr": 0.1}),
    ("sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("adam", {"lr": 0.01}),
    ("adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}),
    ("adamw", {"lr": 0.01, "weight_decay": 0.1}),
    ("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ("adadelta", {}),
    ("rprop", {}),
    ("deltabardelta", {}),
]


def _weights(rng: np.random.Generator) -> list[ax.Variable]:
    """Small weights of two dtypes and one above SMALL (updated alone)."""
    shapes = [((3, 4), "float32"), ((4,), "float32"), ((2, 2), "float64"), ((5,), "float64"), ((SMALL + 1,), "float32")]
    return [ax.Variable(rng.standard_normal(s).astype(d)) for s, d in shapes]


def _grads(rng: np.random.Generator, weights: list, step: int) -> list:
    grads = [rng.standard_normal(w.data.shape) for w in weights]
    if step in (3, 4):
        grads[1] = None  # a parameter without a gradient: its step count falls behind the others'
    return grads


def _run(name: str, options: dict, flat: bool, restore_at: int | None = None) -> tuple[list, dict]:
    rng = np.random.default_rng(0)
    weights = _weights(rng)
    opt = type(ax.optimizers.get(name))(**options)
    update = FlatUpdate(opt) if flat else opt._apply
    saved = None
    for step in range(8):
        if step == restore_at:
            opt.load_state_arrays(weights, saved)  # replaces each parameter's state (BackupAndRestore)
        update(list(zip(_grads(rng, weights, step), weights)))
        if step == 1:
            saved = {k: np.array(v) for k, v in opt.state_arrays(weights).items()}
    return [w.data.copy() for w in weights], opt.state_arrays(weights)


@pytest.mark.parametrize("name, options", VARIANTS, ids=[f"{n}{i}" for i, (n, _) in enumerate(VARIANTS)])
def test_flat_updates_are_bit_identical_to_one_by_one(name: str, options: dict) -> None:
    for restore_at in (None, 6):
        eager, eager_state = _run(name, options, flat=False, restore_at=restore_at)
        flat, flat_state = _run(name, options, flat=True, restore_at=restore_at)
        for a, b in zip(eager, flat):
            np.testing.assert_array_equal(a, b, err_msg=name)
        assert eager_state.keys() == flat_state.keys()
        for key in eager_state:
            np.testing.assert_array_equal(eager_state[key], flat_state[key], err_msg=f"{name} {key}")


def test_small_weights_share_one_state_array_each_keeps_a_view() -> None:
    a, b = ax.Variable(np.ones(3)), ax.Variable(np.ones((2, 2)))
    opt = ax.optimizers.Adam([a, b], lr=0.1)
    update = FlatUpdate(opt)
    update([(np.ones(3), a), (np.ones((2, 2)), b)])
    ((_, group),) = next(iter(update.groups.values()))
    assert group.flat["m"].shape == (7,) and opt.state[id(b)]["m"].base is group.flat["m"]
    assert opt.state[id(a)]["step"] == opt.state[id(b)]["step"] == 1 and opt.iterations == 1


def _both(make_optimizer, steps) -> list:
    """What ``steps(update, a, b)`` returns, run with the one-by-one update and with the flat one."""
    results = []
    for flat in (False, True):
        a, b = ax.Variable(np.ones(3)), ax.Variable(np.ones(2))
        opt = make_optimizer([a, b])
        results.append(steps(FlatUpdate(opt) if flat else opt._apply, a, b, opt))
    return results


def test_a_rule_that_is_not_elementwise_is_applied_one_parameter_at_a_time() -> None:
    class Normalized(ax.optimizers.SGD):  # divides by each parameter's own norm: not elementwise
        def update(self, param, grad, state):
            param.data -= self.current_lr * grad / np.linalg.norm(grad)

    def steps(update, a, b, opt):
        update([(np.array([1.0, 2.0, 2.0]), a), (np.array([3.0, 4.0]), b)])
        return a.numpy(), b.numpy()

    eager, flat = _both(lambda params: Normalized(params, lr=0.1), steps)
    np.testing.assert_array_equal(eager[0], flat[0])
    np.testing.assert_array_equal(eager[1], flat[1])


def test_a_parameter_given_twice_is_updated_twice_in_turn_as_eagerly() -> None:
    def steps(update, a, b, opt):
        for _ in range(3):
            update([(np.array([1.0, 2.0, 3.0]), a), (np.array([1.0, -1.0]), b), (np.array([-3.0, 1.0, 0.5]), a)])
        return a.numpy(), b.numpy(), opt.state[id(a)]["step"]

    eager, flat = _both(lambda params: ax.optimizers.Adam(params, lr=0.1), steps)
    np.testing.assert_array_equal(eager[0], flat[0])
    np.testing.assert_array_equal(eager[1], flat[1])
    assert eager[2] == flat[2] == 6


def test_a_weight_given_another_shape_is_refused_as_eagerly() -> None:
    def steps(update, a, b, opt):
        update([(np.ones(3), a), (np.ones(2), b)])
        a.data, b.data = np.ones(2), np.ones(3)  # the same total size, other shapes
        with pytest.raises(ValueError) as error:
            update([(np.ones(2), a), (np.ones(3), b)])
        return type(error.value)

    eager, flat = _both(lambda params: ax.optimizers.Adam(params, lr=0.1), steps)
    assert eager is flat
