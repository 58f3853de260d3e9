r"""The backward pass: reverse-mode automatic differentiation over the recorded graph.

For an output $L$ and every node $u = f(v_1, \dots, v_n)$, the chain rule gives
$\frac{\partial L}{\partial v_i} \mathrel{+}= \frac{\partial L}{\partial u} \frac{\partial u}{\partial v_i}$:
nodes are visited in reverse topological order (every consumer before its inputs), each op's
``backward`` turns the gradient of its output into gradients of its inputs, and a tensor used
several times (fan-out) sums the contributions. The order comes in the same pass from the
nodes' creation numbers (a heap, see ``propagate``): no recursion, so a chain of 100,000 ops
never hits Python's recursion limit.

Decisions (see docs/design.md): the graph is kept after ``backward()`` (it is freed when its
output is dropped), so a second ``backward()`` on the same graph is allowed and accumulates
into ``.grad`` again, as PyTorch does with ``retain_graph=True``.
"""

from __future__ import annotations

import contextlib
import functools
from heapq import heappop, heappush, heappushpop
from sys import getrefcount
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


def _is_leaf(tensor: Tensor, stop: Any, recorded: set[int] | None) -> bool:
    """Whether the backward pass stops at ``tensor`` (no node, a ``stop`` tensor, or unrecorded)."""
    ctx = tensor._ctx
    return ctx is None or id(tensor) in stop or (recorded is not None and id(ctx) not in recorded)


def propagate(
    root: Tensor,
    grad: np.ndarray,
    stop: Any = frozenset(),
    recorded: set[int] | None = None,
    leaves: list[Tensor] | None = None,
) -> dict[int, np.ndarray]:
    """Gradients of ``root`` (seeded with ``grad``) for every tensor reached, keyed by ``id``.

    One pass, no separate topological sort: every node carries its creation number
    (``Op.seq``, counting down), and a consumer is always created after its inputs. A heap
    keyed by that number hands out the newest node still waiting, so a node is expanded after
    all of its consumers that lead to ``root``: its gradient is complete. A tensor enters the
    heap when its first gradient arrives (later ones are added to it), so each node is expanded
    once; the loop is iterative (a chain of 100,000 ops needs no recursion).

    A tensor whose id is in ``stop`` is treated as a leaf; with ``recorded`` (a tape), only
    nodes created inside the tape's block are followed. The leaves reached (with a gradient)
    are appended to ``leaves``. Gradients of intermediate tensors are dropped once used;
    leaves and ``stop`` tensors keep theirs in the returned dict.
    """
    grads: dict[int, np.ndarray] = {id(root): grad}
    if _is_leaf(root, stop, recorded):
        if leaves is not None:
            leaves.append(root)
        return grads
    pop, get = grads.pop, grads.get
    heap: list[tuple[int, Tensor]] = []  # seqs are unique: the tuples never compare the tensors
    tensor = root
    while True:
        ctx = tensor._ctx
        next_seq = None  # the first node discovered skips the heap when it is also the newest
        for parent, g in zip(ctx.parents, ctx.backward(ctx, pop(id(tensor)))):
            if g is None or not parent.requires_grad:
                continue
            shape = parent.data.shape
            if g.shape != shape:
                g = unbroadcast(g, shape)
            key = id(parent)
            previous = get(key)
            if previous is not None:
                # out of place: an op may hand the same array to two inputs (Add does)
                grads[key] = previous + g
                continue
            grads[key] = g
            node = parent._ctx
            if node is None or key in stop or (recorded is not None and id(node) not in recorded):
                if leaves is not None:
                    leaves.append(parent)
            elif next_seq is None:
                next_seq, next_tensor = node.seq, parent
            else:
                heappush(heap, (node.seq, parent))
        if next_seq is not None:
            # a chain (the common case) never touches the heap
            tensor = heappushpop(heap, (next_seq, next_tensor))[1] if heap and heap[0][0] < next_seq else next_tensor
        elif heap:
            tensor = heappop(heap)[1]
        else:
            return grads


def _ones(like: np.ndarray) -> np.ndarray:
    # empty + fill: a third of np.ones_like's cost on the small arrays of a training step
    seed = np.empty(like.shape, like.dtype)
    seed.fill(1)
    return seed


_SCALAR_ONES: dict = {}  # dtype -> a read-only 0-d 1, the seed of every scalar backward()


def _seed_grad(output: Tensor, grad: Any) -> np.ndarray:
    if grad is None:
        if output.data.size != 1:
            raise RuntimeError(
                f"backward() on a tensor of shape {output.shape} needs the upstream gradient: "
                "call out.backward(grad) or reduce it first (out.sum().backward())"
            )
        data = output.data
        if data.ndim == 0:  # a loss: one shared read-only 1 per dtype (ops never write grad_out)
            seed = _SCALAR_ONES.get(data.dtype)
            if seed is None:
                seed = _SCALAR_ONES[data.dtype] = np.ones((), data.dtype)
                seed.flags.writeable = False
            return seed
        return _ones(data)
    grad = grad.data if isinstance(grad, Tensor) else np.asarray(grad, dtype=output.data.dtype)
    if grad.shape != output.data.shape:
        raise ValueError(f"backward(): gradient of shape {grad.shape} for an output of shape {output.shape}")
    return grad


def _owned(g: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``g`` itself when nothing else can see it, else a copy (in ``dtype``), to become a ``.grad``.

    A leaf's ``.grad`` is changed in place later (accumulation, ``+=`` by the user), so it must
    not share memory: an op may hand one array to two inputs (Add), return a view (reshape), or
    keep it saved. ``g`` is private when it owns its memory and has no more references than a
    private array has at this point (CPython's reference count, measured at import by the same
    call shape: ``backward``'s local name and this call's argument).
    """
    if g.dtype is dtype and g.base is None and getrefcount(g) <= _PRIVATE_REFS and g.flags.writeable:
        return g
    return g.astype(dtype, copy=True)


def _refs(g: np.ndarray) -> int:
    return getrefcount(g)


def _private_refs() -> int:
    g = np.empty(1)  # held by this local name only, as a popped gradient in backward()
    return _refs(g)


_PRIVATE_REFS = _private_refs()


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
        g = grads.pop(id(leaf), None)
        if g is None or leaf._ctx is not None:
            continue
        if leaf.grad is None:
            leaf.grad = constant(_owned(g, leaf.data.dtype))
        else:
            leaf.grad.data += g


def gradients(output: Tensor, inputs: list[Tensor], grad: Any = None, recorded: set[int] | None = None) -> list:
    """d(output)/d(input) for each input as arrays (None where unconnected); no ``.grad`` touched."""
    if not output.requires_grad:
        return [None for _ in inputs]
    stop = {id(t) for t in inputs}
    if grad is None:  # the gradient of the sum, as TF; a scalar gets the shared read-only 1
        seed = _seed_grad(output, None) if output.data.ndim == 0 else _ones(output.data)
    else:
        seed = _seed_grad(output, grad)
    grads = propagate(output, seed, stop, recorded)
    return [grads.get(id(t)) for t in inputs]


def gradients_of(inputs: list[Tensor]) -> Callable[[Tensor], list]:
    """``lambda output: gradients(output, inputs)``, with what depends only on ``inputs`` done once.

    ``fit`` takes the gradients of every batch's loss with respect to the same weights: the set
    of their ids (where the backward pass stops) is built once, not per batch.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([1.0, 2.0])
        >>> grads_of = gradients_of([w])
        >>> grads_of((w * w).sum())[0]
        array([2., 4.], dtype=float32)
    """
    keys = [id(t) for t in inputs]
    stop = frozenset(keys)

    def grads_of(output: Tensor) -> list:
        if not output.requires_grad:
            return [None] * len(keys)
        data = output.data
        found = propagate(output, _seed_grad(output, None) if data.ndim == 0 else _ones(data), stop)
        return [found.get(key) for key in keys]

    return grads_of


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
