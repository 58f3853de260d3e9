r"""Sequential: a stack of layers, each feeding the next ($y = f_L(\dots f_2(f_1(x)))$).

After an ``Input`` the layers are built at once (so ``summary()`` works before any data);
without one they build on the first call, from the data's shape, as in Keras.

Example (the course's first network: 2 inputs, 3 hidden logistic neurons, 1 output):
    >>> import axone as ax
    >>> model = ax.Sequential([
    ...     ax.Input((2,)),
    ...     ax.layers.Dense(3, activation="sigmoid"),
    ...     ax.layers.Dense(1, activation="sigmoid"),
    ... ])
    >>> model.count_params(), [type(layer).__name__ for layer in model.layers]
    (13, ['Dense', 'Dense'])
"""

from __future__ import annotations

from typing import Any

from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.input import Input
from axone.training.model import Model


@registry.register
class Sequential(Model):
    """A model made of layers applied one after the other.

    Args:
        layers: the layers, optionally starting with an ``Input``.
        name: the model's name (``sequential``, ``sequential_1``... by default).
    """

    def __init__(self, layers: list | None = None, name: str | None = None, **kwargs: Any):
        super().__init__(name=name, **kwargs)
        self._layers: list[Layer] = []
        self._input: Input | None = None
        self._output_shape: tuple | None = None
        if layers is not None and not isinstance(layers, (list, tuple)):
            raise TypeError(
                f"model '{self.name}': Sequential takes a list of layers, got {type(layers).__name__}; "
                "write Sequential([layer, ...])"
            )
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self) -> list[Layer]:
        """The layers, the ``Input`` excluded (as Keras)."""
        return list(self._layers)

    def add(self, layer: Layer) -> None:
        """Append a layer; with a known input shape it is built at once."""
        self._symbolic = None  # the symbolic graph of inputs/outputs is made again when asked
        if isinstance(layer, Input):
            if self._layers or self._input is not None:
                raise ValueError(f"model '{self.name}': an Input can only come first")
            self._input = layer
            self._output_shape = layer.shape
            self.input_shape = layer.shape
            self.built = True
            return
        if not isinstance(layer, Layer):
            raise TypeError(f"model '{self.name}': add() takes layers (axone.layers.*), got {type(layer).__name__}")
        if any(existing is layer for existing in self._layers):
            raise ValueError(f"model '{self.name}': layer '{layer.name}' was already added")
        if self._output_shape is not None:
            if not layer.built:
                layer.build_for(self._output_shape)
            else:
                layer.check_input(tuple(1 if d is None else d for d in self._output_shape))
            self._output_shape = layer.compute_output_shape(self._output_shape)
        else:
            self.built = False
        self._layers.append(layer)

    def pop(self) -> Layer:
        """Remove and return the last layer."""
        if not self._layers:
            raise ValueError(f"model '{self.name}' has no layer to pop")
        layer = self._layers.pop()
        self._symbolic = None
        if self._output_shape is not None and self._input is not None:
            shape = self._input.shape
            for kept in self._layers:
                shape = kept.compute_output_shape(shape)
            self._output_shape = shape
        return layer

    @property
    def inputs(self) -> list:
        """Keras's ``model.inputs``: the ``Input``'s symbolic tensor, to reuse the layers in a functional
        model (``ax.Model(inputs=seq.inputs, outputs=[layer.output for layer in seq.layers])``)."""
        return [self._graph()[0]]

    @property
    def outputs(self) -> list:
        """The symbolic output of the last layer (the layers called once on ``inputs``; see ``layer.output``)."""
        return [self._graph()[1]]

    def _graph(self) -> tuple:
        """The layers called once, in turn, on the Input's symbolic tensor (each gets ``layer.output``)."""
        if self._input is None:
            raise ValueError(
                f"model '{self.name}' has no symbolic inputs: start it with ax.Input(shape) to use it in a graph"
            )
        if vars(self).get("_symbolic") is None:
            x = self._input.symbolic
            for layer in self._layers:
                x = layer(x)
            self._symbolic = (self._input.symbolic, x)
        return self._symbolic

    def build(self, input_shape: tuple) -> None:
        """Keras's ``model.build((None, 4))``: build every layer in turn for that input shape now."""
        shape = (None,) + tuple(input_shape[1:])
        for layer in self._layers:
            if not layer.built:
                layer.build_for(shape)
            else:
                layer.check_input(tuple(1 if d is None else d for d in shape))
            shape = layer.compute_output_shape(shape)
        self._output_shape = shape
        self.input_shape = (None,) + tuple(input_shape[1:])
        self.built = True

    def build_for(self, input_shape: tuple) -> None:
        # the layers build themselves in turn on the first call; remember the input for summary()
        self.input_shape = (None,) + tuple(input_shape[1:])
        self.built = True

    def check_input(self, shape: tuple) -> None:
        """With an ``Input``, the whole sample's shape is checked (Dense alone checks the last axis
        only); a wrong last axis is left to the first layer, whose error names its features."""
        expected = None if self._input is None else self._input.shape
        if expected is not None and (
            len(shape) != len(expected) or any(e is not None and e != s for e, s in zip(expected[1:-1], shape[1:-1]))
        ):
            self._input.check_input(shape)

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        for layer in self._layers:
            x = layer(x, training)
        return x

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        shape = tuple(input_shape)
        for layer in self._layers:
            shape = layer.compute_output_shape(shape)
        return shape

    @property
    def output_shape(self) -> tuple | None:
        """(None, units...) once the input shape is known."""
        if self.input_shape is None or any(not layer.built for layer in self._layers):
            return self._output_shape
        return self.compute_output_shape(self.input_shape)

    def get_config(self) -> dict:
        # serialize: a clear error for a class that is not registered (or registered under its name
        # by another class, which a loaded file would silently build instead)
        layers = [registry.serialize(layer) for layer in ([self._input] if self._input else []) + self._layers]
        return {"name": self.name, "layers": layers}

    @classmethod
    def from_config(cls, config: dict) -> "Sequential":
        layers = []
        for i, entry in enumerate(config.get("layers", [])):
            if not isinstance(entry, dict) or set(entry) != {"class_name", "config"}:
                raise ValueError(f"Sequential config: layers[{i}] must have 'class_name' and 'config'")
            layers.append(registry.get(entry["class_name"]).from_config(entry["config"]))
        return cls(layers, name=config.get("name"))
