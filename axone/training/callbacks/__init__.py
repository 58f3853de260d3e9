"""Callbacks for ``fit``, one concept per file (Keras's names and arguments).

Example:
    >>> import axone as ax
    >>> stop = ax.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    >>> stop.monitor, stop.patience
    ('val_loss', 3)
"""

from axone.training.callbacks.backup import BackupAndRestore
from axone.training.callbacks.base import Callback, CallbackList
from axone.training.callbacks.checkpoint import ModelCheckpoint
from axone.training.callbacks.csv_logger import CSVLogger
from axone.training.callbacks.early_stopping import EarlyStopping, StopAtThreshold
from axone.training.callbacks.lambda_callback import LambdaCallback
from axone.training.callbacks.learning_rate import LearningRateScheduler, ReduceLROnPlateau
from axone.training.callbacks.terminate_on_nan import TerminateOnNaN
from axone.training.history import History
from axone.training.progress import ProgressBar

__all__ = [
    "BackupAndRestore",
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "ProgressBar",
    "ReduceLROnPlateau",
    "StopAtThreshold",
    "TerminateOnNaN",
]
