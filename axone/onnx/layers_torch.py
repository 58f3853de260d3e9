r"""Converters of the PyTorch face (``ax.nn``): its modules keep torch's layouts, which are ONNX's.

``ax.nn.Linear`` holds ``weight`` (out, in), so $y = x W^\top + b$ is a ``Gemm`` with
``transB=1`` (as ``torch.onnx`` writes it); ``Conv2d``, ``MaxPool2d`` and ``AvgPool2d`` take
(N, C, H, W) images and a (out, in, kh, kw) kernel, ONNX's own layouts, so no ``Transpose`` is
needed; ``BatchNorm1d``/``2d`` normalise along axis 1. A module knows no input shape: give one,
``ax.onnx.export(net, "m.onnx", input_shape=(None, 1, 28, 28))``, as ``torch.onnx.export`` needs
an example input. Dropout is the identity (the file is for inference, whatever ``net.training``).
"""

from __future__ import annotations

import numpy as np

from axone.nn import (
    ELU,
    AvgPool2d,
    BatchNorm1d,
    BatchNorm2d,
    Conv2d,
    Dropout,
    Flatten,
    Identity,
    LeakyReLU,
    Linear,
    MaxPool2d,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Softplus,
    Tanh,
)
from axone.onnx.convert import ACTIVATIONS, convert, converter, describe
from axone.onnx.graph import ExportError, Graph
from axone.onnx.layers_basic import batch_norm_affine


def _where(module: object) -> str:
    return type(module).__name__.lower()


@converter(Sequential, children=lambda net: list(net))
def sequential(graph: Graph, net: Sequential, x: str, shape: tuple) -> str:
    for module in net:
        x, shape = convert(graph, module, x, shape)
    return x


@converter(Linear)
def linear(graph: Graph, module: Linear, x: str, shape: tuple) -> str:
    where = _where(module)
    weight = graph.constant(module.weight.data, f"{where}/weight")
    if len(shape) != 2:  # Gemm is 2-d only: (N, ..., in) goes through MatMul with W^T
        z = graph.node("MatMul", [x, graph.constant(module.weight.data.T, f"{where}/weight_t")], f"{where}/matmul")
        return z if module.bias is None else graph.node("Add", [z, graph.constant(module.bias.data, f"{where}/bias")])
    inputs = [x, weight] + ([graph.constant(module.bias.data, f"{where}/bias")] if module.bias is not None else [])
    return graph.node("Gemm", inputs, f"{where}/gemm", transB=1)


@converter(Identity)
@converter(Dropout)
def identity(graph: Graph, module: object, x: str, shape: tuple) -> str:
    return graph.node("Identity", [x], f"{_where(module)}/inference")


@converter(Flatten)
def flatten(graph: Graph, module: Flatten, x: str, shape: tuple) -> str:
    if module.start_dim != 1 or module.end_dim not in (-1, len(shape) - 1):
        raise ExportError(
            f"{describe(module)}: only Flatten(start_dim=1, end_dim=-1) is exported, got {module.start_dim}, {module.end_dim}"
        )
    return graph.node("Flatten", [x], "flatten", axis=1)


for _module, _name in ((ReLU, "relu"), (Tanh, "tanh"), (Sigmoid, "sigmoid")):
    converter(_module)(lambda graph, module, x, shape, name=_name: ACTIVATIONS[name](graph, x, _where(module)))


@converter(LeakyReLU)
def leaky_relu(graph: Graph, module: LeakyReLU, x: str, shape: tuple) -> str:
    return graph.node("LeakyRelu", [x], "leaky_relu", alpha=float(module.negative_slope))


@converter(ELU)
def elu(graph: Graph, module: ELU, x: str, shape: tuple) -> str:
    return graph.node("Elu", [x], "elu", alpha=float(module.alpha))


@converter(Softplus)
def softplus(graph: Graph, module: Softplus, x: str, shape: tuple) -> str:
    if module.beta != 1.0:
        raise ExportError(f"{describe(module)}: only beta=1 is exported, got beta={module.beta}")
    return ACTIVATIONS["softplus"](graph, x, "softplus")


@converter(Softmax)
def softmax(graph: Graph, module: Softmax, x: str, shape: tuple) -> str:
    if module.dim is None:
        raise ExportError(f"{describe(module)}: give Softmax(dim=...) to export it (torch guesses dim=None)")
    return graph.node("Softmax", [x], "softmax", axis=int(module.dim))


def _pair(value: object) -> list[int]:
    return [int(value), int(value)] if isinstance(value, (int, np.integer)) else [int(v) for v in value]


@converter(Conv2d)
def conv2d(graph: Graph, module: Conv2d, x: str, shape: tuple) -> str:
    where = _where(module)
    padding = module.padding
    if isinstance(padding, str):
        if padding == "same":  # torch's: stride 1, the extra row of an odd padding at the end
            totals = [d * (k - 1) for k, d in zip(module.kernel_size, module.dilation)]
            pads = [t // 2 for t in totals] + [t - t // 2 for t in totals]
        else:
            pads = [0, 0, 0, 0]
    else:
        pads = _pair(padding) * 2
    inputs = [x, graph.constant(module.weight.data, f"{where}/weight")]
    if module.bias is not None:
        inputs.append(graph.constant(module.bias.data, f"{where}/bias"))
    return graph.node(
        "Conv",
        inputs,
        f"{where}/conv",
        kernel_shape=list(module.kernel_size),
        strides=list(module.stride),
        dilations=list(module.dilation),
        pads=pads,
    )


def _pool(graph: Graph, module: MaxPool2d, x: str, op: str) -> str:
    if _pair(module.padding) != [0, 0]:
        raise ExportError(f"{describe(module)}: only padding=0 is exported, got {module.padding!r}")
    stride = module.stride if module.stride is not None else module.kernel_size
    return graph.node(op, [x], _where(module), kernel_shape=_pair(module.kernel_size), strides=_pair(stride))


@converter(MaxPool2d)
def max_pool(graph: Graph, module: MaxPool2d, x: str, shape: tuple) -> str:
    return _pool(graph, module, x, "MaxPool")


@converter(AvgPool2d)
def avg_pool(graph: Graph, module: AvgPool2d, x: str, shape: tuple) -> str:
    return _pool(graph, module, x, "AveragePool")


@converter(BatchNorm1d)
@converter(BatchNorm2d)
def batch_norm(graph: Graph, module: BatchNorm2d, x: str, shape: tuple) -> str:
    return batch_norm_affine(graph, module.layer, x, len(shape), 1, _where(module))
