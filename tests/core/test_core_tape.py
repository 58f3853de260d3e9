"""GradientTape: the course's example and TensorFlow's semantics (docs/engine.md lists the decisions)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import axone as ax


def test_course_example_gives_108() -> None:
    x = ax.Variable(3.0)
    with ax.GradientTape() as tape:
        y = x**2
        z = y**2
        dz_dx = tape.gradient(z, x)  # called inside the block, as the course does
    assert float(dz_dx) == 108.0 == 4 * 3.0**3


def test_records_only_inside_the_block() -> None:
    x = ax.Variable(3.0)
    before = x * x
    with ax.GradientTape(persistent=True) as tape:
        inside = before * x
    after = inside * x
    assert tape.gradient(after, x) is None  # `after` was computed outside: nothing recorded leads to it
    assert float(tape.gradient(inside, x)) == 9.0  # `before` is a constant for this tape: d(before * x)/dx


def test_watch_a_constant_and_variables_watched_by_default() -> None:
    c, v = ax.Tensor(2.0), ax.Variable(5.0)
    with ax.GradientTape(persistent=True) as tape:
        tape.watch(c)
        y = c * c * v
    assert float(tape.gradient(y, c)) == 20.0 and float(tape.gradient(y, v)) == 4.0
    assert {id(t) for t in tape.watched_variables()} == {id(c)}
    d = ax.Tensor(2.0)
    with ax.GradientTape() as tape:
        y = d * d
    assert tape.gradient(y, d) is None  # not watched
    with pytest.raises(TypeError, match="float"):
        tape.watch(ax.Tensor(np.arange(2)))


def test_watch_accessed_variables_false() -> None:
    v, w = ax.Variable(2.0), ax.Variable(3.0)
    with ax.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(w)
        y = v * w
    g_v, g_w = tape.gradient(y, [v, w])
    assert g_v is None and float(g_w) == 2.0


def test_sources_keep_their_structure() -> None:
    a, b = ax.Variable([1.0, 2.0]), ax.Variable(3.0)
    with ax.GradientTape(persistent=True) as tape:
        loss = (a * b).sum()
    grads = tape.gradient(loss, {"a": a, "b": b})
    assert set(grads) == {"a", "b"}
    np.testing.assert_allclose(grads["a"].numpy(), [3.0, 3.0])
    assert float(grads["b"]) == 3.0
    as_tuple, as_list = tape.gradient(loss, (a, b)), tape.gradient(loss, [a, b])
    assert isinstance(as_tuple, tuple) and isinstance(as_list, list) and len(as_list) == 2
    assert isinstance(tape.gradient(loss, a), ax.Tensor)


def test_non_scalar_target_gives_the_gradient_of_its_sum() -> None:
    x = ax.Variable([1.0, 2.0, 3.0])
    with ax.GradientTape() as tape:
        y = x * x
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [2.0, 4.0, 6.0])


def test_output_gradients() -> None:
    x = ax.Variable([1.0, 2.0])
    with ax.GradientTape() as tape:
        y = x * x
    np.testing.assert_allclose(tape.gradient(y, x, output_gradients=[1.0, 10.0]).numpy(), [2.0, 40.0])


def test_unconnected_gives_none_or_zeros() -> None:
    x, u = ax.Variable(1.0), ax.Variable([1.0, 2.0])
    with ax.GradientTape(persistent=True) as tape:
        y = x * 2
    assert tape.gradient(y, u) is None
    zeros = tape.gradient(y, [x, u], unconnected_gradients="zero")[1]
    np.testing.assert_array_equal(zeros.numpy(), [0.0, 0.0])
    with pytest.raises(ValueError, match="unconnected_gradients"):
        tape.gradient(y, u, unconnected_gradients="nan")


def test_non_persistent_tape_allows_one_call() -> None:
    x = ax.Variable(2.0)
    with ax.GradientTape() as tape:
        y = x**3
    assert float(tape.gradient(y, x)) == 12.0
    with pytest.raises(RuntimeError, match="persistent=True"):
        tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="records once"):
        with tape:
            pass


def test_persistent_tape_allows_several_calls() -> None:
    x = ax.Variable(2.0)
    with ax.GradientTape(persistent=True) as tape:
        y = x**2
        z = y * x
    assert float(tape.gradient(y, x)) == 4.0 and float(tape.gradient(z, x)) == 12.0
    assert float(tape.gradient(z, y)) == 2.0  # an intermediate tensor as a source: dz/dy = x


def test_jacobian_matches_pytorch() -> None:
    data = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]])
    x = ax.Variable(data)
    with ax.GradientTape() as tape:
        y = ax.softmax(x * x, axis=-1)
    jac = tape.jacobian(y, x)
    expected = torch.autograd.functional.jacobian(lambda t: torch.softmax(t * t, -1), torch.tensor(data))
    assert jac.shape == (2, 3, 2, 3)
    np.testing.assert_allclose(jac.numpy(), expected.numpy(), atol=1e-12)


def test_stop_recording() -> None:
    x = ax.Variable(3.0)
    with ax.GradientTape() as tape:
        y = x * x
        with tape.stop_recording():
            frozen = y * 2  # not recorded: a constant for this tape
        z = frozen + y
    assert float(tape.gradient(z, x)) == 6.0
    with pytest.raises(RuntimeError, match="inside"):
        with tape.stop_recording():
            pass


def test_nested_tapes_both_record() -> None:
    x = ax.Variable(2.0)
    with ax.GradientTape() as outer:
        with ax.GradientTape() as inner:
            y = x**3
        z = y * 2
    assert float(inner.gradient(y, x)) == 12.0 and float(outer.gradient(z, x)) == 24.0


def test_errors_name_what_was_wrong() -> None:
    x = ax.Variable(1.0)
    with ax.GradientTape() as tape:
        y = x * 2
    with pytest.raises(TypeError, match="target"):
        tape.gradient(3.0, x)
    with ax.GradientTape() as tape:
        y = x * 2
    with pytest.raises(TypeError, match="sources"):
        tape.gradient(y, [x, 2.0])


def test_a_tensor_computed_before_the_tape_is_a_constant_inside_it() -> None:
    """TF's autodiff guide: x0 trainable, x1 not trainable, x2 = Variable + 1 computed before the
    tape, x3 a constant: only x0 gets a gradient."""
    x0, x1 = ax.Variable(3.0, name="x0"), ax.Variable(3.0, name="x1", trainable=False)
    x2, x3 = ax.Variable(2.0, name="x2") + 1.0, ax.Tensor(3.0)
    with ax.GradientTape() as tape:
        y = (x0**2) + (x1**2) + (x2**2)
    grads = tape.gradient(y, [x0, x1, x2, x3])
    assert float(grads[0]) == 6.0 and grads[1:] == [None, None, None]
    with ax.GradientTape() as tape:
        tape.watch(x2)  # watched: it is a source again
        y = x2**2
    assert float(tape.gradient(y, x2)) == 6.0
