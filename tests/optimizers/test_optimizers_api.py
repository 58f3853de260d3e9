"""The three ways of calling an optimizer, get(), learning-rate handling, and the error messages."""

import numpy as np
import pytest

import axone as ax
from axone import optimizers

ALL = [
    optimizers.SGD,
    optimizers.RMSprop,
    optimizers.Adagrad,
    optimizers.Adadelta,
    optimizers.Adam,
    optimizers.AdamW,
    optimizers.Rprop,
    optimizers.DeltaBarDelta,
]


def quadratic_loss(w):
    return ((w - ax.Tensor(np.array([1.0, -2.0]))) ** 2).sum()


def three_runs(cls, **kwargs):
    """The same 5 steps through step(params), step() with constructor params, and apply_gradients."""
    results = []
    for style in ("step_params", "step_bound", "tape"):
        w = ax.Variable([0.5, 0.5], dtype="float64")
        opt = cls([w], **kwargs) if style == "step_bound" else cls(**kwargs)
        for _ in range(5):
            if style == "tape":
                with ax.GradientTape() as tape:
                    loss = quadratic_loss(w)
                opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
            else:
                opt.zero_grad([w]) if style == "step_params" else opt.zero_grad()
                quadratic_loss(w).backward()
                opt.step([w]) if style == "step_params" else opt.step()
        results.append(w.data.copy())
        assert opt.iterations == 5
    return results


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_three_call_styles_agree(cls):
    a, b, c = three_runs(cls, lr=0.05)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, c)
    assert not np.allclose(a, [0.5, 0.5])


def test_apply_gradients_skips_none_and_accepts_arrays():
    w, v = ax.Variable([1.0], dtype="float64"), ax.Variable([1.0], dtype="float64")
    opt = optimizers.SGD(lr=0.5)
    assert opt.apply_gradients([(np.array([2.0]), w), (None, v)]) == 1
    assert w.data[0] == 0.0 and v.data[0] == 1.0
    assert id(v) not in opt.state


def test_step_with_closure_returns_loss():
    w = ax.Variable([3.0], dtype="float64")
    opt = optimizers.SGD([w], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert float(loss) == 9.0 and w.data[0] == pytest.approx(2.4)


def test_get_by_name_instance_and_config():
    assert isinstance(optimizers.get("adam"), optimizers.Adam)
    assert isinstance(optimizers.get("RMSprop"), optimizers.RMSprop)
    assert isinstance(optimizers.get("delta_bar_delta"), optimizers.DeltaBarDelta)
    opt = optimizers.SGD(lr=0.3, momentum=0.9)
    assert optimizers.get(opt) is opt
    again = optimizers.get(optimizers.serialize(opt))
    assert type(again) is optimizers.SGD and again.get_config() == opt.get_config()


def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="unknown optimizer 'adamm'; valid names: .*adam.*sgd"):
        optimizers.get("adamm")
    with pytest.raises(TypeError, match="optimizer must be a name"):
        optimizers.get(3)
    with pytest.raises(ValueError, match="unknown optimizer class 'os.system'"):
        optimizers.get({"class_name": "os.system", "config": {}})


def test_defaults_follow_torch():
    assert optimizers.SGD().lr == 1e-3
    assert optimizers.RMSprop().lr == 0.01 and optimizers.RMSprop().alpha == 0.99
    assert optimizers.Adagrad().eps == 1e-10
    assert optimizers.Adadelta().lr == 1.0 and optimizers.Adadelta().rho == 0.9
    assert optimizers.Adam().betas == (0.9, 0.999) and optimizers.AdamW().weight_decay == 0.01
    assert optimizers.Rprop().etas == (0.5, 1.2) and optimizers.Rprop().step_sizes == (1e-6, 50.0)


def test_lr_spellings_and_setting():
    assert optimizers.SGD(0.2).lr == 0.2  # Keras: the learning rate first
    assert optimizers.SGD(learning_rate=0.3).lr == 0.3
    opt = optimizers.Adam(lr=0.1)
    opt.lr = 0.01  # what ReduceLROnPlateau does
    assert opt.learning_rate == 0.01 and opt.get_config()["lr"] == 0.01
    opt.learning_rate = 0.02
    assert opt.lr == 0.02


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: optimizers.SGD(lr=-0.1), r"SGD: lr must be a number >= 0, got -0.1"),
        (lambda: optimizers.Adam(learning_rate=float("nan")), r"Adam: lr must be a number >= 0"),
        (lambda: optimizers.SGD(lr="fast"), r"SGD: lr must be a number or a schedule"),
        (lambda: optimizers.SGD(0.1, 0.9), r"SGD got two learning rates"),
        (lambda: optimizers.SGD(lr=0.1, learning_rate=0.1), r"give lr= or learning_rate=, not both"),
        (lambda: optimizers.SGD(momentum=-1), r"SGD: momentum must be a number >= 0"),
        (lambda: optimizers.SGD(nesterov=True), r"nesterov needs momentum > 0"),
        (lambda: optimizers.Adam(betas=(0.9, 1.5)), r"Adam: betas must be two numbers in \[0, 1\)"),
        (lambda: optimizers.Rprop(etas=(1.5, 1.2)), r"Rprop: etas must be"),
        (lambda: optimizers.SGD(clipnorm=1.0, clipvalue=0.5), r"set only one of clipnorm"),
        (lambda: optimizers.SGD(clipnorm=0), r"clipnorm must be a number > 0"),
        (lambda: optimizers.DeltaBarDelta(smoothing=1.0), r"smoothing must be in \[0, 1\)"),
        # these used to pass silently (NaN weights at the first step) or fail inside NumPy
        (lambda: optimizers.SGD(momentum=0.9, dampening=float("nan")), r"dampening must be a number in \[0, 1\]"),
        (lambda: optimizers.SGD(dampening="x"), r"SGD: dampening must be a number in \[0, 1\], got 'x'"),
        (lambda: optimizers.RMSprop(alpha=2), r"RMSprop: alpha must be a number in \[0, 1\], got 2"),
        (lambda: optimizers.Adadelta(rho=1.5), r"Adadelta: rho must be a number in \[0, 1\], got 1.5"),
        (lambda: optimizers.Adam(betas=0.9), r"Adam: betas must be two numbers in \[0, 1\), got \(0.9,\)"),
    ],
)
def test_constructor_errors(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_call_errors_name_what_to_check():
    w = ax.Variable([1.0, 2.0])
    with pytest.raises(TypeError, match=r"SGD.step\(\) needs the parameters: call opt.step\(params\)"):
        optimizers.SGD(lr=0.1).step()
    with pytest.raises(TypeError, match="parameter 0 is a ndarray, expected a Variable or Tensor"):
        optimizers.SGD(lr=0.1).step([np.ones(2)])
    with pytest.raises(
        ValueError, match=r"gradient of parameter 'w' has shape \(3,\) but the parameter has shape \(2,\)"
    ):
        optimizers.SGD(lr=0.1).apply_gradients([(np.ones(3), ax.Variable([1.0, 2.0], name="w"))])
    opt = optimizers.SGD(lr=optimizers.StepDecay(0.1, 10))
    with pytest.raises(TypeError, match="follows the schedule .* cannot be set to a number"):
        opt.lr = 0.5
    w.grad = ax.Tensor([1.0, 1.0])
    bad = optimizers.SGD(lr=lambda step: -1.0)
    with pytest.raises(ValueError, match="the schedule gave lr=-1.0 at step 0"):
        bad.step([w])
    with pytest.raises(ValueError, match=r"SGD config has unknown fields \['beta'\]"):
        optimizers.SGD.from_config({"lr": 0.1, "beta": 0.9})


def test_a_model_or_bad_pairs_instead_of_parameters():
    model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1, name="d")])
    with pytest.raises(TypeError, match=r"got the model .* itself; pass its weights: model.parameters\(\)"):
        optimizers.SGD(model, lr=0.1)
    with pytest.raises(TypeError, match=r"parameters must be a list of Variables, got int"):
        optimizers.SGD(lr=0.1).step(3)
    w = ax.Variable([1.0])
    with pytest.raises(TypeError, match=r"apply_gradients takes \(gradient, variable\) pairs.*item 0 is Variable"):
        optimizers.SGD(lr=0.1).apply_gradients([w])
