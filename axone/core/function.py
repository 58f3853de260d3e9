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

import builtins
import functools
import inspect
import keyword
import logging
import re
from typing import Any, Callable

import numpy as np

from axone.core import state
from axone.core.plan import ARRAYS, Trace, TracingError, ref, render
from axone.core.tensor import Tensor, constant

__all__ = ["Function", "TracingError", "function"]

log = logging.getLogger("axone")
RETRACE_WARNING = 5  # as TensorFlow: more traces than this means shapes or Python values keep changing


class Plan:
    """A finished trace compiled into one Python function, ``replay(args)``: each step's code in
    order over local variables (the buffers), each buffer deleted after its last use (liveness).

    ``source`` is that function's text (``Function.explain(source=True)``). Its buffers have the
    names ``explain()`` gives them, made identifiers (``identifiers``); the values its code needs
    (ops, options, tensors) are the trace's ``env``, named after what they are and numbered: the
    code is made only of these names, and nothing the user wrote is pasted into it.
    """

    def __init__(self, trace: Trace, output: Any, positions: list[int], tensors: list[bool]):
        self.trace, self.output = trace, output
        self.weights, self.constants = trace.weights, trace.constants
        self.source = render(_source(trace, output, positions, tensors), self.identifiers())
        env = dict(trace.env)
        exec(compile(self.source, f"<plan of {trace.name}>", "exec"), env)  # noqa: S102 - our own code
        self.replay = env["replay"]
        self.kept: tuple = ()
        # the values seen while tracing were kept so that their ids stayed unique; the plan needs none
        # of them (its code holds what it reads), so they go: a step's arrays are not held twice
        trace.alive, trace.slots = [], {}

    def run(self, flat: list) -> Any:
        # what is left of this replay's buffers (its outputs) stays referenced until the next
        # replay: if all of a step's memory came free at once, the C allocator would hand it back
        # to the system and the next replay would fault every page in again (LeNet-5: 3,266 page
        # faults per step, 15 ms; kept: 210, 6.9 ms; eager: 406, 7.9 ms)
        result, self.kept = self.replay(flat)
        return result

    def explain(self) -> str:
        t = self.trace
        names = self.names()
        inputs = ", ".join(names[slot] for slot, _ in t.inputs) or "none"
        weights = ", ".join(f"{names[slot]} {w.data.shape}" for slot, w in t.weights)
        lines = [f"plan of {t.name}: {len(t.steps)} steps"]
        lines.append(f"inputs: {inputs}" + (f"; weights: {weights}" if weights else ""))
        for part, steps in self.parts():
            if steps:
                lines += [f"{part}:"] + [f"  {render(s.text, names)}" for s in steps]
        lines.append(f"returns {render(_describe(self.output), names)}")
        return "\n".join(lines)

    def parts(self) -> list[tuple[str, list]]:
        """forward (the ops until the backward pass starts), backward (until its last step), updates."""
        steps = self.trace.steps
        kinds = [s.kind for s in steps]
        start = next((i for i, k in enumerate(kinds) if k != "op"), len(steps))
        end = max((i + 1 for i, k in enumerate(kinds) if k == "backward"), default=start)
        return [("forward", steps[:start]), ("backward", steps[start:end]), ("updates", steps[end:])]

    def names(self) -> dict[int, str]:
        """A name for each buffer: the argument's, the weight's, ``c``onstants, ``b`` values, ``g`` gradients."""
        t = self.trace
        names = {slot: name for slot, name in t.inputs}
        for i, (slot, w) in enumerate(t.weights):
            names[slot] = w.name or f"w{i}"
        for i, (slot, array) in enumerate(t.constants):
            names[slot] = repr(array.item()) if array.size == 1 and array.ndim == 0 else f"c{i}"
        for slot, name in t.grads.items():
            names[slot] = render(name, names) + ".grad"
        counts = {"b": 0, "g": 0}
        for part, steps in self.parts():
            letter = "g" if part == "backward" else "b"
            for slot in (slot for step in steps for slot in step.writes):
                if slot not in names and slot not in t.nodes:
                    counts[letter] += 1
                    names[slot] = f"{letter}{counts[letter]}"
        return names

    def identifiers(self) -> dict[int, str]:
        """The buffers' names in ``source``: ``names()`` made Python identifiers (``w1.grad`` is
        ``w1_grad``, constants ``c0, c1...``, op contexts ``ctx1, ctx2...``), unique and apart from
        the names the code uses (``env``); a name that cannot be is ``b`` and its number."""
        t = self.trace
        wanted = {slot: re.sub("[^A-Za-z0-9_]", "_", name) for slot, name in self.names().items()}
        wanted.update({slot: f"c{i}" for i, (slot, _) in enumerate(t.constants)})
        wanted.update({slot: f"ctx{i + 1}" for i, slot in enumerate(sorted(t.nodes))})
        taken = set(t.env) | {"args", "r", "replay"} | set(dir(builtins))  # the code calls type()
        names = {}
        for slot in sorted(wanted):
            name = wanted[slot]
            if not name.isidentifier() or keyword.iskeyword(name) or name in taken:
                name = f"b{slot}"
                while name in taken:
                    name += "_"
            names[slot] = name
            taken.add(name)
        return names


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
            output = _outputs(result, trace)
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
        items = [_without_graph(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        return {k: _without_graph(v) for k, v in value.items()}
    return value


class _Buffer:
    """In a plan's output structure: the tensor held by buffer ``slot``."""

    def __init__(self, slot: int, array: bool = False):
        self.slot, self.array = slot, array


def _outputs(result: Any, trace: Trace) -> Any:
    """The result's structure with each tensor replaced by its buffer (other values kept as they are)."""
    if isinstance(result, Tensor):
        return _Buffer(trace.buffer_of(result))
    if isinstance(result, (list, tuple)):
        items = [_outputs(r, trace) for r in result]
        return type(result)(*items) if hasattr(result, "_fields") else type(result)(items)  # a named tuple
    if isinstance(result, dict):
        return {k: _outputs(v, trace) for k, v in result.items()}
    if isinstance(result, ARRAYS):
        if id(result) in trace.slots:  # an array the plan computes (a gradient from engine.gradients)
            return _Buffer(trace.slots[id(result)], array=True)
        raise TracingError(
            f"ax.function '{trace.name}' returned a NumPy array: an array computed outside the ops is fixed at "
            "trace time. Return tensors (ax ops) instead"
        )
    return result


def _describe(output: Any) -> str:
    if isinstance(output, _Buffer):
        return ref(output.slot)
    if isinstance(output, (list, tuple)):
        return "(" + ", ".join(_describe(o) for o in output) + ")"
    if isinstance(output, dict):
        return "{" + ", ".join(f"{k!r}: {_describe(v)}" for k, v in output.items()) + "}"
    return repr(output)


def _source(trace: Trace, output: Any, positions: list[int], tensors: list[bool]) -> str:
    """The text of ``replay(args)``: read the inputs, weights and constants, run the steps, return
    the output and the buffers still alive."""
    lines = ["def replay(args):"]
    for (slot, _), position, is_tensor in zip(trace.inputs, positions, tensors):
        lines.append(f"    {ref(slot)} = args[{position}]" + (".data" if is_tensor else ""))
    for slot, tensor in trace.weights:
        lines.append(f"    {ref(slot)} = {trace.keep(tensor, tensor.name or 'weight')}.data")
    for slot, array in trace.constants:
        lines.append(f"    {ref(slot)} = {trace.keep(array, 'constant')}")
    alive = {slot for slot, _ in trace.inputs} | {slot for slot, _ in [*trace.weights, *trace.constants]}
    for step, free in zip(trace.steps, _last_uses(trace, output)):
        lines += [f"    {line}" for line in step.code]
        alive |= set(step.writes)
        alive -= set(free)
        if free:
            lines.append(f"    del {', '.join(ref(slot) for slot in free)}")
    kept = "".join(f"{ref(slot)}, " for slot in sorted(alive))
    lines.append(f"    return {_expression(output, trace)}, ({kept})")
    return "\n".join(lines) + "\n"


def _expression(output: Any, trace: Trace) -> str:
    """The code that rebuilds the output's structure from the buffers (other values kept as they are)."""
    if isinstance(output, _Buffer):
        return ref(output.slot) if output.array else f"constant({ref(output.slot)})"
    if type(output) is tuple:
        return "(" + "".join(f"{_expression(o, trace)}, " for o in output) + ")"
    if type(output) is list:
        return "[" + ", ".join(_expression(o, trace) for o in output) + "]"
    if type(output) is dict:
        return "{" + ", ".join(f"{trace.keep(k, 'key')}: {_expression(v, trace)}" for k, v in output.items()) + "}"
    if isinstance(output, (list, tuple)):  # a named tuple, a list subclass: built by its own type
        items = ", ".join(_expression(o, trace) for o in output)
        return (
            f"{trace.keep(type(output))}({items})"
            if hasattr(output, "_fields")
            else f"{trace.keep(type(output))}([{items}])"
        )
    return trace.keep(output, "value")


def _last_uses(trace: Trace, output: Any) -> list[tuple[int, ...]]:
    """For each step, the buffers read for the last time there (dropped after it: liveness)."""
    kept = {slot for slot, _ in trace.weights} | {slot for slot, _ in trace.constants} | set(_buffers(output))
    last: dict[int, int] = {}
    for i, step in enumerate(trace.steps):
        for slot in step.reads:
            last[slot] = i
    for i, step in enumerate(trace.steps):
        for slot in step.writes:
            last.setdefault(slot, i)  # written, never read: dropped at once
    free: list[list[int]] = [[] for _ in trace.steps]
    for slot, i in last.items():
        if slot not in kept:
            free[i].append(slot)
    return [tuple(f) for f in free]


def _buffers(output: Any) -> list[int]:
    if isinstance(output, _Buffer):
        return [output.slot]
    if isinstance(output, (list, tuple)):
        return [s for o in output for s in _buffers(o)]
    if isinstance(output, dict):
        return [s for o in output.values() for s in _buffers(o)]
    return []
