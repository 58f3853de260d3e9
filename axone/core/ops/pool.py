r"""Pooling over 2-D windows of channels-last images: max, average, global average.

The course shrinks the image as it deepens ("on réduit la surface de l'image à fur à mesure
qu'on augmente sa profondeur"), most often by keeping the maximum of each window.

Own backward because composing it would be too slow (design principle 3c). Both ops loop over
the kh x kw window offsets (4 for a 2 x 2 pool), each step one NumPy call on a strided view of
the whole batch; never over pixels or samples.
"""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.ops.conv import output_size, pair, resolve_padding, window_slices
from axone.core.ops.reduce import mean
from axone.core.tensor import Tensor


def _geometry(x: xp.ndarray, pool: tuple[int, int], stride: tuple[int, int], padding: str, op: str):
    if x.ndim != 4:
        raise ValueError(f"{op} expects images of shape (N, H, W, C), got shape {x.shape}")
    if not (isinstance(padding, str) and padding.lower() in ("valid", "same")):
        raise ValueError(f"{op}: padding must be 'valid' or 'same', got {padding!r}")
    size = x.shape[1:3]
    pads = resolve_padding(padding, size, pool, stride, op)
    out = (
        output_size(size[0], pads[0], pool[0], stride[0], op, "rows"),
        output_size(size[1], pads[1], pool[1], stride[1], op, "columns"),
    )
    return pads, out


def _pad(x: xp.ndarray, pads, value: float) -> xp.ndarray:
    if pads == ((0, 0), (0, 0)):
        return x
    return xp.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=value)


def same_layout(a: xp.ndarray, like: xp.ndarray) -> xp.ndarray:
    """``a`` in the memory order of ``like`` (copied only when they differ).

    Elementwise NumPy on two arrays of different memory orders walks one of them across its
    rows: 8x slower measured (a Flatten hands back a C-ordered gradient to a pool whose input
    is in the (C, H, W, N) order that ``conv2d`` produces).
    """
    if xp.argsort(a.strides, kind="stable").tolist() == xp.argsort(like.strides, kind="stable").tolist():
        return a
    out = xp.empty_like(like, dtype=a.dtype)
    out[...] = a
    return out


def _crop(grad: xp.ndarray, pads, shape) -> xp.ndarray:
    if pads == ((0, 0), (0, 0)):
        return grad
    return grad[:, pads[0][0] : pads[0][0] + shape[1], pads[1][0] : pads[1][0] + shape[2], :]


class MaxPool2D(Op):
    r"""$y = \max_{(p, q) \in \text{window}} x_{s i + p, s j + q}$; the gradient goes to the maximum.

    $\partial y / \partial x = 1$ at the window's maximum and 0 elsewhere. When several values tie,
    the first in row-major window order gets it, as in PyTorch and TensorFlow. "same" padding
    pads with $-\infty$, so a padded cell is never the maximum.

    The forward is one ``xp.maximum`` per window offset on strided views; the backward visits the
    offsets in the same order and gives each window's gradient to the first offset equal to its
    maximum, keeping a mask of the windows not yet served. (Measured alternatives on LeNet's
    first pool: a reshape and a max over two axes, 1.4 ms against 0.16 ms forward; an argmax
    over a transposed copy, 1.6 ms; two separable passes, rows then columns, no faster.)
    """

    @staticmethod
    def forward(ctx, x, pool, stride, padding):
        pads, out = _geometry(x, pool, stride, padding, "max_pool2d")
        padded = _pad(x, pads, -xp.inf)
        views = [window_slices(i, j, out, stride, (1, 1)) for i in range(pool[0]) for j in range(pool[1])]
        y = xp.copy(padded[:, views[0][0], views[0][1], :], order="K")  # keeps x's memory layout
        for rows, columns in views[1:]:
            xp.maximum(y, padded[:, rows, columns, :], out=y)
        ctx.save(padded, y, views)
        ctx.pads, ctx.shape = pads, x.shape
        ctx.disjoint = stride[0] >= pool[0] and stride[1] >= pool[1]
        return y

    @staticmethod
    def backward(ctx, grad_out):
        padded, y, views = ctx.saved
        grad_out = same_layout(grad_out, y)
        grad = xp.zeros_like(padded, dtype=grad_out.dtype)
        free = None  # windows whose maximum is not yet found (None: all of them)
        for k, (rows, columns) in enumerate(views):
            hit = padded[:, rows, columns, :] == y
            if free is None:
                free = ~hit
            else:
                hit &= free
                if k < len(views) - 1:
                    free ^= hit  # hit lies inside free: this clears the windows just served
            if ctx.disjoint:  # each cell in one window at most: write instead of add
                xp.multiply(hit, grad_out, out=grad[:, rows, columns, :])
            else:
                grad[:, rows, columns, :] += hit * grad_out
        return (_crop(grad, ctx.pads, ctx.shape),)


class AvgPool2D(Op):
    r"""$y = \frac{1}{|\text{window}|} \sum_{(p, q) \in \text{window}} x_{s i + p, s j + q}$.

    $\partial y / \partial x = 1 / |\text{window}|$ on every cell of the window. With "same",
    padded cells are left out of the count, as in Keras (PyTorch's ``count_include_pad=False``).
    """

    @staticmethod
    def forward(ctx, x, pool, stride, padding):
        pads, out = _geometry(x, pool, stride, padding, "avg_pool2d")
        padded = _pad(x, pads, 0.0)
        inside = _pad(xp.ones((1,) + x.shape[1:3] + (1,), dtype=x.dtype), pads, 0.0)
        views = [window_slices(i, j, out, stride, (1, 1)) for i in range(pool[0]) for j in range(pool[1])]
        total = xp.zeros_like(padded[:, views[0][0], views[0][1], :])  # in x's memory layout
        count = xp.zeros((1,) + out + (1,), dtype=x.dtype)
        for rows, columns in views:
            total += padded[:, rows, columns, :]
            count += inside[:, rows, columns, :]
        ctx.save(count, views, padded)
        ctx.pads, ctx.shape = pads, x.shape
        return total / count

    @staticmethod
    def backward(ctx, grad_out):
        count, views, padded = ctx.saved
        share = grad_out / count
        grad = xp.zeros_like(padded, dtype=grad_out.dtype)
        for rows, columns in views:
            grad[:, rows, columns, :] += share
        return (_crop(grad, ctx.pads, ctx.shape),)


def max_pool2d(x: Any, pool_size: Any = 2, strides: Any = None, padding: str = "valid") -> Tensor:
    """Maximum over each pool_size window of (N, H, W, C) images (stride defaults to pool_size).

    Example:
        >>> import numpy as np
        >>> import axone as ax
        >>> x = ax.Tensor(np.arange(16.0).reshape(1, 4, 4, 1))
        >>> ax.max_pool2d(x, 2).numpy()[0, :, :, 0]
        array([[ 5.,  7.],
               [13., 15.]])
    """
    pool = pair(pool_size, "max_pool2d pool_size")
    stride = pool if strides is None else pair(strides, "max_pool2d strides")
    return MaxPool2D.apply(x, pool=pool, stride=stride, padding=padding)


def avg_pool2d(x: Any, pool_size: Any = 2, strides: Any = None, padding: str = "valid") -> Tensor:
    """Mean over each pool_size window of (N, H, W, C) images; "same" pads are not counted.

    Example:
        >>> import numpy as np
        >>> import axone as ax
        >>> x = ax.Tensor(np.arange(16.0).reshape(1, 4, 4, 1))
        >>> ax.avg_pool2d(x, 2).numpy()[0, :, :, 0]
        array([[ 2.5,  4.5],
               [10.5, 12.5]])
    """
    pool = pair(pool_size, "avg_pool2d pool_size")
    stride = pool if strides is None else pair(strides, "avg_pool2d strides")
    return AvgPool2D.apply(x, pool=pool, stride=stride, padding=padding)


def global_avg_pool2d(x: Any) -> Tensor:
    r"""Mean of each channel over the whole image: (N, H, W, C) -> (N, C).

    Composed from ``mean`` (no own backward needed: one reduction is already one NumPy call).

    Example:
        >>> import numpy as np
        >>> import axone as ax
        >>> ax.global_avg_pool2d(ax.Tensor(np.arange(8.0).reshape(1, 2, 2, 2))).numpy()
        array([[3., 4.]])
    """
    x = x if isinstance(x, Tensor) else Tensor(x)
    if x.ndim != 4:
        raise ValueError(f"global_avg_pool2d expects images of shape (N, H, W, C), got shape {x.shape}")
    return mean(x, axis=(1, 2))
