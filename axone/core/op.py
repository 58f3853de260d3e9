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
from typing import Any

from axone.core import state
from axone.core.tensor import Tensor, as_tensor

_new_tensor = object.__new__
# creation order of the nodes, counting down: a consumer is always created after its inputs, so
# it has a smaller number, and the backward pass (a heap on this number) meets it first
_next_seq = itertools.count(0, -1).__next__


class Op:
    """Base of every differentiable primitive (see the module docstring).

    ``parents``, ``saved`` and ``seq`` (the creation number, see ``engine.propagate``) are slots;
    an op may still set other attributes on ``ctx`` (shapes, axes), which go to the instance
    ``__dict__``.
    """

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

        This is the engine's hot path (one call per op): the one- and two-input cases are
        spelled out to save Python calls, and nothing is validated here.
        """
        ctx = _new_tensor(cls)
        n = len(inputs)
        if n == 2:
            a, b = inputs
            if not (isinstance(a, Tensor) and isinstance(b, Tensor)):
                inputs = a, b = (as_tensor(a, inputs), as_tensor(b, inputs))
            if options:
                data = cls.forward(ctx, a.data, b.data, **options)
            else:
                data = cls.forward(ctx, a.data, b.data)
            needs = a.requires_grad or b.requires_grad
        elif n == 1:
            a = inputs[0]
            if not isinstance(a, Tensor):
                inputs = (a := as_tensor(a),)
            if options:
                data = cls.forward(ctx, a.data, **options)
            else:
                data = cls.forward(ctx, a.data)
            needs = a.requires_grad
        elif n == 3 and not options:  # a dense layer's x, W, b
            a, b, c = inputs
            if not (isinstance(a, Tensor) and isinstance(b, Tensor) and isinstance(c, Tensor)):
                inputs = a, b, c = tuple(as_tensor(x, inputs) for x in inputs)
            data = cls.forward(ctx, a.data, b.data, c.data)
            needs = a.requires_grad or b.requires_grad or c.requires_grad
        else:
            for x in inputs:
                if not isinstance(x, Tensor):
                    inputs = tuple(as_tensor(x, inputs) for x in inputs)
                    break
            data = cls.forward(ctx, *[t.data for t in inputs], **options)
            needs = any(t.requires_grad for t in inputs)
        out = _new_tensor(Tensor)
        out.data = data
        out.grad = None
        out.name = None
        # integer results (indices, casts to int, comparisons) are never differentiated
        if needs and state.grad_enabled and data.dtype.kind in "fc":
            ctx.parents = inputs
            ctx.seq = _next_seq()
            out._ctx = ctx
            out.requires_grad = True
            if state.tapes:
                state.record(ctx)
            return out
        out._ctx = None
        out.requires_grad = False
        return out


def apply_unary(cls: type[Op], a: Any, *constants: Any) -> Tensor:
    """``cls.apply(a)`` for an op of one input, with fewer Python steps.

    The operators and op functions on the hot path (``-x``, ``sigmoid``, ``x ** 2``...) call it:
    no keyword packing, no class-method binding (about 0.1 µs of the 0.4 µs an op costs).
    ``constants`` (no gradient: the targets and weights of the fused softmax cross-entropy) go to
    ``forward`` positionally, in its order. The output's linking is spelled out here, in
    :func:`apply_binary` and in ``Op.apply`` rather than shared: a shared helper measured 4% slower
    per op on the ``overhead`` and ``xor`` benchmarks.
    """
    if not isinstance(a, Tensor):
        a = as_tensor(a)
    ctx = _new_tensor(cls)
    data = cls.forward(ctx, a.data, *constants)
    out = _new_tensor(Tensor)
    out.data = data
    out.grad = None
    out.name = None
    if a.requires_grad and state.grad_enabled and data.dtype.kind in "fc":
        ctx.parents = (a,)
        ctx.seq = _next_seq()
        out._ctx = ctx
        out.requires_grad = True
        if state.tapes:
            state.record(ctx)
        return out
    out._ctx = None
    out.requires_grad = False
    return out


def apply_binary(cls: type[Op], a: Any, b: Any) -> Tensor:
    """``cls.apply(a, b)`` for an op of two inputs and no options (see :func:`apply_unary`)."""
    if not (isinstance(a, Tensor) and isinstance(b, Tensor)):
        pair = (a, b)
        a, b = as_tensor(a, pair), as_tensor(b, pair)
    ctx = _new_tensor(cls)
    data = cls.forward(ctx, a.data, b.data)
    out = _new_tensor(Tensor)
    out.data = data
    out.grad = None
    out.name = None
    if (a.requires_grad or b.requires_grad) and state.grad_enabled and data.dtype.kind in "fc":
        ctx.parents = (a, b)
        ctx.seq = _next_seq()
        out._ctx = ctx
        out.requires_grad = True
        if state.tapes:
            state.record(ctx)
        return out
    out._ctx = None
    out.requires_grad = False
    return out
