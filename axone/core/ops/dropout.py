r"""Inverted dropout as one op: the random mask is drawn inside ``forward``."""

from __future__ import annotations

from typing import Any

from axone import random
from axone.core.backend import xp
from axone.core.op import Op
from axone.core.tensor import Tensor


class Dropout(Op):
    r"""Zero each input with probability $p$ and scale the others: $y = x \odot m / (1 - p)$.

    Math:
        $m_i \sim \mathrm{Bernoulli}(1 - p)$, $y = x \odot m / (1 - p)$, and
        $\frac{\partial y}{\partial x} = m / (1 - p)$.

    Note:
        Its own op, not ``x * mask`` with a mask made outside (design principle 3c): the mask is
        drawn in ``forward``, so a compiled step (``ax.function``) draws a new one at every replay,
        from the same generator in the same order as eager execution.

    Example:
        >>> import axone as ax, numpy as np
        >>> dropout(ax.Tensor([1.0, 1.0, 1.0, 1.0]), 0.5, rng=np.random.default_rng(0))
        Tensor([2., 0., 0., 0.], dtype=float32)
    """

    @staticmethod
    def forward(ctx, x, rate, rng=None):
        rng = random.get_rng() if rng is None else rng  # the package generator at each call
        keep = rng.random(x.shape) >= rate
        mask = keep.astype(x.dtype) * xp.asarray(1 / (1 - rate), dtype=x.dtype)
        ctx.save(mask)
        return x * mask

    @staticmethod
    def backward(ctx, grad_out):
        (mask,) = ctx.saved
        return (grad_out * mask,)


def dropout(x: Any, rate: float, rng: xp.random.Generator | None = None) -> Tensor:
    """:class:`Dropout` of ``x`` with drop probability ``rate`` (``rng``: None for ``ax.random``'s)."""
    return Dropout.apply(x, rate=rate, rng=rng)
