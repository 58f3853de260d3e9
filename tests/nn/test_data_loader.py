"""ax.utils.data: TensorDataset and DataLoader (batch_size, shuffle, drop_last, seeded order)."""

from __future__ import annotations

import numpy as np
import pytest

import axone as ax

data = ax.utils.data


def dataset(n=10):
    return data.TensorDataset(ax.Tensor(np.arange(2.0 * n).reshape(n, 2)), np.arange(n))


def labels(loader):
    return [y.numpy().tolist() for _, y in loader]


def test_batches_in_order_with_and_without_drop_last():
    assert labels(data.DataLoader(dataset(), batch_size=4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert labels(data.DataLoader(dataset(), batch_size=4, drop_last=True)) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert (
        len(data.DataLoader(dataset(), batch_size=4)) == 3 and len(data.DataLoader(dataset(), 4, drop_last=True)) == 2
    )
    x, y = next(iter(data.DataLoader(dataset(), batch_size=3)))
    assert x.shape == (3, 2) and x.dtype == np.float64 and y.dtype.kind == "i"  # dtypes kept
    np.testing.assert_array_equal(x.numpy(), [[0, 1], [2, 3], [4, 5]])


def test_shuffle_is_a_new_permutation_each_epoch_and_seeded():
    loader = data.DataLoader(dataset(20), batch_size=6, shuffle=True, generator=3)
    first, second = sum(labels(loader), []), sum(labels(loader), [])
    assert sorted(first) == list(range(20)) and sorted(second) == list(range(20)) and first != second
    again = data.DataLoader(dataset(20), batch_size=6, shuffle=True, generator=3)
    assert sum(labels(again), []) == first  # the same seed, the same epochs
    ax.random.seed(5)
    a = labels(data.DataLoader(dataset(20), batch_size=6, shuffle=True))
    ax.random.seed(5)
    assert labels(data.DataLoader(dataset(20), batch_size=6, shuffle=True)) == a  # the package generator


def test_pairs_stay_together_when_shuffled():
    for x, y in data.DataLoader(dataset(), batch_size=3, shuffle=True, generator=0):
        np.testing.assert_array_equal(x.numpy()[:, 0], 2 * y.numpy())


def test_custom_dataset_is_collated_field_by_field():
    class Squares(data.Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return {"x": np.array([i, i * i], dtype=np.float32), "y": i}

    batches = list(data.DataLoader(Squares(), batch_size=2))
    assert [b["y"].numpy().tolist() for b in batches] == [[0, 1], [2, 3], [4]]
    np.testing.assert_array_equal(batches[1]["x"].numpy(), [[2, 4], [3, 9]])


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="first dimension"):
        data.TensorDataset(np.zeros((3, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="batch_size"):
        data.DataLoader(dataset(), batch_size=0)
    with pytest.raises(TypeError, match="__len__"):
        data.DataLoader(42)
