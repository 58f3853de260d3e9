"""axone: neural networks from scratch on NumPy, built from the course
"Introduction aux réseaux neuronaux".

Example:
    >>> import axone as ax
    >>> x = ax.Variable(3.0)
    >>> with ax.GradientTape() as tape:
    ...     z = (x ** 2) ** 2
    >>> float(tape.gradient(z, x))
    108.0
"""

from axone import random
from axone.core.backend import get_default_dtype, set_default_dtype
from axone.core.engine import enable_grad, grad, is_grad_enabled, no_grad, value_and_grad
from axone.core.ops import *  # noqa: F403 - the op functions are the package's functions
from axone.core.ops import __all__ as _ops_all
from axone.core.tape import GradientTape
from axone.core.tensor import Tensor, Variable

__version__ = "0.1.0"

__all__ = [
    "GradientTape", "Tensor", "Variable", "enable_grad", "get_default_dtype", "grad",
    "is_grad_enabled", "no_grad", "random", "set_default_dtype", "value_and_grad", *_ops_all,
]

from axone import layers  # noqa: E402  (level 3 after the engine)
from axone import activations, initializers, losses, metrics  # noqa: E402  (level 2)
from axone import optimizers  # noqa: E402
from axone import testing  # noqa: E402  (level 2)
from axone.io import load_model  # noqa: E402
from axone import data  # noqa: E402  (level 1)
from axone import data as datasets  # noqa: E402  (`ax.datasets`, the name Keras users look for)
from axone.layers import Input  # noqa: E402
from axone.training import Model, Sequential  # noqa: E402
from axone.training import callbacks  # noqa: E402
from axone import models  # noqa: E402
