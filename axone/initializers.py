r"""Weight initialisers, seeded through ``axone.random`` (level 2).

An initialiser is a callable ``init(shape, dtype=None, rng=None) -> ndarray``; ``rng`` is a
``numpy.random.Generator``, an int seed, or None for the package generator (``ax.random.seed``).
Names and formulas are Keras's (``keras.initializers``); the lowercase names are aliases of the
classes, as in Keras, so ``glorot_uniform()`` is an initialiser and ``"glorot_uniform"`` its name.

Fans (Keras's rule): for a Dense kernel $(n_{in}, n_{out})$, $fan_{in} = n_{in}$ and
$fan_{out} = n_{out}$; for a convolution kernel $(k_1, \dots, k_d, c_{in}, c_{out})$ both are
multiplied by the receptive field $k_1 \cdots k_d$; a vector of length $n$ has both fans $n$.

| name | distribution |
|---|---|
| ``glorot_uniform`` (Dense's default) | $U(-l, l)$, $l = \sqrt{6 / (fan_{in} + fan_{out})}$ |
| ``glorot_normal`` | truncated normal, $s = \sqrt{2 / (fan_{in} + fan_{out})}$ |
| ``he_uniform`` | $U(-l, l)$, $l = \sqrt{6 / fan_{in}}$ |
| ``he_normal`` | truncated normal, $s = \sqrt{2 / fan_{in}}$ |
| ``lecun_normal`` | truncated normal, $s = \sqrt{1 / fan_{in}}$ |
| ``random_normal(mean=0, stddev=0.05)`` | $N(mean, stddev^2)$ |
| ``random_uniform(minval=-0.05, maxval=0.05)`` | $U(minval, maxval)$ |
| ``orthogonal(gain=1)`` | $gain \cdot Q$ of the QR decomposition of a normal matrix |
| ``zeros``, ``ones``, ``constant(value)`` | that value |

"Truncated normal" is Keras's: a normal cut at two standard deviations, redrawn outside, whose
$\sigma$ is $s / 0.87962566$ so that the values' standard deviation is $s$. PyTorch's
``xavier_normal_`` and ``kaiming_normal_`` draw an untruncated normal of standard deviation $s$.

Example:
    >>> import axone as ax
    >>> w = ax.initializers.get("glorot_uniform")((2, 3), rng=0)
    >>> w.shape, bool(abs(w).max() <= (6 / 5) ** 0.5)
    ((2, 3), True)
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from axone import random
from axone.core.backend import get_default_dtype

# std of a standard normal truncated to [-2, 2]: dividing by it keeps the variance at s^2
_TRUNCATED_STD = 0.87962566103423978


def compute_fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """$(fan_{in}, fan_{out})$ of a kernel, Keras's rule (see the module docstring)."""
    shape = tuple(shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


def _dtype(dtype: Any) -> np.dtype:
    return np.dtype(dtype) if dtype is not None else get_default_dtype()


def _truncated_normal(shape: tuple, stddev: float, rng: np.random.Generator) -> np.ndarray:
    """Normal values of std ``stddev``, each outside two std redrawn (rounds over all of them)."""
    values = rng.standard_normal(shape)
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2
    return values * stddev


class Initializer:
    """Base: ``__call__(shape, dtype=None, rng=None)`` and a JSON ``get_config()``."""

    def __call__(self, shape: tuple, dtype: Any = None, rng: Any = None) -> np.ndarray:
        given = shape
        whole = all(isinstance(n, (int, np.integer)) or (isinstance(n, float) and n.is_integer()) for n in shape)
        shape = tuple(int(n) for n in shape) if whole else None
        if shape is None or min(shape, default=0) < 0:
            raise ValueError(f"{type(self).__name__}: shape must be a tuple of ints >= 0, got {given!r}")
        dtype = _dtype(dtype)
        if dtype.kind != "f":  # an int cast would truncate every small random weight to 0
            raise TypeError(f"{type(self).__name__}: initial weights are floats, got dtype {dtype}")
        return np.asarray(self.sample(shape, random.get_rng(rng)), dtype=dtype)

    def sample(self, shape: tuple, rng: np.random.Generator) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class _VarianceScaling(Initializer):
    """$s^2 = scale / n$ with $n$ a fan (or their mean); uniform or truncated normal."""

    scale = 1.0
    mode = "fan_in"
    distribution = "truncated_normal"

    def sample(self, shape, rng):
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        variance = self.scale / max(1.0, n)
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return rng.uniform(-limit, limit, shape)
        return _truncated_normal(shape, math.sqrt(variance) / _TRUNCATED_STD, rng)


class GlorotUniform(_VarianceScaling):
    r"""Glorot (Xavier) uniform: $U(-l, l)$ with $l = \sqrt{6 / (fan_{in} + fan_{out})}$."""

    mode, distribution = "fan_avg", "uniform"


class GlorotNormal(_VarianceScaling):
    r"""Glorot normal: truncated normal with standard deviation $\sqrt{2 / (fan_{in} + fan_{out})}$."""

    mode = "fan_avg"


class HeUniform(_VarianceScaling):
    r"""He uniform: $U(-l, l)$ with $l = \sqrt{6 / fan_{in}}$ (for ReLU layers)."""

    scale, distribution = 2.0, "uniform"


class HeNormal(_VarianceScaling):
    r"""He normal: truncated normal with standard deviation $\sqrt{2 / fan_{in}}$."""

    scale = 2.0


class LecunNormal(_VarianceScaling):
    r"""LeCun normal: truncated normal with standard deviation $\sqrt{1 / fan_{in}}$."""


class Zeros(Initializer):
    """All zeros (Dense's bias)."""

    def sample(self, shape, rng):
        return np.zeros(shape)


class Ones(Initializer):
    """All ones."""

    def sample(self, shape, rng):
        return np.ones(shape)


class Constant(Initializer):
    """Every value equal to ``value``."""

    def __init__(self, value: float = 0.0):
        self.value = float(value)

    def sample(self, shape, rng):
        return np.full(shape, self.value)

    def get_config(self) -> dict:
        return {"value": self.value}


class RandomNormal(Initializer):
    r"""$N(mean, stddev^2)$; Keras's defaults ``mean=0.0, stddev=0.05``."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05):
        self.mean, self.stddev = float(mean), float(stddev)

    def sample(self, shape, rng):
        return rng.normal(self.mean, self.stddev, shape)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev}


class RandomUniform(Initializer):
    r"""$U(minval, maxval)$; Keras's defaults ``minval=-0.05, maxval=0.05``."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05):
        self.minval, self.maxval = float(minval), float(maxval)

    def sample(self, shape, rng):
        return rng.uniform(self.minval, self.maxval, shape)

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval}


class Orthogonal(Initializer):
    r"""$gain \cdot Q$, $Q$ from the QR decomposition of a normal matrix of shape
    $(\prod shape_{:-1}, shape_{-1})$, signs fixed by $\mathrm{diag}(R)$ so that $Q$ is uniform
    (Keras's and PyTorch's recipe). Rows (or columns, whichever fewer) are orthonormal.
    """

    def __init__(self, gain: float = 1.0):
        self.gain = float(gain)

    def sample(self, shape, rng):
        if len(shape) < 2:
            raise ValueError(f"orthogonal initializer needs a shape of at least 2 dimensions, got {shape}")
        rows, cols = math.prod(shape[:-1]), shape[-1]
        a = rng.standard_normal((max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(a)
        q = q * np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return self.gain * q.reshape(shape)

    def get_config(self) -> dict:
        return {"gain": self.gain}


# Keras's lowercase aliases of the classes
glorot_uniform, glorot_normal = GlorotUniform, GlorotNormal
he_uniform, he_normal, lecun_normal = HeUniform, HeNormal, LecunNormal
zeros, ones, constant = Zeros, Ones, Constant
random_normal, random_uniform, orthogonal = RandomNormal, RandomUniform, Orthogonal

_CLASSES: dict[str, type[Initializer]] = {
    "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal,
    "he_uniform": HeUniform,
    "he_normal": HeNormal,
    "lecun_normal": LecunNormal,
    "zeros": Zeros,
    "ones": Ones,
    "constant": Constant,
    "random_normal": RandomNormal,
    "random_uniform": RandomUniform,
    "orthogonal": Orthogonal,
}
_BY_CLASS_NAME = {cls.__name__: cls for cls in _CLASSES.values()}
_ALIASES = {"xavier_uniform": "glorot_uniform", "xavier_normal": "glorot_normal", "zero": "zeros", "one": "ones"}


def names() -> list[str]:
    """Every valid initialiser name."""
    return sorted(_CLASSES)


def get(initializer: Any) -> Callable[..., np.ndarray]:
    """An initialiser from a name (``"he_normal"``, ``"HeNormal"``), a config dict, an instance or a callable.

    Raises:
        ValueError: for an unknown name, listing the valid ones.
    """
    if isinstance(initializer, dict):
        cls = type(get(initializer.get("class_name")))
        try:
            return cls(**initializer.get("config", {}))
        except TypeError as error:
            raise ValueError(
                f"initializer {cls.__name__}: bad config {initializer.get('config')!r} ({error})"
            ) from None
    if isinstance(initializer, str):
        key = _ALIASES.get(initializer.lower(), initializer.lower())
        cls = _CLASSES.get(key) or _BY_CLASS_NAME.get(initializer)
        if cls is not None:
            return cls()
    elif isinstance(initializer, type) and issubclass(initializer, Initializer):
        return initializer()
    elif callable(initializer):
        return initializer
    raise ValueError(f"unknown initializer {initializer!r}; valid names: {', '.join(names())}")


def serialize(initializer: Any) -> str | dict:
    """A JSON form that ``get`` turns back into the same initialiser (a name when it has no arguments).

    Example:
        >>> import axone as ax
        >>> ax.initializers.serialize("he_normal"), ax.initializers.serialize(ax.initializers.constant(0.5))
        ('he_normal', {'class_name': 'Constant', 'config': {'value': 0.5}})
    """
    init = get(initializer)
    if not isinstance(init, Initializer):
        raise ValueError(f"initializer {initializer!r} is a custom callable: it cannot be saved to a config")
    name = next(key for key, cls in _CLASSES.items() if cls is type(init))
    config = init.get_config()
    return {"class_name": type(init).__name__, "config": config} if config else name
