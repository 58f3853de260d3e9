r"""The compiled path's optimizer update: small parameters of one dtype updated as one array.

An optimizer's rule (``update``) is written once, for one parameter. On a network of small
weights (the course's binary adder: five arrays of at most 256 numbers) most of an update's time
is Python's, around NumPy calls on tiny arrays: Adam makes eleven per parameter. When the rule
treats each element alone (``Optimizer.elementwise``), applying it once to the concatenation of
the parameters gives every element the same operations with the same constants: the same bits.

So a compiled step (``ax.function``, ``fit``) updates the parameters of at most ``SMALL`` numbers,
of one dtype and one step count, together when the rule keeps a state (momentum, Adam's moments;
plain SGD's two NumPy calls a parameter cost less than the copies): their values and gradients are copied into one array
each, the same ``update`` runs once on them, and the new values are copied back. Their state
(Adam's $m$ and $v$) lives in one array per slot, and each parameter's own state holds a view of
it, so that saving, restoring and reading the optimizer's state still sees each parameter's
arrays. Larger parameters, and rules that are not elementwise, are updated one by one, as eagerly.

Example:
    >>> import axone as ax, numpy as np
    >>> a, b = ax.Variable([1.0, 2.0]), ax.Variable([[3.0]])
    >>> opt = ax.optimizers.Adam([a, b], lr=0.1)
    >>> update = FlatUpdate(opt)
    >>> update([(np.array([1.0, -1.0]), a), (np.array([[2.0]]), b)])  # the first step: lr * sign(g)
    >>> a.numpy(), b.numpy(), opt.iterations
    (array([0.9, 2.1], dtype=float32), array([[2.9]], dtype=float32), 1)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor, constant

SMALL = 4096  # numbers: above this, a parameter's own NumPy calls cost less than copying it twice


class FlatUpdate:
    """``optimizer``'s update from ``(gradient, parameter)`` pairs, small parameters as one array."""

    def __init__(self, optimizer: Any):
        self.optimizer = optimizer
        self.elementwise = _elementwise(optimizer)
        self.groups: dict[tuple[int, ...], list[tuple[list[int], _Group]]] = {}  # by the parameters' ids

    def __call__(self, pairs: list[tuple[Any, Tensor]]) -> None:
        opt = self.optimizer
        params, grads = opt._prepare(pairs)
        key = tuple(map(id, params))
        groups = self.groups.get(key)
        if groups is None:
            groups = self.groups[key] = self._group(params)
        done: set[int] = set()
        for members, group in groups:
            if group.update([grads[i] for i in members]):
                done.update(members)
        for i, (p, g) in enumerate(zip(params, grads)):
            if i not in done:
                opt._update_one(p, g)
        opt.iterations += 1

    def _group(self, params: list[Tensor]) -> list[tuple[list[int], "_Group"]]:
        """The groups of these parameters: those of at most ``SMALL`` numbers, by dtype (two or more)."""
        if not self.elementwise:
            return []
        together: dict[np.dtype, list[int]] = {}
        ids = [id(p) for p in params]
        for i, p in enumerate(params):
            if p.data.size <= SMALL and ids.count(id(p)) == 1:  # one given twice is updated twice, in turn
                together.setdefault(p.data.dtype, []).append(i)
        return [(m, _Group(self.optimizer, [params[i] for i in m])) for m in together.values() if len(m) > 1]


def _elementwise(optimizer: Any) -> bool:
    """Whether the class that wrote ``optimizer``'s ``update`` declared it elementwise (a subclass
    of Adam with its own ``update`` does not inherit Adam's declaration)."""
    writer = next(c for c in type(optimizer).__mro__ if "update" in vars(c))
    return vars(writer).get("elementwise", False) is True


class _Group:
    """Parameters updated together: where each one lies in the flat arrays, and the flat state."""

    def __init__(self, optimizer: Any, params: list[Tensor]):
        self.optimizer, self.params = optimizer, params
        ends = np.cumsum([p.data.size for p in params])
        self.bounds = list(zip([0, *ends[:-1]], ends))
        self.slots: list[dict] = []  # each parameter's own state, as the optimizer keeps it
        self.flat: dict[str, Any] = {}  # the group's state: "step" and one flat array per slot
        self.views: list[list[np.ndarray]] = []  # each parameter's slot arrays: views of self.flat
        self._keys: list[str] = []  # the slots' names (Adam: "m", "v")
        self.stateless = False  # the rule keeps no state: updated one by one (see _make_state_flat)

    def update(self, grads: list[np.ndarray]) -> bool:
        """One step of the rule on the whole group; False (nothing done) when it cannot be flat."""
        if self.stateless or not self._state_is_flat() and not self._make_state_flat():
            return False
        opt = self.optimizer
        w = np.concatenate([p.data.ravel() for p in self.params])
        g = np.concatenate([g.ravel() for g in grads])
        for slots in self.slots:
            slots["step"] += 1
        self.flat["step"] = self.slots[0]["step"]
        g = opt._with_l2(g, w)  # element by element, as for each parameter alone
        arrays = {k: v for k, v in self.flat.items() if k != "step"}
        opt.update(constant(w), g, self.flat)
        for k, array in arrays.items():  # a rule that replaced a slot instead of writing into it
            if self.flat[k] is not array:
                array[...] = self.flat[k]
                self.flat[k] = array
        for p, (start, end) in zip(self.params, self.bounds):
            p.data[...] = w[start:end].reshape(p.data.shape)
        return True

    def _state_is_flat(self) -> bool:
        """Whether each parameter's state is still the one made flat (a restore replaces it)."""
        state = self.optimizer.state
        if not self.slots:
            return False
        step = self.slots[0]["step"]
        for p, slots, views, (start, end) in zip(self.params, self.slots, self.views, self.bounds):
            if state.get(id(p)) is not slots or slots["step"] != step or p.data.size != end - start:
                return False
            if any(slots[k] is not v for k, v in zip(self._keys, views)):
                return False
        return True

    def _make_state_flat(self) -> bool:
        """Concatenate the parameters' slots into flat arrays and give each parameter views of them."""
        opt = self.optimizer
        if any(p.data.size != end - start for p, (start, end) in zip(self.params, self.bounds)):
            return False  # a weight given a new shape: one by one (its rule says what goes wrong)
        slots = [opt._slots(p) for p in self.params]
        keys = [k for k in slots[0] if k != "step"]
        if not keys:  # a rule without state (plain SGD) makes two NumPy calls a parameter: the copies cost more
            self.stateless = True
            return False
        for p, s in zip(self.params, slots):
            same = s["step"] == slots[0]["step"] and [k for k in s if k != "step"] == keys
            arrays = [s[k] for k in keys]
            if not same or any(not isinstance(a, np.ndarray) or a.shape != p.data.shape for a in arrays):
                return False
            if any(a.dtype != p.data.dtype for a in arrays):  # concatenating would cast them
                return False
        self.flat = {"step": slots[0]["step"]}
        for k in keys:
            self.flat[k] = np.concatenate([s[k].ravel() for s in slots])
        self.views = []
        for p, s, (start, end) in zip(self.params, slots, self.bounds):
            for k in keys:
                s[k] = self.flat[k][start:end].reshape(p.data.shape)
            self.views.append([s[k] for k in keys])
        self.slots, self._keys = slots, keys
        return True
