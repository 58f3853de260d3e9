"""``ax.utils``: the helpers Keras and PyTorch users look for under that name (level 4).

``to_categorical`` (Keras, the one in ``axone.data``), ``set_random_seed`` (Keras), and
``ax.utils.data`` (PyTorch's ``TensorDataset`` and ``DataLoader``).

Example:
    >>> import axone as ax
    >>> ax.utils.to_categorical([0, 2], num_classes=3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
"""

from axone.data.labels import to_categorical
from axone.utils import data  # noqa: F401 - ax.utils.data (TensorDataset, DataLoader)
from axone.utils.seeding import set_random_seed

__all__ = ["data", "set_random_seed", "to_categorical"]
