"""Splits (seeded, stratified) and mini-batches (seeded shuffling)."""

import numpy as np
import pytest

from axone.data import batches, minibatches, split_indices, train_val_test_split


def test_split_sizes_cover_everything():
    tr, va, te = split_indices(103, val=0.2, test=0.1, rng=0)
    assert (len(tr), len(va), len(te)) == (72, 21, 10)
    assert sorted(np.concatenate([tr, va, te]).tolist()) == list(range(103))


def test_split_seeding():
    a = split_indices(50, val=0.3, rng=1)
    b = split_indices(50, val=0.3, rng=np.random.default_rng(1))
    c = split_indices(50, val=0.3, rng=2)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[1], c[1])


def test_stratified_keeps_proportions():
    y = np.array([0] * 700 + [1] * 200 + [2] * 100)
    np.random.default_rng(0).shuffle(y)
    tr, va, te = split_indices(len(y), val=0.2, test=0.1, stratify=y, rng=0)
    assert (len(tr), len(va), len(te)) == (700, 200, 100)
    for part, size in ((tr, 700), (va, 200), (te, 100)):
        counts = np.bincount(y[part], minlength=3)
        np.testing.assert_allclose(counts, np.array([0.7, 0.2, 0.1]) * size, atol=1)


def test_stratified_small_and_one_hot():
    y = np.array([0] * 8 + [1] * 2)
    for seed in range(20):
        _, va, _ = split_indices(10, val=0.5, stratify=y, rng=seed)
        assert np.bincount(y[va], minlength=2).tolist() == [4, 1]
    one_hot = np.eye(2)[y]
    _, va, _ = split_indices(10, val=0.5, stratify=one_hot, rng=0)
    assert np.bincount(y[va], minlength=2).tolist() == [4, 1]


def test_unshuffled_and_errors():
    tr, va, te = split_indices(10, val=0.2, test=0.1, shuffle=False)
    assert tr.tolist() == list(range(7)) and va.tolist() == [7, 8] and te.tolist() == [9]
    with pytest.raises(ValueError, match="no training sample"):
        split_indices(4, val=0.5, test=0.5)
    with pytest.raises(ValueError, match="fractions"):
        split_indices(4, val=1.2)
    with pytest.raises(ValueError, match="3 labels for 4"):
        split_indices(4, stratify=[0, 1, 0], rng=0)


def test_train_val_test_split_arrays():
    X, y = np.arange(40).reshape(20, 2), np.arange(20) % 2
    (X_tr, y_tr), (X_va, y_va), (X_te, y_te) = train_val_test_split(X, y, val=0.2, test=0.2, stratify=y, rng=0)
    assert X_tr.shape == (12, 2) and X_va.shape == (4, 2) and X_te.shape == (4, 2)
    np.testing.assert_array_equal(X_va[:, 0] // 2 % 2, y_va)  # rows stay paired
    assert np.bincount(y_te).tolist() == [2, 2]
    (_,), (empty,), (_,) = train_val_test_split(X, val=0.0, test=0.1, rng=0)
    assert empty.shape == (0, 2)
    with pytest.raises(ValueError, match="array 1 has 3 samples"):
        train_val_test_split(X, y[:3])


def test_batches():
    assert [b.tolist() for b in batches(7, 3, shuffle=False)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [len(b) for b in batches(7, 3, shuffle=False, drop_last=True)] == [3, 3]
    a = np.concatenate(list(batches(100, 16, rng=5)))
    b = np.concatenate(list(batches(100, 16, rng=5)))
    c = np.concatenate(list(batches(100, 16, rng=6)))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c) and sorted(a.tolist()) == list(range(100))
    rng = np.random.default_rng(0)  # one generator: each epoch a new order
    first, second = (np.concatenate(list(batches(50, 10, rng=rng))) for _ in range(2))
    assert not np.array_equal(first, second)
    with pytest.raises(ValueError, match="batch_size"):
        next(batches(5, 0))


def test_minibatches():
    X, y = np.arange(10).reshape(5, 2), np.arange(5)
    out = list(minibatches(X, y, batch_size=2, rng=0))
    assert [len(yb) for _, yb in out] == [2, 2, 1]
    for xb, yb in out:
        np.testing.assert_array_equal(xb[:, 0] // 2, yb)
    with pytest.raises(ValueError, match="must match"):
        next(minibatches(X, y[:2]))
