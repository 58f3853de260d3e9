r"""``ax.nn.functional``: PyTorch's ``torch.nn.functional`` names over axone's ops (level 4).

Each function is a face: it calls the op that axone's own layers use (``dense`` for ``linear``,
``conv2d`` and the pools on channels-last images, transposed around them for torch's NCHW,
``log_softmax``, ``softmax_cross_entropy``...), with torch's argument names and defaults.
The losses (``mse_loss``, ``cross_entropy``...) are in ``axone.nn.loss_functions`` and exported
here too.

Example:
    >>> import axone as ax
    >>> F = ax.nn.functional
    >>> x = ax.Tensor([[1.0, -2.0]])
    >>> F.relu(x), F.linear(x, ax.Tensor([[1.0, 1.0]]), ax.Tensor([0.5]))
    (Tensor([[1., 0.]], dtype=float32), Tensor([[-0.5]], dtype=float32))
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from axone.core import ops
from axone.core.tensor import Tensor
from axone.layers.dropout import Dropout as _DropoutLayer
from axone.layers.layer_normalization import LayerNormalization as _LayerNormalization
from axone.nn.loss_functions import (  # noqa: F401 - exported under torch's names
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    l1_loss,
    mse_loss,
    nll_loss,
)

relu = ops.relu
sigmoid = ops.sigmoid
tanh = ops.tanh
elu = ops.elu


def _tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def leaky_relu(input: Any, negative_slope: float = 0.01) -> Tensor:
    """$y = x$ for $x > 0$, $y = a x$ otherwise (torch's default slope 0.01, as axone's)."""
    return ops.leaky_relu(input, negative_slope)


def softplus(input: Any, beta: float = 1.0) -> Tensor:
    r"""$y = \frac{1}{\beta} \ln(1 + e^{\beta x})$ (torch's ``threshold`` is not needed: axone's
    softplus is computed stably for every $x$)."""
    if beta == 1:
        return ops.softplus(input)
    return ops.softplus(_tensor(input) * beta) * (1.0 / beta)


def _legacy_dim(ndim: int) -> int:
    # torch's rule when dim is None (with a warning there): 0 for 0-, 1- and 3-d inputs, else 1
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Any, dim: int | None = None) -> Tensor:
    """Softmax along ``dim`` (None: torch's legacy choice, 0 for 1-d and 3-d inputs, else 1)."""
    input = _tensor(input)
    return ops.softmax(input, axis=_legacy_dim(input.ndim) if dim is None else dim)


def log_softmax(input: Any, dim: int | None = None) -> Tensor:
    """$\\ln \\mathrm{softmax}$ along ``dim``, computed stably (``ops.log_softmax``)."""
    input = _tensor(input)
    return ops.log_softmax(input, axis=_legacy_dim(input.ndim) if dim is None else dim)


def linear(input: Any, weight: Any, bias: Any = None) -> Tensor:
    r"""$y = x W^\top + b$ with ``weight`` of shape (out, in): the op ``ax.layers.Dense`` uses, on $W^\top$."""
    return ops.dense(input, ops.transpose(_tensor(weight)), bias)


def dropout(input: Any, p: float = 0.5, training: bool = True) -> Tensor:
    """Inverted dropout (``ax.layers.Dropout``'s computation): zero with probability ``p``, scale by 1/(1-p)."""
    input = _tensor(input)
    if not training or p == 0:
        return input
    layer = _DropoutLayer(p, name="nn.functional.dropout", dtype=input.dtype)  # named: no automatic name used up
    return layer(input, training=True)


def flatten(input: Any, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge the axes ``start_dim`` to ``end_dim`` (inclusive) into one, as ``torch.flatten``."""
    input = _tensor(input)
    shape = input.shape
    if not shape:
        return ops.reshape(input, (1,))
    start, end = start_dim % len(shape), end_dim % len(shape)
    if start > end:
        raise ValueError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim} for shape {shape}")
    return ops.reshape(input, shape[:start] + (math.prod(shape[start : end + 1]),) + shape[end + 1 :])


def _pads(padding: Any, where: str) -> Any:
    """torch's conv padding (an int, a pair, "valid" or "same") in ``ops.conv2d``'s spelling."""
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise ValueError(f"{where}: padding must be an int, a pair, 'valid' or 'same', got {padding!r}")
        return padding
    rows, cols = (padding, padding) if isinstance(padding, int) else tuple(padding)
    return ((rows, rows), (cols, cols))


def conv2d(
    input: Any, weight: Any, bias: Any = None, stride: Any = 1, padding: Any = 0, dilation: Any = 1, groups: int = 1
) -> Tensor:
    r"""Convolution of NCHW images with a weight (out, in, kh, kw): ``ops.conv2d`` (channels-last,
    the one ``ax.layers.Conv2D`` uses) between two transposes, $x^{NHWC}$ and $W^{(kh, kw, in, out)}$."""
    if groups != 1:
        raise ValueError(f"conv2d: groups={groups} is not supported (only groups=1); split the channels by hand")
    input = _tensor(input)
    if input.ndim != 4:
        raise ValueError(f"conv2d: expects input of shape (N, C, H, W), got {input.shape}")
    kernel = ops.transpose(_tensor(weight), (2, 3, 1, 0))
    x = ops.transpose(input, (0, 2, 3, 1))
    y = ops.conv2d(x, kernel, bias, stride=stride, padding=_pads(padding, "conv2d"), dilation=dilation)
    return ops.transpose(y, (0, 3, 1, 2))


def _pool(op: Any, name: str, input: Any, kernel_size: Any, stride: Any, padding: Any) -> Tensor:
    if padding not in (0, (0, 0)):
        raise ValueError(f"{name}: only padding=0 is supported, got {padding!r}; pad the input with ax.pad first")
    input = _tensor(input)
    if input.ndim != 4:
        raise ValueError(f"{name}: expects input of shape (N, C, H, W), got {input.shape}")
    y = op(ops.transpose(input, (0, 2, 3, 1)), kernel_size, stride if stride else None)
    return ops.transpose(y, (0, 3, 1, 2))


def max_pool2d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0) -> Tensor:
    """Maximum over each window of NCHW images (``ops.max_pool2d`` on NHWC); stride defaults to the window."""
    return _pool(ops.max_pool2d, "max_pool2d", input, kernel_size, stride, padding)


def avg_pool2d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0) -> Tensor:
    """Mean over each window of NCHW images (``ops.avg_pool2d`` on NHWC); stride defaults to the window."""
    return _pool(ops.avg_pool2d, "avg_pool2d", input, kernel_size, stride, padding)


def one_hot(input: Any, num_classes: int = -1) -> Tensor:
    """Class indices (any shape) as int64 one-hot rows along a new last axis (``num_classes=-1``: max + 1)."""
    index = np.asarray(input.data if isinstance(input, Tensor) else input)
    if index.dtype.kind not in "iu":
        raise TypeError(f"one_hot: class indices must be integers, got dtype {index.dtype}")
    classes = int(index.max()) + 1 if num_classes == -1 and index.size else num_classes
    if index.size and (index.min() < 0 or index.max() >= classes):
        raise ValueError(
            f"one_hot: class indices must lie in [0, {classes}), got values from {index.min()} to {index.max()}"
        )
    return ops.one_hot(Tensor(index), classes, np.int64)  # an op: a compiled step follows the indices


def embedding(input: Any, weight: Any, padding_idx: int | None = None) -> Tensor:
    r"""Rows of ``weight`` picked by integer indices: $y_{\dots} = W_{i_{\dots}}$, a gather whose
    backward adds repeated rows (``getitem``); the ``padding_idx`` row gets no gradient."""
    index = np.asarray(input.data if isinstance(input, Tensor) else input)
    weight = _tensor(weight)
    if index.dtype.kind not in "iu":
        raise TypeError(f"embedding: indices must be integers, got dtype {index.dtype}")
    if index.size and (index.min() < 0 or index.max() >= weight.shape[0]):
        raise IndexError(
            f"embedding: indices must lie in [0, {weight.shape[0]}), got values from {index.min()} to {index.max()}"
        )
    rows = ops.getitem(weight, index)
    if padding_idx is None:
        return rows
    keep = ops.cast(ops.expand_dims(Tensor(index) != padding_idx % weight.shape[0], -1), weight.dtype)
    return rows * keep  # the mask by ops, not NumPy: a compiled step follows each batch's indices


def layer_norm_layer(shape: tuple, eps: float, affine: bool, name: str, dtype: Any) -> _LayerNormalization:
    """An ``ax.layers.LayerNormalization`` over samples of ``shape``, built at once (weights of ``shape``)."""
    layer = _LayerNormalization(
        axis=list(range(-len(shape), 0)), epsilon=eps, center=affine, scale=affine, name=name, dtype=dtype
    )
    layer.build_for((None, *shape))
    return layer


def apply_layer_norm(layer: _LayerNormalization, x: Tensor, shape: tuple) -> Tensor:
    """``layer`` on ``x`` (..., *shape): the leading axes flattened into one axis of samples, then restored."""
    if tuple(x.shape[-len(shape) :]) != shape or x.ndim < len(shape):
        raise ValueError(f"layer_norm: the input's shape {x.shape} does not end with normalized_shape {shape}")
    return ops.reshape(layer(ops.reshape(x, (-1, *shape))), x.shape)


def layer_norm(input: Any, normalized_shape: Any, weight: Any = None, bias: Any = None, eps: float = 1e-5) -> Tensor:
    r"""$y = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} \gamma + \beta$, with $\mu$, $\sigma^2$ (biased)
    over the last ``len(normalized_shape)`` axes of each sample: ``ax.layers.LayerNormalization``'s
    computation (without its own weights), then ``weight`` and ``bias``."""
    input = _tensor(input)
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    layer = layer_norm_layer(shape, eps, False, "nn.functional.layer_norm", input.dtype)  # named: no name used up
    y = apply_layer_norm(layer, input, shape)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
