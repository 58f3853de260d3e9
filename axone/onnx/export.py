"""``export(model, path)``: an axone model as an ONNX file, checked by ``onnx.checker``, written atomically.

The steps: every layer is looked up in the converters' table (all the layers that cannot be
exported are named in one error, before anything is built); the graph is built in memory;
``onnx.checker`` (with shape inference) must accept it; only then is the file written, through
the same atomic write as ``.axone`` files (a temporary file beside the target, then a rename), so
a refused model leaves no file and an interrupted export leaves the old one intact.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from axone.io.archive import atomic_write
from axone.layers.base import Layer
from axone.onnx import layers_basic, layers_images, layers_recurrent, layers_torch  # noqa: F401 - they fill the table
from axone.onnx.convert import convert, describe, supported_names, unsupported
from axone.onnx.graph import OPSET, ExportError, Graph
from axone.onnx.layers_graph import run_graph
from axone.training.functional import Functional


def build(model: Layer, input_shape: tuple | None = None, dtype: Any = "float32") -> Any:
    """The ``onnx.ModelProto`` of ``model`` (checked by ``onnx.checker``), without writing anything.

    Args:
        model: a Sequential or functional model (``ax.Model(inputs=, outputs=)``), or a single layer,
            built (after an ``Input`` or a first call); or an ``ax.nn`` network (give ``input_shape``).
        input_shape: the input's shape with the batch first (None for free sizes); by default the
            shape the model was built for, with a free batch size.
        dtype: the float type of the file's inputs, outputs and weights (float32 by default, the
            type every ONNX runtime supports; a float64 model's weights are rounded to it).
    """
    from axone.nn.module import Module

    torch_face = isinstance(model, Module)
    if not isinstance(model, Layer) and not torch_face:
        raise TypeError(f"ax.onnx.export takes an axone model, layer or ax.nn module, got {type(model).__name__}")
    if torch_face and input_shape is None:
        raise ExportError(
            f"{describe(model)} does not know its input shape (an ax.nn module builds nothing ahead): give "
            "input_shape=, e.g. ax.onnx.export(net, 'm.onnx', input_shape=(None, 1, 28, 28)), as torch.onnx.export "
            "needs an example input"
        )
    refused = unsupported(model)
    if refused:
        raise ExportError(
            f"cannot export {describe(model)} to ONNX: {', '.join(refused)} "
            f"{'has' if len(refused) == 1 else 'have'} no ONNX converter. Exportable: {', '.join(supported_names())}; "
            "a subclassed Model's call() is Python code and cannot be exported (write it as a Sequential or "
            "with ax.Model(inputs=, outputs=))"
        )
    graph = Graph(np.dtype(dtype))
    if type(model) is Functional:  # its own inputs and outputs, named after their layers when several
        inputs = [(_io_name(model.inputs, i, "input"), t.shape) for i, t in enumerate(model.inputs)]
        for name, _ in inputs:
            graph.reserve(name)
        out_names = [_io_name(model.outputs, i, "output", model.output_names) for i in range(len(model.outputs))]
        for name in out_names:
            graph.reserve(name)
        results = run_graph(graph, model, [name for name, _ in inputs])
    else:
        shape = tuple(input_shape) if input_shape is not None else model.input_shape
        if not getattr(model, "built", True) or shape is None:
            raise ExportError(
                f"{describe(model)} is not built yet, so its input shape is unknown: start it with "
                "ax.Input(shape), call it once on data, or give input_shape="
            )
        shape = (None,) + tuple(shape[1:])
        if not torch_face:
            _build_sublayers(model, shape)
        inputs, out_names = [(graph.reserve("input"), shape)], [graph.reserve("output")]
        results = [convert(graph, model, "input", shape)]
    for (value, _), name in zip(results, out_names):
        graph.output(value, name)
    outputs = [(name, shape) for (_, shape), name in zip(results, out_names)]
    proto = graph.model(inputs, outputs, getattr(model, "name", type(model).__name__))
    graph.onnx.checker.check_model(proto, full_check=True)
    return proto


def _io_name(tensors: list, i: int, single: str, names: list[str] | None = None) -> str:
    """``input``/``output`` for a model with one, else the layer's name (Keras's names for a model's I/O)."""
    if len(tensors) == 1:
        return single
    return names[i] if names is not None else tensors[i].layer.name


def _build_sublayers(model: Layer, shape: tuple) -> None:
    """Layers that build on their first call (a Sequential inside a Sequential) are built by one call on zeros."""
    from axone.core.engine import no_grad

    def all_built(layer: Layer) -> bool:
        return layer.built and all(all_built(child) for child in layer.sublayers())

    if not all_built(model):
        with no_grad():
            model(np.zeros(tuple(1 if d is None else d for d in shape), dtype=model.dtype), training=False)


def export(model: Layer, path: Any, input_shape: tuple | None = None, dtype: Any = "float32") -> Path:
    """Write ``model`` to the ONNX file ``path`` (opset 17) and return the path.

    The file has one input ``input`` and one output ``output`` (a functional model with several
    has one per ``ax.Input`` and per output, named after their layers), batch first, with axone's layouts
    (channels-last images, batch-first sequences), so the same arrays go to ``model.predict`` and
    to ``onnxruntime``. See ``build`` for the arguments and docs/onnx.md for the layer table.

    Raises:
        ExportError (a ValueError): a layer without converter, a custom activation, a recurrent
            layer with ``return_state=True``, or a model not built yet; nothing is written then.

    Example:
        >>> import os, tempfile
        >>> import axone as ax
        >>> model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(3, activation="tanh"), ax.layers.Dense(1)])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = ax.onnx.export(model, os.path.join(folder, "m.onnx"))
        ...     print(path.name, path.stat().st_size > 0)
        m.onnx True
    """
    proto = build(model, input_shape=input_shape, dtype=dtype)
    data = proto.SerializeToString()
    atomic_write(path, lambda handle: handle.write(data))
    return Path(path)


__all__ = ["OPSET", "ExportError", "build", "export"]
