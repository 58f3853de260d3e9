"""Losses against PyTorch (values and gradients, float64), stability, sample weights, names."""

import numpy as np
import pytest

import axone as ax

R = np.random.default_rng(3)
N, K = 5, 4
LOGITS = R.normal(0, 2, size=(N, K))
PROBS = np.exp(LOGITS) / np.exp(LOGITS).sum(-1, keepdims=True)
LABELS = R.integers(0, K, size=N)
ONE_HOT = np.eye(K)[LABELS]
BINARY = (R.random((N, K)) > 0.5).astype(float)
SIGMOID = 1 / (1 + np.exp(-LOGITS))
REGRESSION = R.normal(size=(N, K))


def ours(fn, y_true, y_pred, **kw):
    y = ax.Tensor(y_pred, requires_grad=True)
    loss = fn(y_true, y, **kw)
    loss.backward()
    return float(loss), y.grad.numpy()


def theirs(fn, y_pred):
    import torch

    y = torch.tensor(y_pred, requires_grad=True)
    loss = fn(y)
    loss.backward()
    return float(loss.detach()), y.grad.numpy()


def torch_cases():
    import torch
    import torch.nn.functional as F

    t = torch.tensor
    return [
        ("mse", {}, REGRESSION, SIGMOID, lambda y: F.mse_loss(y, t(REGRESSION))),
        ("log_cosh", {}, REGRESSION, SIGMOID, None),
        ("binary_crossentropy", {}, BINARY, SIGMOID, lambda y: F.binary_cross_entropy(y, t(BINARY))),
        (
            "binary_crossentropy",
            {"from_logits": True},
            BINARY,
            LOGITS,
            lambda y: F.binary_cross_entropy_with_logits(y, t(BINARY)),
        ),
        ("categorical_crossentropy", {}, ONE_HOT, PROBS, lambda y: -(t(ONE_HOT) * torch.log(y)).sum(-1).mean()),
        ("categorical_crossentropy", {"from_logits": True}, ONE_HOT, LOGITS, lambda y: F.cross_entropy(y, t(ONE_HOT))),
        ("sparse_categorical_crossentropy", {}, LABELS, PROBS, lambda y: F.nll_loss(torch.log(y), t(LABELS))),
        (
            "sparse_categorical_crossentropy",
            {"from_logits": True},
            LABELS,
            LOGITS,
            lambda y: F.cross_entropy(y, t(LABELS)),
        ),
    ]


@pytest.mark.parametrize("index", range(8))
def test_loss_matches_torch(index):
    import torch

    name, kw, y_true, y_pred, reference = torch_cases()[index]
    if reference is None:  # log_cosh: PyTorch has none; log(cosh(d)) is exact for small d
        target = torch.tensor(y_true)
        reference = lambda y: torch.log(torch.cosh(y - target)).mean()  # noqa: E731
    value, grad = ours(getattr(ax.losses, name), y_true, y_pred, **kw)
    expected_value, expected_grad = theirs(reference, y_pred)
    np.testing.assert_allclose(value, expected_value, rtol=1e-10)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("name", ["binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"])
def test_extreme_logits_are_finite_and_match_torch(name):
    import torch
    import torch.nn.functional as F

    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5.0]])
    targets = {
        "binary_crossentropy": (
            np.array([[0.0, 1.0, 1.0], [1.0, 1.0, 0.0]]),
            lambda y: F.binary_cross_entropy_with_logits(y, torch.tensor([[0.0, 1.0, 1.0], [1.0, 1.0, 0.0]]).double()),
        ),
        "categorical_crossentropy": (
            np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]),
            lambda y: F.cross_entropy(y, torch.tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]).double()),
        ),
        "sparse_categorical_crossentropy": (np.array([1, 0]), lambda y: F.cross_entropy(y, torch.tensor([1, 0]))),
    }
    y_true, reference = targets[name]
    value, grad = ours(getattr(ax.losses, name), y_true, z, from_logits=True)
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    expected_value, expected_grad = theirs(reference, z)
    np.testing.assert_allclose(value, expected_value, rtol=1e-12)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-10, atol=1e-12)


def test_probabilities_at_exact_zero_and_one_are_finite():
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    for fn, t in [
        (ax.losses.binary_crossentropy, np.array([[1.0, 0.0], [1.0, 0.0]])),
        (ax.losses.categorical_crossentropy, np.array([[1.0, 0.0], [1.0, 0.0]])),
        (ax.losses.sparse_categorical_crossentropy, np.array([0, 0])),
    ]:
        value, grad = ours(fn, t, y)
        assert np.isfinite(value) and np.all(np.isfinite(grad))
        # one certain wrong sample costs -ln(1e-7), not infinity; the right one ~0; mean over 2
        assert value == pytest.approx(-np.log(1e-7) / 2, rel=1e-6)


def test_log_cosh_is_stable_for_large_errors():
    value, grad = ours(ax.losses.log_cosh, np.zeros((1, 2)), np.array([[1000.0, -800.0]]))
    np.testing.assert_allclose(value, np.mean([1000 - np.log(2), 800 - np.log(2)]))
    np.testing.assert_allclose(grad, [[0.5, -0.5]])  # tanh(d) / K


@pytest.mark.parametrize("name", ["mse", "log_cosh", "binary_crossentropy", "categorical_crossentropy"])
def test_sample_weight_is_keras_sum_over_batch_size(name):
    fn = getattr(ax.losses, name)
    y_true = ONE_HOT if "categorical" in name else BINARY
    w = R.random(N)
    per_sample = fn(y_true, ax.Tensor(PROBS), reduction="none").numpy()
    assert per_sample.shape == (N,)
    np.testing.assert_allclose(float(fn(y_true, ax.Tensor(PROBS), sample_weight=w)), (w * per_sample).sum() / N)
    np.testing.assert_allclose(float(fn(y_true, ax.Tensor(PROBS))), per_sample.mean())


def test_keras_reduction_mean_over_last_axis_then_samples():
    y_true, y_pred = np.array([[0.0, 0.0], [0.0, 0.0]]), np.array([[1.0, 3.0], [0.0, 2.0]])
    np.testing.assert_allclose(ax.losses.mse(y_true, ax.Tensor(y_pred), reduction="none").numpy(), [5.0, 2.0])
    assert float(ax.losses.mse(y_true, ax.Tensor(y_pred))) == 3.5


def test_vector_targets_match_column_outputs():
    # t of shape (N,) against y of shape (N, 1): no silent (N, N) broadcast
    y = ax.Tensor(np.array([[0.5], [0.0], [1.0]]))
    assert float(ax.losses.mse(np.array([1.0, 0.0, 1.0]), y)) == pytest.approx(0.25 / 3)


def test_shape_and_label_errors():
    with pytest.raises(
        ValueError, match=r"loss 'mse': targets of shape \(5, 3\) do not match the outputs' shape \(5, 4\)"
    ):
        ax.losses.mse(np.zeros((5, 3)), ax.Tensor(PROBS))
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 4\), got values from 0 to 4"):
        ax.losses.sparse_categorical_crossentropy(np.array([0, 1, 2, 3, 4]), ax.Tensor(PROBS))
    with pytest.raises(ValueError, match="class indices"):
        ax.losses.sparse_categorical_crossentropy(np.full(N, 0.5), ax.Tensor(PROBS))


def test_get_by_names_aliases_and_objects():
    for alias in ["mse", "mean_squared_error", "MeanSquaredError", "MSE"]:
        assert ax.losses.get(alias).name == "mse"
    loss = ax.losses.get("CategoricalCrossentropy", from_logits=True)
    assert loss.from_logits and loss.name == "categorical_crossentropy"
    np.testing.assert_allclose(
        float(loss(ONE_HOT, ax.Tensor(LOGITS))),
        float(ax.losses.categorical_crossentropy(ONE_HOT, ax.Tensor(LOGITS), from_logits=True)),
    )
    obj = ax.losses.SparseCategoricalCrossentropy(from_logits=True)
    assert ax.losses.get(obj) is obj and ax.losses.get(ax.losses.mse).name == "mse"
    custom = lambda t, y: ((y - t) ** 2).sum()  # noqa: E731
    assert ax.losses.get(custom) is custom
    with pytest.raises(ValueError, match="unknown loss 'msee'; valid names: binary_crossentropy, .*log_cosh, mse"):
        ax.losses.get("msee")
    with pytest.raises(ValueError, match="no from_logits"):
        ax.losses.MeanSquaredError(from_logits=True)


def test_accuracy_kind():
    assert ax.losses.accuracy_kind("binary_crossentropy") == "binary"
    assert ax.losses.accuracy_kind(ax.losses.CategoricalCrossentropy()) == "categorical"
    assert ax.losses.accuracy_kind("SparseCategoricalCrossentropy") == "sparse"
    assert ax.losses.accuracy_kind("mse", (None, 1)) == "binary"
    assert ax.losses.accuracy_kind("mse", (None, 3)) == "categorical"
