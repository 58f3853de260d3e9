r"""The functional API: a model as a graph of layer calls (Keras's ``keras.Model(inputs, outputs)``).

Layers called on ``ax.Input`` and on each other's outputs record nodes (``axone.layers.node``);
``ax.Model(inputs=..., outputs=...)`` walks them back from the outputs and keeps them in an order
where every node comes after the nodes it reads (topological). Calling the model runs the nodes
in that order: $y = f_L(\dots)$ for a chain, and any directed acyclic graph otherwise: several
inputs and outputs, branches joined by ``Add``/``Concatenate``/``Multiply``, a layer shared by
several nodes (one set of weights, its gradients summed over the nodes that use it).

The model file stores the graph as plain JSON: ``layers`` (each once, by registered class name),
``nodes`` (``{"layer": i, "inputs": j | [j, k] | null}``, each reading earlier nodes only),
and the node indices of ``inputs`` and ``outputs``.

Example:
    >>> import axone as ax
    >>> inputs = ax.Input(shape=(4,))
    >>> x = ax.layers.Dense(8, activation="relu")(inputs)
    >>> outputs = ax.layers.Dense(2)(x)
    >>> model = ax.Model(inputs=inputs, outputs=outputs)
    >>> model.predict([[1.0, 2.0, 3.0, 4.0]]).shape, model.count_params()
    ((1, 2), 58)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.input import Input
from axone.layers.node import SymbolicTensor, is_symbolic, symbolic_of
from axone.training.model import Model


@registry.register
class Functional(Model):
    """A model defined by its inputs and outputs (built by ``ax.Model(inputs=..., outputs=...)``).

    Args:
        inputs: an ``ax.Input``, or a list of them (the order of the arrays ``fit`` and ``predict`` take).
        outputs: the symbolic tensor of the last layer, or a list of them (one loss each).
        name: the model's name (``functional``, ``functional_1``... by default).
    """

    config_is_graph = True  # the model file validates its config as a graph (axone.io.graph)

    def __init__(self, inputs: Any = None, outputs: Any = None, *, name: str | None = None, **kwargs: Any):
        super().__init__(name=name, **kwargs)
        if inputs is None or outputs is None:
            raise ValueError(
                f"model '{self.name}': a functional model needs inputs= and outputs=, "
                "e.g. ax.Model(inputs=ax.Input((2,)), outputs=...)"
            )
        if isinstance(inputs, dict):
            raise TypeError(
                f"model '{self.name}': inputs as a dict is not supported; pass a list: the data are then named "
                "by the Input layers' names (fit({'name': array, ...}) works)"
            )
        # outputs as a dict (Keras 3): its keys name the outputs, and the model returns a dict
        self._output_keys = list(outputs) if isinstance(outputs, dict) else None
        if self._output_keys is not None:
            if not self._output_keys or not all(isinstance(k, str) and k for k in self._output_keys):
                raise TypeError(f"model '{self.name}': a dict of outputs needs non-empty string keys")
            outputs = list(outputs.values())
        self._listed = (isinstance(inputs, (list, tuple)), isinstance(outputs, (list, tuple)))
        self._inputs = [self._graph_input(t) for t in (inputs if self._listed[0] else [inputs])]
        self._outputs = [self._graph_output(t) for t in (outputs if self._listed[1] else [outputs])]
        if not self._inputs or not self._outputs:
            raise ValueError(f"model '{self.name}': inputs and outputs must not be empty lists")
        self._nodes = _topological(self._inputs, self._outputs, self.name)
        layers: list[Layer] = []
        for t in self._nodes:
            if all(t.layer is not known for known in layers):
                layers.append(t.layer)
        self._graph_layers = layers  # not ``_layers``: fit runs a Sequential's ``_layers`` as a chain
        self.input_names = [t.layer.name for t in self._inputs]
        self.output_names = self._output_keys or _unique([t.layer.name for t in self._outputs])
        shapes = [t.shape for t in self._inputs]
        self.input_shape = shapes if self._listed[0] else shapes[0]
        self.built = True

    def _graph_input(self, value: Any) -> SymbolicTensor:
        t = symbolic_of(value)
        if not isinstance(t, SymbolicTensor) or not isinstance(t.layer, Input) or t.inbound:
            raise TypeError(
                f"model '{self.name}': inputs must be ax.Input(...) objects, got {type(value).__name__}"
                + (f" from layer '{t.layer.name}'" if isinstance(t, SymbolicTensor) else "")
            )
        return t

    def _graph_output(self, value: Any) -> SymbolicTensor:
        t = symbolic_of(value)
        if not isinstance(t, SymbolicTensor):
            raise TypeError(
                f"model '{self.name}': outputs must be the results of layers called on ax.Input (symbolic "
                f"tensors), got {type(value).__name__}"
            )
        return t

    @property
    def layers(self) -> list[Layer]:
        """Every layer of the graph once, ``Input`` layers included, in the order they run (as Keras)."""
        return list(self._graph_layers)

    @property
    def inputs(self) -> list[SymbolicTensor]:
        return list(self._inputs)

    @property
    def outputs(self) -> list[SymbolicTensor]:
        return list(self._outputs)

    @property
    def output_shape(self) -> Any:
        shapes = [t.shape for t in self._outputs]
        return shapes if self._listed[1] else shapes[0]

    def data_structure(self) -> tuple[list[str] | None, list[str] | None]:
        """The names of the inputs and of the outputs when there are several (None for one)."""
        several = len(self._outputs) > 1 or self._output_keys is not None
        return (self.input_names if len(self._inputs) > 1 else None, self.output_names if several else None)

    def connections(self) -> dict[int, list[str]]:
        """For ``summary()``: each layer's inbound nodes, as Keras prints them (``dense[0][0]``)."""
        calls: dict[int, int] = {}
        position: dict[int, str] = {}
        found: dict[int, list[str]] = {}
        for t in self._nodes:
            k = calls.get(id(t.layer), 0)
            calls[id(t.layer)] = k + 1
            position[id(t)] = f"{t.layer.name}[{k}][0]"
            found.setdefault(id(t.layer), []).extend(position[id(i)] for i in t.inbound)
        return found

    def node_shapes(self) -> dict[int, tuple]:
        """For ``summary()``: each layer's output shape (its first call's)."""
        shapes: dict[int, tuple] = {}
        for t in self._nodes:
            shapes.setdefault(id(t.layer), t.shape)
        return shapes

    # ---- running the graph -----------------------------------------------------------------------
    def __call__(self, x: Any, training: bool | None = None, **kwargs: Any) -> Any:
        if is_symbolic(x):
            if len(self._outputs) > 1 or len(self._inputs) > 1 or self._output_keys is not None:
                raise TypeError(
                    f"model '{self.name}': a model with several inputs or outputs cannot be called inside another "
                    "graph; call its layers instead"
                )
            return Layer.__call__(self, x, **kwargs)
        values = _gather(x, self.input_names, self.name) if len(self._inputs) > 1 else [x]
        tensors = [v if isinstance(v, Tensor) else Tensor(np.asarray(v, dtype=self.dtype)) for v in values]
        return self.call(
            tensors if len(tensors) > 1 else tensors[0], training=self.training if training is None else training
        )

    def call(self, x: Any, training: bool = False) -> Any:
        xs = x if isinstance(x, (list, tuple)) else [x]
        if len(xs) != len(self._inputs):
            raise ValueError(f"model '{self.name}' has {len(self._inputs)} inputs, received {len(xs)} tensors")
        values: dict[int, Tensor] = {}
        for t, v in zip(self._inputs, xs):
            values[id(t)] = t.layer(v, training)  # the Input checks the shape, naming itself
        for t in self._nodes:
            if id(t) in values:
                continue
            args = [values[id(i)] for i in t.inbound]
            values[id(t)] = t.layer(args if t.listed else args[0], training)
        outs = [values[id(t)] for t in self._outputs]
        if self._output_keys is not None:
            return dict(zip(self._output_keys, outs))
        return outs if self._listed[1] else outs[0]

    def check_input(self, shape: tuple) -> None:
        if len(self._inputs) == 1:
            self._inputs[0].layer.check_input(shape)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return (input_shape[0],) + tuple(self._outputs[0].shape[1:]) if len(self._outputs) == 1 else self.output_shape

    def get_build_config(self) -> dict | None:
        return None  # built from its graph, at construction

    # ---- config ----------------------------------------------------------------------------------
    def get_config(self) -> dict:
        index = {id(layer): i for i, layer in enumerate(self._graph_layers)}
        node_index = {id(t): k for k, t in enumerate(self._nodes)}
        nodes = []
        for t in self._nodes:
            refs = [node_index[id(i)] for i in t.inbound]
            inputs: Any = None if not t.inbound else (refs if t.listed else refs[0])
            nodes.append({"layer": index[id(t.layer)], "inputs": inputs})
        ins = [node_index[id(t)] for t in self._inputs]
        outs = [node_index[id(t)] for t in self._outputs]
        return {
            **Layer.get_config(self),
            "layers": [registry.serialize(layer) for layer in self._graph_layers],
            "nodes": nodes,
            "inputs": ins if self._listed[0] else ins[0],
            "outputs": dict(zip(self._output_keys, outs))
            if self._output_keys
            else outs
            if self._listed[1]
            else outs[0],
        }

    @classmethod
    def from_config(cls, config: dict) -> "Functional":
        """Rebuild the layers, then replay the nodes in order (the graph was validated by ``axone.io``)."""
        layers = [registry.deserialize(spec) for spec in config["layers"]]
        tensors: list[SymbolicTensor] = []
        for k, node in enumerate(config["nodes"]):
            layer, refs = layers[node["layer"]], node["inputs"]
            if refs is None:
                if not isinstance(layer, Input):
                    raise ValueError(f"Functional config: nodes[{k}] has no inputs but its layer is not an Input")
                tensors.append(layer.symbolic)
            else:
                try:
                    tensors.append(layer([tensors[i] for i in refs] if isinstance(refs, list) else tensors[refs]))
                except (ValueError, TypeError) as exc:  # the node's shapes do not fit its layer
                    raise ValueError(f"Functional config: nodes[{k}] (layer '{layer.name}'): {exc}") from None

        def pick(refs: Any) -> Any:
            if isinstance(refs, dict):
                return {key: tensors[i] for key, i in refs.items()}
            return [tensors[i] for i in refs] if isinstance(refs, list) else tensors[refs]

        return cls(
            pick(config["inputs"]),
            pick(config["outputs"]),
            name=config.get("name"),
            trainable=config.get("trainable", True),
            dtype=config.get("dtype"),
        )


def _gather(x: Any, names: list[str], model: str) -> list:
    from axone.training.nested import gather

    return gather(x, names, f"model '{model}' inputs")


def _unique(names: list[str]) -> list[str]:
    """Output names, ``name``, ``name_1``... when one layer gives several outputs."""
    out: list[str] = []
    for name in names:
        out.append(name if name not in out else f"{name}_{sum(n.startswith(name) for n in out)}")
    return out


def _topological(inputs: list[SymbolicTensor], outputs: list[SymbolicTensor], model: str) -> list[SymbolicTensor]:
    """Every node the outputs depend on, each after the nodes it reads (an iterative depth-first walk)."""
    given = {id(t) for t in inputs}
    order: list[SymbolicTensor] = list(inputs)
    done = set(given)
    for out in outputs:
        stack: list[tuple[SymbolicTensor, bool]] = [(out, False)]
        while stack:
            t, expanded = stack.pop()
            if id(t) in done:
                continue
            if expanded:
                done.add(id(t))
                order.append(t)
                continue
            if not t.inbound:
                raise ValueError(
                    f"model '{model}': graph disconnected: the outputs need the input '{t.layer.name}' "
                    f"(shape {t.shape}), which is not in inputs=[{', '.join(i.layer.name for i in inputs)}]; "
                    "add it to the model's inputs"
                )
            stack.append((t, True))
            stack.extend((i, False) for i in reversed(t.inbound) if id(i) not in done)
    return order
