r"""GradientTape: TensorFlow's way of asking for gradients, on the same engine.

Inside ``with GradientTape() as tape:`` every op on a watched tensor is recorded; afterwards
``tape.gradient(target, sources)`` runs the backward pass over what was recorded only.
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
from axone.core.engine import gradients
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
        self._recorded: set[int] = set()
        self._keep: list[Any] = []  # recorded nodes stay alive so that their ids stay unique
        self._used = False
        self._recording = False

    def __enter__(self) -> "GradientTape":
        if self._used or self._recorded:
            raise RuntimeError("a GradientTape records once: create a new tape for a new block")
        state.tapes.append(self)
        self._recording = True
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._recording:
            state.tapes.remove(self)
            self._recording = False

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
        return list(self._watched.values())

    @contextlib.contextmanager
    def stop_recording(self) -> Iterator[None]:
        """Ops inside this block are not recorded on this tape (their gradients are not taken)."""
        if not self._recording:
            raise RuntimeError("stop_recording() is used inside the tape's `with` block")
        state.tapes.remove(self)
        try:
            yield
        finally:
            state.tapes.append(self)

    def reset(self) -> None:
        """Forget everything recorded so far (inside the block, recording goes on)."""
        self._recorded.clear()
        self._keep.clear()

    def gradient(
        self, target: Tensor, sources: Any, output_gradients: Any = None, unconnected_gradients: str = "none"
    ) -> Any:
        r"""$\partial\, \mathrm{target} / \partial\, \mathrm{source}$ for each source.

        Args:
            target: a Tensor; a non-scalar target gives the gradient of its sum (as TF).
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
        if not isinstance(target, Tensor):
            raise TypeError(f"gradient(): the target must be a Tensor, got {type(target).__name__}")
        flat = _flatten(sources)
        for s in flat:
            if not isinstance(s, Tensor):
                raise TypeError(f"gradient(): sources must be Tensors, got {type(s).__name__}")
        seed = np.ones_like(target.data) if output_gradients is None else output_gradients
        found = gradients(target, flat, seed, self._recorded)
        if not self.watch_accessed_variables:
            found = [g if id(s) in self._watched else None for s, g in zip(flat, found)]
        result = []
        for s, g in zip(flat, found):
            if g is None and unconnected_gradients == "zero":
                g = np.zeros_like(s.data)
            result.append(None if g is None else Tensor(g))
        if not self.persistent:
            self._keep.clear()
        return _unflatten(sources, result)

    def jacobian(self, target: Tensor, source: Tensor) -> Tensor:
        r"""$J_{ij} = \partial\, \mathrm{target}_i / \partial\, \mathrm{source}_j$, of shape target.shape + source.shape."""
        if self._used and not self.persistent:
            raise RuntimeError("jacobian() after gradient() needs GradientTape(persistent=True)")
        self._used = True
        rows = []
        for i in range(target.data.size):
            seed = np.zeros(target.data.size, dtype=target.data.dtype)
            seed[i] = 1
            (g,) = gradients(target, [source], seed.reshape(target.shape), self._recorded)
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
