"""The Op base class: one differentiable primitive, forward and derivative side by side.

An op subclass writes two static methods::

    forward(ctx, *arrays, **options) -> array     # NumPy in, NumPy out
    backward(ctx, grad_out) -> tuple of arrays     # one gradient (or None) per input

``ctx`` is the op instance itself: it is also the graph node, holding the input tensors
(``ctx.parents``) and whatever ``forward`` saved with ``ctx.save(...)``. ``Op.apply`` runs
``forward`` on the inputs' arrays and, when a gradient may be needed, links the output to the node.
Gradients returned by ``backward`` may have the broadcast shape: the engine reduces them to each
input's shape in one place (``engine.unbroadcast``), so ops never do.

Example:
    >>> import axone as ax
    >>> from axone.core.op import Op
    >>> class Cube(Op):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save(x)
    ...         return x ** 3
    ...     @staticmethod
    ...     def backward(ctx, grad_out):
    ...         (x,) = ctx.saved
    ...         return (grad_out * 3 * x ** 2,)
    >>> x = ax.Variable(2.0)
    >>> Cube.apply(x).backward(); float(x.grad)
    12.0
"""

from __future__ import annotations

import itertools
from itertools import repeat
from operator import attrgetter
from typing import Any

from axone.core import state
from axone.core.backend import as_array
from axone.core.tensor import Tensor, as_tensor, constant

# Every node gets the next creation number. A consumer is always created after its inputs, so
# the newest node first is an order in which every consumer comes before its inputs: the
# backward pass needs no separate topological sort (see ``engine.propagate``).
_creation_numbers = itertools.count()
_data, _requires_grad = attrgetter("data"), attrgetter("requires_grad")


class Op:
    """Base of every differentiable primitive (see the module docstring)."""

    __slots__ = ("parents", "saved", "seq", "__dict__")

    parents: tuple[Tensor, ...]
    saved: tuple[Any, ...]
    seq: int

    def save(self, *values: Any) -> None:
        """Keep values (arrays, shapes) for ``backward``."""
        self.saved = values

    @staticmethod
    def forward(ctx: "Op", *arrays: Any, **options: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    @staticmethod
    def backward(ctx: "Op", grad_out: Any) -> tuple[Any, ...]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def apply(cls, *inputs: Any, **options: Any) -> Tensor:
        """Run the op on tensors (or values made tensors) and record the node if needed.

        ``options`` are constants (axes, shapes, targets): they go to ``forward`` as keywords and
        get no gradient. Integer results (indices, comparisons) are never differentiated.
        """
        if not all(map(isinstance, inputs, repeat(Tensor))):  # numbers become constant tensors
            inputs = tuple(map(as_tensor, inputs, repeat(inputs)))
        ctx = cls()
        data = as_array(cls.forward(ctx, *map(_data, inputs), **options))
        out = constant(data)
        mode = state.current
        if mode.tracing is not None:  # ax.function is recording a plan
            mode.tracing.record_forward(ctx, inputs, options, data)
        if mode.grad_enabled and data.dtype.kind in "fc" and any(map(_requires_grad, inputs)):
            ctx.parents = inputs
            ctx.seq = next(_creation_numbers)
            out._ctx = ctx
            out.requires_grad = True
            for tape in mode.tapes:
                tape.record(ctx)
        return out
