"""``set_random_seed``: Keras's one call that makes a run repeatable (level 4).

Example:
    >>> import axone as ax
    >>> ax.utils.set_random_seed(7); a = ax.random.get_rng().random()
    >>> ax.utils.set_random_seed(7); b = ax.random.get_rng().random()
    >>> a == b
    True
"""

from __future__ import annotations

import random as python_random

import numpy as np

from axone import random


def set_random_seed(seed: int) -> None:
    """Seed everything a program may draw from, as ``keras.utils.set_random_seed`` does: axone's
    package generator (``ax.random.seed``: initial weights, shuffling, dropout), Python's
    ``random`` and NumPy's global ``np.random`` (for the user's own draws).

    Args:
        seed: an int >= 0.
    """
    random.seed(seed)  # checks the seed: an int >= 0, not a bool
    python_random.seed(seed)
    np.random.seed(seed % 2**32)
