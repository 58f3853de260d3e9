"""Pooling against torch (max_pool2d, avg_pool2d without counting pads), finite differences."""

import itertools

import numpy as np
import pytest

import axone as ax

torch = pytest.importorskip("torch")
F = torch.nn.functional


def same_pads(n, k, s):
    total = max((-(-n // s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def reference(kind, x, pool, stride, padding):
    """torch on NCHW; "same" as Keras: explicit asymmetric pads, -inf (max) or not counted (avg)."""
    xt = torch.tensor(x, requires_grad=True)
    nchw = xt.permute(0, 3, 1, 2)
    h, w = x.shape[1:3]
    (top, bottom), (left, right) = (
        ((0, 0), (0, 0)) if padding == "valid" else (same_pads(h, pool[0], stride[0]), same_pads(w, pool[1], stride[1]))
    )
    pads = (left, right, top, bottom)
    if kind == "max":
        out = F.max_pool2d(F.pad(nchw, pads, value=-np.inf), pool, stride)
    else:
        area = pool[0] * pool[1]
        total = F.avg_pool2d(F.pad(nchw, pads), pool, stride) * area
        ones = F.pad(torch.ones((1, 1, h, w), dtype=xt.dtype), pads)
        out = total / (F.avg_pool2d(ones, pool, stride) * area)
    return out.permute(0, 2, 3, 1), xt


GRID = list(
    itertools.product(
        ["max", "avg"],
        [(2, 8, 8, 3), (3, 7, 5, 2)],
        [((2, 2), None), ((3, 3), None), ((2, 2), (1, 1)), ((3, 2), (2, 1)), ((3, 3), (2, 2))],
        ["valid", "same"],
    )
)


@pytest.mark.parametrize("kind,shape,pool_stride,padding", GRID)
def test_pool_matches_torch(kind, shape, pool_stride, padding):
    pool, stride = pool_stride
    rng = np.random.default_rng(4)
    x = rng.standard_normal(shape)
    out_ref, xt = reference(kind, x, pool, stride or pool, padding)
    weights = rng.standard_normal(tuple(out_ref.shape))
    (out_ref * torch.tensor(weights)).sum().backward()
    xa = ax.Variable(x)
    fn = ax.max_pool2d if kind == "max" else ax.avg_pool2d
    out = fn(xa, pool, stride, padding)
    assert out.shape == tuple(out_ref.shape)
    np.testing.assert_allclose(out.numpy(), out_ref.detach().numpy(), rtol=1e-12, atol=1e-12)
    (out * weights).sum().backward()
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("pool,stride", [((2, 2), None), ((3, 3), (1, 1))])
def test_max_pool_ties_go_to_the_first_maximum_like_torch(pool, stride):
    # ReLU outputs are full of ties at 0; integers make ties everywhere
    x = np.random.default_rng(5).integers(0, 3, size=(2, 6, 6, 2)).astype(np.float64)
    out_ref, xt = reference("max", x, pool, stride or pool, "valid")
    out_ref.sum().backward()
    xa = ax.Variable(x)
    ax.max_pool2d(xa, pool, stride).sum().backward()
    np.testing.assert_array_equal(xa.grad.numpy(), xt.grad.numpy())


@pytest.mark.parametrize("fn", [ax.max_pool2d, ax.avg_pool2d])
def test_pool_gradcheck(fn):
    x = ax.Tensor(np.random.default_rng(6).standard_normal((2, 5, 6, 2)))
    assert ax.testing.gradcheck(lambda a: fn(a, (2, 3), (1, 2), "same"), x)


def test_global_avg_pool():
    x = np.random.default_rng(7).standard_normal((3, 4, 5, 6))
    xa = ax.Variable(x)
    out = ax.global_avg_pool2d(xa)
    np.testing.assert_allclose(out.numpy(), x.mean(axis=(1, 2)))
    assert ax.testing.gradcheck(ax.global_avg_pool2d, ax.Tensor(x))


def test_pool_errors():
    with pytest.raises(ValueError, match="padding must be 'valid' or 'same'"):
        ax.max_pool2d(np.ones((1, 4, 4, 1)), 2, padding=1)
    with pytest.raises(ValueError, match="window spans 3 rows"):
        ax.avg_pool2d(np.ones((1, 2, 4, 1)), 3)
    with pytest.raises(ValueError, match=r"\(N, H, W, C\)"):
        ax.global_avg_pool2d(np.ones((4, 4, 1)))
