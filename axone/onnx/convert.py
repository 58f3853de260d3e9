"""The table of converters: one function per layer class, and the course's activations as ONNX nodes.

A converter is ``convert(graph, layer, x, shape) -> y``: it appends the nodes that compute the
layer on the value named ``x`` (of axone shape ``shape``, batch first, ``None`` for sizes known
only at run time) and returns the name of the result. Layers are looked up by their exact class:
a subclass may override ``call``, so it is refused rather than exported as its parent.
``unsupported(model)`` lists every layer that cannot be exported, so that a refusal names them
all before any node is built or any file written.
"""

from __future__ import annotations

from typing import Any, Callable

from axone import activations
from axone.layers.base import Layer
from axone.onnx.graph import ExportError, Graph

Converter = Callable[[Graph, Any, str, tuple], str]
CONVERTERS: dict[type, Converter] = {}
CONTAINERS: dict[type, Callable[[Any], list[Layer]]] = {}  # class -> its sub-layers, checked in turn


def converter(cls: type, children: Callable[[Any], list[Layer]] | None = None) -> Callable[[Converter], Converter]:
    """Register the converter of ``cls`` (and, for a layer that holds layers, how to find them)."""

    def register(function: Converter) -> Converter:
        CONVERTERS[cls] = function
        if children is not None:
            CONTAINERS[cls] = children
        return function

    return register


def describe(layer: Any) -> str:
    """``layer 'dense_1' (Dense)``; an ``ax.nn`` module has no name: ``module ReLU``."""
    if not hasattr(layer, "name"):
        return f"module {type(layer).__name__}"
    return f"layer '{layer.name}' ({type(layer).__name__})"


def unsupported(layer: Any) -> list[str]:
    """The layers under ``layer`` (itself included) that have no converter, described by name."""
    if type(layer) not in CONVERTERS:
        return [describe(layer)]
    found = []
    for child in CONTAINERS.get(type(layer), lambda _: [])(layer):
        found += unsupported(child)
    return found


def supported_names() -> list[str]:
    return sorted(cls.__name__ for cls in CONVERTERS)


def convert(graph: Graph, layer: Any, x: str, shape: tuple) -> tuple[str, tuple]:
    """The output name and shape of ``layer`` on ``x``; ``ExportError`` naming the layer if it cannot be written."""
    if type(layer) not in CONVERTERS:
        raise ExportError(
            f"{describe(layer)} cannot be exported to ONNX: no converter for {type(layer).__name__}. "
            f"Exportable layers: {', '.join(supported_names())}"
        )
    if not getattr(layer, "built", True):
        raise ExportError(
            f"{describe(layer)} is not built yet: call the model once on data (or start it with an Input)"
        )
    y = CONVERTERS[type(layer)](graph, layer, x, shape)
    if hasattr(layer, "compute_output_shape"):
        return y, tuple(layer.compute_output_shape(shape))
    return y, probed_shape(layer, shape)


def probed_shape(module: Any, shape: tuple) -> tuple:
    """The output shape of an ``ax.nn`` module (which computes none), found by running it on zeros for two
    sizes of each free dimension: a dimension that changes with them is free (None) in the output too."""
    import numpy as np

    from axone.core.engine import no_grad

    modes = [(m, m.training) for m in module.modules()]
    outputs = []
    try:
        module.eval()  # no running statistics updated, no dropout
        with no_grad():
            for size in (2, 3):
                outputs.append(module(np.zeros([size if d is None else d for d in shape], dtype=np.float32)).shape)
    finally:
        for m, mode in modes:
            object.__setattr__(m, "training", mode)
    return tuple(a if a == b else None for a, b in zip(*outputs))


# ---- the course's activations ----------------------------------------------------------------------
def _step(graph: Graph, z: str, where: str) -> str:
    # 1 if z >= 0 else 0, in the graph's float type
    zero = graph.constant(0.0, f"{where}/zero")
    return graph.node("Cast", [graph.node("GreaterOrEqual", [z, zero], f"{where}/step")], to=graph.elem_type)


def _softplus(graph: Graph, z: str, where: str) -> str:
    # ln(1 + e^z) as max(z, 0) + ln(1 + e^-|z|): finite for every z, as axone's own
    one = graph.constant(1.0, f"{where}/one")
    tail = graph.node("Exp", [graph.node("Neg", [graph.node("Abs", [z], f"{where}/abs")], f"{where}/neg")])
    return graph.node("Add", [graph.node("Relu", [z]), graph.node("Log", [graph.node("Add", [one, tail])])])


ACTIVATIONS: dict[str, Callable[[Graph, str, str], str]] = {
    "linear": lambda graph, z, where: z,
    "relu": lambda graph, z, where: graph.node("Relu", [z], f"{where}/relu"),
    "sigmoid": lambda graph, z, where: graph.node("Sigmoid", [z], f"{where}/sigmoid"),
    "tanh": lambda graph, z, where: graph.node("Tanh", [z], f"{where}/tanh"),
    "softmax": lambda graph, z, where: graph.node("Softmax", [z], f"{where}/softmax", axis=-1),
    "leaky_relu": lambda graph, z, where: graph.node("LeakyRelu", [z], f"{where}/leaky_relu", alpha=0.01),
    "elu": lambda graph, z, where: graph.node("Elu", [z], f"{where}/elu", alpha=1.0),
    "softplus": _softplus,
    "step": _step,
}


def activation(graph: Graph, layer: Any, function: Any, z: str) -> str:
    """``function(z)`` as ONNX nodes, for one of the course's activations; a custom function is refused."""
    try:
        name = activations.name_of(function)
    except ValueError:
        raise ExportError(
            f"{describe(layer)} cannot be exported to ONNX: its activation "
            f"{getattr(function, '__name__', function)!r} is a Python function, not one of axone's named "
            f"activations ({', '.join(sorted(ACTIVATIONS))})"
        ) from None
    return ACTIVATIONS[name](graph, z, layer.name)
