"""ReLU, Tanh, Sigmoid, Softmax, LogSoftmax, LeakyReLU, ELU, Softplus: modules over axone's activation ops.

Example:
    >>> import axone as ax
    >>> ax.nn.LeakyReLU(0.1)(ax.Tensor([-1.0, 2.0])), ax.nn.Softmax(dim=-1)(ax.Tensor([0.0, 0.0]))
    (Tensor([-0.1,  2. ], dtype=float32), Tensor([0.5, 0.5], dtype=float32))
"""

from __future__ import annotations

from typing import Any

from axone.nn import functional as F
from axone.nn.module import Module


class ReLU(Module):
    r"""$y = \max(0, x)$."""

    def __init__(self, inplace: bool = False):
        super().__init__()  # ``inplace`` is accepted and ignored: the op makes a new array either way

    def forward(self, x: Any) -> Any:
        return F.relu(x)


class Tanh(Module):
    r"""$y = \tanh x$."""

    def forward(self, x: Any) -> Any:
        return F.tanh(x)


class Sigmoid(Module):
    r"""$y = 1 / (1 + e^{-x})$."""

    def forward(self, x: Any) -> Any:
        return F.sigmoid(x)


class Softmax(Module):
    r"""$y_k = e^{x_k} / \sum_j e^{x_j}$ along ``dim``."""

    def __init__(self, dim: int | None = None):
        super().__init__()
        self.dim = dim

    def forward(self, x: Any) -> Any:
        return F.softmax(x, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    r"""$y_k = x_k - \ln \sum_j e^{x_j}$ along ``dim``, stably."""

    def forward(self, x: Any) -> Any:
        return F.log_softmax(x, self.dim)


class LeakyReLU(Module):
    r"""$y = x$ for $x > 0$, $a x$ otherwise (``negative_slope`` $a$ = 0.01)."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False):
        super().__init__()
        self.negative_slope = float(negative_slope)

    def forward(self, x: Any) -> Any:
        return F.leaky_relu(x, self.negative_slope)


class ELU(Module):
    r"""$y = x$ for $x > 0$, $\alpha (e^x - 1)$ otherwise."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__()
        self.alpha = float(alpha)

    def forward(self, x: Any) -> Any:
        return F.elu(x, self.alpha)


class Softplus(Module):
    r"""$y = \frac{1}{\beta} \ln(1 + e^{\beta x})$."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0):
        super().__init__()  # ``threshold``: accepted; axone's softplus is stable without it
        self.beta = float(beta)

    def forward(self, x: Any) -> Any:
        return F.softplus(x, self.beta)
