"""Layer: the base of every layer and model (level 3).

A layer creates its weights lazily in ``build(input_shape)`` on its first call (or at once when
the input shape is known from an ``Input``), computes ``call(x, training)``, and describes itself
with ``get_config()`` so that a model file can rebuild it through the closed registry of
class names (``axone.layers.registry``). Weights are ``Variable`` attributes, found by looking
at the layer's attributes (sub-layers, lists of layers): nothing needs registering by hand.

Example:
    >>> import axone as ax
    >>> class Scale(ax.layers.Layer):
    ...     def build(self, input_shape):
    ...         self.w = self.add_weight("w", (input_shape[-1],), "ones")
    ...     def call(self, x, training=False):
    ...         return x * self.w
    >>> layer = Scale()
    >>> layer(ax.Tensor([[1.0, 2.0]])).shape, layer.count_params()
    ((1, 2), 2)
"""

from __future__ import annotations

import contextlib
import itertools
import math
import re
from collections import defaultdict
from typing import Any, Iterator

import numpy as np

from axone.core.backend import get_default_dtype
from axone.core.tensor import Tensor
from axone.core.variable import Variable
from axone.layers.node import is_symbolic, symbolic_call
from axone.layers.positional import check_positional

_name_counters: dict[str, itertools.count] = defaultdict(lambda: itertools.count(1))


def _snake(name: str) -> str:
    """Keras's layer names: ``SimpleRNN`` -> ``simple_rnn``, ``Conv2D`` -> ``conv2d``."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()
    return words.replace("2_d", "2d")


def unique_name(base: str) -> str:
    """``dense``, ``dense_1``, ``dense_2``... as Keras names its layers."""
    n = next(_name_counters[base]) - 1
    return base if n == 0 else f"{base}_{n}"


# While a model file is loaded: how many weight values the file still holds. A layer may not ask for
# more, so that a tiny hostile config (Dense(10**5) after Input((10**5,))) is refused before
# gigabytes are allocated and filled, not after, when the file's tensors fail to match.
_weight_budget: list[int] = []


@contextlib.contextmanager
def weight_budget(values: int) -> Iterator[None]:
    """Within this block, the weights created in all may hold at most ``values`` numbers."""
    _weight_budget.append(int(values))
    try:
        yield
    finally:
        _weight_budget.pop()


def reset_names() -> None:
    """Restart automatic names at ``dense``, ``dense_1``... (Keras's ``clear_session`` does the same)."""
    _name_counters.clear()


class Layer:
    """Base class of layers: lazy ``build``, ``call``, weights found as attributes, config.

    Sizes are positional and every option keyword-only (``Dense(3, activation="relu")``): a
    torch-style positional argument is refused with a message, never misread. Dtype policy
    (Keras's): a float input of another dtype is cast to the layer's ``dtype`` (a float64 Variable
    into a float32 layer gives float32 outputs, and its gradient flows back through the cast);
    integer tensors are left as they are.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> "Layer":
        if args:  # one check for every layer: sizes by position, options by keyword
            check_positional(cls, args)
        return super().__new__(cls)

    def __init__(self, *, name: str | None = None, trainable: bool = True, dtype: Any = None):
        self.name = name or unique_name(_snake(type(self).__name__))
        self.trainable = trainable
        self.dtype = np.dtype(dtype) if dtype is not None else get_default_dtype()
        self.built = False
        self.input_shape: tuple | None = None  # (None, features...) once built
        self.training = False

    # ---- to override ---------------------------------------------------------------------
    def build(self, input_shape: tuple) -> None:
        """Create the weights for inputs of ``input_shape`` (batch dimension first)."""

    def call(self, x: Tensor, training: bool = False) -> Tensor:  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must define call(x, training)")

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        """The output shape for ``input_shape`` (None for unknown sizes); by default by tracing zeros."""
        probe = tuple(1 if d is None else d for d in input_shape)
        from axone.core.engine import no_grad

        with no_grad():
            out = self(Tensor(np.zeros(probe, dtype=self.dtype)))
        return (input_shape[0],) + tuple(out.shape[1:])

    def get_config(self) -> dict:
        """Plain JSON-able arguments that rebuild this layer with ``from_config``."""
        return {"name": self.name, "trainable": self.trainable, "dtype": self.dtype.name}

    @classmethod
    def from_config(cls, config: dict) -> "Layer":
        return cls(**config)

    def get_build_config(self) -> dict | None:
        """Keras 3's build config: the input shape the layer was built for (None if not built)."""
        if not self.built or self.input_shape is None:
            return None
        return {"input_shape": list(self.input_shape)}

    def build_from_config(self, config: dict | None) -> None:
        """Build from ``get_build_config()`` (a model file does this before setting the weights)."""
        if config and not self.built:
            self.build_for(tuple(config["input_shape"]))

    # ---- for summary(): the course's formulas ----------------------------------------------
    def formula(self) -> list[str]:
        """What the layer computes, in the course's notation (one string per line)."""
        return [f"y = {type(self).__name__.lower()}(x)"]

    def param_formula(self) -> str:
        """How the parameter count is derived (``"2 * 3 + 3 = 9"``); the sizes added by default."""
        sizes = [str(v.data.size) for v in self.weights]
        total = self.count_params()
        return str(total) if len(sizes) <= 1 else f"{' + '.join(sizes)} = {total}"

    # ---- calling ---------------------------------------------------------------------------
    def __call__(self, x: Any, training: bool | None = None, **kwargs: Any) -> Tensor:
        """Build on the first call, check the input's shape, then ``call`` (extra keywords go to ``call``).

        On a symbolic tensor (``ax.Input``, or a layer's output in a functional graph) nothing is
        computed: the call is recorded as a node of the graph (``axone.layers.node``)."""
        if not isinstance(x, Tensor) and is_symbolic(x):
            return symbolic_call(self, x, **kwargs)
        if not isinstance(x, Tensor):
            # arrays and lists take the layer's dtype, as Keras casts its inputs (int pixels, float64 frames)
            try:
                x = Tensor(x, dtype=self.dtype)
            except (ValueError, TypeError) as error:
                raise ValueError(
                    f"layer '{self.name}' ({type(self).__name__}) takes numbers ({self.dtype}), but its input "
                    f"cannot be read as such: {error}"
                ) from None
        elif x.dtype != self.dtype and x.dtype.kind == "f":
            x = x.astype(self.dtype)  # Keras's dtype policy: floats are cast to the layer's dtype (differentiably)
        if not self.built:
            self.build_for(x.shape)
        else:
            self.check_input(x.shape)
        try:
            return self.call(x, training=self.training if training is None else training, **kwargs)
        except (ValueError, TypeError) as error:
            named = self._named(error, x.shape)
            if named is None:
                raise
            raise named from error

    def _named(self, error: Exception, shape: tuple) -> Exception | None:
        """An op's error (``conv2d: the window spans 5 rows...``) again, naming this layer and its
        input shape first; None when it already names a layer (an inner one, which failed)."""
        message = str(error)
        if type(error) not in (ValueError, TypeError) or message.startswith("layer '"):
            return None
        return type(error)(
            f"layer '{self.name}' ({type(self).__name__}) on an input of shape {tuple(shape)}: {message}"
        )

    def build_for(self, input_shape: tuple) -> None:
        """Build once for ``input_shape`` and remember it (the batch size is left free)."""
        self.build(tuple(input_shape))
        self.input_shape = (None,) + tuple(input_shape[1:])
        self.built = True

    def check_input(self, shape: tuple) -> None:
        """A clear error when the features (every dimension but the batch) do not match."""
        expected = self.input_shape
        if expected is None:
            return
        if len(shape) != len(expected) or any(e is not None and e != s for e, s in zip(expected[1:], shape[1:])):
            features = expected[-1] if len(expected) > 1 else None
            raise ValueError(
                f"layer '{self.name}' ({type(self).__name__}) expects inputs with {features} features "
                f"(shape {expected}), but received shape {tuple(shape)}. "
                "Check the columns of x, or the previous layer's units."
            )

    # ---- weights ---------------------------------------------------------------------------
    def add_weight(
        self, name: str, shape: tuple, initializer: Any = "zeros", trainable: bool = True, rng: Any = None
    ) -> Variable:
        """A new Variable of ``shape`` filled by ``initializer`` (a name, a callable, or an array)."""
        from axone import initializers  # level 2, below this one

        if _weight_budget:
            size = math.prod(int(d) for d in shape)
            if size > _weight_budget[-1]:
                raise ValueError(
                    f"layer '{self.name}': weight '{name}' of shape {tuple(shape)} needs {size} values, "
                    f"more than the {_weight_budget[-1]} the file's weights have left"
                )
            _weight_budget[-1] -= size
        if isinstance(initializer, (np.ndarray, list)):
            values = np.asarray(initializer, dtype=self.dtype)
            if values.shape != tuple(shape):
                raise ValueError(
                    f"layer '{self.name}': weight '{name}' must have shape {tuple(shape)}, got {values.shape}"
                )
        else:
            values = initializers.get(initializer)(tuple(shape), dtype=self.dtype, rng=rng)
        return Variable(np.array(values, dtype=self.dtype), name=f"{self.name}/{name}", trainable=trainable)

    def _own_items(self) -> Iterator[tuple[str, Any]]:
        for key, value in vars(self).items():
            if key.startswith("__"):
                continue
            yield key, value

    def sublayers(self) -> list["Layer"]:
        """Layers held as attributes (directly or in lists/tuples), in definition order."""
        found = []
        for _, value in self._own_items():
            items = value if isinstance(value, (list, tuple)) else [value]
            found.extend(item for item in items if isinstance(item, Layer))
        return found

    @property
    def weights(self) -> list[Variable]:
        """Every Variable of this layer and its sub-layers (trainable first, as Keras lists them)."""
        return self.trainable_weights + self.non_trainable_weights

    def _variables(self) -> list[Variable]:
        seen: set[int] = set()
        out = []
        for _, value in self._own_items():
            items = value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                candidates = (
                    [item] if isinstance(item, Variable) else (item._variables() if isinstance(item, Layer) else [])
                )
                for v in candidates:
                    if id(v) not in seen:
                        seen.add(id(v))
                        out.append(v)
        return out

    @property
    def trainable_weights(self) -> list[Variable]:
        if not self.trainable:
            return []
        return [v for v in self._variables() if v.requires_grad and self._is_trainable(v)]

    @property
    def non_trainable_weights(self) -> list[Variable]:
        train = {id(v) for v in self.trainable_weights}
        return [v for v in self._variables() if id(v) not in train]

    def _is_trainable(self, variable: Variable) -> bool:
        for layer in self.sublayers():
            if any(v is variable for v in layer._variables()):
                return layer.trainable and layer._is_trainable(variable)
        return True

    trainable_variables = property(lambda self: self.trainable_weights)
    variables = property(lambda self: self.weights)

    def parameters(self) -> list[Variable]:
        """PyTorch's name for the trainable weights."""
        return self.trainable_weights

    def count_params(self) -> int:
        return int(sum(v.data.size for v in self.weights))

    def get_weights(self) -> list[np.ndarray]:
        """Copies of the weights as NumPy arrays, in ``weights`` order."""
        return [v.data.copy() for v in self.weights]

    def set_weights(self, arrays: list[Any]) -> None:
        """Set every weight from arrays in ``weights`` order; shapes must match exactly."""
        current = self.weights
        if len(arrays) != len(current):
            raise ValueError(
                f"layer '{self.name}' has {len(current)} weights "
                f"({', '.join(v.name or '?' for v in current)}), got {len(arrays)} arrays"
            )
        for variable, array in zip(current, arrays):
            array = np.asarray(array)
            if array.shape != variable.data.shape:
                raise ValueError(
                    f"layer '{self.name}': weight '{variable.name}' has shape {variable.data.shape}, "
                    f"got an array of shape {array.shape}"
                )
        for variable, array in zip(current, arrays):
            variable.data[...] = np.asarray(array, dtype=variable.data.dtype)

    # ---- modes -----------------------------------------------------------------------------
    def train(self, mode: bool = True) -> "Layer":
        """PyTorch's ``train()``/``eval()``: sets ``training`` here and in every sub-layer."""
        self.training = mode
        for layer in self.sublayers():
            layer.train(mode)
        return self

    def eval(self) -> "Layer":
        return self.train(False)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r} built={self.built}>"
