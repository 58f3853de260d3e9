r"""Loss primitives with their own backward, because composing them is unstable (principle 3b)."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.op import Op
from axone.core.ops.activation import stable_sigmoid
from axone.core.tensor import Tensor


class BinaryCrossEntropyWithLogits(Op):
    r"""Elementwise $E = -t \ln \sigma(z) - (1 - t) \ln(1 - \sigma(z))$ from the logit $z$.

    Computed as $\max(z, 0) - z t + \ln(1 + e^{-|z|})$, which never overflows;
    $\partial E / \partial z = \sigma(z) - t$ and $\partial E / \partial t = -z$.
    """

    @staticmethod
    def forward(ctx, z, t):
        ctx.save(z, t)
        return np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))

    @staticmethod
    def backward(ctx, grad_out):
        z, t = ctx.saved
        grad_t = -grad_out * z if ctx.parents[1].requires_grad else None
        return grad_out * (stable_sigmoid(z) - t), grad_t


def binary_crossentropy_with_logits(z: Any, t: Any) -> Tensor:
    """Elementwise binary cross-entropy of targets ``t`` given logits ``z`` (stable)."""
    return BinaryCrossEntropyWithLogits.apply(z, t)
