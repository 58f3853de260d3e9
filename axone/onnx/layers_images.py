r"""Converters of Conv2D and the pooling layers: axone's channels-last images in ONNX's channels-first ops.

axone's images are $(N, H, W, C)$ and its kernels $(k_h, k_w, C_{in}, \text{filters})$ (Keras's
layouts); ONNX's ``Conv``, ``MaxPool`` and ``AveragePool`` work on $(N, C, H, W)$ with kernels
$(\text{filters}, C_{in}, k_h, k_w)$. Each layer is therefore written as
``Transpose(0, 3, 1, 2)`` -> the op -> ``Transpose(0, 2, 3, 1)``, with the kernel permuted
$(3, 2, 0, 1)$ once, when the file is written. "same" padding (output $\lceil H / s \rceil$ rows, an odd padding's extra row at
the bottom: TensorFlow's rule, which axone follows) is written as explicit pads, or as ONNX's
``SAME_UPPER``, the same rule, when the image size is free and the stride is not 1; average pooling leaves the padded cells out of the count
(``count_include_pad=0``), as axone and Keras.
"""

from __future__ import annotations

import numpy as np

from axone.core.ops.conv import resolve_padding
from axone.layers import AveragePooling2D, Conv2D, GlobalAveragePooling2D, MaxPooling2D
from axone.onnx.convert import activation, converter, describe
from axone.onnx.graph import ExportError, Graph

TO_CHANNELS_FIRST = [0, 3, 1, 2]
TO_CHANNELS_LAST = [0, 2, 3, 1]


def _padding(padding: object, shape: tuple, window: tuple, stride: tuple, layer: object) -> dict:
    """ONNX's padding attributes for axone's padding spec on images of ``shape`` (N, H, W, C).

    Explicit pads whenever they are known when the file is written: always for "valid" and given
    pads, and for "same" when the image size is known or the stride is 1 (the padding is then
    $k - 1$ whatever the size). Otherwise "same" is ``SAME_UPPER``, computed by the runtime.
    """
    size = shape[1:3]
    if padding == "same" and None in size:
        if all(s == 1 for s in stride):
            size = (1, 1)  # with stride 1 the padding does not depend on the size
        elif any(w != k for w, k in zip(window, getattr(layer, "kernel_size", window))):
            raise ExportError(
                f"{describe(layer)} cannot be exported to ONNX: 'same' padding with strides {stride} and a "
                "dilation on images of unknown size; give the model an Input with the image size"
            )
        else:
            return {"auto_pad": "SAME_UPPER"}
    (top, bottom), (left, right) = resolve_padding(padding, size, window, stride, describe(layer))
    return {"pads": [top, left, bottom, right]}  # ONNX: all the starts, then all the ends


def _channels_first(graph: Graph, x: str, where: str) -> str:
    return graph.node("Transpose", [x], f"{where}/to_nchw", perm=TO_CHANNELS_FIRST)


def _channels_last(graph: Graph, y: str, where: str) -> str:
    return graph.node("Transpose", [y], f"{where}/to_nhwc", perm=TO_CHANNELS_LAST)


@converter(Conv2D)
def conv2d(graph: Graph, layer: Conv2D, x: str, shape: tuple) -> str:
    where = layer.name
    inputs = [
        _channels_first(graph, x, where),
        graph.constant(np.transpose(layer.kernel.data, (3, 2, 0, 1)), f"{where}/kernel"),
    ]
    if layer.bias is not None:
        inputs.append(graph.constant(layer.bias.data, f"{where}/bias"))
    z = graph.node(
        "Conv",
        inputs,
        f"{where}/conv",
        kernel_shape=list(layer.kernel_size),
        strides=list(layer.strides),
        dilations=list(layer.dilation_rate),
        **_padding(layer.padding, shape, layer.window, layer.strides, layer),
    )
    return activation(graph, layer, layer.activation, _channels_last(graph, z, where))


def _pooling(graph: Graph, layer: MaxPooling2D | AveragePooling2D, x: str, shape: tuple, op: str, **extra: int) -> str:
    where = layer.name
    y = graph.node(
        op,
        [_channels_first(graph, x, where)],
        f"{where}/pool",
        kernel_shape=list(layer.pool_size),
        strides=list(layer.strides),
        **_padding(layer.padding, shape, layer.pool_size, layer.strides, layer),
        **extra,
    )
    return _channels_last(graph, y, where)


@converter(MaxPooling2D)
def max_pooling(graph: Graph, layer: MaxPooling2D, x: str, shape: tuple) -> str:
    return _pooling(graph, layer, x, shape, "MaxPool")


@converter(AveragePooling2D)
def average_pooling(graph: Graph, layer: AveragePooling2D, x: str, shape: tuple) -> str:
    return _pooling(graph, layer, x, shape, "AveragePool", count_include_pad=0)


@converter(GlobalAveragePooling2D)
def global_average_pooling(graph: Graph, layer: GlobalAveragePooling2D, x: str, shape: tuple) -> str:
    # the mean over H and W, directly on channels-last images: (N, H, W, C) -> (N, C)
    return graph.node("ReduceMean", [x], f"{layer.name}/mean", axes=[1, 2], keepdims=0)
