"""The Op base class: one differentiable primitive, forward and derivative side by side.

An op subclass writes two static methods::

    forward(ctx, *arrays, **options) -> array     # NumPy in, NumPy out
    backward(ctx, grad_out) -> tuple of arrays     # one gradient (or None) per input

``ctx`` is the op instance itself: it is also the graph node, holding the input tensors
(``ctx.parents``) and whatever ``forward`` saved with ``ctx.save(...)``. ``Op.apply`` runs
``forward`` on the inputs' arrays and, when a gradient may be needed, links the output to the node.
Gradients returned by ``backward`` may have the broadcast shape: the engine reduces them to each
input's shape in one place (``engine.unbroadcast``), so ops never do.
"""

from __future__ import annotations

from typing import Any

from axone.core import state
from axone.core.tensor import Tensor, as_tensor


class Op:
    """Base of every differentiable primitive (see the module docstring)."""

    parents: tuple[Tensor, ...]
    saved: tuple[Any, ...]

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
        """Run the op on tensors (or values made tensors) and record the node if needed."""
        tensors = tuple(x if isinstance(x, Tensor) else as_tensor(x, like=inputs) for x in inputs)
        ctx = cls()
        data = cls.forward(ctx, *[t.data for t in tensors], **options)
        out = Tensor.__new__(Tensor)
        out.data = data
        out.grad = None
        out._ctx = None
        out.requires_grad = False
        if state.grad_enabled:
            needs = False
            for t in tensors:
                if t.requires_grad:
                    needs = True
                    break
            if not needs and state.tapes:
                needs = state.watched_by_tape(tensors)
            if needs:
                ctx.parents = tensors
                out._ctx = ctx
                out.requires_grad = True
                if state.tapes:
                    state.record(ctx)
        return out
