r"""Dropout: during training, each input is zeroed with probability ``rate`` (inverted dropout)."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone import random
from axone.core.ops.dropout import dropout
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer


@registry.register
class Dropout(Layer):
    r"""Training: $y = x \odot m / (1 - p)$ with $m_i \sim \mathrm{Bernoulli}(1 - p)$; inference: $y = x$.

    Dividing by $1 - p$ during training (inverted dropout, as Keras and PyTorch) keeps the mean
    of $y$ equal to $x$'s, so nothing changes at inference.

    Args:
        rate: $p$, the probability to drop an input, in $[0, 1)$.
        seed: an int for a layer with its own reproducible stream; None draws from the package
            generator (``ax.random.seed``).

    Example:
        >>> import axone as ax
        >>> layer = ax.layers.Dropout(0.5, seed=0)
        >>> layer(ax.Tensor([[1.0, 1.0, 1.0, 1.0]]), training=True)
        Tensor([[2., 0., 0., 0.]], dtype=float32)
        >>> layer(ax.Tensor([[1.0, 1.0]])).numpy()  # inference: the identity
        array([[1., 1.]], dtype=float32)
    """

    def __init__(self, rate: float, *, seed: int | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float, np.floating)) or not 0 <= rate < 1:
            raise ValueError(f"layer '{self.name}' (Dropout): rate must be in [0, 1), got {rate!r}")
        self.rate = float(rate)
        self.seed = seed
        self._rng = random.get_rng(seed) if seed is not None else None

    def check_input(self, shape: tuple) -> None:
        """Any shape: dropout has no weights tied to a shape."""

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        if not training or self.rate == 0:
            return x
        return dropout(x, self.rate, self._rng)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}

    def formula(self) -> list[str]:
        return [f"y = x * m / (1 - {self.rate:g}), m ~ Bernoulli({1 - self.rate:g}) (training)", "y = x (inference)"]
