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

import contextlib
import threading
from typing import Iterator

import numpy as np

_generator: np.random.Generator = np.random.default_rng()
_thread = threading.local()  # .generator: one that this thread uses instead (see ``using``)


def _check_seed(where: str, expected: str, n: object) -> int:
    # NumPy would say "SeedSequence expects int..." or "expected non-negative integer" from deep inside;
    # bool is refused because seed(True) is a slip, not a seed
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"{where} must be {expected}; got {n!r} ({type(n).__name__})")
    if n < 0:
        raise ValueError(f"{where} must be {expected}; got {n}")
    return int(n)


def seed(n: int) -> None:
    """Reseed the package generator: the same ``n`` (an int >= 0) gives the same run."""
    global _generator
    _generator = np.random.default_rng(_check_seed("axone.random.seed: the seed n", "an int >= 0", n))


def get_rng(rng: np.random.Generator | int | None = None) -> np.random.Generator:
    """Resolve ``rng=``: a Generator is used as is, an int >= 0 seeds a new one, None is the package's."""
    if rng is None:
        return getattr(_thread, "generator", None) or _generator
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (np.random.BitGenerator, np.random.SeedSequence)):  # NumPy's own seeds, as NumPy takes them
        return np.random.default_rng(rng)
    expected = "a numpy Generator, an int seed >= 0, or None for the package generator"
    return np.random.default_rng(_check_seed("rng=", expected, rng))


def get_state() -> dict:
    """The package generator's state (plain JSON-able dict), for exact resume."""
    return _generator.bit_generator.state


def set_state(state: dict) -> None:
    """Restore a state returned by :func:`get_state`."""
    bit_generator = np.random.PCG64()
    bit_generator.state = state
    global _generator
    _generator = np.random.Generator(bit_generator)


@contextlib.contextmanager
def using(generator: np.random.Generator) -> Iterator[None]:
    """Inside this block, the package generator of this thread is ``generator``; other threads keep theirs.

    ``fit(seed=s)`` runs each batch of epoch e inside ``using(default_rng([s, e, batch]))``, so the
    dropout masks of two models trained side by side in threads do not depend on each other.

    Example:
        >>> import axone as ax, numpy as np
        >>> with ax.random.using(np.random.default_rng(0)):
        ...     a = ax.random.get_rng().random()
        >>> a == np.random.default_rng(0).random()
        True
    """
    previous = getattr(_thread, "generator", None)
    _thread.generator = generator
    try:
        yield
    finally:
        _thread.generator = previous
