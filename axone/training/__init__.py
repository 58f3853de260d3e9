"""Models and the Keras-like training loop (level 4): ``Model``, ``Sequential``, ``fit``, callbacks.

See README.md in this folder for what each file holds, and docs/training.md for the guide.

Example:
    >>> import axone as ax
    >>> model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    >>> model.metrics_names
    ['loss', 'accuracy']
"""

from axone.training import callbacks
from axone.training.functional import Functional
from axone.training.history import History
from axone.training.model import Model
from axone.training.sequential import Sequential

__all__ = ["Functional", "History", "Model", "Sequential", "callbacks"]
