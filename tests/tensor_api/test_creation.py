"""The constructors (axone/core/creation.py): shapes, dtypes and values as torch's, seeded draws."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import axone as ax

TORCH_DTYPES = {torch.float32: np.float32, torch.float64: np.float64, torch.int64: np.int64, torch.bool: np.bool_}


@pytest.mark.parametrize(
    "name, args",
    [
        ("zeros", (2, 3)),
        ("zeros", ((2, 3),)),
        ("ones", (4,)),
        ("full", ((2, 2), 1.5)),
        ("full", ((3,), 7)),
        ("eye", (3,)),
        ("eye", (2, 3)),
        ("arange", (5,)),
        ("arange", (1, 2, 0.25)),
        ("arange", (2.0, 5)),
        ("linspace", (0, 1, 5)),
        ("tensor", ([1, 2, 3],)),
        ("tensor", ([1.0, 2.5],)),
        ("tensor", ([[True, False]],)),
        ("tensor", (3.0,)),
    ],
)
def test_constructor_matches_torch(name: str, args: tuple) -> None:
    got, expected = getattr(ax, name)(*args), getattr(torch, name)(*args)
    assert got.shape == tuple(expected.shape) and got.dtype == TORCH_DTYPES[expected.dtype]
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-6)


def test_tensor_copies_and_keeps_numpy_dtypes() -> None:
    data = np.zeros(3)
    t = ax.tensor(data, requires_grad=True)
    data[0] = 1.0
    assert t.dtype == np.float64 and t.numpy()[0] == 0.0 and t.requires_grad  # as torch.tensor(ndarray)
    assert ax.tensor(t).dtype == np.float64 and ax.tensor([1, 2], dtype="float64").dtype == np.float64
    with pytest.raises(TypeError, match="only float tensors"):
        ax.tensor([1, 2], requires_grad=True)  # int64, refused as torch refuses it


def test_the_default_float_dtype_is_followed() -> None:
    ax.set_default_dtype("float64")
    assert ax.zeros(2).dtype == ax.rand(2).dtype == ax.tensor([1.0]).dtype == ax.linspace(0, 1, 3).dtype == np.float64
    assert ax.arange(3).dtype == np.int64


def test_like_constructors_keep_shape_and_dtype() -> None:
    x = ax.Tensor(np.ones((2, 3), dtype=np.float64))
    assert ax.zeros_like(x).dtype == np.float64 and not ax.zeros_like(x).numpy().any()
    assert ax.ones_like(x, dtype="float32").dtype == np.float32 and ax.ones_like(x).numpy().all()
    assert ax.zeros_like(np.ones(4, dtype=np.int64)).dtype == np.int64
    assert ax.zeros(3, requires_grad=True).requires_grad


def test_random_draws_follow_ax_random_seed_and_rng() -> None:
    for draw in (lambda: ax.rand(2, 3), lambda: ax.randn(4), lambda: ax.randint(0, 10, (5,))):
        ax.random.seed(7)
        first = draw()
        ax.random.seed(7)
        np.testing.assert_array_equal(first.numpy(), draw().numpy())
    np.testing.assert_array_equal(ax.randn(3, rng=1).numpy(), ax.randn(3, rng=1).numpy())
    assert not np.array_equal(ax.randn(3).numpy(), ax.randn(3).numpy())


def test_random_ranges_and_torch_style_randint() -> None:
    u = ax.rand(1000).numpy()
    assert u.dtype == np.float32 and 0 <= u.min() and u.max() < 1
    z = ax.randn(2000, dtype="float64").numpy()
    assert abs(z.mean()) < 0.1 and abs(z.std() - 1) < 0.1
    k = ax.randint(10, (200,))  # torch.randint(high, size)
    assert k.dtype == np.int64 and k.shape == (200,) and 0 <= int(k.min()) and int(k.max()) < 10
    k = ax.randint(2, 5, 300).numpy()
    assert set(np.unique(k)) == {2, 3, 4}


@pytest.mark.parametrize("call", [lambda: ax.zeros(2.5), lambda: ax.ones(-1), lambda: ax.randn((2, "3"))])
def test_bad_sizes_are_refused_with_the_function_named(call) -> None:
    with pytest.raises(TypeError, match=r"(zeros|ones|randn): sizes are ints >= 0"):
        call()
