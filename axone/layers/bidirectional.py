r"""Bidirectional: a recurrent layer read both ways (Keras's ``Bidirectional``, torch's ``bidirectional=True``).

Math: the forward copy reads $x_1 \dots x_T$, the backward copy (its own weights) reads
$x_T \dots x_1$; with ``return_sequences`` the backward states are put back in time order, so
that step $t$ sees $[\overrightarrow{h}_t, \overleftarrow{h}_t]$ (the past and the future of $t$).
``merge_mode`` joins the two: ``"concat"`` (width $2u$), ``"sum"``, ``"mul"``, ``"ave"``, or None
(a list of both). The time reversal is ``getitem`` with a negative step (its gradient is reversed
back): the two copies are the recurrent layers themselves, nothing is reimplemented.
Parameters: twice the wrapped layer's.
"""

from __future__ import annotations

from typing import Any

from axone.core.ops import add, concat, getitem, mul
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.recurrent import Recurrent

MERGE_MODES = ("concat", "sum", "mul", "ave", None)
_REVERSE_TIME = (slice(None), slice(None, None, -1))


@registry.register
class Bidirectional(Layer):
    r"""Runs ``layer`` forwards and a copy of it backwards over the sequence, and merges the two.

    Args:
        layer: a ``SimpleRNN``, ``LSTM`` or ``GRU`` (not yet built); it becomes the forward layer,
            renamed ``forward_<name>``.
        merge_mode: "concat" (default), "sum", "mul", "ave" or None.
        backward_layer: the backward layer; by default a copy of ``layer``'s configuration
            (``backward_<name>``, with weights of its own).

    Shape:
        $(N, T, F) \to (N, 2u)$ with "concat" ($(N, T, 2u)$ with ``return_sequences``).

    Example:
        >>> import axone as ax, numpy as np
        >>> layer = ax.layers.Bidirectional(ax.layers.LSTM(3, name="lstm"))
        >>> layer(np.zeros((2, 5, 4), "float32")).shape, [l.name for l in layer.sublayers()]
        ((2, 6), ['forward_lstm', 'backward_lstm'])
    """

    def __init__(self, layer: Any, *, merge_mode: str | None = "concat", backward_layer: Any = None, **kwargs: Any):
        super().__init__(**kwargs)
        where = f"layer '{self.name}' (Bidirectional)"
        if merge_mode not in MERGE_MODES:
            raise ValueError(f"{where}: merge_mode must be one of {list(MERGE_MODES)}, got {merge_mode!r}")
        for role, inner in (("layer", layer), ("backward_layer", backward_layer)):
            if inner is None and role == "backward_layer":
                continue
            if not isinstance(inner, Recurrent):
                raise TypeError(f"{where}: {role} must be a SimpleRNN, LSTM or GRU, got {type(inner).__name__}")
            if inner.built:
                raise ValueError(f"{where}: {role} '{inner.name}' is already built; wrap a new recurrent layer")
            if inner.return_state:
                raise ValueError(f"{where}: {role} with return_state=True is not supported; its output only is merged")
        self.merge_mode = merge_mode
        if backward_layer is None:
            config = {**layer.get_config(), "name": "backward_" + _base_name(layer.name)}
            backward_layer = type(layer).from_config(config)
        if backward_layer.return_sequences != layer.return_sequences:
            raise ValueError(f"{where}: the forward and backward layers must agree on return_sequences")
        layer.name = layer.name if layer.name.startswith("forward_") else "forward_" + layer.name
        self.forward_layer, self.backward_layer = layer, backward_layer
        self.return_sequences = layer.return_sequences

    def build_for(self, input_shape: tuple) -> None:
        self.forward_layer.build_for(input_shape)
        self.backward_layer.build_for(input_shape)
        self.input_shape = self.forward_layer.input_shape
        self.built = True

    def check_input(self, shape: tuple) -> None:
        self.forward_layer.check_input(shape)

    def call(self, x: Tensor, training: bool = False) -> Any:
        forward = self.forward_layer(x, training)
        backward = self.backward_layer(getitem(x, _REVERSE_TIME), training)
        if self.return_sequences:
            backward = getitem(backward, _REVERSE_TIME)  # back in time order: step t with step t
        if self.merge_mode == "concat":
            return concat([forward, backward], axis=-1)
        if self.merge_mode == "sum":
            return add(forward, backward)
        if self.merge_mode == "mul":
            return mul(forward, backward)
        if self.merge_mode == "ave":
            return add(forward, backward) * 0.5
        return [forward, backward]

    def compute_output_shape(self, input_shape: tuple) -> Any:
        one = self.forward_layer.compute_output_shape(input_shape)
        if self.merge_mode is None:
            return [one, self.backward_layer.compute_output_shape(input_shape)]
        if self.merge_mode == "concat":
            return (*one[:-1], one[-1] + self.backward_layer.units)
        return one

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "layer": registry.serialize(self.forward_layer),
            "merge_mode": self.merge_mode,
            "backward_layer": registry.serialize(self.backward_layer),
        }

    @classmethod
    def from_config(cls, config: dict) -> "Bidirectional":
        config = dict(config)
        config["layer"] = registry.deserialize(config["layer"])
        if config.get("backward_layer") is not None:
            config["backward_layer"] = registry.deserialize(config["backward_layer"])
        return cls(**config)

    def formula(self) -> list[str]:
        merge = {"concat": "[hf, hb]", "sum": "hf + hb", "mul": "hf * hb", "ave": "(hf + hb) / 2", None: "[hf], [hb]"}
        return [
            f"hf = {self.forward_layer.name}(x1..xT)",
            f"hb = {self.backward_layer.name}(xT..x1)",
            f"y = {merge[self.merge_mode]}",
        ]


def _base_name(name: str) -> str:
    return name[len("forward_") :] if name.startswith("forward_") else name
