"""Config and state export: a resumed optimizer continues bit for bit like an uninterrupted one."""

import json

import numpy as np
import pytest

import axone as ax
from axone import optimizers

VARIANTS = [
    ("sgd", lambda p: optimizers.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    ("rmsprop", lambda p: optimizers.RMSprop(p, momentum=0.5, centered=True, clipnorm=1.0)),
    ("adagrad", lambda p: optimizers.Adagrad(p, lr=0.1, lr_decay=0.01)),
    ("adadelta", lambda p: optimizers.Adadelta(p, weight_decay=0.01)),
    ("adam", lambda p: optimizers.Adam(p, lr=0.01, amsgrad=True, global_clipnorm=2.0)),
    ("adamw", lambda p: optimizers.AdamW(p, lr=optimizers.CosineDecay(0.01, 12))),
    ("rprop", lambda p: optimizers.Rprop(p, lr=0.02)),
    ("delta_bar_delta", lambda p: optimizers.DeltaBarDelta(p, lr=0.01, smoothing=0.3, clipvalue=0.8)),
]


def make_params(dtype):
    rng = np.random.default_rng(3)
    return [ax.Variable(rng.normal(size=s), dtype=dtype) for s in [(3, 4), (4,), (1,)]]


def loss_of(params):
    x = ax.Tensor(np.linspace(-1, 1, 6 * 3).reshape(6, 3).astype(params[0].data.dtype))
    w, b, c = params
    return (ax.tanh(x @ w + b) ** 2).sum() * c.sum() + (c * c).sum()


def train(opt, params, steps):
    for _ in range(steps):
        opt.zero_grad(params)
        loss_of(params).backward()
        opt.step(params)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name, make", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_resume_is_bit_identical(name, make, dtype):
    straight = make_params(dtype)
    reference = make(straight)
    train(reference, straight, 12)

    first = make_params(dtype)
    opt = make(first)
    train(opt, first, 5)
    saved_config = json.loads(json.dumps(optimizers.serialize(opt)))  # plain JSON, as a model file has it
    saved_arrays = {k: v.copy() for k, v in opt.state_arrays(first).items()}
    saved_weights = [p.data.copy() for p in first]
    train(opt, first, 2)  # the arrays were copies: later steps must not change them

    resumed = [ax.Variable(w, dtype=dtype) for w in saved_weights]
    opt2 = optimizers.get(saved_config)
    opt2.load_state_arrays(resumed, saved_arrays)
    assert opt2.iterations == 5
    train(opt2, resumed, 7)
    for a, b in zip(straight, resumed):
        np.testing.assert_array_equal(a.data, b.data)
    assert {k: v.tolist() for k, v in opt2.state_arrays(resumed).items()} == {
        k: v.tolist() for k, v in reference.state_arrays(straight).items()
    }


def test_state_array_names_and_lr():
    params = make_params("float64")
    opt = optimizers.Adam(params, lr=0.01)
    train(opt, params, 2)
    opt.lr = 0.005  # set by a callback: restored with the state
    arrays = opt.state_arrays(params)
    assert set(arrays) == {"iterations", "lr"} | {f"{i}/{s}" for i in range(3) for s in ("step", "m", "v")}
    assert arrays["2/step"].dtype == np.int64 and int(arrays["iterations"]) == 2
    fresh = optimizers.Adam(lr=0.01)
    fresh.load_state_arrays(params, arrays)
    assert fresh.lr == 0.005


def test_load_errors_name_the_entry():
    params = make_params("float64")
    opt = optimizers.SGD(params, lr=0.1, momentum=0.9)
    train(opt, params, 1)
    arrays = opt.state_arrays(params)
    fresh = optimizers.SGD(lr=0.1, momentum=0.9)
    with pytest.raises(ValueError, match="'iterations' entry is missing"):
        fresh.load_state_arrays(params, {k: v for k, v in arrays.items() if k != "iterations"})
    with pytest.raises(ValueError, match=r"entry '7/momentum' names no parameter \(there are 3\)"):
        fresh.load_state_arrays(params, {**arrays, "7/momentum": np.zeros(1)})
    with pytest.raises(ValueError, match="entry '0/velocity' is not a slot of SGD"):
        fresh.load_state_arrays(params, {**arrays, "0/velocity": np.zeros((3, 4))})
    with pytest.raises(ValueError, match=r"entry '1/momentum' has shape \(2,\), expected \(4,\)"):
        fresh.load_state_arrays(params, {**arrays, "1/momentum": np.zeros(2)})
    with pytest.raises(ValueError, match=r"parameter 0 has slots \['momentum'\], expected"):
        fresh.load_state_arrays(params, {k: v for k, v in arrays.items() if k != "0/step"})


def test_hostile_arrays_are_refused_and_change_nothing():
    params = make_params("float64")
    opt = optimizers.Adam(params, lr=0.01)
    train(opt, params, 2)
    good = opt.state_arrays(params)
    before = {k: v.copy() for k, v in good.items()}
    bad_entries = [
        ("iterations", np.array([1, 2]), "'iterations' must be a number >= 0"),
        ("iterations", np.array(1.5), "'iterations' must be a number >= 0"),
        ("lr", np.array(np.nan), "'lr' must be a number >= 0"),
        ("0/m", np.zeros((3, 4), dtype=complex), "entry '0/m' has dtype complex128, expected float64"),
        ("0/m", np.array(["a"] * 12).reshape(3, 4), "entry '0/m' has dtype <U1"),
        ("1/step", np.array(-1), "entry '1/step' must be a step count >= 0, got -1"),
        ("1/step", np.array(1.0), "entry '1/step' has dtype float64"),
        ("../m", np.zeros(1), "entry '../m' names no parameter"),
    ]
    for key, value, message in bad_entries:
        with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
            opt.load_state_arrays(params, {**good, "0/m": good["0/m"] * 0 + 7, key: value})
        assert {k: v.tolist() for k, v in opt.state_arrays(params).items()} == {
            k: v.tolist() for k, v in before.items()
        }


def test_load_forgets_parameters_that_had_no_state():
    params = make_params("float64")
    opt = optimizers.SGD(params, lr=0.1, momentum=0.9)
    saved = opt.state_arrays(params)  # nothing stepped yet
    train(opt, params, 3)
    opt.load_state_arrays(params, saved)
    assert opt.state == {} and opt.iterations == 0
