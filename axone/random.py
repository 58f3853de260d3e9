"""Seeding: one package-wide NumPy ``Generator`` (level 0).

Every random function in axone takes ``rng=`` (a ``numpy.random.Generator``, an int seed, or
None for the package generator), so a run is reproducible from ``axone.random.seed(n)`` alone.

Example:
    >>> import axone as ax
    >>> ax.random.seed(0); a = ax.random.get_rng().random()
    >>> ax.random.seed(0); b = ax.random.get_rng().random()
    >>> a == b
    True
"""

from __future__ import annotations

import numpy as np

_generator: np.random.Generator = np.random.default_rng()


def seed(n: int) -> None:
    """Reseed the package generator: the same ``n`` gives the same run."""
    global _generator
    _generator = np.random.default_rng(n)


def get_rng(rng: np.random.Generator | int | None = None) -> np.random.Generator:
    """Resolve ``rng=``: a Generator is used as is, an int seeds a new one, None is the package's."""
    if rng is None:
        return _generator
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng)


def get_state() -> dict:
    """The package generator's state (plain JSON-able dict), for exact resume."""
    return _generator.bit_generator.state


def set_state(state: dict) -> None:
    """Restore a state returned by :func:`get_state`."""
    bit_generator = np.random.PCG64()
    bit_generator.state = state
    global _generator
    _generator = np.random.Generator(bit_generator)
