"""conv2d against torch.nn.functional.conv2d (layouts permuted, float64), finite differences, scipy."""

import itertools

import numpy as np
import pytest

import axone as ax
from axone.core.ops.conv import COURSE_KERNELS

torch = pytest.importorskip("torch")
F = torch.nn.functional


def torch_padding(padding, h, w, kh, kw, stride, dilation):
    """The explicit ((top, bottom), (left, right)) zeros that torch needs for our spec."""
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        pads = []
        for n, k, s, d in zip((h, w), (kh, kw), stride, dilation):
            total = max((-(-n // s) - 1) * s + d * (k - 1) + 1 - n, 0)
            pads.append((total // 2, total - total // 2))
        return tuple(pads)
    if isinstance(padding, int):
        return (padding, padding), (padding, padding)
    return padding


def reference(x, kernel, bias, stride, padding, dilation):
    """torch's conv2d on NCHW after explicit (possibly asymmetric) zero padding."""
    n, h, w, c = x.shape
    kh, kw = kernel.shape[:2]
    (top, bottom), (left, right) = torch_padding(padding, h, w, kh, kw, stride, dilation)
    xt = torch.tensor(x, requires_grad=True)
    kt = torch.tensor(kernel, requires_grad=True)
    bt = None if bias is None else torch.tensor(bias, requires_grad=True)
    padded = F.pad(xt.permute(0, 3, 1, 2), (left, right, top, bottom))
    out = F.conv2d(padded, kt.permute(3, 2, 0, 1).contiguous(), bt, stride=stride, dilation=dilation).permute(
        0, 2, 3, 1
    )
    return out, (xt, kt, bt)


# one row per geometry: (N, H, W, C_in, C_out, kernel, stride, padding, dilation)
GRID = [
    (n, h, w, c, f, k, s, p, d)
    for (n, h, w), (c, f), k, s, p, d in itertools.product(
        [(2, 7, 6)],
        [(1, 2), (3, 4)],
        [(1, 1), (3, 3), (2, 3)],
        [(1, 1), (2, 2), (2, 1)],
        ["valid", "same", 1, ((0, 2), (1, 0))],
        [(1, 1), (2, 1)],
    )
] + [
    (1, 5, 5, 2, 3, (5, 5), (1, 1), "same", (1, 1)),
    (3, 9, 9, 1, 6, (5, 5), (1, 1), 2, (1, 1)),  # LeNet's first layer, smaller
    (4, 8, 8, 6, 5, (3, 3), (3, 3), "same", (2, 2)),
    (2, 6, 6, 2, 2, (3, 3), (1, 1), "valid", (2, 2)),
    (5, 4, 4, 3, 1, (4, 4), (1, 1), "valid", (1, 1)),  # the window covers the whole image
]


@pytest.mark.parametrize("n,h,w,c,f,k,s,p,d", GRID)
def test_conv2d_matches_torch(n, h, w, c, f, k, s, p, d):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((n, h, w, c))
    kernel = rng.standard_normal(k + (c, f))
    bias = rng.standard_normal(f)
    weights = None
    out_ref, (xt, kt, bt) = reference(x, kernel, bias, s, p, d)
    weights = rng.standard_normal(tuple(out_ref.shape))
    (out_ref * torch.tensor(weights)).sum().backward()

    xa, ka, ba = ax.Variable(x), ax.Variable(kernel), ax.Variable(bias)
    out = ax.conv2d(xa, ka, ba, stride=s, padding=p, dilation=d)
    assert out.shape == tuple(out_ref.shape)
    np.testing.assert_allclose(out.numpy(), out_ref.detach().numpy(), rtol=1e-10, atol=1e-10)
    (out * weights).sum().backward()
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ka.grad.numpy(), kt.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ba.grad.numpy(), bt.grad.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize(
    "s,p,d", [((1, 1), "valid", (1, 1)), ((2, 1), "same", (1, 2)), ((1, 2), ((1, 0), (2, 1)), (1, 1))]
)
def test_conv2d_gradcheck(s, p, d):
    rng = np.random.default_rng(2)
    x = ax.Tensor(rng.standard_normal((2, 5, 6, 2)))
    kernel = ax.Tensor(rng.standard_normal((2, 3, 2, 3)))
    bias = ax.Tensor(rng.standard_normal(3))
    assert ax.testing.gradcheck(lambda a, b, c: ax.conv2d(a, b, c, stride=s, padding=p, dilation=d), x, kernel, bias)


def test_input_gradient_skipped_when_not_needed():
    x = ax.Tensor(np.ones((2, 5, 5, 1)))  # data: no requires_grad
    kernel = ax.Variable(np.ones((3, 3, 1, 2)))
    out = ax.conv2d(x, kernel)
    grads = out._ctx.backward(out._ctx, np.ones(out.shape))
    assert grads[0] is None and grads[1].shape == (3, 3, 1, 2)


def test_float32_stays_float32():
    x = ax.Tensor(np.ones((2, 6, 6, 3), dtype=np.float32), requires_grad=True)
    kernel = ax.Variable(np.ones((3, 3, 3, 4), dtype=np.float32))
    out = ax.conv2d(x, kernel, padding="same")
    out.sum().backward()
    assert out.dtype == np.float32 and x.grad.dtype == np.float32 and kernel.grad.dtype == np.float32
    # (N, H, W, C) values in (C, H, W, N) memory, so that relu and pooling run over long rows
    assert out.data.transpose(3, 1, 2, 0).flags["C_CONTIGUOUS"]


@pytest.mark.parametrize("name", sorted(COURSE_KERNELS))
def test_course_kernels_equal_scipy_correlate2d(name):
    signal = pytest.importorskip("scipy.signal")
    image = np.random.default_rng(3).random((12, 10))
    kernel = COURSE_KERNELS[name]
    out = ax.conv2d(image[None, :, :, None], kernel[:, :, None, None]).numpy()[0, :, :, 0]
    np.testing.assert_allclose(out, signal.correlate2d(image, kernel, mode="valid"), rtol=1e-12, atol=1e-12)
    same = ax.conv2d(image[None, :, :, None], kernel[:, :, None, None], padding="same").numpy()[0, :, :, 0]
    np.testing.assert_allclose(same, signal.correlate2d(image, kernel, mode="same"), rtol=1e-12, atol=1e-12)


def test_course_kernel_values():
    blur = COURSE_KERNELS["gaussian_blur"]
    assert blur.sum() == 1.0 and blur[1, 1] == 4 / 16
    assert COURSE_KERNELS["edge_detection"].sum() == 0 and COURSE_KERNELS["sharpen"].sum() == 1
    # a constant image: edges vanish, blur and sharpen keep it
    flat = np.full((1, 5, 5, 1), 7.0)
    for name, expected in [("edge_detection", 0.0), ("gaussian_blur", 7.0), ("sharpen", 7.0), ("identity", 7.0)]:
        k = COURSE_KERNELS[name]
        np.testing.assert_allclose(ax.conv2d(flat, k[:, :, None, None]).numpy(), expected)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="3 input channels, but x"):
        ax.conv2d(np.ones((1, 5, 5, 2)), np.ones((3, 3, 3, 1)))
    with pytest.raises(ValueError, match="window spans 5 rows"):
        ax.conv2d(np.ones((1, 4, 9, 1)), np.ones((5, 5, 1, 1)))
    with pytest.raises(ValueError, match="padding must be"):
        ax.conv2d(np.ones((1, 4, 4, 1)), np.ones((3, 3, 1, 1)), padding="full")
    with pytest.raises(ValueError, match="stride must be a positive int"):
        ax.conv2d(np.ones((1, 4, 4, 1)), np.ones((3, 3, 1, 1)), stride=0)
    with pytest.raises(ValueError, match=r"\(N, H, W, C\)"):
        ax.conv2d(np.ones((4, 4, 1)), np.ones((3, 3, 1, 1)))
