"""Label noise, suspicious samples, one-hot, and the registry by name."""

import numpy as np
import pytest

from axone.data import (
    flip_labels,
    list_datasets,
    load,
    register,
    sample_losses,
    suspicious_samples,
    to_categorical,
    unregister,
)


@pytest.mark.parametrize("rate", [0.0, 0.1, 0.25, 1.0])
def test_flip_labels_rate(rate):
    y = np.random.default_rng(0).integers(0, 4, 1000)
    noisy, flipped = flip_labels(y, rate, rng=0, return_flipped=True)
    assert noisy.dtype == y.dtype and noisy.shape == y.shape
    assert (noisy != y).sum() == round(rate * 1000) == len(flipped)
    np.testing.assert_array_equal(np.flatnonzero(noisy != y), flipped)
    assert noisy.min() >= 0 and noisy.max() <= 3


def test_flip_labels_seeding_and_shapes():
    y = np.arange(100) % 3
    np.testing.assert_array_equal(flip_labels(y, 0.3, rng=1), flip_labels(y, 0.3, rng=1))
    assert not np.array_equal(flip_labels(y, 0.3, rng=1), flip_labels(y, 0.3, rng=2))
    binary = (np.arange(10) % 2).astype(np.float32).reshape(10, 1)
    noisy = flip_labels(binary, 0.5, rng=0)
    assert noisy.shape == (10, 1) and noisy.dtype == np.float32 and (noisy != binary).sum() == 5
    one_hot = to_categorical(y)
    noisy = flip_labels(one_hot, 0.2, rng=0)
    assert noisy.shape == one_hot.shape and (noisy.argmax(1) != y).sum() == 20
    assert noisy.sum(axis=1).tolist() == [1.0] * 100
    with pytest.raises(ValueError, match="rate"):
        flip_labels(y, 1.5)


def test_suspicious_samples_find_flipped_labels():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 200)
    # a good model: 90% of its probability on the true class
    probs = np.full((200, 3), 0.05)
    probs[np.arange(200), y] = 0.9
    noisy, flipped = flip_labels(y, 0.05, rng=0, return_flipped=True)
    found, losses = suspicious_samples(probs, noisy, k=10, return_losses=True)
    assert sorted(found.tolist()) == flipped.tolist()
    assert np.all(np.diff(losses) <= 0)


def test_sample_losses_binary_and_extremes():
    p = np.array([[1.0], [0.0], [0.8]])
    losses = sample_losses(p, np.array([0, 1, 1]))
    assert np.isfinite(losses).all() and losses[0] == losses[1] > 27
    assert losses[2] == pytest.approx(-np.log(0.8))
    assert suspicious_samples(np.array([0.5, 0.99]), np.array([1, 0]), k=1).tolist() == [1]
    with pytest.raises(ValueError, match="do not match"):
        sample_losses(np.ones((3, 2)) / 2, np.array([0, 1]))


def test_to_categorical():
    assert to_categorical(np.array([[1], [0]]), 3).tolist() == [[0, 1, 0], [1, 0, 0]]
    with pytest.raises(ValueError, match="labels must be in"):
        to_categorical(np.array([3]), 3)


def test_registry_lists_and_loads():
    names = dict(list_datasets())
    for name in [
        "and",
        "or",
        "nand",
        "nor",
        "xor",
        "lunch_bills",
        "circles",
        "moons",
        "spirals",
        "blobs",
        "xor_points",
        "sine",
        "abs",
        "step",
        "polynomial",
        "binary_addition",
        "digits",
        "sample_image",
        "mnist",
        "fashion_mnist",
    ]:
        assert name in names and names[name]
    X, t = load("nand")
    assert t.ravel().tolist() == [1, 1, 1, 0]
    x, t = load("sine", n=5, rng=0)
    assert x.shape == (5, 1)
    X, y = load("spirals", n=30, classes=3, rng=0)
    assert X.shape == (30, 2)
    X, t = load("binary_addition", n=3, bits=4, rng=0)
    assert X.shape == (3, 5, 2)


def test_registry_errors_and_register():
    with pytest.raises(ValueError, match="did you mean 'moons'"):
        load("moon")
    register("tiny", lambda n=2: np.zeros(n), "zeros")
    try:
        assert load("tiny", n=3).shape == (3,)
        with pytest.raises(ValueError, match="exists"):
            register("tiny", lambda: 0, "again")
    finally:
        unregister("tiny")
    assert "tiny" not in dict(list_datasets())


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: to_categorical(np.array([0.5, 1.0])), "whole class numbers, found 0.5"),
        (lambda: to_categorical(np.array([0.0, np.nan])), "found nan"),
        (lambda: to_categorical(np.array([], dtype=np.int64)), "give num_classes"),
        (lambda: flip_labels(np.array([0, 5, 1]), 1.0, rng=0, num_classes=3), r"in \[0, 3\), found 5"),
        (lambda: flip_labels(np.array([-1, 1]), 1.0, rng=0), "non-negative"),
        (lambda: flip_labels(np.array([0, 0]), 0.5, rng=0, num_classes=1), "num_classes >= 2"),
        (lambda: sample_losses(np.array([[np.nan, 0.5], [0.2, 0.8]]), np.array([0, 1])), "NaN"),
        (lambda: sample_losses(np.array([[0.5, 0.5], [0.2, 0.8]]), np.array([0.4, 1.0])), "whole class numbers"),
        (lambda: suspicious_samples(np.array([[0.5, 0.5], [0.2, 0.8]]), np.array([0, 1]), k=-1), "at least 0"),
    ],
)
def test_label_functions_refuse_labels_they_would_truncate_or_wrap(call, message):
    # before: 0.5 became class 0, label 5 wrapped to class 2 mod 3, a NaN loss sorted last
    with pytest.raises(ValueError, match=message):
        call()


def test_float_zero_one_labels_still_accepted():
    assert to_categorical(np.array([0.0, 1.0])).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert flip_labels(np.array([[0.0], [1.0]]), 1.0, rng=0).tolist() == [[1.0], [0.0]]
