"""axone: neural networks from scratch on NumPy, built from the course "Introduction aux réseaux neuronaux".

Example:
    >>> import axone as ax
    >>> x = ax.Variable(3.0)
    >>> with ax.GradientTape() as tape:
    ...     z = (x ** 2) ** 2
    >>> float(tape.gradient(z, x))
    108.0
"""

# The engine first (levels 0-1), then each level above it: imports flow one way.
from axone import random
from axone.core.backend import get_default_dtype, set_default_dtype
from axone.core.engine import enable_grad, is_grad_enabled, no_grad
from axone.core.transforms import grad, value_and_grad
from axone.core.ops import *  # noqa: F403 - the op functions are the package's functions
from axone.core.ops import __all__ as _ops_all
from axone.core.creation import __all__ as _creation_all
from axone.core.creation import *  # noqa: F403 - tensor, zeros, ones, arange, randn...
from axone.core.tape import GradientTape
from axone.core.function import Function, TracingError, function
from axone.core.tensor import Tensor
from axone.core.variable import Variable
from axone import data  # level 1
from axone import data as datasets  # `ax.datasets`, the name Keras users look for
from axone import activations, initializers, losses, metrics, testing  # level 2
from axone import layers, optimizers  # level 3
from axone.layers import Input
from axone import models  # level 4
from axone.io import load_model
from axone.training import Model, Sequential, callbacks
from axone import onnx  # level 4: export (the onnx package is imported only when exporting)
from axone import nn, optim, utils  # level 4: the PyTorch faces

__version__ = "0.1.0"

__all__ = [
    "Function", "GradientTape", "Input", "TracingError", "Model", "Sequential", "Tensor", "Variable", "activations", "callbacks", "data",
    "datasets", "enable_grad", "function", "get_default_dtype", "grad", "initializers", "is_grad_enabled", "layers",
    "load_model", "losses", "metrics", "models", "nn", "no_grad", "onnx", "optim", "optimizers", "random",
    "set_default_dtype", "utils",
    "testing", "value_and_grad", *_ops_all, *_creation_all,
]  # fmt: skip
