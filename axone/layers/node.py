r"""Symbolic tensors: what ``ax.Input`` and a layer called on it return, to build a functional graph.

Keras's functional API describes a network by calling layers on *symbolic* tensors, which hold a
shape but no numbers: ``x = Dense(64)(inputs)`` builds the layer for ``inputs``' shape and records
one **node**, (layer, the symbolic tensors it was called on). ``ax.Model(inputs=, outputs=)`` then
walks the nodes back from the outputs (``axone.training.functional``). Calling a layer on a
symbolic tensor computes nothing; it builds the layer and checks the shapes at once, so a
mismatch is reported where the graph is written.

Example:
    >>> import axone as ax
    >>> inputs = ax.Input(shape=(4,))
    >>> hidden = ax.layers.Dense(3, name="hidden")(inputs)
    >>> hidden.shape, hidden.layer.name, [t.layer.name for t in hidden.inbound][0].startswith("input")
    ((None, 3), 'hidden', True)
"""

from __future__ import annotations

from typing import Any

import numpy as np


class SymbolicTensor:
    """The output of one layer call in a graph being described (Keras's ``KerasTensor``).

    Attributes:
        shape: the shape, batch first as ``None``.
        dtype: the dtype of the values it will hold.
        layer: the layer whose call produced it (an ``Input`` for a graph input).
        inbound: the symbolic tensors that call received (empty for an input).
        listed: whether the call received a list (a merge layer) rather than one tensor.
    """

    def __init__(self, shape: tuple, dtype: Any, layer: Any, inbound: list["SymbolicTensor"], listed: bool = False):
        self.shape = tuple(shape)
        self.listed = listed  # the layer was called on a list (a merge layer), even of one tensor
        self.dtype = np.dtype(dtype)
        self.layer = layer
        self.inbound = list(inbound)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def name(self) -> str:
        return self.layer.name

    def __repr__(self) -> str:
        return f"<SymbolicTensor shape={self.shape} dtype={self.dtype.name} from layer {self.layer.name!r}>"

    def __array__(self, *args: Any, **kwargs: Any) -> np.ndarray:
        raise TypeError(
            f"the symbolic tensor from layer '{self.layer.name}' holds no values: it describes a graph. "
            "Build the model with ax.Model(inputs=..., outputs=...) and call the model on arrays"
        )

    def __bool__(self) -> bool:
        raise TypeError(f"the symbolic tensor from layer '{self.layer.name}' has no truth value: it holds no values")


def symbolic_of(value: Any) -> Any:
    """``value`` with every ``Input`` layer replaced by its symbolic tensor (lists kept as lists)."""
    if isinstance(value, (list, tuple)):
        return [symbolic_of(v) for v in value]
    return getattr(value, "symbolic", value)


def is_symbolic(value: Any) -> bool:
    """Whether ``value`` (or any item of a list) is a symbolic tensor or an ``Input`` layer."""
    if isinstance(value, (list, tuple)):
        return any(is_symbolic(v) for v in value)
    return isinstance(value, SymbolicTensor) or isinstance(getattr(value, "symbolic", None), SymbolicTensor)


def symbolic_call(layer: Any, value: Any, **kwargs: Any) -> SymbolicTensor:
    """Record ``layer`` called on symbolic ``value`` (one tensor, or a list for a merge layer):
    the layer is built for the input's shape (or its input checked), the output shape computed."""
    if kwargs:
        raise TypeError(
            f"layer '{layer.name}' ({type(layer).__name__}): keyword arguments {sorted(kwargs)} cannot be "
            "recorded in a functional graph; call the layer on the symbolic tensor alone"
        )
    value = symbolic_of(value)
    inbound = value if isinstance(value, list) else [value]
    if not all(isinstance(v, SymbolicTensor) for v in inbound):
        kinds = ", ".join(type(v).__name__ for v in inbound)
        raise TypeError(
            f"layer '{layer.name}' ({type(layer).__name__}) was called on a mix of symbolic tensors and "
            f"values ({kinds}); in a functional graph every input comes from ax.Input or another layer"
        )
    shapes = [v.shape for v in inbound]
    shape: Any = shapes if isinstance(value, list) else shapes[0]
    if not layer.built:
        layer.build_for(shape)
    else:
        layer.check_input(_probe(shape))
    out_shape = layer.compute_output_shape(shape)
    if isinstance(out_shape, list):
        raise TypeError(
            f"layer '{layer.name}' ({type(layer).__name__}) returns {len(out_shape)} tensors, which a functional "
            "graph does not hold yet (one output per layer call): use return_state=False, merge_mode='concat', "
            "or a subclassed ax.Model for this layer"
        )
    out = SymbolicTensor(out_shape, layer.dtype, layer, inbound, listed=isinstance(value, list))
    vars(layer).setdefault("output", out)  # Keras's ``layer.output``: the output of its first call in a graph
    return out


def _probe(shape: Any) -> Any:
    """A concrete shape to check (an unknown size read as 1)."""
    if isinstance(shape, list):
        return [_probe(s) for s in shape]
    return tuple(1 if d is None else d for d in shape)
