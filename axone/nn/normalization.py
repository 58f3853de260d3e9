r"""Dropout, BatchNorm1d/2d, LayerNorm: PyTorch's names over axone's layers (level 4).

``BatchNorm1d``/``BatchNorm2d`` wrap one ``ax.layers.BatchNormalization`` (the same computation,
its weights exposed under torch's names): torch's ``momentum`` $m$ weighs the *new* statistic, so
the layer gets $1 - m$. On purpose, as axone's layer: the running variance is updated with the
biased batch variance $\sigma^2$ (torch uses $\frac{n}{n-1} \sigma^2$), so after training the two
``running_var`` differ by that factor; outputs and gradients in training mode are the same.

Example:
    >>> import axone as ax, numpy as np
    >>> bn = ax.nn.BatchNorm1d(2)
    >>> y = bn(ax.Tensor([[1.0, 0.0], [3.0, 2.0]]))
    >>> np.round(y.numpy(), 3), bn.running_mean.numpy()
    (array([[-1., -1.],
           [ 1.,  1.]], dtype=float32), array([0.2, 0.1], dtype=float32))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core import ops
from axone.core.tensor import Tensor
from axone.layers.batch_norm import BatchNormalization
from axone.nn import functional as F
from axone.nn.module import Module, as_input


class Dropout(Module):
    """Inverted dropout in training mode (``model.train()``), the identity in ``eval()``: ``F.dropout``."""

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p < 1:
            raise ValueError(f"Dropout: p must be in [0, 1), got {p!r}")
        self.p = float(p)

    def forward(self, x: Any) -> Any:
        return F.dropout(x, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}"


class _BatchNorm(Module):
    """Shared by BatchNorm1d and BatchNorm2d: features on axis 1, moved last around the layer."""

    dims: tuple[int, ...] = ()

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        dtype: Any = None,
    ):
        super().__init__()
        name = type(self).__name__
        if momentum is None or not track_running_stats:
            raise ValueError(f"{name}: momentum=None and track_running_stats=False are not supported")
        if not 0 <= momentum <= 1:
            raise ValueError(f"{name}: momentum must be in [0, 1], got {momentum!r}")
        self.num_features, self.eps, self.momentum, self.affine = int(num_features), float(eps), float(momentum), affine
        self.layer = BatchNormalization(
            momentum=1 - momentum, epsilon=eps, center=affine, scale=affine, name=name.lower(), dtype=dtype
        )
        self.layer.build_for((None, self.num_features))
        if affine:
            self.register_parameter("weight", self.layer.gamma)
            self.register_parameter("bias", self.layer.beta)
        self.register_buffer("running_mean", self.layer.moving_mean)
        self.register_buffer("running_var", self.layer.moving_variance)
        self.register_buffer("num_batches_tracked", Tensor(np.zeros((), np.int64)))

    def forward(self, x: Any) -> Any:
        x = as_input(x, self.layer.dtype)
        if x.ndim not in self.dims or x.shape[1] != self.num_features:
            raise ValueError(
                f"{type(self).__name__}({self.num_features}): expects input of {' or '.join(f'{d}-d' for d in self.dims)} "
                f"shape (N, {self.num_features}, ...), got {x.shape}"
            )
        if self.training:
            self.num_batches_tracked._write(self.num_batches_tracked.data + 1)
        if x.ndim == 2:
            return self.layer(x, training=self.training)
        last = (0,) + tuple(range(2, x.ndim)) + (1,)  # channels last: one row per sample and position
        moved = ops.transpose(x, last)
        y = self.layer(ops.reshape(moved, (-1, self.num_features)), training=self.training)
        return ops.transpose(ops.reshape(y, moved.shape), tuple(int(i) for i in np.argsort(last)))

    def extra_repr(self) -> str:
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}"


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs, per feature C (torch's defaults: eps 1e-5, momentum 0.1)."""

    dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) images, per channel C (torch's defaults: eps 1e-5, momentum 0.1)."""

    dims = (4,)


class LayerNorm(Module):
    r"""$y = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} \gamma + \beta$ over the last axes of each sample.

    Wraps one ``ax.layers.LayerNormalization`` over those axes (its ``gamma`` and ``beta`` are
    ``weight`` and ``bias``); the leading axes are flattened into samples around it.

    Example:
        >>> import axone as ax
        >>> ax.nn.LayerNorm(2, eps=0.0)(ax.Tensor([[1.0, 3.0]]))
        Tensor([[-1.,  1.]], dtype=float32, requires_grad=True)
    """

    def __init__(self, normalized_shape: Any, eps: float = 1e-5, elementwise_affine: bool = True, dtype: Any = None):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.normalized_shape, self.eps, self.elementwise_affine = shape, float(eps), bool(elementwise_affine)
        self.layer = F.layer_norm_layer(shape, eps, elementwise_affine, "layernorm", dtype)
        if elementwise_affine:
            self.register_parameter("weight", self.layer.gamma)
            self.register_parameter("bias", self.layer.beta)

    def forward(self, x: Any) -> Any:
        return F.apply_layer_norm(self.layer, as_input(x, self.layer.dtype), self.normalized_shape)

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
