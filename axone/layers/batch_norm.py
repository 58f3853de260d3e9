r"""BatchNormalization: centre and scale each feature with the batch's statistics (Ioffe & Szegedy, 2015).

The course's advice (centre and normalise the data so that the error surface is not squashed),
applied inside the network, at every step, with two learned parameters per feature.
"""

from __future__ import annotations

from typing import Any

from axone import initializers
from axone.core.engine import no_grad
from axone.core.ops import mean, reshape, sqrt
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer


@registry.register
class BatchNormalization(Layer):
    r"""$y = \gamma \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta$, per feature (along ``axis``).

    Training: $\mu$, $\sigma^2$ are the batch's mean and (biased) variance over every axis but
    ``axis``, and the moving statistics follow
    $\mu_{mov} \leftarrow m \mu_{mov} + (1 - m) \mu$, $\sigma^2_{mov} \leftarrow m \sigma^2_{mov} + (1 - m) \sigma^2$.
    Inference (and when ``trainable=False``, as Keras): $\mu_{mov}$ and $\sigma^2_{mov}$ are used.

    Defaults are Keras's: ``momentum=0.99``, ``epsilon=1e-3``. PyTorch's ``BatchNorm1d`` has
    ``momentum=0.1`` for the *new* value (so $m_{torch} = 1 - m$), ``eps=1e-5``, and updates
    its running variance with the unbiased $\frac{n}{n - 1} \sigma^2$; Keras and axone use $\sigma^2$.

    Weights: $\gamma$ (``gamma``), $\beta$ (``beta``) trainable; ``moving_mean``,
    ``moving_variance`` non-trainable (saved with the model). Parameters: $4 C$.

    Example:
        >>> import axone as ax
        >>> bn = ax.layers.BatchNormalization(epsilon=0.0)
        >>> bn(ax.Tensor([[1.0], [3.0]]), training=True).numpy().ravel()
        array([-1.,  1.], dtype=float32)
        >>> bn.moving_mean.numpy()  # 0.99 * 0 + 0.01 * 2
        array([0.02], dtype=float32)
    """

    def __init__(
        self,
        *,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        moving_mean_initializer: Any = "zeros",
        moving_variance_initializer: Any = "ones",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if not 0 <= momentum <= 1:
            raise ValueError(f"layer '{self.name}' (BatchNormalization): momentum must be in [0, 1], got {momentum}")
        self.axis, self.momentum, self.epsilon = int(axis), float(momentum), float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self.initializers = {
            "beta": initializers.get(beta_initializer),
            "gamma": initializers.get(gamma_initializer),
            "moving_mean": initializers.get(moving_mean_initializer),
            "moving_variance": initializers.get(moving_variance_initializer),
        }
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape: tuple) -> None:
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim or ndim < 2:
            raise ValueError(
                f"layer '{self.name}' (BatchNormalization): axis {self.axis} is out of range for inputs of shape {input_shape}"
            )
        self._axis = self.axis % ndim
        channels = input_shape[self._axis]
        if channels is None:
            raise ValueError(f"layer '{self.name}' (BatchNormalization): the size of axis {self.axis} must be known")
        self._reduce = tuple(i for i in range(ndim) if i != self._axis)
        # parameters broadcast along every axis but ``axis``: (C,) when axis is last, else (C, 1, ...)
        self._broadcast = None if self._axis == ndim - 1 else (channels,) + (1,) * (ndim - 1 - self._axis)
        init = self.initializers
        if self.scale:
            self.gamma = self.add_weight("gamma", (channels,), init["gamma"])
        if self.center:
            self.beta = self.add_weight("beta", (channels,), init["beta"])
        self.moving_mean = self.add_weight("moving_mean", (channels,), init["moving_mean"], trainable=False)
        self.moving_variance = self.add_weight("moving_variance", (channels,), init["moving_variance"], trainable=False)

    def _shaped(self, value: Any) -> Any:
        if self._broadcast is None:
            return value
        return reshape(value, self._broadcast) if isinstance(value, Tensor) else value.reshape(self._broadcast)

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        if training and self.trainable:
            mu = mean(x, axis=self._reduce, keepdims=True)
            centred = x - mu
            var = mean(centred * centred, axis=self._reduce, keepdims=True)
            y = centred / sqrt(var + self.epsilon)
            m = self.momentum
            with no_grad():  # ops, not NumPy on .data: a compiled step replays these updates too
                self.moving_mean.assign(m * self.moving_mean + (1 - m) * reshape(mu, (-1,)))
                self.moving_variance.assign(m * self.moving_variance + (1 - m) * reshape(var, (-1,)))
        else:
            # inference: the moving statistics, read through ops (a compiled predict sees them change)
            inv = 1 / sqrt(self.moving_variance + self.epsilon)
            y = (x - self._shaped(self.moving_mean)) * self._shaped(inv)
        if self.gamma is not None:
            y = y * self._shaped(self.gamma)
        if self.beta is not None:
            y = y + self._shaped(self.beta)
        return y

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            **{f"{key}_initializer": initializers.serialize(init) for key, init in self.initializers.items()},
        }

    def formula(self) -> list[str]:
        return [
            "x^ = (x - mu) / sqrt(var + eps)  (batch stats in training, moving stats in inference)",
            "y = gamma * x^ + beta",
        ]

    def param_formula(self) -> str:
        if not self.built:
            return "4 * C"
        c = self.moving_mean.shape[0]
        trained = int(self.scale) + int(self.center)
        return f"{trained} * {c} + 2 * {c} = {self.count_params()}  (the 2 * {c} moving stats are not trained)"
