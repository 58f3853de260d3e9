"""Metrics on NumPy arrays: accuracies (picked from the loss), mae, mse, names."""

import numpy as np
import pytest

import axone as ax

M = ax.metrics


def test_accuracies():
    assert M.binary_accuracy([[1], [0], [1], [0]], [[0.9], [0.6], [0.4], [0.1]]) == 0.5
    assert M.binary_accuracy([1, 0], [[2.0], [-1.0]], threshold=0.0) == 1.0
    one_hot = np.eye(3)[[0, 2, 1]]
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.5, 0.3, 0.2]])
    assert M.categorical_accuracy(one_hot, probs) == pytest.approx(2 / 3)
    assert M.sparse_categorical_accuracy([0, 2, 1], probs) == pytest.approx(2 / 3)
    assert M.sparse_categorical_accuracy([[0], [2], [1]], probs) == pytest.approx(2 / 3)
    assert M.accuracy([0, 2, 1], probs) == pytest.approx(2 / 3)  # sparse guessed from the shapes
    assert M.accuracy(one_hot, probs, sample_weight=[1.0, 1.0, 0.0]) == 1.0


def test_regression_metrics_match_torch():
    import torch

    rng = np.random.default_rng(0)
    t, y = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
    assert M.mae(t, y) == pytest.approx(float(torch.nn.functional.l1_loss(torch.tensor(y), torch.tensor(t))))
    assert M.mse(t, y) == pytest.approx(float(torch.nn.functional.mse_loss(torch.tensor(y), torch.tensor(t))))
    assert M.mse(t, ax.Tensor(y)) == pytest.approx(M.mse(t, y))  # Tensors are arrays too


def test_get_picks_accuracy_from_the_loss():
    probs = np.array([[0.2, 0.8], [0.6, 0.4]])
    assert M.get("accuracy", loss="sparse_categorical_crossentropy")([1, 1], probs) == 0.5
    assert M.get("acc", loss="categorical_crossentropy")(np.eye(2)[[1, 1]], probs) == 0.5
    logits = M.get("accuracy", loss=ax.losses.BinaryCrossentropy(from_logits=True))
    assert logits.options == {"threshold": 0.0} and logits([1, 0], [[0.3], [-0.2]]) == 1.0
    assert M.get("accuracy", loss="mse", output_shape=(None, 1)).fn is M.binary_accuracy
    assert M.get("mean_absolute_error").fn is M.mae and M.get("MeanSquaredError").fn is M.mse
    with pytest.raises(ValueError, match="unknown metric 'precison'; valid names: accuracy, auc, binary_accuracy"):
        M.get("precison")
    with pytest.raises(ValueError, match=r"metric 'mae': targets of shape \(3,\) do not match outputs"):
        M.mae([1, 2, 3], [[1.0, 2.0]])
