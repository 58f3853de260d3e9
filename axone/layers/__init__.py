"""Layers, one file each, on the ``Layer`` base class (level 3).

``registry`` is the closed list of class names a model file may name; ``serialize`` and
``deserialize`` turn a layer into ``{"class_name": ..., "config": ...}`` and back.
"""

from axone.layers import registry
from axone.layers.activation import Activation
from axone.layers.base import Layer
from axone.layers.batch_norm import BatchNormalization
from axone.layers.dense import Dense
from axone.layers.dropout import Dropout
from axone.layers.flatten import Flatten
from axone.layers.input import Input
from axone.layers.normalization import Normalization
from axone.layers.registry import deserialize, serialize
from axone.layers.residual import Residual

__all__ = [
    "Activation",
    "BatchNormalization",
    "Dense",
    "Dropout",
    "Flatten",
    "Input",
    "Layer",
    "Normalization",
    "Residual",
    "deserialize",
    "registry",
    "serialize",
]

from axone.layers.gru import GRU  # noqa: E402
from axone.layers.lstm import LSTM  # noqa: E402
from axone.layers.simple_rnn import SimpleRNN  # noqa: E402
from axone.layers.time_distributed import TimeDistributed  # noqa: E402

__all__ += ["GRU", "LSTM", "SimpleRNN", "TimeDistributed"]

from axone.layers.conv import Conv2D  # noqa: E402
from axone.layers.pooling import AveragePooling2D, GlobalAveragePooling2D, MaxPooling2D  # noqa: E402

__all__ += ["AveragePooling2D", "Conv2D", "GlobalAveragePooling2D", "MaxPooling2D"]

from axone.layers.merge import Add, Concatenate, Multiply, add, concatenate, multiply  # noqa: E402

__all__ += ["Add", "Concatenate", "Multiply", "add", "concatenate", "multiply"]

from axone.layers.embedding import Embedding  # noqa: E402
from axone.layers.layer_normalization import LayerNormalization  # noqa: E402

__all__ += ["Embedding", "LayerNormalization"]

from axone.layers.bidirectional import Bidirectional  # noqa: E402
from axone.layers.conv1d import Conv1D  # noqa: E402
from axone.layers.global_average_pooling1d import GlobalAveragePooling1D  # noqa: E402
from axone.layers.global_max_pooling2d import GlobalMaxPooling2D  # noqa: E402
from axone.layers.max_pooling1d import MaxPooling1D  # noqa: E402

__all__ += ["Bidirectional", "Conv1D", "GlobalAveragePooling1D", "GlobalMaxPooling2D", "MaxPooling1D"]
