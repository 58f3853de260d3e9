"""ax.nn under ax.function: each call's targets and indices are followed (never fixed at trace time),
and what cannot be traced (class masks computed in NumPy) raises TracingError instead of being baked."""

from __future__ import annotations

import numpy as np
import pytest

import axone as ax

nn, F = ax.nn, ax.nn.functional
RNG = np.random.default_rng(0)


def _calls(fn, draws):
    compiled = ax.function(fn)
    for args in draws:
        want, got = fn(*args), compiled(*args)
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    assert compiled.trace_count == 1


def test_losses_follow_each_calls_targets():
    z = [ax.Tensor(RNG.standard_normal((6, 3))) for _ in range(3)]
    reg = [ax.Tensor(RNG.standard_normal((6, 3)).astype("float32")) for _ in range(3)]  # cast by the loss
    labels = [ax.Tensor(RNG.integers(0, 3, 6)) for _ in range(3)]
    _calls(lambda a, b: F.mse_loss(a, b), zip(z, reg))
    _calls(lambda a, b: nn.CrossEntropyLoss()(a, b), zip(z, labels))
    floats = [ax.Tensor(lab.numpy().astype("float64")) for lab in labels]  # whole numbers: class indices
    _calls(lambda a, b: F.cross_entropy(a, b), zip(z, floats))


def test_embedding_padding_mask_follows_each_calls_indices():
    emb = nn.Embedding(5, 2, padding_idx=0)
    draws = [(ax.Tensor(RNG.integers(0, 5, (3, 4))),) for _ in range(3)]
    _calls(lambda i: emb(i), draws)
    _calls(lambda i: F.one_hot(i, 5), draws)


def test_class_masks_in_numpy_are_refused_inside_a_trace():
    weight = ax.Tensor([1.0, 2.0, 3.0], dtype="float64")
    f = ax.function(lambda a, b: F.cross_entropy(a, b, weight=weight))
    with pytest.raises(ax.TracingError, match="class masks"):
        f(ax.Tensor(RNG.standard_normal((4, 3))), ax.Tensor(RNG.integers(0, 3, 4)))
