"""Graph: the ONNX graph being written, one node at a time, with ``onnx.helper`` (no hand-written protobuf).

The converters (``layers_*.py``) call ``graph.node("MatMul", [x, w])`` and get back the name of the
node's output; weights become initializers with ``graph.constant(array, "dense/kernel")``. Names are
made unique here, so that two layers may both ask for ``"kernel"``. ``model()`` returns the
``onnx.ModelProto``; nothing is written to disk in this file.
"""

from __future__ import annotations

from typing import Any

import numpy as np

OPSET = 17  # supported by every onnxruntime since 1.13; Squeeze/Unsqueeze take axes as inputs since 13
IR_VERSION = 8  # the IR of opset 17: readable by older runtimes than onnx's newest IR


class ExportError(ValueError):
    """A model, or one of its layers, that cannot be written as ONNX (raised before anything is written)."""


def require(package: str) -> Any:
    """The optional package ``package`` (onnx, onnxruntime), or an ImportError that says how to install it."""
    try:
        if package == "onnx":
            import onnx

            return onnx
        if package == "onnxruntime":
            import onnxruntime

            return onnxruntime
    except ImportError:
        raise ImportError(f"ONNX export needs the {package} package: pip install 'axone[onnx]'") from None
    raise ValueError(f"require(): ONNX export knows the packages onnx and onnxruntime, not {package!r}")


class Graph:
    """Nodes, initializers and unique names of one ONNX graph, in float ``dtype``."""

    def __init__(self, dtype: Any = np.float32):
        onnx = require("onnx")
        self.onnx = onnx
        self.dtype = np.dtype(dtype)
        self.elem_type = onnx.helper.np_dtype_to_tensor_dtype(self.dtype)
        self.nodes: list = []
        self.initializers: list = []
        self._used: set[str] = set()
        self._constants: dict[tuple, str] = {}

    def name(self, base: str) -> str:
        """``base``, or ``base_1``, ``base_2``... if taken: every value of the graph has its own name."""
        base = base.replace(" ", "_")
        candidate, n = base, 0
        while candidate in self._used:
            n += 1
            candidate = f"{base}_{n}"
        self._used.add(candidate)
        return candidate

    def constant(self, array: Any, name: str, dtype: Any = None) -> str:
        """An initializer holding ``array`` (in the graph's float dtype unless ``dtype`` is given)."""
        array = np.ascontiguousarray(np.asarray(array, dtype=dtype or self.dtype))
        name = self.name(name)
        self.initializers.append(self.onnx.numpy_helper.from_array(array, name))
        return name

    def ints(self, values: list[int], name: str = "shape") -> str:
        """An int64 constant (shapes, axes, slice bounds), shared between the nodes that use the same values."""
        key = (name, tuple(int(v) for v in values))
        if key not in self._constants:
            self._constants[key] = self.constant(np.array(values, dtype=np.int64), name, dtype=np.int64)
        return self._constants[key]

    def node(self, op: str, inputs: list[str], name: str | None = None, outputs: int = 1, **attributes: Any) -> Any:
        """Append node ``op`` on ``inputs``; returns its output's name (a list of names if ``outputs > 1``).

        An empty string in ``inputs`` is ONNX's "optional input left out".
        """
        base = name or op.lower()
        names = [self.name(base if i == 0 else f"{base}_out{i}") for i in range(outputs)]
        self.nodes.append(self.onnx.helper.make_node(op, inputs, names, name=self.name(f"{base}_node"), **attributes))
        return names[0] if outputs == 1 else names

    def reserve(self, name: str) -> str:
        """Take ``name`` exactly (a graph input or output), or an ``ExportError`` if a value already has it."""
        if name in self._used:
            raise ExportError(f"two inputs or outputs of the ONNX graph would be named {name!r}: rename a layer")
        self._used.add(name)
        return name

    def output(self, value: str, name: str) -> None:
        """Expose ``value`` as the graph output ``name`` (reserved beforehand)."""
        self.nodes.append(self.onnx.helper.make_node("Identity", [value], [name], name=self.name(f"{name}_node")))

    def model(self, inputs: list[tuple[str, tuple]], outputs: list[tuple[str, tuple]], title: str) -> Any:
        """The ``ModelProto`` with these (name, shape) inputs and outputs (None dims become named, dynamic)."""
        helper = self.onnx.helper

        def values(pairs: list, prefix: str) -> list:
            return [
                helper.make_tensor_value_info(name, self.elem_type, _dims(shape, prefix if len(pairs) == 1 else name))
                for name, shape in pairs
            ]

        graph = helper.make_graph(
            self.nodes, title, values(inputs, "input"), values(outputs, "output"), initializer=self.initializers
        )
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="axone", ir_version=IR_VERSION
        )
        from axone import __version__

        model.producer_version = __version__
        return model


def _dims(shape: tuple, prefix: str) -> list:
    """ONNX dims: an int where the size is fixed, a name (``batch``, ``input_dim_1``...) where it is not."""
    return [("batch" if i == 0 else f"{prefix}_dim_{i}") if d is None else int(d) for i, d in enumerate(shape)]
