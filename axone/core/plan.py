r"""The plan of a compiled function: a flat list of op calls over numbered buffers.

While ``ax.function`` traces a call, the eager engine runs as usual and tells the ``Trace``
what it does (``Op.apply``, the backward pass, ``.grad`` accumulation, in-place writes, the
optimizer's update): each becomes one ``Step`` reading and writing buffers, with the line of
Python that does it. An array is known by its identity: the buffer it came from. A tensor that
the trace did not make (a weight, a constant) is read at the start of each replay.

``compiler.Plan`` compiles the steps' lines into one Python function. Replaying runs the same
functions (each op's ``forward`` and ``backward``; the optimizer's rule, through
``compiled_update``) on the same arrays in the same order as the eager call did, so the results
are the same bits; what it skips is the eager bookkeeping (tensors, graph nodes, the heap of the
backward pass, gradient dictionaries). A buffer is dropped after its last use (liveness), so a
replay keeps fewer arrays alive than the eager graph.

Example:
    >>> import axone as ax
    >>> w = ax.Variable([1.0, 2.0], name="w")
    >>> @ax.function
    ... def f(x):
    ...     return (w * x).sum()
    >>> float(f(ax.Tensor([3.0, 4.0])))
    11.0
    >>> print(f.explain())
    plan of f(float32[2]): 2 steps
    inputs: x; weights: w (2,)
    forward:
      b1 = Mul.forward(w, x)
      b2 = SumAll.forward(b1)
    returns b2
"""

from __future__ import annotations

import contextlib
import re
from typing import Any, Callable, Iterator

import numpy as np

from axone.core import state
from axone.core.backend import as_array
from axone.core.tensor import Tensor, constant

ARRAYS = (np.ndarray, np.generic)  # an op on 0-d arrays may return a NumPy scalar: an array too


class TracingError(RuntimeError):
    """A traced function asked a traced tensor for its value (which exists only when replayed)."""


class ParentInfo:
    """What an op's ``backward`` may ask of its inputs at replay: ``requires_grad``, shape, ndim."""

    __slots__ = ("requires_grad", "shape", "ndim", "dtype")

    def __init__(self, tensor: Tensor):
        self.requires_grad, self.shape = tensor.requires_grad, tensor.data.shape
        self.ndim, self.dtype = tensor.data.ndim, tensor.data.dtype


class Step:
    """One line of the plan: ``code`` does it (Python lines over the buffers, written ``ref(slot)``
    until the plan names them, and the trace's ``env``), ``text`` says it; ``kind`` is "op" (a
    forward), "backward" (the backward pass) or "update" (a write to a weight or a ``.grad``)."""

    def __init__(self, kind: str, text: str, reads: list[int], writes: list[int], code: list[str]):
        self.kind, self.text, self.reads, self.writes, self.code = kind, text, reads, writes, code


class Trace:
    """Records what the eager engine does during one call (see the module docstring)."""

    def __init__(self, name: str):
        self.name = name
        self.steps: list[Step] = []
        self.slots: dict[int, int] = {}  # id(array or node) -> buffer
        self.alive: list[Any] = [None]  # every value seen stays alive: its id is never reused
        self.inputs: list[tuple[int, str]] = []  # (buffer, argument name)
        self.weights: list[tuple[int, Tensor]] = []  # tensors read at the start of a replay
        self.constants: list[tuple[int, Any]] = []
        self.targets: dict[int, int] = {}  # id(tensor argument) -> its position, for writes to it
        # the replay's arguments are ``args``: a step that writes to an argument finds it there
        self.nodes: set[int] = set()  # buffers that hold an op's context (what its backward needs)
        self.grads: dict[int, str] = {}  # buffers that hold a tensor's .grad -> that tensor's name
        # what the plan's code refers to besides its buffers: ops, options, tensors (see ``keep``)
        self.env: dict[str, Any] = {"ndarray": np.ndarray, "as_array": as_array, "constant": constant}
        self.env_names: dict[int, str] = {}  # id(value) -> its name in env

    # ---- buffers ---------------------------------------------------------------------------------
    def new_buffer(self, value: Any) -> int:
        slot = len(self.alive)
        self.alive.append(value)
        self.slots[id(value)] = slot
        return slot

    def bind_input(self, array: np.ndarray, name: str) -> int:
        slot = self.new_buffer(array)
        self.inputs.append((slot, name))
        return slot

    def buffer_of(self, value: Any) -> int:
        """The buffer holding ``value`` (a Tensor or an array); unknown ones become weights or constants."""
        array = value.data if isinstance(value, Tensor) else value
        slot = self.slots.get(id(array))
        if slot is None:
            slot = self.new_buffer(array)
            if isinstance(value, Tensor) and (
                value.requires_grad or value.name is not None or hasattr(value, "assign")
            ):
                self.weights.append((slot, value))  # read afresh at every replay
            else:
                self.constants.append((slot, array))
        return slot

    def record_constant(self, array: np.ndarray) -> None:
        self.buffer_of(array)

    def check_read(self, tensor: Tensor, asked: str) -> None:
        if id(tensor.data) in self.slots and all(tensor is not w for _, w in self.weights):
            raise TracingError(
                f"{asked} on a traced tensor inside ax.function '{self.name}': while tracing, a tensor "
                "computed from the inputs has no value yet (the function runs once to record its plan, "
                "and Python code such as `if`, `float()` or `.numpy()` runs only then). Return the tensor "
                "and read it outside the function, or use ops (ax.where, ax.maximum) instead of Python branches"
            )

    # ---- what the engine reports --------------------------------------------------------------------
    def record_forward(self, ctx: Any, inputs: tuple, options: dict, out: np.ndarray) -> None:
        op = type(ctx)
        ins = [self.buffer_of(t) for t in inputs]
        arrays = {k: self.buffer_of(v) for k, v in options.items() if isinstance(v, ARRAYS)}
        fixed = {k: v for k, v in options.items() if k not in arrays}
        result, node = self.new_buffer(out), self.new_buffer(ctx)
        # a fresh context (the op's node) at each replay, with what backward may ask of its inputs
        parents = self.keep(tuple(ParentInfo(t) for t in inputs), "parents")
        args = [ref(i) for i in ins]
        if arrays:  # keywords as string literals (repr): an option's name is never pasted as code
            args.append("**{" + ", ".join(f"{k!r}: {ref(i)}" for k, i in arrays.items()) + "}")
        if fixed:
            args.append(f"**{self.keep(fixed, 'options')}")
        n, y = ref(node), ref(result)
        code = [
            f"{n} = {self.keep(op, op.__name__)}(); {n}.parents = {parents}",
            f"{y} = {self.keep(op.forward, op.__name__ + '_forward')}({n}, {', '.join(args)})",
            _as_array(y),
        ]
        shown = [ref(i) for i in ins] + [f"{k}={ref(i)}" for k, i in arrays.items()]
        shown += [f"{k}={_show(v)}" for k, v in fixed.items()]
        text = f"{ref(result)} = {op.__name__}.forward({', '.join(shown)})"
        self.add("op", text, ins + list(arrays.values()), [result, node], code)
        self.nodes.add(node)

    def record_backward(self, node: Any, grad_out: np.ndarray, grads_in: tuple) -> None:
        ctx, g = self.slots[id(node)], self.buffer_of(grad_out)
        outs = [None if x is None else self.new_buffer(x) for x in grads_in]
        code = [f"r = {ref(ctx)}.backward({ref(ctx)}, {ref(g)})"]
        for k, slot in enumerate(outs):
            if slot is not None:
                x = ref(slot)
                code.append(f"{x} = r[{k}]; {_as_array(x)}")
        shown = ", ".join("_" if s is None else ref(s) for s in outs)
        text = f"{shown} = {type(node).__name__}.backward({ref(g)})"
        self.add("backward", text, [ctx, g], [s for s in outs if s is not None], code)

    def record_call(self, fn: Callable, args: tuple, out: np.ndarray) -> None:
        """``out = fn(*args)`` in the backward pass (array arguments are buffers, the others fixed)."""
        refs = [self.buffer_of(a) if isinstance(a, ARRAYS) else None for a in args]
        values = [self.keep(a, "value") if r is None else ref(r) for a, r in zip(args, refs)]
        result = self.new_buffer(out)
        code = [f"{ref(result)} = {self.keep(fn, fn.__name__)}({', '.join(values)})"]
        shown = ", ".join(repr(a) if r is None else ref(r) for a, r in zip(args, refs))
        reads = [r for r in refs if r is not None]
        self.add("backward", f"{ref(result)} = {fn.__name__}({shown})", reads, [result], code)

    def record_accumulate(self, leaf: Tensor, g: np.ndarray) -> None:
        """``leaf.grad += g`` was done (the first time, a copy): its ``.grad`` array is a new buffer."""
        slot, target, name = self.buffer_of(g), self.target(leaf), ref(self.buffer_of(leaf))
        result = self.new_buffer(leaf.grad.data)
        self.grads[result] = name
        code = [f"{target}.accumulate_grad({ref(slot)}); {ref(result)} = {target}.grad.data"]
        self.add("backward", f"{name}.grad += {ref(slot)}", [slot], [result], code)

    def record_set_grad(self, tensor: Tensor, value: Any) -> None:
        target, name = self.target(tensor), ref(self.buffer_of(tensor))
        if value is None:
            self.add("update", f"{name}.grad = None", [], [], [f"{target}._grad = None"])
            return
        slot = self.buffer_of(value)
        code = [f"{target}._grad = constant({ref(slot)})"]
        self.add("update", f"{name}.grad = {ref(slot)}", [slot], [], code)

    def record_write(self, tensor: Tensor, value: Any) -> None:
        target, name = self.target(tensor), ref(self.buffer_of(tensor))
        if isinstance(value, ARRAYS):
            slot = self.buffer_of(value)
            code = [f"{target}.data[...] = {ref(slot)}"]
            self.add("update", f"{name}[...] = {ref(slot)}", [slot], [], code)
        else:
            code = [f"{target}.data[...] = {self.keep(value, 'value')}"]
            self.add("update", f"{name}[...] = {value!r}", [], [], code)

    def record_update(self, optimizer: Any, pairs: list) -> None:
        """One call of ``optimizer._apply``: each replay calls ``optimizer.compiled_update()``'s
        callable instead (the same rule, step counter and schedule; small weights as one array)."""
        spec = [(None if g is p.grad else self.buffer_of(g), self.target(p), ref(self.buffer_of(p))) for g, p in pairs]
        items = ", ".join(f"({target + '.grad' if s is None else ref(s)}, {target})" for s, target, _ in spec)
        # the optimizer's update as compiled steps make it (small weights as one array: optimizers/flat.py)
        update = self.keep(optimizer.compiled_update(), type(optimizer).__name__ + "_update")
        code = [f"{update}([{items}])"]
        shown = ", ".join(f"{name} by {name + '.grad' if s is None else ref(s)}" for s, _, name in spec)
        reads = [s for s, _, _ in spec if s is not None]
        self.add("update", f"{type(optimizer).__name__}.update({shown})", reads, [], code)

    # ---- helpers ----------------------------------------------------------------------------------
    def add(self, kind: str, text: str, reads: list[int], writes: list[int], code: list[str]) -> None:
        self.steps.append(Step(kind, text, reads, writes, code))

    def keep(self, value: Any, hint: str = "k") -> str:
        """The name by which the plan's code refers to ``value`` (an op, an option, a tensor):
        ``hint`` made an identifier (letters, digits, ``_``) and numbered."""
        name = self.env_names.get(id(value))
        if name is None:
            name = f"{re.sub('^(?=[0-9])|[^A-Za-z0-9_]', '_', hint)}_{len(self.env)}"
            self.env[name] = value  # which keeps it alive: its id stays its own
            self.env_names[id(value)] = name
        return name

    def target(self, tensor: Tensor) -> str:
        """How a replay finds ``tensor``: the argument at the same place, or the tensor itself."""
        position = self.targets.get(id(tensor))
        return self.keep(tensor, tensor.name or "tensor") if position is None else f"args[{position}]"

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Run a recorded call (the optimizer's update) eagerly without recording its inside."""
        mode = state.current
        mode.tracing = None
        try:
            yield
        finally:
            mode.tracing = self


def _as_array(name: str) -> str:
    """The line that makes buffer ``name`` an array (NumPy gives a scalar for a 0-d result), as ``Op.apply``."""
    return f"{name} = {name} if type({name}) is ndarray else as_array({name})"


def _show(value: Any) -> str:
    """An op's fixed option in a step's text: a named thing (an activation) by its name."""
    name = getattr(value, "name", None)
    return name if isinstance(name, str) else repr(value)


def ref(slot: int) -> str:
    """A buffer in a step's text and code; ``Plan.explain`` and ``Plan.source`` give it its name."""
    return f"\x00{slot}\x00"


def render(text: str, names: dict[int, str]) -> str:
    return re.sub("\x00(\\d+)\x00", lambda m: names[int(m.group(1))], text)
