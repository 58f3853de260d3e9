"""``random_state`` for the estimators: each seeded training runs on its own generator.

axone draws its initial weights, its shuffles and its dropout masks from one package generator
(``axone.random``). A seeded estimator (``random_state`` an int or a ``RandomState``) lends that
generator a stream of its own for the time of a training call, and gives the user's generator
back afterwards: the same seed gives the same network, whatever ran before, in any process of a
joblib or Dask sweep. ``random_state=None`` trains on the package generator as it is, so that
``axone.random.seed(n)`` governs it, as for ``model.fit``.

Example:
    >>> import axone as ax
    >>> ax.random.seed(1); before = ax.random.get_state()
    >>> with Stream(initial_state(7)) as stream:
    ...     a = ax.random.get_rng().random()
    >>> with Stream(initial_state(7)):
    ...     b = ax.random.get_rng().random()
    >>> a == b, ax.random.get_state() == before, stream.state is not None
    (True, True, True)
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from axone import random

# one package generator per process: seeded trainings in threads of one process take turns
_LOCK = threading.RLock()


def initial_state(random_state: Any) -> dict | None:
    """The generator state a seeded training starts from; None for ``random_state=None``.

    An int gives the same state every time; a ``numpy.random.RandomState`` (scikit-learn's
    convention) gives a seed drawn from it, so it advances as scikit-learn's estimators do.
    """
    if random_state is None:
        return None
    from sklearn.utils import check_random_state

    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    return np.random.default_rng(seed).bit_generator.state


class Stream:
    """``with Stream(state):`` the package generator continues from ``state`` (a dict of
    ``axone.random.get_state``); on exit ``.state`` is where it stopped and the user's generator is
    put back. ``Stream(None)`` changes nothing (the package generator is used as it is)."""

    def __init__(self, state: dict | None):
        self.state = state
        self._outer: dict | None = None

    def __enter__(self) -> "Stream":
        if self.state is not None:
            _LOCK.acquire()
            try:
                self._outer = random.get_state()
                random.set_state(self.state)
            except BaseException:
                _LOCK.release()
                raise
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.state is not None:
            self.state = random.get_state()
            random.set_state(self._outer)
            _LOCK.release()
