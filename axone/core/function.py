r"""``ax.function``: compile a step once, replay it fast, get the same numbers (as ``tf.function``).

The first call with a given input signature (the shapes and dtypes of the tensor and array
arguments, the values of the others) runs ``fn`` eagerly while tracing it into a plan
(``axone.core.plan``): forward, backward (``GradientTape``, ``backward()``, ``ax.grad``) and the
updates (optimizers, in-place writes) alike. Later calls with the same signature replay the plan:
the same op functions on the same arrays in the same order, without building graph nodes, so the
results are the same bits as eager execution. A new signature traces again (``trace_count``).

NumPy array arguments reach ``fn`` as tensors (as in ``tf.function``). What runs only at trace
time (documented, as TensorFlow's): Python code inside ``fn`` (``print``,
``if`` on Python values, NumPy calls on raw arrays, ``ax.random`` draws outside layers). Asking a
traced tensor for its value (``bool(t)``, ``float(t)``, ``t.numpy()``) raises ``TracingError``.
Outputs of a replay are plain tensors (no graph).

Example (the course's XOR step):
    >>> import axone as ax, numpy as np
    >>> w = ax.Variable(np.full((2, 1), 0.5), name="w")
    >>> @ax.function
    ... def step(x, t):
    ...     loss = ((t - ax.sigmoid(x @ w)) ** 2).sum()
    ...     loss.backward()
    ...     with ax.no_grad():
    ...         for p in [w]:
    ...             p -= 0.1 * p.grad
    ...             p.grad = None
    ...     return loss
    >>> x, t = np.array([[0.0, 1.0], [1.0, 1.0]]), np.array([[1.0], [0.0]])
    >>> [round(float(step(x, t)), 6) for _ in range(3)], step.trace_count  # one trace, two replays
    ([0.676984, 0.667476, 0.657845], 1)
    >>> print(step.explain())
    plan of step(float64[2,2], float64[2,1]): 16 steps
    inputs: x, t; weights: w (2, 1)
    forward:
      b1 = MatMul.forward(x, w)
      b2 = Activate.forward(b1, activation=sigmoid)
      b3 = Sub.forward(t, b2)
      b4 = Square.forward(b3)
      b5 = SumAll.forward(b4)
    backward:
      g1 = ones_like(b5)
      g2 = SumAll.backward(g1)
      g3 = Square.backward(g2)
      g4, g5 = Sub.backward(g3)
      g6 = Activate.backward(g5)
      _, g7 = MatMul.backward(g6)
      w.grad += g7
    updates:
      b6 = Mul.forward(0.1, w.grad)
      b7 = Sub.forward(w, b6)
      w[...] = b7
      w.grad = None
    returns b5
"""

from __future__ import annotations

import functools
import inspect
import logging
from typing import Any, Callable

import numpy as np

from axone.core import state
from axone.core.compiler import Plan, outputs, remade
from axone.core.plan import Trace, TracingError
from axone.core.tensor import Tensor, constant

__all__ = ["Function", "TracingError", "function"]

log = logging.getLogger("axone")
RETRACE_WARNING = 5  # as TensorFlow: more traces than this means shapes or Python values keep changing


class Function:
    """A traced function (see the module docstring); made by :func:`function`."""

    def __init__(self, fn: Callable, name: str | None = None, wrap_arrays: bool = True, warn_retracing: bool = True):
        functools.update_wrapper(self, fn)
        self.fn, self.wrap_arrays, self.warn_retracing = fn, wrap_arrays, warn_retracing
        self.name = name or getattr(fn, "__name__", "function")
        self.plans: dict[tuple, Plan] = {}
        self.trace_count = 0
        self._last: Plan | None = None
        try:
            self._names = list(inspect.signature(fn).parameters)
        except (TypeError, ValueError):
            self._names = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if state.current.tracing is not None:  # inside another trace: simply part of it
            return self.fn(*args, **kwargs)
        key, flat = self._key(args, kwargs)
        plan = self.plans.get(key)
        if plan is None:
            return self._trace(key, args, kwargs, flat)
        self._last = plan
        return plan.run(flat)

    def replay(self, *args: Any) -> tuple[bool, Any]:
        """``(True, result)`` when a plan of these arguments' signature exists (it was replayed),
        else ``(False, None)`` and nothing is run."""
        key, flat = self._key(args, {})
        plan = self.plans.get(key)
        if plan is None:
            return False, None
        self._last = plan
        return True, plan.run(flat)

    def _key(self, args: tuple, kwargs: dict) -> tuple[tuple, list]:
        """The input signature, and the leaves of the arguments (lists, tuples and dicts opened)."""
        flat: list = []
        structure = tuple(_leaves(a, flat) for a in (*args, *[kwargs[k] for k in sorted(kwargs)]))
        return (structure, tuple(_signature(a) for a in flat)), flat

    def _trace(self, key: tuple, args: tuple, kwargs: dict, flat: list) -> Any:
        names: list[str] = []
        values = (*args, *[kwargs[k] for k in sorted(kwargs)])
        for value, name in zip(values, self._argument_names(len(args), sorted(kwargs))):
            _leaf_names(value, name, names)
        shown = ", ".join(_signature_text(a) for a in flat)
        trace = Trace(f"{self.name}({shown})")
        positions, tensors = [], []
        for position, (arg, name) in enumerate(zip(flat, names)):
            if isinstance(arg, (Tensor, np.ndarray)):
                trace.bind_input(arg.data if isinstance(arg, Tensor) else arg, name)
                positions.append(position)
                tensors.append(isinstance(arg, Tensor))
                if isinstance(arg, Tensor):
                    trace.targets[id(arg)] = position
        mode = state.current
        mode.tracing = trace
        try:
            if self.wrap_arrays:
                args, kwargs = _tensors(args), _tensors(kwargs)
            result = self.fn(*args, **kwargs)
            output = outputs(result, trace)
        finally:
            mode.tracing = None
        self.trace_count += 1
        if self.warn_retracing and self.trace_count > RETRACE_WARNING:
            log.warning(
                "ax.function '%s' was traced %d times: its arguments keep changing shape, dtype or Python "
                "value; pass tensors of fixed shapes (a last smaller batch is one more trace)",
                self.name,
                self.trace_count,
            )
        self.plans[key] = self._last = Plan(trace, output, positions, tensors)
        return _without_graph(result)  # as a replay returns it: the trace's eager graph is let go

    def _argument_names(self, count: int, keywords: list[str]) -> list[str]:
        positional = [p for p in self._names if p not in keywords]
        return [positional[i] if i < len(positional) else f"arg{i}" for i in range(count)] + keywords

    def explain(self, source: bool = False) -> str:
        """The plan of the last call, as a readable program (one op call a line); with
        ``source=True``, the Python function it is compiled to and that each replay runs."""
        if self._last is None:
            raise RuntimeError(f"ax.function '{self.name}' has not been called yet: there is no plan to explain")
        return self._last.source if source else self._last.explain()


def function(fn: Callable | None = None, *, name: str | None = None, wrap_arrays: bool = True) -> Any:
    """Compile ``fn`` into a traced :class:`Function` (usable as ``@ax.function`` or ``ax.function(fn)``).

    ``wrap_arrays=False`` passes NumPy arguments to ``fn`` as they are (``fit``'s steps slice them).
    """
    if fn is None:
        return lambda f: Function(f, name, wrap_arrays)
    return Function(fn, name, wrap_arrays)


def _leaves(value: Any, flat: list) -> Any:
    """Append the leaves of ``value`` to ``flat`` (lists, tuples and str-keyed dicts are opened); return its structure."""
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_leaves(v, flat) for v in value))
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return ("dict", tuple((k, _leaves(value[k], flat)) for k in sorted(value)))
    flat.append(value)
    return "leaf"


def _leaf_names(value: Any, name: str, names: list[str]) -> None:
    """The names of the leaves of ``value``, in :func:`_leaves`'s order (``x[0]``, ``d['k']``)."""
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _leaf_names(v, f"{name}[{i}]", names)
    elif isinstance(value, dict) and all(isinstance(k, str) for k in value):
        for k in sorted(value):
            _leaf_names(value[k], f"{name}[{k!r}]", names)
    else:
        names.append(name)


def _tensors(value: Any) -> Any:
    """``value`` with every NumPy array made a tensor (sharing its memory), as ``tf.function`` does."""
    if isinstance(value, np.ndarray):
        return constant(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_tensors(v) for v in value)
    if isinstance(value, dict):
        return {k: _tensors(v) for k, v in value.items()}
    return value


def _signature(arg: Any) -> Any:
    if isinstance(arg, Tensor):
        return ("tensor", arg.data.shape, arg.data.dtype.str, arg.requires_grad)
    if isinstance(arg, np.ndarray):
        return ("array", arg.shape, arg.dtype.str)
    try:
        hash(arg)
    except TypeError:
        return ("object", id(arg))  # a list or a model: the same object, traced once
    return (type(arg).__name__, arg)


def _signature_text(arg: Any) -> str:
    if isinstance(arg, (Tensor, np.ndarray)):
        data = arg.data if isinstance(arg, Tensor) else arg
        return f"{data.dtype}[{','.join(map(str, data.shape))}]"
    return repr(arg) if isinstance(arg, (int, float, str, bool, type(None))) else type(arg).__name__


def _without_graph(value: Any) -> Any:
    """``value`` with each tensor replaced by a plain tensor of its values (no graph node)."""
    if isinstance(value, Tensor):
        return constant(value.data)
    if isinstance(value, (list, tuple)):
        return remade(value, [_without_graph(v) for v in value])
    if isinstance(value, dict):
        return {k: _without_graph(v) for k, v in value.items()}
    return value
