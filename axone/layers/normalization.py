r"""Normalization: the course's centring and scaling of the data, learned once with ``adapt``.

"Normaliser les données pour éviter des fonctions d'erreur écrasées", "centrer les données":
$y = (x - \mu) / \sigma$ with the mean and standard deviation of the training data, stored as
non-trainable weights so that they travel with the model file and the same transform applies
at prediction.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.ops import maximum, reshape, sqrt
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer

EPSILON = 1e-7  # Keras's floor on the standard deviation: a constant feature is not divided by 0


@registry.register
class Normalization(Layer):
    r"""$y = (x - \mu) / \max(\sqrt{\sigma^2}, \epsilon)$ per feature (along ``axis``), $\epsilon = 10^{-7}$.

    Args:
        axis: the features' axis (the last by default); statistics are taken over the others.
        mean, variance: given statistics (scalars or one value per feature) instead of ``adapt``.

    Example:
        >>> import axone as ax
        >>> norm = ax.layers.Normalization()
        >>> norm.adapt([[101.0, 0.1], [99.0, -0.1]])
        >>> norm([[101.0, 0.1]]).numpy()
        array([[1., 1.]], dtype=float32)
    """

    def __init__(self, *, axis: int = -1, mean: Any = None, variance: Any = None, **kwargs: Any):
        super().__init__(**kwargs)
        if (mean is None) != (variance is None):
            raise ValueError(f"layer '{self.name}' (Normalization): give both mean and variance, or neither")
        self.axis = int(axis)
        self._given = None if mean is None else (np.asarray(mean, dtype=float), np.asarray(variance, dtype=float))
        self.adapted = mean is not None
        self.mean = self.variance = None

    def _features(self, input_shape: tuple) -> int:
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim or ndim < 2:
            raise ValueError(
                f"layer '{self.name}' (Normalization): axis {self.axis} is out of range for inputs of shape {input_shape}"
            )
        return input_shape[self.axis]

    def build(self, input_shape: tuple) -> None:
        features = self._features(input_shape)
        self._axis = self.axis % len(input_shape)
        self._broadcast = (features,) + (1,) * (len(input_shape) - 1 - self._axis)
        mean, variance = (np.zeros(features), np.ones(features)) if self._given is None else self._given
        self.mean = self.add_weight("mean", (features,), np.broadcast_to(mean, (features,)), trainable=False)
        self.variance = self.add_weight(
            "variance", (features,), np.broadcast_to(variance, (features,)), trainable=False
        )
        self._given = None

    def adapt(self, data: Any) -> None:
        r"""Compute $\mu$ and $\sigma^2$ (population variance) of ``data`` over every axis but ``axis``.

        ``data``: an array, a list, a DataFrame, or an iterable of such batches (as Keras's dataset).
        """
        batches = [data] if hasattr(data, "shape") or isinstance(data, list) else list(data)
        arrays = [np.asarray(batch, dtype=np.float64) for batch in batches]
        if not self.built:
            self.build_for(arrays[0].shape)
        axis = self._axis
        for array in arrays:
            self.check_input(array.shape)
        features = [np.moveaxis(a, axis, -1).reshape(-1, a.shape[axis]) for a in arrays]
        stacked = np.concatenate(features, axis=0)
        if len(stacked) == 0:
            raise ValueError(f"layer '{self.name}' (Normalization): adapt() got no sample (shape {arrays[0].shape})")
        if not np.all(np.isfinite(stacked)):
            raise ValueError(f"layer '{self.name}' (Normalization): adapt() data holds NaN or infinite values")
        self.mean.data[...] = stacked.mean(axis=0)
        self.variance.data[...] = stacked.var(axis=0)
        self.adapted = True

    def set_weights(self, arrays: list[Any]) -> None:
        super().set_weights(arrays)
        self.adapted = True  # statistics from a model file count as adapted

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        if not self.adapted:
            raise RuntimeError(
                f"layer '{self.name}' (Normalization) has no statistics yet: call adapt(x_train) before using it, "
                "or give mean= and variance="
            )
        # ops on the statistics, not NumPy on their arrays: a compiled step sees a later adapt()
        scale = 1 / maximum(sqrt(self.variance), EPSILON)
        return (x - reshape(self.mean, self._broadcast)) * reshape(scale, self._broadcast)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}

    def formula(self) -> list[str]:
        return ["y = (x - mean) / sqrt(variance)  (mean, variance from adapt())"]

    def param_formula(self) -> str:
        if not self.built:
            return "2 * n_features (not trained)"
        return f"2 * {self.mean.shape[0]} = {self.count_params()}  (mean and variance, not trained)"
