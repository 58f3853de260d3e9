"""DeltaBarDelta against a hand computation of the course's rule (no torch twin exists)."""

import numpy as np
import pytest

import axone as ax


def hand_rule(w0, grad_fn, steps, lr, gain0=1.0, increment=0.05, decay=0.95, smoothing=0.0):
    """The rule weight by weight with Python floats, as written in the course."""
    w = [float(v) for v in w0]
    gain = [gain0] * len(w)
    bar = [0.0] * len(w)
    history = []
    for t in range(1, steps + 1):
        g = [float(v) for v in grad_fn(np.array(w))]
        for i in range(len(w)):
            if t > 1:
                if g[i] * bar[i] > 0:
                    gain[i] = gain[i] + increment
                else:
                    gain[i] = gain[i] * decay
            w[i] = w[i] - lr * gain[i] * g[i]
            bar[i] = (1 - smoothing) * g[i] + smoothing * bar[i]
        history.append((list(w), list(gain)))
    return history


def beale_grad(w):
    """Gradient of Beale's function (the course's convergence example), by hand."""
    x, y = w
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    return np.array(
        [2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y**2]
    )


@pytest.mark.parametrize("options", [{}, {"initial_gain": 0.5, "increment": 0.1, "decay": 0.8}, {"smoothing": 0.7}])
def test_matches_hand_computation_on_beale(options):
    w = ax.Variable([1.0, 1.0], dtype="float64")
    opt = ax.optimizers.DeltaBarDelta([w], lr=0.01, **options)
    renamed = {
        "gain0": options.get("initial_gain", 1.0),
        "increment": options.get("increment", 0.05),
        "decay": options.get("decay", 0.95),
        "smoothing": options.get("smoothing", 0.0),
    }
    expected = hand_rule([1.0, 1.0], beale_grad, 30, 0.01, **renamed)
    for step, (w_hand, gain_hand) in enumerate(expected):
        w.grad = ax.Tensor(beale_grad(w.data))
        opt.step()
        np.testing.assert_allclose(w.data, w_hand, rtol=1e-12, err_msg=f"step {step + 1}")
        np.testing.assert_allclose(opt.state[id(w)]["gain"], gain_hand, rtol=1e-12)
    gains = opt.state[id(w)]["gain"]
    assert not np.allclose(gains, renamed["gain0"]), "the gains never moved: the rule was not exercised"


def test_course_rule_first_step_and_sign_flip():
    w = ax.Variable([0.0, 0.0, 0.0], dtype="float64")
    opt = ax.optimizers.DeltaBarDelta([w], lr=0.1)
    w.grad = ax.Tensor(np.array([1.0, 1.0, 1.0]))
    opt.step()  # first step: gains untouched
    np.testing.assert_array_equal(opt.state[id(w)]["gain"], [1.0, 1.0, 1.0])
    np.testing.assert_allclose(w.data, [-0.1, -0.1, -0.1])
    w.grad = ax.Tensor(np.array([2.0, -1.0, 0.0]))  # same sign, flip, zero (the course's "sinon")
    opt.step()
    np.testing.assert_allclose(opt.state[id(w)]["gain"], [1.05, 0.95, 0.95])
    np.testing.assert_allclose(w.data, [-0.1 - 0.1 * 1.05 * 2, -0.1 + 0.1 * 0.95, -0.1])


def test_mini_batch_weakness_the_course_describes():
    # nine corrections of 0.1 then one of -0.9 sum to zero: SGD stays in place, the gains do not
    drift = {}
    for name, cls in [("sgd", ax.optimizers.SGD), ("dbd", ax.optimizers.DeltaBarDelta)]:
        w = ax.Variable([0.0], dtype="float64")
        opt = cls([w], lr=1.0)
        for _ in range(3):
            for g in [-0.1] * 9 + [0.9]:
                w.grad = ax.Tensor(np.array([g]))
                opt.step()
        drift[name] = abs(w.data[0])
    assert drift["sgd"] < 1e-12
    assert drift["dbd"] > 0.3
