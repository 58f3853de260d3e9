"""Each ax.nn loss (module and function) against torch.nn, every reduction, values and gradients."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import axone as ax

nn = ax.nn
F = ax.nn.functional
R = np.random.default_rng(1)
REDUCTIONS = ["mean", "sum", "none"]


def compare(loss_a, loss_t, y, t, t_is_index=False):
    y_t = torch.tensor(y, requires_grad=True)
    y_a = ax.Tensor(y, requires_grad=True)
    t_t = torch.tensor(t)
    t_a = ax.Tensor(t) if not t_is_index else t
    out_t, out_a = loss_t(y_t, t_t), loss_a(y_a, t_a)
    np.testing.assert_allclose(out_a.numpy(), out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    w = R.normal(size=tuple(out_t.shape))
    (out_t * torch.tensor(w)).sum().backward()
    (out_a * w).sum().backward()
    np.testing.assert_allclose(y_a.grad.numpy(), y_t.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_regression_losses_match_torch(reduction):
    y, t = R.normal(size=(4, 3)), R.normal(size=(4, 3))
    compare(nn.MSELoss(reduction=reduction), torch.nn.MSELoss(reduction=reduction), y, t)
    compare(nn.L1Loss(reduction=reduction), torch.nn.L1Loss(reduction=reduction), y, t)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_losses_match_torch(reduction):
    p, t = R.uniform(0.05, 0.95, size=(5, 2)), (R.random((5, 2)) > 0.5).astype(float)
    compare(nn.BCELoss(reduction=reduction), torch.nn.BCELoss(reduction=reduction), p, t)
    weight = R.uniform(0.5, 2, size=(2,))
    compare(
        nn.BCELoss(weight=weight, reduction=reduction),
        torch.nn.BCELoss(weight=torch.tensor(weight), reduction=reduction),
        p,
        t,
    )
    z = R.normal(scale=3, size=(5, 2))
    compare(nn.BCEWithLogitsLoss(reduction=reduction), torch.nn.BCEWithLogitsLoss(reduction=reduction), z, t)
    pos = np.array([2.0, 0.5])
    compare(
        nn.BCEWithLogitsLoss(pos_weight=pos, reduction=reduction),
        torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pos), reduction=reduction),
        z,
        t,
    )


def test_bce_with_logits_is_finite_for_huge_logits():
    loss = F.binary_cross_entropy_with_logits(ax.Tensor([1e4, -1e4]), ax.Tensor([0.0, 1.0]))
    assert np.isclose(float(loss), 1e4)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_and_nll_match_torch(reduction):
    z, labels = R.normal(size=(6, 4)), R.integers(0, 4, size=6)
    compare(nn.CrossEntropyLoss(reduction=reduction), torch.nn.CrossEntropyLoss(reduction=reduction), z, labels, True)
    weight = R.uniform(0.5, 2, size=4)
    for kwargs in ({"weight": weight}, {"ignore_index": int(labels[0])}, {"label_smoothing": 0.2}):
        torch_kwargs = {k: torch.tensor(v) if k == "weight" else v for k, v in kwargs.items()}
        compare(
            nn.CrossEntropyLoss(reduction=reduction, **kwargs),
            torch.nn.CrossEntropyLoss(reduction=reduction, **torch_kwargs),
            z,
            labels,
            True,
        )
    logp = torch.log_softmax(torch.tensor(z), 1).numpy()
    compare(nn.NLLLoss(reduction=reduction), torch.nn.NLLLoss(reduction=reduction), logp, labels, True)
    compare(
        nn.NLLLoss(weight=weight, reduction=reduction),
        torch.nn.NLLLoss(weight=torch.tensor(weight), reduction=reduction),
        logp,
        labels,
        True,
    )


def test_cross_entropy_on_images_and_probability_targets_match_torch():
    z, labels = R.normal(size=(2, 3, 4, 5)), R.integers(0, 3, size=(2, 4, 5))
    compare(nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss(), z, labels, True)
    probs = R.dirichlet(np.ones(3), size=4)
    compare(nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss(), R.normal(size=(4, 3)), probs)
    compare(
        nn.CrossEntropyLoss(label_smoothing=0.1, reduction="sum"),
        torch.nn.CrossEntropyLoss(label_smoothing=0.1, reduction="sum"),
        R.normal(size=(4, 3)),
        probs,
    )


def test_cross_entropy_accepts_whole_float_labels_and_refuses_others():
    z = ax.Tensor([[2.0, 0.0]])
    assert np.isclose(float(F.cross_entropy(z, ax.Tensor([0]))), float(F.cross_entropy(z, np.array([0]))))
    with pytest.raises(TypeError, match="integers"):
        F.cross_entropy(z, ax.Tensor([0.5]))
    with pytest.raises(IndexError, match=r"\[0, 2\)"):
        F.cross_entropy(z, np.array([2]))


def test_nn_losses_refuse_keras_order_and_bad_targets():
    y_pred = ax.Tensor([[0.3], [0.8]], requires_grad=True)
    target = ax.Tensor([[0.0], [1.0]])
    with pytest.raises(ValueError, match=r"PyTorch's order"):
        nn.BCELoss()(target, y_pred)
    with pytest.raises(ValueError, match=r"targets must lie in \[0, 1\]"):
        nn.BCEWithLogitsLoss()(y_pred, ax.Tensor([[-1.0], [1.0]]))
    with pytest.raises(ValueError, match="shape"):
        nn.MSELoss()(y_pred, ax.Tensor([0.0, 1.0]))  # torch would broadcast (2, 1) with (2,) to (2, 2)
    with pytest.raises(ValueError, match="reduction"):
        nn.MSELoss(reduction="avg")


def test_one_hot_matches_torch():
    labels = np.array([[0, 2], [1, 3]])
    np.testing.assert_array_equal(F.one_hot(labels).numpy(), torch.nn.functional.one_hot(torch.tensor(labels)).numpy())
    assert F.one_hot(np.array([1]), num_classes=4).shape == (1, 4)
    with pytest.raises(ValueError, match=r"\[0, 2\)"):
        F.one_hot(np.array([2]), num_classes=2)
