r"""A finished trace compiled into one Python function: the plan that ``ax.function`` replays.

``Plan`` takes a ``Trace`` (``core/plan.py``: what the eager engine did, step by step, each
step with its line of code) and writes ``replay(args)``: read the inputs, the weights and the
constants, run each step's line in order over local variables (the buffers), delete each buffer
after its last use (liveness), return the output and what is still alive. ``explain()`` prints
the plan as a readable program, ``source`` the function itself.

Example:
    >>> import axone as ax
    >>> w = ax.Variable([1.0, 2.0], name="w")
    >>> f = ax.function(lambda x: (w * x).sum())
    >>> float(f(ax.Tensor([3.0, 4.0])))
    11.0
    >>> print(f.explain(source=True))  # doctest: +ELLIPSIS
    def replay(args):
        x = args[0].data
        w = w_...data
    ...
        b2 = SumAll_forward_...(ctx2, b1)
    ...
        return constant(b2), (w, b2, )
    <BLANKLINE>
"""

from __future__ import annotations

import builtins
import keyword
import re
from typing import Any

from axone.core.plan import ARRAYS, Trace, TracingError, ref, render
from axone.core.tensor import Tensor


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


class _Buffer:
    """In a plan's output structure: the tensor held by buffer ``slot``."""

    def __init__(self, slot: int, array: bool = False):
        self.slot, self.array = slot, array


def outputs(result: Any, trace: Trace) -> Any:
    """The result's structure with each tensor replaced by its buffer (other values kept as they are)."""
    if isinstance(result, Tensor):
        return _Buffer(trace.buffer_of(result))
    if isinstance(result, (list, tuple)):
        return remade(result, [outputs(r, trace) for r in result])
    if isinstance(result, dict):
        return {k: outputs(v, trace) for k, v in result.items()}
    if isinstance(result, ARRAYS):
        if id(result) in trace.slots:  # an array the plan computes (a gradient from engine.gradients)
            return _Buffer(trace.slots[id(result)], array=True)
        raise TracingError(
            f"ax.function '{trace.name}' returned a NumPy array: an array computed outside the ops is fixed at "
            "trace time. Return tensors (ax ops) instead"
        )
    return result


def remade(like: list | tuple, items: list) -> Any:
    """A list or tuple of ``like``'s type holding ``items`` (a named tuple takes them one by one)."""
    return type(like)(*items) if hasattr(like, "_fields") else type(like)(items)


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
