"""``ax.function``: tracing, replay, signatures, errors, and the plan it explains."""

from __future__ import annotations

import logging

import numpy as np
import pytest

import axone as ax
from axone.core import function as function_module


def _xor_step(lr: float = 0.1):
    """The course's XOR step (2-3-1 sigmoid, squared error), PyTorch style: backward, in-place update."""
    rng = np.random.default_rng(0)
    w1, w2 = ax.Variable(rng.random((2, 3)), name="w1"), ax.Variable(rng.random((3, 1)), name="w2")

    def step(x, t):
        loss = ((t - ax.sigmoid(ax.sigmoid(x @ w1) @ w2)) ** 2).sum()
        loss.backward()
        with ax.no_grad():
            for p in (w1, w2):
                p -= lr * p.grad
                p.grad = None
        return loss

    return step, (w1, w2)


X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
T = np.array([[0, 1, 1, 0]], dtype=np.float64).T


def test_xor_replays_give_the_eager_bits() -> None:
    eager, eager_weights = _xor_step()
    step, weights = _xor_step()
    compiled = ax.function(step)
    want = [float(eager(X, T)) for _ in range(200)]
    got = [float(compiled(X, T)) for _ in range(200)]
    assert got == want
    for a, b in zip(weights, eager_weights):
        np.testing.assert_array_equal(a.data, b.data)
    assert compiled.trace_count == 1


def test_tape_and_optimizer_step_replays_every_optimizer_bit_for_bit() -> None:
    for name in ("sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamw", "rprop", "deltabardelta"):
        results = []
        for compiled in (False, True):
            ax.random.seed(1)
            model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(4, activation="tanh"), ax.layers.Dense(1)])
            opt = ax.optimizers.get(name)

            def step(x, t):
                with ax.GradientTape() as tape:
                    loss = ax.losses.mse(t, model(x))
                grads = tape.gradient(loss, model.trainable_variables)
                opt.apply_gradients(zip(grads, model.trainable_variables))
                return loss

            run = ax.function(step) if compiled else step
            losses = [float(run(X.astype("float32"), T.astype("float32"))) for _ in range(20)]
            results.append((losses, [w.data.copy() for w in model.trainable_variables]))
        assert results[0][0] == results[1][0], name
        for a, b in zip(results[0][1], results[1][1]):
            np.testing.assert_array_equal(a, b, err_msg=name)


def test_a_new_signature_traces_again_and_python_values_are_part_of_it() -> None:
    calls = []

    @ax.function
    def f(x, scale):
        calls.append(scale)  # Python code: runs when tracing only
        return x * scale  # x arrives as a tensor, as in tf.function

    for _ in range(3):
        f(np.ones(2), 2.0)
    assert f.trace_count == 1 and calls == [2.0]
    f(np.ones(3), 2.0)  # a new shape
    f(np.ones(3), 3.0)  # a new Python value
    f(np.ones(3, "float32"), 3.0)  # a new dtype
    assert f.trace_count == 4
    np.testing.assert_array_equal(f(np.full(3, 2.0), 3.0).numpy(), [6.0, 6.0, 6.0])


def test_repeated_retracing_is_logged(caplog) -> None:
    f = ax.function(lambda x: x + 1)
    with caplog.at_level(logging.WARNING, logger="axone"):
        for n in range(function_module.RETRACE_WARNING + 1):
            f(np.ones(n + 1))
    assert "traced 6 times" in caplog.text


@pytest.mark.parametrize("ask", [float, bool, lambda t: t.numpy(), lambda t: t.item()])
def test_asking_a_traced_tensor_for_its_value_raises_a_clear_error(ask) -> None:
    @ax.function
    def f(x):
        y = (x * 2).sum()
        ask(y)
        return y

    with pytest.raises(ax.TracingError, match=r"traced tensor inside ax.function 'f\(float64\[2\]\)'.*runs only then"):
        f(np.ones(2))


def test_weights_are_read_at_each_replay_and_inputs_are_not_baked() -> None:
    w = ax.Variable([1.0, 2.0])
    f = ax.function(lambda x: (w * x).sum())
    assert float(f(np.array([1.0, 1.0], "float32"))) == 3.0
    w.assign([10.0, 20.0])
    assert float(f(np.array([1.0, 2.0], "float32"))) == 50.0


def test_grad_and_tape_of_tensor_arguments() -> None:
    df = ax.function(ax.grad(lambda v: v**4))
    assert [float(df(ax.Tensor(3.0))) for _ in range(2)] == [108.0, 108.0]
    assert float(df(ax.Tensor(2.0))) == 32.0

    @ax.function
    def both(x):
        with ax.GradientTape() as tape:
            tape.watch(x)
            y = x**2
            z = y**2
        return tape.gradient(z, x)

    assert [float(both(ax.Tensor(3.0))) for _ in range(2)] == [108.0, 108.0]


def test_backward_into_a_tensor_argument_follows_the_argument() -> None:
    @ax.function
    def f(x):
        (x * x).sum().backward()

    a, b = ax.Tensor([1.0, 2.0], requires_grad=True), ax.Tensor([3.0, 4.0], requires_grad=True)
    f(a)
    f(b)
    f(b)  # accumulates, as eager backward() does
    np.testing.assert_array_equal(a.grad.numpy(), [2.0, 4.0])
    np.testing.assert_array_equal(b.grad.numpy(), [12.0, 16.0])


def test_dropout_draws_a_new_mask_at_every_replay_as_eager_does() -> None:
    layer = ax.layers.Dropout(0.5)
    x = np.ones((4, 8), "float32")
    ax.random.seed(3)
    eager = [layer(ax.Tensor(x), training=True).numpy() for _ in range(3)]
    ax.random.seed(3)
    f = ax.function(lambda x: layer(ax.Tensor(x), training=True))
    compiled = [f(x).numpy() for _ in range(3)]
    for a, b in zip(eager, compiled):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(compiled[1], compiled[2])


def test_batch_norm_moving_statistics_are_updated_by_replays() -> None:
    results = []
    for compiled in (False, True):
        bn = ax.layers.BatchNormalization()
        x = np.random.default_rng(0).standard_normal((8, 3)).astype("float32")
        step = (
            (lambda x: bn(ax.Tensor(x), training=True))
            if not compiled
            else ax.function(lambda x: bn(ax.Tensor(x), training=True))
        )
        for i in range(3):
            step(x + i)
        results.append((bn.moving_mean.data.copy(), bn.moving_variance.data.copy()))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    np.testing.assert_array_equal(results[0][1], results[1][1])


def test_explain_prints_forward_backward_and_updates() -> None:
    step, _ = _xor_step()
    compiled = ax.function(step)
    with pytest.raises(RuntimeError, match="has not been called"):
        compiled.explain()
    compiled(X, T)
    text = compiled.explain()
    assert text.startswith("plan of step(float64[4,2], float64[4,1])")
    forward, rest = text.split("backward:")
    backward, updates = rest.split("updates:")
    assert "MatMul.forward(x, w1)" in forward and "Activate.forward" in forward
    assert "MatMul.backward" in backward and "w1.grad +=" in backward
    assert "w1[...] =" in updates and "w2.grad = None" in updates


def test_nested_arguments_and_returned_structures() -> None:
    @ax.function
    def f(pair, extra):
        a, b = pair
        return {"sum": a + b, "scaled": [a * extra["k"]], "tag": "ok"}

    out = f([np.ones(2), np.full(2, 2.0)], {"k": np.full(2, 3.0)})
    out = f([np.ones(2), np.full(2, 5.0)], {"k": np.full(2, 3.0)})
    assert f.trace_count == 1 and out["tag"] == "ok"
    np.testing.assert_array_equal(out["sum"].numpy(), [6.0, 6.0])
    np.testing.assert_array_equal(out["scaled"][0].numpy(), [3.0, 3.0])


def test_returning_a_numpy_array_made_outside_the_ops_is_refused() -> None:
    f = ax.function(lambda x: np.asarray(x) * 2)
    with pytest.raises(ax.TracingError, match="returned a NumPy array"):
        f(np.ones(2))


def test_grad_mode_is_per_thread() -> None:
    import threading

    seen = []

    def other():
        seen.append(ax.is_grad_enabled())

    with ax.no_grad():
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert not ax.is_grad_enabled()
    assert seen == [True]


def test_normalization_statistics_adapted_after_tracing_are_seen_by_replays() -> None:
    layer = ax.layers.Normalization()
    x = np.random.default_rng(0).normal(3, 2, (50, 3)).astype("float32")
    layer.adapt(x)
    f = ax.function(lambda t: layer(t))
    before = f(x[:5]).numpy()
    layer.adapt(x * 10)
    after = f(x[:5]).numpy()
    np.testing.assert_array_equal(after, layer(ax.Tensor(x[:5])).numpy())
    assert not np.array_equal(before, after)


def test_the_plan_is_compiled_to_one_python_function_of_its_own_names() -> None:
    hostile = "w); __import__('os').system('echo pwned') #"
    w = ax.Variable(np.array([1.0, 2.0]), name=hostile)
    shadow = ax.Variable(np.array([0.0, 0.0]), name="type")  # the code calls type(): not a buffer's name

    @ax.function
    def f(x):
        y = (w * x + shadow).sum()
        y.backward()
        return y

    f(ax.Tensor([3.0, 4.0]))
    source = f.explain(source=True)
    assert source.startswith("def replay(args):") and "Mul_forward_" in source and "del " in source
    assert "__import__(" not in source and "system(" not in source  # the name became an identifier
    assert "    type = " not in source
    w.grad = None
    assert float(f(ax.Tensor([5.0, 6.0]))) == 17.0 and w.grad.numpy().tolist() == [5.0, 6.0]


def test_returned_named_tuples_and_dicts_keep_their_types() -> None:
    import collections

    Pair = collections.namedtuple("Pair", "total double")

    @ax.function
    def f(x):
        s = x.sum()
        return Pair(s, s * 2), {1: s, "k": [s]}

    f(np.ones(3))
    pair, table = f(np.full(3, 2.0))
    assert isinstance(pair, Pair) and float(pair.total) == 6.0 and float(pair.double) == 12.0
    assert float(table[1]) == 6.0 and float(table["k"][0]) == 6.0 and f.trace_count == 1
