"""Generated datasets: shapes, dtypes, values, and seeding (same seed same data)."""

import numpy as np
import pytest

import axone.random
from axone.data import (
    GATES,
    addition_sequences,
    binary_addition,
    blobs,
    circles,
    from_bits,
    function_1d,
    logic_gate,
    lunch_bills,
    moons,
    spirals,
    to_bits,
    xor_points,
)

POINTS = [circles, moons, spirals, blobs, xor_points]


@pytest.mark.parametrize("name", sorted(GATES))
def test_logic_gates(name):
    X, t = logic_gate(name)
    assert X.shape == (4, 2) and t.shape == (4, 1)
    assert X.dtype == np.float32 and t.dtype == np.float32
    a, b = X[:, 0].astype(bool), X[:, 1].astype(bool)
    expected = {"and": a & b, "or": a | b, "nand": ~(a & b), "nor": ~(a | b), "xor": a ^ b}[name]
    np.testing.assert_array_equal(t[:, 0], expected.astype(np.float32))


def test_logic_gate_unknown():
    with pytest.raises(ValueError, match="unknown logic gate 'xnor'"):
        logic_gate("xnor")


def test_lunch_bills_course_first_step():
    X, t = lunch_bills()
    assert X.shape == (3, 3) and t.shape == (3, 1) and X.dtype == np.float32
    w = np.full(3, 10.0)
    for i, expected in enumerate([(10.7, 10.42, 10.28), (10.84, 10.46, 10.33), (11.37, 11.16, 11.20)]):
        y = X[i] @ w
        w = w - 0.1 * (y - t[i, 0]) * X[i] / X[i].sum()
        np.testing.assert_allclose(w, expected, atol=0.01)  # the slides truncate: 10.468 -> 10.46


@pytest.mark.parametrize("make", POINTS)
def test_points_shapes_dtypes(make):
    X, y = make(50, rng=0)
    assert X.shape == (50, 2) and X.dtype == np.float32
    assert y.shape == (50,) and y.dtype == np.int64
    assert np.isfinite(X).all()


@pytest.mark.parametrize("make", POINTS)
def test_points_seeding(make):
    X1, y1 = make(40, rng=3)
    X2, y2 = make(40, rng=np.random.default_rng(3))
    X3, _ = make(40, rng=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_package_seed_drives_default_rng():
    axone.random.seed(11)
    a = circles(20)[0]
    axone.random.seed(11)
    b = circles(20)[0]
    np.testing.assert_array_equal(a, b)


def test_circles_radii_and_balance():
    X, y = circles(200, noise=0.0, factor=0.3, rng=0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0, atol=1e-6)
    np.testing.assert_allclose(r[y == 1], 0.3, atol=1e-6)
    assert np.bincount(y).tolist() == [100, 100]
    with pytest.raises(ValueError, match="factor"):
        circles(10, factor=1.5)


def test_spirals_classes_and_blob_dims():
    X, y = spirals(100, classes=4, rng=0)
    assert np.bincount(y).tolist() == [25, 25, 25, 25]
    assert np.abs(X).max() <= 1.0 + 1e-6
    X, y = blobs(31, centers=3, dims=5, rng=0)
    assert X.shape == (31, 5) and np.bincount(y).tolist() == [11, 10, 10]
    with pytest.raises(ValueError, match="at least 2 classes"):
        spirals(10, classes=1)


def test_points_are_shuffled():
    _, y = circles(100, rng=0)
    assert 0 < y[:50].sum() < 50


@pytest.mark.parametrize("name", ["sine", "abs", "step", "polynomial"])
def test_functions(name):
    x, t = function_1d(name, n=64, rng=0)
    assert x.shape == t.shape == (64, 1) and x.dtype == t.dtype == np.float32
    assert np.all(np.diff(x[:, 0]) >= 0)
    f = {"sine": np.sin, "abs": np.abs, "step": lambda v: (v >= 0) * 1.0, "polynomial": lambda v: v**3 - v}[name]
    np.testing.assert_allclose(t, f(x.astype(np.float64)), atol=1e-5)
    noisy = function_1d(name, n=64, noise=0.1, rng=0)[1]
    assert not np.allclose(noisy, t)
    np.testing.assert_array_equal(noisy, function_1d(name, n=64, noise=0.1, rng=0)[1])


def test_functions_options_and_errors():
    x, t = function_1d("polynomial", n=10, coefficients=(1, 0, 2), interval=(0, 1), rng=0)
    assert x.min() >= 0 and x.max() <= 1
    np.testing.assert_allclose(t, 1 + 2 * x.astype(np.float64) ** 2, rtol=1e-6)
    with pytest.raises(ValueError, match="unknown function"):
        function_1d("cosine")
    with pytest.raises(ValueError, match="polynomial"):
        function_1d("sine", coefficients=(1,))


@pytest.mark.parametrize("bits", [1, 4, 8, 70])
def test_binary_addition(bits):
    X, t = binary_addition(16, bits=bits, rng=0)
    assert X.shape == (16, bits + 1, 2) and t.shape == (16, bits + 1, 1)
    assert X.dtype == t.dtype == np.float32
    np.testing.assert_array_equal(X[:, -1], 0)  # the carry-out step reads zeros
    a, b = from_bits(X[:, :, 0]), from_bits(X[:, :, 1])
    assert from_bits(t) == [p + q for p, q in zip(a, b)]
    X2, _ = binary_addition(16, bits=bits, rng=0)
    np.testing.assert_array_equal(X, X2)


def test_course_addition_lsb_first():
    X, t = addition_sequences([0b0101011], [0b1001110], bits=7)
    assert X[0, :3].tolist() == [[1, 0], [1, 1], [0, 1]]
    assert from_bits(t) == [0b0101011 + 0b1001110]
    assert to_bits([5], 3).tolist() == [[1, 0, 1]]
    with pytest.raises(ValueError, match="does not fit"):
        to_bits([8], 3)
