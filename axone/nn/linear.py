r"""Linear, Flatten, Identity: PyTorch's names, over the op ``ax.layers.Dense`` uses (level 4)."""

from __future__ import annotations

import math
from typing import Any

from axone import random
from axone.core.backend import get_default_dtype
from axone.nn import functional as F
from axone.nn.module import Module, Parameter, as_input


def uniform(bound: float, shape: tuple, dtype: Any = None) -> Parameter:
    """torch's default initialisation: $U(-b, b)$ from the package generator (``ax.random.seed``)."""
    dtype = get_default_dtype() if dtype is None else dtype
    return Parameter(random.get_rng().uniform(-bound, bound, shape).astype(dtype))


class Linear(Module):
    r"""PyTorch's ``nn.Linear``: $y = x W^\top + b$, with ``weight`` of shape (out, in), as torch.

    The parameters are laid out as torch's (so its weights copy in and ``.weight.grad`` is
    there), and the computation is the one op ``ax.layers.Dense`` uses (``ops.dense`` on
    $W^\top$): one implementation, either way in. Initialised as torch: $U(\pm 1/\sqrt{n_{in}})$.

    Example:
        >>> import axone as ax
        >>> fc = ax.nn.Linear(3, 2)
        >>> fc.weight.shape, fc.bias.shape, fc(ax.Tensor([[1.0, 2.0, 3.0]])).shape
        ((2, 3), (2,), (1, 2))
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, dtype: Any = None):
        super().__init__()
        for name, n in (("in_features", in_features), ("out_features", out_features)):
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                raise ValueError(f"Linear: {name} must be a positive integer, got {n!r}")
        self.in_features, self.out_features = in_features, out_features
        bound = 1 / math.sqrt(in_features)
        self.weight = uniform(bound, (out_features, in_features), dtype)
        self.bias = uniform(bound, (out_features,), dtype) if bias else None

    def forward(self, x: Any) -> Any:
        x = as_input(x, self.weight.dtype)
        if x.shape[-1:] != (self.in_features,):
            raise ValueError(
                f"Linear({self.in_features}, {self.out_features}): expects inputs (..., {self.in_features}), "
                f"got shape {x.shape}; check in_features against the previous layer's output"
            )
        return F.linear(x, self.weight, self.bias)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class Flatten(Module):
    """PyTorch's ``nn.Flatten(start_dim=1, end_dim=-1)``: (N, C, H, W) -> (N, C*H*W) by default.

    Example:
        >>> import axone as ax, numpy as np
        >>> ax.nn.Flatten()(ax.Tensor(np.zeros((2, 3, 4, 5)))).shape, ax.nn.Flatten(0, 1)(ax.Tensor(np.zeros((2, 3, 4)))).shape
        ((2, 60), (6, 4))
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1):
        super().__init__()
        self.start_dim, self.end_dim = int(start_dim), int(end_dim)

    def forward(self, x: Any) -> Any:
        return F.flatten(x, self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Identity(Module):
    """Returns its input (a placeholder in a Sequential, as torch's)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__()

    def forward(self, x: Any) -> Any:
        return x
