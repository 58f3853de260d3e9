"""Bad inputs that used to fail deep inside NumPy (or not at all) now get an error that names the
function, the argument, what was expected and what was received."""

from __future__ import annotations

import numpy as np
import pytest

import axone as ax
from axone.cli import main
from axone.data import blobs, circles, function_1d, moons, sine, spirals, xor_points

DATA_CASES = [
    # before: "scale < 0" from rng.normal
    (lambda: circles(noise=-1), ValueError, r"circles: noise is a standard deviation .* >= 0, got -1"),
    (lambda: moons(noise=-0.5), ValueError, r"moons: noise .* got -0.5"),
    (lambda: spirals(noise=-1), ValueError, r"spirals: noise .* got -1"),
    (lambda: blobs(std=-1), ValueError, r"blobs: std .* got -1"),
    (lambda: xor_points(noise=-1), ValueError, r"xor_points: noise .* got -1"),
    (lambda: circles(noise=float("nan")), ValueError, r"circles: noise .* finite .* got nan"),
    # before: ZeroDivisionError in the class sizes
    (lambda: blobs(centers=0), ValueError, r"blobs: centers must be at least 1, got 0"),
    (lambda: blobs(centers=np.zeros((0, 2))), ValueError, r"blobs: centers must be .* got shape \(0, 2\)"),
    # before: silently (300, 0) points, or all centres equal
    (lambda: blobs(dims=0), ValueError, r"blobs: dims must be at least 1, got 0"),
    (lambda: blobs(box=(1.0, 1.0)), ValueError, r"blobs: box .* low < high; got \(1.0, 1.0\)"),
    # before: "negative dimensions are not allowed", or silently empty arrays
    (lambda: xor_points(0), ValueError, r"xor_points: n must be at least 1, got 0"),
    (lambda: xor_points(-3), ValueError, r"xor_points: n must be at least 1, got -3"),
    (lambda: circles(-1), ValueError, r"circles: n must be at least 1, got -1"),
    (lambda: function_1d(n=0), ValueError, r"function_1d: n must be at least 1, got 0"),
    (lambda: function_1d(n=-1), ValueError, r"function_1d: n must be at least 1, got -1"),
    # before: 1.5 went on to a message about classes, a float arange, or a bool counted as 1
    (lambda: circles(10.5), TypeError, r"circles: n must be an integer, got 10.5 \(float\)"),
    (lambda: spirals(30, classes=2.5), TypeError, r"spirals: classes must be an integer, got 2.5"),
    (lambda: blobs(centers=True), TypeError, r"blobs: centers must be an integer, got True \(bool\)"),
    (lambda: circles(1), ValueError, r"circles: need at least one point per class, but n=1 is less than 2"),
]


@pytest.mark.parametrize("call, error, message", DATA_CASES, ids=[c[2][:40] for c in DATA_CASES])
def test_point_generators_refuse_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_function_1d_refuses_negative_noise_it_used_to_ignore():
    # before: noise=-1 was read as "no noise" and the exact function came back
    with pytest.raises(ValueError, match=r"function_1d: noise is a standard deviation .* got -1"):
        function_1d("sine", noise=-1)
    with pytest.raises(ValueError, match=r"function_1d: noise .* got -0.1"):
        sine(10, noise=-0.1)


def test_generators_still_take_numpy_ints_and_zero_noise():
    X, y = circles(np.int64(10), noise=0, rng=0)
    assert X.shape == (10, 2) and np.allclose(np.hypot(X[:, 0], X[:, 1])[y == 0], 1.0)
    x, t = function_1d("abs", n=np.int32(4), noise=0.0, rng=0)
    assert np.allclose(t, np.abs(x))


PAD_CASES = [
    (-1, ValueError, r"pad: widths must be >= 0 .* got -1"),  # before: "index can't contain negative values"
    ([(1, 1), (1, 1), (1, 1)], ValueError, r"pad: widths must be one int, .* or 2 pairs .* shape \(2, 3\)"),
    (1.5, TypeError, r"pad: widths must be whole numbers .* got 1.5"),  # before: silently truncated to 1
    ("a", TypeError, r"pad: widths must be whole numbers .* got 'a'"),
    ([(1, 2), (3,)], ValueError, r"pad: widths must be one int"),  # ragged
]


@pytest.mark.parametrize("widths, error, message", PAD_CASES, ids=[str(c[0]) for c in PAD_CASES])
def test_pad_refuses_bad_widths(widths, error, message):
    with pytest.raises(error, match=message):
        ax.pad(ax.Tensor(np.ones((2, 3))), widths)


def test_pad_still_takes_numpy_style_widths():
    x = ax.Tensor(np.ones((2, 3)))
    assert ax.pad(x, 1).shape == (4, 5)
    assert ax.pad(x, (0, 2)).shape == (4, 5)
    assert ax.pad(x, np.array([[1, 0], [0, 0]])).shape == (3, 3)


@pytest.mark.parametrize("function", [ax.softmax, ax.log_softmax], ids=["softmax", "log_softmax"])
def test_softmax_refuses_an_axis_the_tensor_lacks(function):
    name = function.__name__
    x = ax.Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match=rf"{name}: axis=3 is out of range for a 2-D tensor of shape \(2, 3\)"):
        function(x, axis=3)
    with pytest.raises(ValueError, match=rf"{name}: axis=-3 .* use an axis in \[-2, 1\]"):
        function(x, axis=-3)
    with pytest.raises(TypeError, match=rf"{name}: axis must be an int or a tuple of ints, got 1.0"):
        function(x, axis=1.0)
    assert np.allclose(function(x, axis=-2).numpy(), function(x, axis=0).numpy())


def test_gradcheck_names_a_wrt_position_out_of_range():
    # before: a bare "IndexError: list index out of range"
    with pytest.raises(ValueError, match=r"gradcheck: wrt=\[3\] names input 3, but f was given 1 input"):
        ax.testing.gradcheck(lambda x: x.sum(), ax.Tensor([1.0]), wrt=[3])
    with pytest.raises(TypeError, match=r"gradcheck: wrt must be a list of input positions .* got 0"):
        ax.testing.gradcheck(lambda x: x.sum(), ax.Tensor([1.0]), wrt=0)


def test_gradcheck_refuses_to_check_an_integer_input():
    # before: True, although nothing about the integer input was checked
    x, index = ax.Tensor([1.0, 2.0]), np.array([0])
    with pytest.raises(ValueError, match=r"gradcheck: wrt=\[1\] names input 1, of dtype int64; only float"):
        ax.testing.gradcheck(lambda x, i: x[i].sum(), x, index, wrt=[1])
    assert ax.testing.gradcheck(lambda x, i: (x[i] * x[i]).sum(), x, index, wrt=[-2])


@pytest.mark.parametrize(
    "n, error, message",
    [
        ("a", TypeError, r"axone.random.seed: the seed n must be an int >= 0; got 'a' \(str\)"),
        (1.5, TypeError, r"must be an int >= 0; got 1.5 \(float\)"),
        (True, TypeError, r"must be an int >= 0; got True \(bool\)"),  # before: accepted as 1
        (-1, ValueError, r"axone.random.seed: the seed n must be an int >= 0; got -1"),
    ],
)
def test_seed_accepts_only_ints_from_zero(n, error, message):
    with pytest.raises(error, match=message):
        ax.random.seed(n)


def test_seed_and_rng_still_take_numpy_ints():
    ax.random.seed(np.int64(3))
    a = ax.random.get_rng().random()
    assert a == ax.random.get_rng(np.uint8(3)).random()
    with pytest.raises(TypeError, match=r"rng= must be a numpy Generator, an int seed >= 0, or None .* got 'a'"):
        circles(10, rng="a")


def test_losses_get_refuses_from_logits_for_losses_without_it():
    # before: MeanSquaredError came back and from_logits=True was silently dropped
    with pytest.raises(ValueError, match=r"losses.get: loss 'mse' has no from_logits option, got from_logits=True"):
        ax.losses.get("mse", from_logits=True)
    with pytest.raises(ValueError, match=r"loss 'log_cosh' has no from_logits option"):
        ax.losses.get("log_cosh", from_logits=True)
    with pytest.raises(ValueError, match=r"from_logits=True applies to the built-in cross-entropies"):
        ax.losses.get(lambda t, p: p, from_logits=True)
    with pytest.raises(ValueError, match=r"cannot change the Loss object .*build it with from_logits=True"):
        ax.losses.get(ax.losses.BinaryCrossentropy(), from_logits=True)
    assert ax.losses.get("binary_crossentropy", from_logits=True).from_logits


def test_train_val_that_leaves_no_training_row(capsys, tmp_path, monkeypatch):
    # before: "val=0.99 and test=0.0 leave no training sample out of 6", after the cleaning report:
    # it named a `test` option the command does not have, and printed more than one line
    (tmp_path / "tiny.csv").write_text("a,b,y\n1,2,0\n2,3,1\n3,1,0\n4,5,1\n5,2,0\n6,1,1\n")
    monkeypatch.chdir(tmp_path)
    code = main(["train", "tiny.csv", "--target", "y", "--val", "0.99", "--out", "m.axone"])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert "test" not in line
    assert line.endswith(
        "--val 0.99 holds out 6 of the 6 rows of 'tiny.csv' kept after cleaning, "
        "leaving none to train on; use --val 0.83 or less"
    ), line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.csv"]  # no model file written
    # the value the message suggests does train
    assert main(["train", "tiny.csv", "--target", "y", "--val", "0.83", "--epochs", "1", "--out", "m.axone"]) == 0
    assert (tmp_path / "m.axone").is_file()
