r"""GradientTape: TensorFlow's way of asking for gradients, on the same engine.

Inside ``with GradientTape() as tape:`` every op on a watched tensor is recorded; afterwards
``tape.gradient(target, sources)`` runs the backward pass over what was recorded only. A tensor
computed before the tape opened is a constant inside it (TF's rule): the pass stops there.
``Variable``s are watched by default; a constant is watched with ``tape.watch(x)``.

Example (the course's):
    >>> import axone as ax
    >>> x = ax.Variable(3.0)
    >>> with ax.GradientTape() as tape:
    ...     y = x ** 2
    ...     z = y ** 2
    >>> float(tape.gradient(z, x))
    108.0
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

import numpy as np

from axone.core import state
from axone.core.engine import add_gradients, gradients
from axone.core.tensor import Tensor


class GradientTape:
    """Records ops inside its ``with`` block for ``gradient()`` and ``jacobian()``.

    Args:
        persistent: allow several ``gradient()`` calls (otherwise the second one raises).
        watch_accessed_variables: watch every Variable (``requires_grad=True`` tensor) used
            inside the block (True, TF's default); when False only ``watch()``ed tensors count.
    """

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self.persistent = persistent
        self.watch_accessed_variables = watch_accessed_variables
        self._watched: dict[int, Tensor] = {}
        self._nodes: dict[int, Any] = {}  # id -> node recorded in the block (kept alive: ids stay unique)
        self._used = False

    def __enter__(self) -> "GradientTape":
        if self._used or self._nodes:
            raise RuntimeError("a GradientTape records once: create a new tape for a new block")
        state.current.tapes.append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self in state.current.tapes:
            state.current.tapes.remove(self)

    def record(self, node: Any) -> None:
        """Called by ``Op.apply`` for every node created inside the block."""
        self._nodes[id(node)] = node

    def watch(self, tensor: Any) -> None:
        """Record ops on ``tensor`` (or on each tensor of a list, tuple or dict) from now on.

        The tensor is marked ``requires_grad=True`` (and stays so, as ``requires_grad_()``):
        the engine follows, and ops differentiate, only inputs that require gradients.
        """
        for t in _flatten(tensor):
            if not isinstance(t, Tensor):
                raise TypeError(f"watch() takes Tensors, got {type(t).__name__}")
            if t.data.dtype.kind not in "fc":
                raise TypeError(f"watch(): only float tensors have gradients, got dtype {t.dtype}")
            t.requires_grad = True
            self._watched[id(t)] = t

    def watched_variables(self) -> list[Tensor]:
        """The tensors passed to ``watch()``, in order (TF's name)."""
        return list(self._watched.values())

    @contextlib.contextmanager
    def stop_recording(self) -> Iterator[None]:
        """Ops inside this block are not recorded on this tape (their gradients are not taken)."""
        tapes = state.current.tapes
        if self not in tapes:
            raise RuntimeError("stop_recording() is used inside the tape's `with` block")
        tapes.remove(self)
        try:
            yield
        finally:
            tapes.append(self)

    def reset(self) -> None:
        """Forget everything recorded so far (inside the block, recording goes on)."""
        self._nodes.clear()

    def gradient(
        self, target: Any, sources: Any, output_gradients: Any = None, unconnected_gradients: str = "none"
    ) -> Any:
        r"""$\partial\, \mathrm{target} / \partial\, \mathrm{source}$ for each source.

        Args:
            target: a Tensor, or a list or dict of Tensors (the gradient of their sum, as TF); a
                non-scalar target gives the gradient of its sum.
            sources: a Tensor, or a list, tuple or dict of Tensors: the result has the same structure.
            output_gradients: the upstream gradient of ``target`` (ones by default).
            unconnected_gradients: "none" (None for a source the target does not depend on)
                or "zero" (zeros of the source's shape).
        """
        if unconnected_gradients not in ("none", "zero"):
            raise ValueError(f"unconnected_gradients must be 'none' or 'zero', got {unconnected_gradients!r}")
        if self._used and not self.persistent:
            raise RuntimeError(
                "gradient() was already called on this non-persistent GradientTape; "
                "use GradientTape(persistent=True) to call it several times"
            )
        self._used = True
        targets, flat = _flatten(target), _flatten(sources)
        for kind, items in (("target", targets), ("sources", flat)):
            for t in items:
                if not isinstance(t, Tensor):
                    raise TypeError(f"gradient(): the {kind} must be Tensors, got {type(t).__name__}")
        if output_gradients is None:
            seeds = [None] * len(targets)
        else:
            seeds = [output_gradients] if isinstance(target, Tensor) else _flatten(output_gradients)
        total: list = [None] * len(flat)
        for t, seed in zip(targets, seeds):  # d(sum of targets) = sum of the d(target)
            found = gradients(t, flat, seed, self._nodes)
            total = [g if s is None else s if g is None else add_gradients(s, g) for s, g in zip(total, found)]
        result = []
        for s, g in zip(flat, total):
            if g is not None and not self._is_source(s):
                g = None
            if g is None and unconnected_gradients == "zero":
                g = np.zeros_like(s.data)
            result.append(None if g is None else Tensor(g))
        if not self.persistent:
            self._nodes.clear()
        return _unflatten(sources, result)

    def _is_source(self, tensor: Tensor) -> bool:
        """Whether this tape gives ``tensor`` a gradient (TF's rule): it was ``watch()``ed, or it is a
        variable (a leaf that requires grad) and the tape watches accessed variables, or this tape
        computed it. A tensor computed before the tape opened is a constant here."""
        if id(tensor) in self._watched:
            return True
        if tensor._ctx is None:
            return self.watch_accessed_variables
        return id(tensor._ctx) in self._nodes

    def jacobian(self, target: Tensor, source: Tensor) -> Tensor:
        r"""$J_{ij} = \partial\, \mathrm{target}_i / \partial\, \mathrm{source}_j$, of shape target.shape + source.shape."""
        if self._used and not self.persistent:
            raise RuntimeError("jacobian() after gradient() needs GradientTape(persistent=True)")
        self._used = True
        rows = []
        for i in range(target.data.size):
            seed = np.zeros(target.data.size, dtype=target.data.dtype)
            seed[i] = 1
            (g,) = gradients(target, [source], seed.reshape(target.shape), self._nodes)
            rows.append(np.zeros_like(source.data) if g is None else g)
        jac = np.stack(rows).reshape(target.shape + source.shape) if rows else np.zeros(target.shape + source.shape)
        return Tensor(jac)


def _flatten(structure: Any) -> list:
    if isinstance(structure, dict):
        return list(structure.values())
    if isinstance(structure, (list, tuple)):
        return list(structure)
    return [structure]


def _unflatten(structure: Any, values: list) -> Any:
    if isinstance(structure, dict):
        return dict(zip(structure.keys(), values))
    if isinstance(structure, tuple):
        return tuple(values)
    if isinstance(structure, list):
        return values
    return values[0]
