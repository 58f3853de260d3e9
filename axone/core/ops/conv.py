r"""2-D convolution (a cross-correlation, as in every deep-learning library), channels-last.

The course writes the discrete 2-D "convolution" of an image $f$ by a kernel $\omega$ of
support $[-a, a] \times [-b, b]$ as

$(f * \omega)(x, y) = \sum_{dx=-a}^{a} \sum_{dy=-b}^{b} \omega(a + dx, b + dy) \, f(x + dx, y + dy)$

The kernel is *not* flipped: this is a cross-correlation (``scipy.signal.correlate2d``), which is
what Keras, TensorFlow and PyTorch call a convolution. With channels, a stride $s$ and a
dilation $d$, output channel $k$ at $(i, j)$ is

$u_{n,i,j,k} = b_k + \sum_{p,q,c} w_{p,q,c,k} \, x_{n, s i + d p, s j + d q, c}$

Own backward because composing it from slices and products would be far too slow (design
principle 3c). The three products (forward, kernel gradient, input gradient) are each one BLAS
matrix product on an "im2col" matrix that holds every input window as a column.

Memory layout: the op moves the image to (C, H, W, N) memory, so that every copy of a window
slice (im2col) and every add of one back (col2im) runs over contiguous rows of W x N numbers;
with (N, H, W, C) the rows would be only C long (1 to 6 in LeNet) and these copies several times
slower. Its result is *returned in that memory order too*: a (N, H, W, C_out) array (the shape,
indexing and values are channels-last) whose strides put N last, as PyTorch's ``channels_last``
keeps NCHW shapes over NHWC memory. NumPy's elementwise ops keep their input's memory order, so
the ReLU and pooling that follow run over long rows as well, and the next convolution reads its
input without a transposing copy. ``xp.ascontiguousarray(y)`` gives a C-ordered copy if needed.
Measured on LeNet-5 (batch 64, one thread): 6.1 ms per training step with C-ordered (N, H, W, C)
results, 4.1 ms with this layout.
"""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.tensor import Tensor

#: The course's example kernels (3x3 except the identity), for ``conv2d`` on one-channel images.
COURSE_KERNELS: dict[str, xp.ndarray] = {
    "identity": xp.array([[1.0]]),
    "edge_detection": xp.array([[-1.0, -1.0, -1.0], [-1.0, 8.0, -1.0], [-1.0, -1.0, -1.0]]),
    "sharpen": xp.array([[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]]),
    "gaussian_blur": xp.array([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]) / 16,
}


def pair(value: Any, name: str) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``(2, 1)`` stays; anything else is an error naming ``name``."""
    if isinstance(value, (int, xp.integer)):
        value = (int(value), int(value))
    value = tuple(value)
    if len(value) != 2 or not all(isinstance(v, (int, xp.integer)) and v >= 1 for v in value):
        raise ValueError(f"{name} must be a positive int or a pair of them, got {value!r}")
    return int(value[0]), int(value[1])


def resolve_padding(
    padding: Any, size: tuple[int, int], window: tuple[int, int], stride: tuple[int, int], op: str
) -> tuple[tuple[int, int], tuple[int, int]]:
    r"""``((top, bottom), (left, right))`` for a padding spec, on an input of ``size`` (H, W).

    ``window`` is the extent of the dilated kernel, $d (k - 1) + 1$. "same" follows
    TensorFlow/Keras: the output has $\lceil H / s \rceil$ rows, and when the padding needed is
    odd the extra row goes to the bottom (the extra column to the right).
    """
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "valid":
            return (0, 0), (0, 0)
        if mode == "same":
            pads = []
            for n, k, s in zip(size, window, stride):
                total = max((-(-n // s) - 1) * s + k - n, 0)
                pads.append((total // 2, total - total // 2))
            return pads[0], pads[1]
        raise ValueError(
            f"{op}: padding must be 'valid', 'same', an int or ((top, bottom), (left, right)), got {padding!r}"
        )
    spec = (padding, padding) if isinstance(padding, (int, xp.integer)) else padding
    try:
        rows, cols = (((p, p) if isinstance(p, (int, xp.integer)) else tuple(p)) for p in spec)
        widths = rows + cols
    except (TypeError, ValueError):
        widths = ()
    if len(widths) != 4 or not all(isinstance(p, (int, xp.integer)) and p >= 0 for p in widths):
        raise ValueError(
            f"{op}: padding must be 'valid', 'same', an int >= 0 or ((top, bottom), (left, right)) "
            f"of ints >= 0, got {padding!r}"
        )
    return (int(rows[0]), int(rows[1])), (int(cols[0]), int(cols[1]))


def output_size(n: int, pads: tuple[int, int], window: int, stride: int, op: str, axis: str) -> int:
    """Number of window positions along one axis; a clear error when the window does not fit."""
    padded = n + pads[0] + pads[1]
    if padded < window:
        raise ValueError(
            f"{op}: the window spans {window} {axis} but the (padded) input has only {padded}; "
            "use padding='same', a smaller kernel, or a larger image"
        )
    return (padded - window) // stride + 1


def window_slices(
    i: int, j: int, out: tuple[int, int], stride: tuple[int, int], dilation: tuple[int, int]
) -> tuple[slice, slice]:
    """Row and column slices of the padded input seen by kernel offset (i, j) at every output pixel."""
    top, left = i * dilation[0], j * dilation[1]
    return (
        slice(top, top + stride[0] * (out[0] - 1) + 1, stride[0]),
        slice(left, left + stride[1] * (out[1] - 1) + 1, stride[1]),
    )


def im2col(xt: xp.ndarray, kernel_shape: tuple, out: tuple, stride: tuple, dilation: tuple) -> xp.ndarray:
    """The (kh kw C_in, pixels) matrix of every window of the padded (C, H, W, N) image ``xt``:
    row $(p, q, c)$ holds $x_{s i + d p, s j + d q, c}$ for every output pixel $(n, i, j)$."""
    kh, kw, c, _ = kernel_shape
    cols = xp.empty((kh, kw, c, out[0], out[1], xt.shape[-1]), dtype=xt.dtype)
    for i in range(kh):
        for j in range(kw):
            rows, columns = window_slices(i, j, out, stride, dilation)
            cols[i, j] = xt[:, rows, columns, :]
    return cols.reshape(kh * kw * c, -1)


class Conv2D(Op):
    r"""$u = b + \sum_{p,q,c} w_{p,q,c,k} x_{s i + d p, s j + d q, c}$ (see the module docstring).

    With $X$ the im2col matrix (one column per output pixel, one row per kernel weight $p, q, c$)
    and $W$ the kernel as a (kh kw C_in, C_out) matrix: $U^\top = W^\top X$, so
    $\partial L / \partial W = X G^\top$, $\partial L / \partial b = \sum G$, and
    $\partial L / \partial X = W G$, whose columns are added back at their windows (col2im).
    """

    @staticmethod
    def forward(ctx, x, kernel, *bias, stride, padding, dilation):
        if x.ndim != 4 or kernel.ndim != 4:
            raise ValueError(
                f"conv2d expects x of shape (N, H, W, C) and kernel (kh, kw, C_in, C_out), "
                f"got x {x.shape} and kernel {kernel.shape}"
            )
        n, h, w, c = x.shape
        kh, kw, c_in, filters = kernel.shape
        if c != c_in:
            raise ValueError(
                f"conv2d: the kernel {kernel.shape} expects {c_in} input channels, "
                f"but x {x.shape} has {c}; check the last axis of x (channels-last)"
            )
        if bias and bias[0].shape != (filters,):
            raise ValueError(f"conv2d: bias must have shape ({filters},) (one per output channel), got {bias[0].shape}")
        window = (dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1)
        pads = resolve_padding(padding, (h, w), window, stride, "conv2d")
        out = (
            output_size(h, pads[0], window[0], stride[0], "conv2d", "rows"),
            output_size(w, pads[1], window[1], stride[1], "conv2d", "columns"),
        )
        dtype = xp.result_type(x, kernel)
        xt = xp.zeros((c, h + sum(pads[0]), w + sum(pads[1]), n), dtype=dtype)
        xt[:, pads[0][0] : pads[0][0] + h, pads[1][0] : pads[1][0] + w, :] = x.transpose(3, 1, 2, 0)
        matrix = kernel.reshape(-1, filters)
        u_t = matrix.T @ im2col(xt, kernel.shape, out, stride, dilation)
        if bias:  # added to (C_out, pixels) rows: on (N, H, W, C_out) it is 2x slower
            u_t += bias[0].reshape(-1, 1)
        # returned as a (N, H, W, C) view of (C, H, W, N) memory, not copied: see "Memory layout" above
        u = u_t.reshape(filters, out[0], out[1], n).transpose(3, 1, 2, 0)
        # the padded image, not its im2col matrix (kh kw times larger: 25x for 5x5), is kept for
        # the backward, which makes the matrix again: LeNet-5 trains in half the memory
        ctx.save(xt, matrix)
        ctx.geometry = (x.shape, kernel.shape, pads, out, stride, dilation)
        return u

    @staticmethod
    def backward(ctx, grad_out):
        xt, matrix = ctx.saved
        x_shape, kernel_shape, pads, out, stride, dilation = ctx.geometry
        kh, kw, c, filters = kernel_shape
        g = xp.ascontiguousarray(grad_out.transpose(3, 1, 2, 0)).reshape(filters, -1)
        grad_kernel = None
        if ctx.parents[1].requires_grad:
            grad_kernel = (im2col(xt, kernel_shape, out, stride, dilation) @ g.T).reshape(kernel_shape)
        grads = [None, grad_kernel]
        if len(ctx.parents) == 3:
            # summed on the (C_out, pixels) copy: over NHWC's short rows of C_out it is 20x slower
            grads.append(g.sum(axis=1) if ctx.parents[2].requires_grad else None)
        if ctx.parents[0].requires_grad:
            windows = (matrix @ g).reshape(kh, kw, c, out[0], out[1], -1)
            gxt = xp.zeros(xt.shape, dtype=windows.dtype)
            for i in range(kh):
                for j in range(kw):
                    rows, columns = window_slices(i, j, out, stride, dilation)
                    gxt[:, rows, columns, :] += windows[i, j]
            n, h, w, _ = x_shape
            top, left = pads[0][0], pads[1][0]
            grads[0] = gxt[:, top : top + h, left : left + w, :].transpose(3, 1, 2, 0)
        return tuple(grads)


def conv2d(x: Any, kernel: Any, bias: Any = None, stride: Any = 1, padding: Any = "valid", dilation: Any = 1) -> Tensor:
    r"""2-D cross-correlation of channels-last images with a kernel (what Keras calls Conv2D).

    Args:
        x: images, shape (N, H, W, C_in).
        kernel: shape (kh, kw, C_in, C_out), as in Keras (PyTorch's weight is its
            ``permute(3, 2, 0, 1)``).
        bias: optional, shape (C_out,).
        stride: an int or (rows, columns).
        padding: "valid" (none), "same" (TensorFlow's rule: output $\lceil H / s \rceil$, extra
            padding at the bottom/right), an int, or ((top, bottom), (left, right)) in zeros.
        dilation: an int or (rows, columns): spacing between kernel taps.

    Returns:
        shape (N, H_out, W_out, C_out) with $H_{out} = \lfloor (H + p_t + p_b - d (k_h - 1) - 1) / s \rfloor + 1$.

    Example:
        >>> import numpy as np
        >>> import axone as ax
        >>> image = ax.Tensor(np.arange(16.0).reshape(1, 4, 4, 1))
        >>> blur = ax.Tensor(ax.core.ops.conv.COURSE_KERNELS["gaussian_blur"].reshape(3, 3, 1, 1))
        >>> ax.conv2d(image, blur).numpy()[0, :, :, 0]
        array([[ 5.,  6.],
               [ 9., 10.]])
    """
    stride, dilation = pair(stride, "conv2d stride"), pair(dilation, "conv2d dilation")
    inputs = (x, kernel) if bias is None else (x, kernel, bias)
    return Conv2D.apply(*inputs, stride=stride, padding=padding, dilation=dilation)
