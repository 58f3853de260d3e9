r"""The backward pass: reverse-mode automatic differentiation over the recorded graph.

For an output $L$ and every node $u = f(v_1, \dots, v_n)$, the chain rule gives
$\frac{\partial L}{\partial v_i} \mathrel{+}= \frac{\partial L}{\partial u} \frac{\partial u}{\partial v_i}$:
nodes are visited so that every consumer comes before its inputs, each op's ``backward`` turns
the gradient of its output into gradients of its inputs, and a tensor used several times
(fan-out) sums the contributions. The loop is iterative: a chain of 100,000 ops never hits
Python's recursion limit.

Decisions (see docs/design.md): the graph is kept after ``backward()`` (it is freed when its
output is dropped), so a second ``backward()`` on the same graph accumulates into ``.grad`` again,
as PyTorch does with ``retain_graph=True``.
"""

from __future__ import annotations

import contextlib
import heapq
from typing import Any

import numpy as np

from axone.core import state
from axone.core.backend import as_array
from axone.core.tensor import Tensor


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, back to ``shape``.

    Example:
        >>> unbroadcast(np.ones((4, 3)), (3,))
        array([4., 4., 4.])
    """
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad.reshape(shape)


def propagate(root: Tensor, seed: np.ndarray, stop: set[int] = frozenset(), recorded: Any = None) -> dict:
    """``{id(leaf): (leaf, gradient)}``: the gradients of ``root`` (seeded with ``seed``) where the pass stops.

    The next node expanded is always the newest one still waiting (a heap on the creation
    number, ``Op.seq``): all of its consumers were expanded before it, so its gradient is complete.
    A tensor whose id is in ``stop`` is a leaf here; with ``recorded`` (a tape's set of node ids)
    only nodes created inside the tape's block are followed. Gradients of intermediate tensors are
    dropped once used.
    """
    trace = state.current.tracing
    grads = {id(root): seed}
    leaves = {}

    def followed(tensor: Tensor) -> bool:
        node = tensor._ctx
        return node is not None and id(tensor) not in stop and (recorded is None or id(node) in recorded)

    waiting = [(-root._ctx.seq, root)] if followed(root) else []  # seqs are unique: tensors never compared
    if not waiting:
        leaves[id(root)] = root
    while waiting:
        _, tensor = heapq.heappop(waiting)
        node, grad_out = tensor._ctx, grads.pop(id(tensor))
        grads_in = [None if g is None else as_array(g) for g in node.backward(node, grad_out)]
        if trace is not None:
            trace.record_backward(node, grad_out, grads_in)
        for parent, grad in zip(node.parents, grads_in):
            if grad is None or not parent.requires_grad:
                continue
            if grad.shape != parent.data.shape:
                reduced = unbroadcast(grad, parent.data.shape)
                if trace is not None:
                    trace.record_call(unbroadcast, (grad, parent.data.shape), reduced)
                grad = reduced
            key = id(parent)
            if key in grads:  # fan-out
                grads[key] = add_gradients(grads[key], grad)
                continue
            grads[key] = grad
            if followed(parent):
                heapq.heappush(waiting, (-parent._ctx.seq, parent))
            else:
                leaves[key] = parent
    return {key: (leaf, grads[key]) for key, leaf in leaves.items()}


def add_gradients(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a + b``, out of place (an op may hand one array to two inputs): two paths to one tensor."""
    total = a + b
    trace = state.current.tracing
    if trace is not None:
        trace.record_call(np.add, (a, b), total)
    return total


def _seed(output: Tensor, grad: Any, who: str) -> np.ndarray:
    """The upstream gradient of ``output``: ``grad`` checked, or ones (a scalar's is 1)."""
    trace = state.current.tracing
    if grad is None:
        seed = np.ones_like(output.data)
        if trace is not None:
            trace.record_call(np.ones_like, (output.data,), seed)
        return seed
    grad = np.asarray(grad.data if isinstance(grad, Tensor) else grad, dtype=output.data.dtype)
    if grad.shape != output.data.shape:
        raise ValueError(f"{who}: gradient of shape {grad.shape} for an output of shape {output.shape}")
    if trace is not None:
        trace.record_constant(grad)
    return grad


def backward(output: Tensor, grad: Any = None) -> None:
    """Accumulate d(output)/d(leaf) into ``leaf.grad`` for every leaf that requires grad."""
    if not output.requires_grad:
        raise RuntimeError(
            "backward() on a tensor that does not require gradients: no input had "
            "requires_grad=True (use ax.Variable or Tensor(..., requires_grad=True)), "
            "or it was computed under no_grad()"
        )
    if grad is None and output.data.size != 1:
        raise RuntimeError(
            f"backward() on a tensor of shape {output.shape} needs the upstream gradient: "
            "call out.backward(grad) or reduce it first (out.sum().backward())"
        )
    seed = _seed(output, grad, "backward()")
    for leaf, g in propagate(output, seed).values():
        leaf.accumulate_grad(g)


def gradients(output: Tensor, inputs: list[Tensor], grad: Any = None, recorded: Any = None) -> list:
    """d(output)/d(input) for each input as arrays (None where unconnected); no ``.grad`` touched.

    A non-scalar output gives the gradient of its sum (as TF), unless ``grad`` is given.
    """
    if not output.requires_grad:
        return [None for _ in inputs]
    seed = _seed(output, grad, "gradient()")
    found = propagate(output, seed, {id(t) for t in inputs}, recorded)
    return [found[id(t)][1] if id(t) in found else None for t in inputs]


class no_grad(contextlib.ContextDecorator):
    """Inside this block (or decorated function) no graph is recorded: ops give plain results.

    Per thread: another thread keeps recording.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable(2.0)
        >>> with ax.no_grad():
        ...     y = w * 3
        >>> y.requires_grad
        False
    """

    enabled = False

    def __enter__(self) -> "no_grad":
        mode = state.current
        self._previous, mode.grad_enabled = mode.grad_enabled, self.enabled
        return self

    def __exit__(self, *exc: Any) -> None:
        state.current.grad_enabled = self._previous


class enable_grad(no_grad):
    """Record the graph again inside a ``no_grad`` block."""

    enabled = True


def is_grad_enabled() -> bool:
    return state.current.grad_enabled
