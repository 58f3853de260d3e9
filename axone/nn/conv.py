r"""Conv2d, MaxPool2d, AvgPool2d on NCHW images: torch's layout around axone's channels-last ops (level 4).

The weight has torch's shape (out, in, kh, kw); the computation is ``ops.conv2d``, the op
``ax.layers.Conv2D`` uses, between a transpose of the input to NHWC and one of the output back.

Example:
    >>> import axone as ax, numpy as np
    >>> conv = ax.nn.Conv2d(3, 8, kernel_size=3, padding=1)
    >>> x = ax.Tensor(np.zeros((2, 3, 8, 8)))
    >>> conv.weight.shape, conv(x).shape, ax.nn.MaxPool2d(2)(conv(x)).shape
    ((8, 3, 3, 3), (2, 8, 8, 8), (2, 8, 4, 4))
"""

from __future__ import annotations

import math
from typing import Any

from axone.nn import functional as F
from axone.nn.linear import uniform
from axone.nn.module import Module, as_input


def _pair(value: Any, name: str) -> tuple[int, int]:
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2 or any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in pair):
        raise ValueError(f"Conv2d: {name} must be a positive int or a pair of them, got {value!r}")
    return pair


class Conv2d(Module):
    r"""$u_{n,k,i,j} = b_k + \sum_{c,p,q} W_{k,c,p,q}\, x_{n,c,s i + d p, s j + d q}$ (cross-correlation), as torch.

    Args:
        in_channels, out_channels, kernel_size: sizes, as torch (``kernel_size`` an int or a pair).
        stride, padding (an int, a pair, "valid" or "same"), dilation: as torch; ``groups=1`` only.
        bias: whether to add $b$. Initialised as torch: $U(\pm 1 / \sqrt{C_{in} k_h k_w})$.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        dilation: Any = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        dtype: Any = None,
    ):
        super().__init__()
        if groups != 1 or padding_mode != "zeros":
            raise ValueError(f"Conv2d: only groups=1 and padding_mode='zeros', got {groups!r}, {padding_mode!r}")
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.stride, self.dilation, self.padding = _pair(stride, "stride"), _pair(dilation, "dilation"), padding
        bound = 1 / math.sqrt(self.in_channels * self.kernel_size[0] * self.kernel_size[1])
        self.weight = uniform(bound, (self.out_channels, self.in_channels, *self.kernel_size), dtype)
        self.bias = uniform(bound, (self.out_channels,), dtype) if bias else None

    def forward(self, x: Any) -> Any:
        x = as_input(x, self.weight.dtype)
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"Conv2d({self.in_channels}, {self.out_channels}): expects NCHW input (N, {self.in_channels}, H, W), "
                f"got shape {x.shape} (axone's ax.layers.Conv2D takes channels-last images instead)"
            )
        return F.conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation)

    def extra_repr(self) -> str:
        return (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}, "
            f"padding={self.padding}"
        )


class _Pool2d(Module):
    function: Any = None
    defaults = {"dilation": 1, "ceil_mode": False}

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0, **options: Any):
        super().__init__()
        name = type(self).__name__
        for key, value in options.items():
            if key not in self.defaults:
                raise TypeError(f"{name}: unknown argument {key!r}; torch's are {', '.join(self.defaults)}")
            if value != self.defaults[key]:
                raise ValueError(f"{name}: only {key}={self.defaults[key]!r} is supported, got {value!r}")
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def forward(self, x: Any) -> Any:
        return type(self).function(x, self.kernel_size, self.stride, self.padding)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride or self.kernel_size}"


class MaxPool2d(_Pool2d):
    """Maximum over each window of NCHW images (``ops.max_pool2d``, transposed around); ``padding=0`` only."""

    function = staticmethod(F.max_pool2d)
    defaults = {"dilation": 1, "ceil_mode": False, "return_indices": False}


class AvgPool2d(_Pool2d):
    """Mean over each window of NCHW images (``ops.avg_pool2d``, transposed around); ``padding=0`` only."""

    function = staticmethod(F.avg_pool2d)
    defaults = {"ceil_mode": False, "count_include_pad": True}  # no padding: counting pads changes nothing
