r"""Converters of the dense layers, the normalisations and the containers (Sequential, Residual, TimeDistributed).

Each computes what the layer's ``call`` computes at inference, with the layer's own weights and
constants: Dense is $z = x W + b$ with the kernel as axone keeps it, $(n_{in}, n_{out})$ (a
``MatMul``, not ONNX's ``Gemm`` and its transposed weight); BatchNormalization is the inference
affine map $(x - \mu_{mov}) / \sqrt{\sigma^2_{mov} + \epsilon} \cdot \gamma + \beta$ with the same
constants axone computes in NumPy; Dropout is the identity.
"""

from __future__ import annotations

import numpy as np

from axone.layers import (
    Activation,
    BatchNormalization,
    Dense,
    Dropout,
    Flatten,
    Normalization,
    Residual,
    TimeDistributed,
)
from axone.layers.input import Input
from axone.layers.normalization import EPSILON
from axone.onnx.convert import activation, convert, converter
from axone.onnx.graph import Graph
from axone.training.sequential import Sequential


@converter(Dense)
def dense(graph: Graph, layer: Dense, x: str, shape: tuple) -> str:
    z = graph.node("MatMul", [x, graph.constant(layer.kernel.data, f"{layer.name}/kernel")], f"{layer.name}/matmul")
    if layer.bias is not None:
        z = graph.node("Add", [z, graph.constant(layer.bias.data, f"{layer.name}/bias")], f"{layer.name}/add")
    return activation(graph, layer, layer.activation, z)


@converter(Activation)
def activation_layer(graph: Graph, layer: Activation, x: str, shape: tuple) -> str:
    return activation(graph, layer, layer.activation, x)


@converter(Dropout)
def dropout(graph: Graph, layer: Dropout, x: str, shape: tuple) -> str:
    return graph.node("Identity", [x], f"{layer.name}/inference")  # dropout is the identity at inference


@converter(Input)
def input_layer(graph: Graph, layer: Input, x: str, shape: tuple) -> str:
    return x


@converter(Flatten)
def flatten(graph: Graph, layer: Flatten, x: str, shape: tuple) -> str:
    # row-major over (H, W, C): the order axone's reshape gives, as the next Dense kernel expects
    return graph.node("Flatten", [x], f"{layer.name}/flatten", axis=1)


def _broadcast(values: np.ndarray, ndim: int, axis: int) -> np.ndarray:
    """A per-feature vector shaped to broadcast along ``axis`` of an ``ndim`` input, as the layers do."""
    return values.reshape((values.shape[0],) + (1,) * (ndim - 1 - axis))


@converter(Normalization)
def normalization(graph: Graph, layer: Normalization, x: str, shape: tuple) -> str:
    mean, var = layer.mean.data, layer.variance.data
    scale = 1 / np.maximum(np.sqrt(var), EPSILON).astype(var.dtype)  # the constants of Normalization.call
    ndim, axis = len(shape), layer._axis
    centred = graph.node("Sub", [x, graph.constant(_broadcast(mean, ndim, axis), f"{layer.name}/mean")])
    return graph.node("Mul", [centred, graph.constant(_broadcast(scale, ndim, axis), f"{layer.name}/scale")])


@converter(BatchNormalization)
def batch_normalization(graph: Graph, layer: BatchNormalization, x: str, shape: tuple) -> str:
    return batch_norm_affine(graph, layer, x, len(shape), layer._axis, layer.name)


def batch_norm_affine(graph: Graph, layer: BatchNormalization, x: str, ndim: int, axis: int, where: str) -> str:
    """The inference map of ``layer`` along ``axis`` of an ``ndim`` input (also ``ax.nn.BatchNorm2d``'s, axis 1)."""
    moving_var = layer.moving_variance.data
    inv = 1 / np.sqrt(moving_var + np.asarray(layer.epsilon, dtype=moving_var.dtype))  # as BatchNormalization.call
    shaped = lambda values, name: graph.constant(_broadcast(values, ndim, axis), f"{where}/{name}")
    y = graph.node("Sub", [x, shaped(layer.moving_mean.data, "moving_mean")], f"{where}/centre")
    y = graph.node("Mul", [y, shaped(inv, "inv_std")], f"{where}/scale")
    if layer.gamma is not None:
        y = graph.node("Mul", [y, shaped(layer.gamma.data, "gamma")], f"{where}/gamma")
    if layer.beta is not None:
        y = graph.node("Add", [y, shaped(layer.beta.data, "beta")], f"{where}/beta")
    return y


def chain(graph: Graph, layers: list, x: str, shape: tuple) -> tuple[str, tuple]:
    """The layers applied in turn: the output name and shape."""
    for layer in layers:
        x, shape = convert(graph, layer, x, shape)
    return x, shape


@converter(Sequential, children=lambda model: model.layers)
def sequential(graph: Graph, model: Sequential, x: str, shape: tuple) -> str:
    return chain(graph, model.layers, x, shape)[0]


@converter(Residual, children=lambda layer: layer.block)
def residual(graph: Graph, layer: Residual, x: str, shape: tuple) -> str:
    f, _ = chain(graph, layer.block, x, shape)
    return graph.node("Add", [f, x], f"{layer.name}/skip")  # y = F(x) + x


@converter(TimeDistributed, children=lambda layer: [layer.layer])
def time_distributed(graph: Graph, layer: TimeDistributed, x: str, shape: tuple) -> str:
    # (N, T, ...) -> (N*T, ...) -> the layer -> (N, T, ...): the reshapes of TimeDistributed.call,
    # with the sizes read at run time (N and T are free)
    where = layer.name
    x_shape = graph.node("Shape", [x], f"{where}/shape")
    steps = graph.node("Slice", [x_shape, graph.ints([0]), graph.ints([2])], f"{where}/batch_steps")
    rest = graph.node("Slice", [x_shape, graph.ints([2]), graph.ints([len(shape)])], f"{where}/rest")
    flat_shape = graph.node("Concat", [graph.ints([-1]), rest], f"{where}/flat_shape", axis=0)
    flat = graph.node("Reshape", [x, flat_shape], f"{where}/flatten_steps")
    y, inner = convert(graph, layer.layer, flat, (None,) + tuple(shape[2:]))
    y_shape = graph.node("Shape", [y], f"{where}/inner_shape")
    y_rest = graph.node("Slice", [y_shape, graph.ints([1]), graph.ints([len(inner)])], f"{where}/inner_rest")
    out_shape = graph.node("Concat", [steps, y_rest], f"{where}/out_shape", axis=0)
    return graph.node("Reshape", [y, out_shape], f"{where}/unflatten_steps")
