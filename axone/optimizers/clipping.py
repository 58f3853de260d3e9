r"""Gradient clipping, applied by the optimizer to the raw gradients before its rule.

- ``clipnorm`` $c$ (Keras): each gradient on its own, $g \leftarrow g \, \frac{c}{\max(\|g\|_2, c)}$.
- ``global_clipnorm`` $c$ (Keras; ``torch.nn.utils.clip_grad_norm_``): all gradients together,
  scaled by $\frac{c}{\max(N, c)}$ with $N = \sqrt{\sum_k \|g_k\|_2^2}$. torch divides by
  $N + 10^{-6}$ instead, so its clipped gradients are smaller by a relative $10^{-6} / N$.
- ``clipvalue`` $c$ (Keras; ``torch.nn.utils.clip_grad_value_``): each component into $[-c, c]$.

Functions return new arrays and never modify the gradients they are given.

Example:
    >>> import numpy as np
    >>> from axone.optimizers.clipping import clip_by_global_norm
    >>> clipped, norm = clip_by_global_norm([np.array([3.0]), np.array([4.0])], 1.0)
    >>> [c.round(6).tolist() for c in clipped], norm
    ([[0.6], [0.8]], 5.0)
"""

from __future__ import annotations

import numpy as np


def l2_norm(grad: np.ndarray) -> float:
    """$\\|g\\|_2$ through one BLAS dot product."""
    flat = grad.reshape(-1)
    return float(np.sqrt(np.dot(flat, flat)))


def clip_by_norm(grad: np.ndarray, clipnorm: float) -> np.ndarray:
    """Scale ``grad`` so that its L2 norm is at most ``clipnorm`` (unchanged when already smaller)."""
    norm = l2_norm(grad)
    if norm <= clipnorm:
        return grad
    return grad * (clipnorm / norm)


def clip_by_global_norm(grads: list[np.ndarray], clipnorm: float) -> tuple[list[np.ndarray], float]:
    """Scale every gradient by one factor so that their joint L2 norm is at most ``clipnorm``.

    Returns the clipped gradients and the joint norm before clipping.
    """
    norm = float(np.sqrt(sum(l2_norm(g) ** 2 for g in grads)))
    if norm <= clipnorm:
        return list(grads), norm
    scale = clipnorm / norm
    return [g * scale for g in grads], norm


def clip_by_value(grad: np.ndarray, clipvalue: float) -> np.ndarray:
    """Clamp every component of ``grad`` into ``[-clipvalue, clipvalue]``."""
    return np.clip(grad, -clipvalue, clipvalue)
