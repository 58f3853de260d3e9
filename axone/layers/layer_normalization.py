r"""LayerNormalization: each sample normalised over its features (Keras's ``LayerNormalization``, torch's ``nn.LayerNorm``).

Math (for one sample, over the ``axis`` features $x_1 \dots x_K$):
    $\mu = \frac{1}{K} \sum_k x_k$, $\sigma^2 = \frac{1}{K} \sum_k (x_k - \mu)^2$,
    $\hat x_k = \frac{x_k - \mu}{\sqrt{\sigma^2 + \epsilon}}$, $y_k = \gamma_k \hat x_k + \beta_k$.
    Unlike BatchNormalization the statistics are the sample's own: no moving averages, the same
    computation in training and inference. Composed of ``mean``, ``sqrt`` and arithmetic, so its
    gradient is the engine's (design principle 3: no derivative of its own).
    Parameters: $2K$ ($\gamma$ and $\beta$).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone import initializers
from axone.core.ops import mean, sqrt
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer


@registry.register
class LayerNormalization(Layer):
    r"""$y = \gamma \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta$, statistics over each sample's ``axis``.

    Args:
        axis: the feature axis or axes normalised together (the last by default), never the batch.
        epsilon: $\epsilon$ (Keras's default 1e-3; torch's ``LayerNorm`` uses 1e-5).
        center, scale: whether to learn $\beta$ and $\gamma$.
        beta_initializer, gamma_initializer: their initialisers (zeros and ones).

    Example:
        >>> import axone as ax
        >>> y = ax.layers.LayerNormalization(epsilon=0.0)([[1.0, 2.0, 3.0]])
        >>> [round(v, 4) for v in y.numpy()[0].tolist()]
        [-1.2247, 0.0, 1.2247]
    """

    def __init__(
        self,
        *,
        axis: Any = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        if not axes or any(isinstance(a, bool) or not isinstance(a, (int, np.integer)) for a in axes):
            raise ValueError(
                f"layer '{self.name}' (LayerNormalization): axis must be an integer or a list of them, got {axis!r}"
            )
        if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) or not epsilon >= 0:
            raise ValueError(
                f"layer '{self.name}' (LayerNormalization): epsilon must be a number >= 0, got {epsilon!r}"
            )
        self.axis = [int(a) for a in axes] if isinstance(axis, (list, tuple)) else int(axis)
        self.epsilon, self.center, self.scale = float(epsilon), bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.gamma = self.beta = None

    def build(self, input_shape: tuple) -> None:
        ndim = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        if any(not -ndim <= a < ndim for a in axes) or any(a % ndim == 0 for a in axes):
            raise ValueError(
                f"layer '{self.name}' (LayerNormalization): axis {self.axis} must name feature axes (not the batch) "
                f"of inputs of shape {tuple(input_shape)}"
            )
        self._axes = tuple(sorted({a % ndim for a in axes}))
        if any(input_shape[a] is None for a in self._axes):
            raise ValueError(f"layer '{self.name}' (LayerNormalization): the size of axis {self.axis} must be known")
        # gamma and beta broadcast along the other axes: their shape keeps 1 there, after the first normalised axis
        first = self._axes[0]
        shape = tuple(input_shape[i] if i in self._axes else 1 for i in range(first, ndim))
        if self.scale:
            self.gamma = self.add_weight("gamma", shape, self.gamma_initializer)
        if self.center:
            self.beta = self.add_weight("beta", shape, self.beta_initializer)

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        mu = mean(x, axis=self._axes, keepdims=True)
        centred = x - mu
        variance = mean(centred * centred, axis=self._axes, keepdims=True)
        y = centred / sqrt(variance + self.epsilon)
        if self.gamma is not None:
            y = y * self.gamma
        if self.beta is not None:
            y = y + self.beta
        return y

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
        }

    def formula(self) -> list[str]:
        return ["x^ = (x - mu) / sqrt(var + eps)  (each sample's own statistics)", "y = gamma * x^ + beta"]
