r"""The backward pass: reverse-mode automatic differentiation over the recorded graph.

For an output $L$ and every node $u = f(v_1, \dots, v_n)$, the chain rule gives
$\frac{\partial L}{\partial v_i} \mathrel{+}= \frac{\partial L}{\partial u} \frac{\partial u}{\partial v_i}$:
nodes are visited in reverse topological order (every consumer before its inputs), each op's
``backward`` turns the gradient of its output into gradients of its inputs, and a tensor used
several times (fan-out) sums the contributions. The order is computed with an explicit stack,
so a chain of 100,000 ops never hits Python's recursion limit.

Decisions (see docs/design.md): the graph is kept after ``backward()`` (it is freed when its
output is dropped), so a second ``backward()`` on the same graph is allowed and accumulates
into ``.grad`` again, as PyTorch does with ``retain_graph=True``.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any, Callable

import numpy as np

from axone.core import state
from axone.core.tensor import Tensor, constant


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, back to ``shape``.

    Example:
        >>> unbroadcast(np.ones((4, 3)), (3,))
        array([4., 4., 4.])
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad.reshape(shape)


def topological_order(
    root: Tensor, stop: set[int], recorded: set[int] | None, leaves: list[Tensor] | None = None
) -> list[Tensor]:
    """Non-leaf tensors reachable from ``root``, inputs before the tensors computed from them.

    A depth-first search with an explicit stack (no recursion): a tensor is pushed to be
    expanded, then once more under its parents to be finished (appended) after all of them.

    A tensor whose id is in ``stop`` is treated as a leaf; with ``recorded`` (a tape), only
    nodes created inside the tape's block are followed. The leaves met are appended to ``leaves``.
    """
    order: list[Tensor] = []
    visited: set[int] = set()
    stack: list[tuple[Tensor, bool]] = [(root, False)]
    while stack:
        tensor, expanded = stack.pop()
        if expanded:
            order.append(tensor)
            continue
        key = id(tensor)
        if key in visited:
            continue
        visited.add(key)
        ctx = tensor._ctx
        if ctx is None or key in stop or (recorded is not None and id(ctx) not in recorded):
            if leaves is not None:
                leaves.append(tensor)
            continue
        stack.append((tensor, True))
        for parent in ctx.parents:
            if parent.requires_grad and id(parent) not in visited:
                stack.append((parent, False))
    return order


def propagate(
    root: Tensor,
    grad: np.ndarray,
    stop: set[int] = frozenset(),
    recorded: set[int] | None = None,
    leaves: list[Tensor] | None = None,
) -> dict[int, np.ndarray]:
    """Gradients of ``root`` (seeded with ``grad``) for every tensor reached, keyed by ``id``.

    Gradients of intermediate tensors are dropped once used; leaves and ``stop`` tensors keep
    theirs in the returned dict.
    """
    grads: dict[int, np.ndarray] = {id(root): grad}
    pop, get = grads.pop, grads.get
    order = topological_order(root, stop, recorded, leaves)
    for i in range(len(order) - 1, -1, -1):
        tensor = order[i]
        grad_out = pop(id(tensor), None)
        if grad_out is None:
            continue
        ctx = tensor._ctx
        for parent, g in zip(ctx.parents, ctx.backward(ctx, grad_out)):
            if g is None or not parent.requires_grad:
                continue
            shape = parent.data.shape
            if g.shape != shape:
                g = unbroadcast(g, shape)
            key = id(parent)
            previous = get(key)
            # out of place: an op may hand the same array to two inputs (Add does)
            grads[key] = g if previous is None else previous + g
    return grads


def _seed_grad(output: Tensor, grad: Any) -> np.ndarray:
    if grad is None:
        if output.data.size != 1:
            raise RuntimeError(
                f"backward() on a tensor of shape {output.shape} needs the upstream gradient: "
                "call out.backward(grad) or reduce it first (out.sum().backward())"
            )
        data = output.data
        return np.array(1, dtype=data.dtype) if data.ndim == 0 else np.ones(data.shape, dtype=data.dtype)
    grad = grad.data if isinstance(grad, Tensor) else np.asarray(grad, dtype=output.data.dtype)
    if grad.shape != output.data.shape:
        raise ValueError(f"backward(): gradient of shape {grad.shape} for an output of shape {output.shape}")
    return grad


def backward(output: Tensor, grad: Any = None) -> None:
    """Accumulate d(output)/d(leaf) into ``leaf.grad`` for every leaf that requires grad."""
    if not output.requires_grad:
        raise RuntimeError(
            "backward() on a tensor that does not require gradients: no input had "
            "requires_grad=True (use ax.Variable or Tensor(..., requires_grad=True)), "
            "or it was computed under no_grad()"
        )
    leaves: list[Tensor] = []
    grads = propagate(output, _seed_grad(output, grad), leaves=leaves)
    for leaf in leaves:
        g = grads.get(id(leaf))
        if g is None or leaf._ctx is not None:
            continue
        if leaf.grad is None:
            # a copy: the same array may reach two leaves (Add hands grad_out to both inputs)
            leaf.grad = constant(g.astype(leaf.data.dtype, copy=True))
        else:
            leaf.grad.data += g


def gradients(output: Tensor, inputs: list[Tensor], grad: Any = None, recorded: set[int] | None = None) -> list:
    """d(output)/d(input) for each input as arrays (None where unconnected); no ``.grad`` touched."""
    if not output.requires_grad:
        return [None for _ in inputs]
    stop = {id(t) for t in inputs}
    seed = np.ones_like(output.data) if grad is None else _seed_grad(output, grad)
    grads = propagate(output, seed, stop, recorded)
    return [grads.get(id(t)) for t in inputs]


class no_grad(contextlib.ContextDecorator):
    """Inside this block (or decorated function) no graph is recorded: ops give plain results.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable(2.0)
        >>> with ax.no_grad():
        ...     y = w * 3
        >>> y.requires_grad
        False
    """

    def __enter__(self) -> "no_grad":
        self._previous = state.grad_enabled
        state.grad_enabled = False
        return self

    def __exit__(self, *exc: Any) -> None:
        state.grad_enabled = self._previous


class enable_grad(no_grad):
    """Record the graph again inside a ``no_grad`` block."""

    def __enter__(self) -> "enable_grad":
        self._previous = state.grad_enabled
        state.grad_enabled = True
        return self


def is_grad_enabled() -> bool:
    return state.grad_enabled


def grad(f: Callable[..., Tensor], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """JAX style: a function returning df/d(args[argnums]) (a Tensor, or a tuple for a tuple).

    Example:
        >>> import axone as ax
        >>> float(ax.grad(lambda v: v ** 4)(3.0))
        108.0
    """
    value_and_grad_f = value_and_grad(f, argnums)

    @functools.wraps(f)
    def grad_f(*args: Any, **kwargs: Any) -> Any:
        return value_and_grad_f(*args, **kwargs)[1]

    return grad_f


def value_and_grad(f: Callable[..., Tensor], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """Like :func:`grad`, returning ``(f(*args), gradient)``; f must return a scalar.

    Example:
        >>> import axone as ax
        >>> value, slope = ax.value_and_grad(lambda v: v ** 2)(3.0)
        >>> float(value), float(slope)
        (9.0, 6.0)
    """
    many = isinstance(argnums, tuple)
    nums = argnums if many else (argnums,)

    @functools.wraps(f)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        args = list(args)
        for i in nums:
            if i >= len(args):
                raise ValueError(f"argnums={argnums} but the function got {len(args)} positional arguments")
            data = args[i].data if isinstance(args[i], Tensor) else args[i]
            args[i] = Tensor(data, requires_grad=True)
        with enable_grad():
            value = f(*args, **kwargs)
        if not isinstance(value, Tensor) or value.data.size != 1:
            shape = getattr(value, "shape", type(value).__name__)
            raise ValueError(f"grad() needs a function returning a scalar Tensor, got {shape}")
        found = gradients(value, [args[i] for i in nums])
        out = tuple(Tensor(np.zeros_like(args[i].data) if g is None else g) for i, g in zip(nums, found))
        return value, (out if many else out[0])

    return wrapped
