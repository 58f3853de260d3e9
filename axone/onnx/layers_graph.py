r"""Converters of the functional API: the merge layers, and a ``Functional`` model's graph of layer calls.

A functional model (``ax.Model(inputs=..., outputs=...)``) is a directed acyclic graph of layer
calls recorded as symbolic tensors (``axone.layers.node``). It is written node by node, each
after the nodes it reads (the order is found here from the outputs, through each symbolic
tensor's ``inbound``), with the same converters as a ``Sequential``'s layers; a layer shared by
two calls is written twice with the same weights. Its inputs and outputs become the ONNX graph's
(``export`` names them). ``Add`` and ``Multiply`` are ONNX's ``Add`` and ``Mul`` in turn,
$y = x_1 + x_2 + \dots$ as axone sums them; ``Concatenate`` is ``Concat`` along the same axis.
"""

from __future__ import annotations

from typing import Any

from axone.layers.merge import Add, Concatenate, Multiply
from axone.onnx.convert import convert, converter, describe
from axone.onnx.graph import ExportError, Graph
from axone.training.functional import Functional


@converter(Add)
def add(graph: Graph, layer: Add, xs: list[str], shapes: list) -> str:
    y = xs[0]
    for x in xs[1:]:
        y = graph.node("Add", [y, x], f"{layer.name}/add")
    return y


@converter(Multiply)
def multiply(graph: Graph, layer: Multiply, xs: list[str], shapes: list) -> str:
    y = xs[0]
    for x in xs[1:]:
        y = graph.node("Mul", [y, x], f"{layer.name}/mul")
    return y


@converter(Concatenate)
def concatenate(graph: Graph, layer: Concatenate, xs: list[str], shapes: list) -> str:
    return graph.node("Concat", xs, f"{layer.name}/concat", axis=layer._axis(len(shapes[0])))


def calls_in_order(model: Functional) -> list[Any]:
    """The symbolic tensors from the inputs to the outputs, each after those it reads (depth first)."""
    order: list[Any] = []
    done: set[int] = set()
    for output in model.outputs:
        stack = [(output, False)]
        while stack:
            t, expanded = stack.pop()
            if id(t) in done:
                continue
            if expanded:
                done.add(id(t))
                order.append(t)
                continue
            stack.append((t, True))
            stack.extend((i, False) for i in reversed(t.inbound) if id(i) not in done)
    return order


def run_graph(graph: Graph, model: Functional, inputs: list[str]) -> list[tuple[str, tuple]]:
    """The ONNX values and shapes of ``model``'s outputs, computed from the graph inputs ``inputs``."""
    values: dict[int, tuple[str, tuple]] = {id(t): (name, t.shape) for t, name in zip(model.inputs, inputs)}
    for t in calls_in_order(model):
        if id(t) in values:
            continue
        if not t.inbound:
            raise ExportError(f"{describe(t.layer)}: an input of model '{model.name}' is not among its inputs")
        names = [values[id(i)][0] for i in t.inbound]
        shapes = [values[id(i)][1] for i in t.inbound]
        x, shape = (names, shapes) if t.listed else (names[0], shapes[0])
        values[id(t)] = convert(graph, t.layer, x, shape)
    return [values[id(t)] for t in model.outputs]


@converter(Functional, children=lambda model: model.layers)
def functional(graph: Graph, model: Functional, x: str, shape: tuple) -> str:
    # a functional model used as one layer (inside a Sequential): one input, one output
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        raise ExportError(
            f"{describe(model)} has {len(model.inputs)} inputs and {len(model.outputs)} outputs: it can be exported "
            "by itself, not as one layer of another model"
        )
    return run_graph(graph, model, [x])[0][0]
