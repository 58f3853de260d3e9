r"""Compiled or eager: how ``fit``, ``train_on_batch``, ``evaluate`` and ``predict`` run a step.

``compile(jit_compile=...)`` (Keras 3's name) chooses: ``True`` compiles every step with
``ax.function`` (a failure to trace is an error), ``False`` and ``run_eagerly=True`` run the
eager engine, and ``"auto"`` (the default) compiles and falls back to eager execution, with the
reason logged on the ``"axone"`` logger, when a step cannot be traced (a custom layer that asks
a tensor for its value in Python). Both paths run the same ops in the same order: the results
are the same bits (tests/training/test_compiled_fit.py).

A failed trace changes nothing: the weights and the random generator are put back as they were
before the step is run again eagerly. The compiled steps are kept on the model, keyed by what
they capture (loss, weights), so that later calls of ``fit`` or ``predict`` replay their plans.

Example:
    >>> import axone as ax, numpy as np
    >>> model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse", jit_compile=True)
    >>> step = Step(model, "double", lambda x: ax.Tensor(x) * 2)  # NumPy arguments stay arrays
    >>> step(np.ones(2, "float32")), step.compiled.trace_count
    (Tensor([2., 2.], dtype=float32), 1)
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from axone import random
from axone.core.function import Function, TracingError
from axone.training.nested import Arrays

log = logging.getLogger("axone")


def wants_compiled(model: Any) -> bool:
    """Whether ``model``'s steps are compiled (``compile(jit_compile=True or "auto")``, not ``run_eagerly``)."""
    if getattr(model, "run_eagerly", False):
        return False
    return getattr(model, "jit_compile", "auto") in (True, "auto")


class Step:
    """``fn(*args)`` compiled with ``ax.function`` when ``model`` wants it (see the module docstring).

    ``key`` names what ``fn`` captures: a Step made again with the same ``name`` and ``key`` reuses
    the compiled function (and its plans) kept on the model.
    """

    def __init__(self, model: Any, name: str, fn: Callable, key: tuple = ()):
        self.model, self.fn, self.compiled, self.key = model, fn, None, (name, key)
        if wants_compiled(model):
            kept = model.__dict__.setdefault("_compiled_steps", {})
            if self.key not in kept:
                # no retracing warning: a last smaller batch, or sequences of several lengths, are expected
                label = f"{getattr(model, 'name', 'model')}.{name}"
                kept[self.key] = Function(_unpacking(fn), name=label, wrap_arrays=False, warn_retracing=False)
            self.compiled = kept[self.key]
            self.compiled.fn = _unpacking(fn)  # captures what the key names: a new trace runs the newest closure

    def __call__(self, *args: Any) -> Any:
        if self.compiled is None:
            return self.fn(*args)
        args = tuple(list(a.arrays) if isinstance(a, Arrays) else a for a in args)  # a Function opens lists
        replayed, result = self.compiled.replay(*args)
        if replayed:
            return result
        saved = [(v, v.data.copy()) for v in self.model.weights]
        generator = random.get_rng().bit_generator.state
        try:
            return self.compiled(*args)
        except TracingError as error:
            if self.model.jit_compile is True:
                raise
            for v, data in saved:  # undo what the failed trace did (moving statistics...)
                v.data[...] = data
            random.get_rng().bit_generator.state = generator
            log.info("%s runs eagerly: it cannot be compiled (%s)", self.compiled.name, error)
            self.model._compiled_steps.pop(self.key, None)
            self.compiled = None
            return _unpacking(self.fn)(*args)


def _unpacking(fn: Callable) -> Callable:
    """``fn`` taking the lists that ``Step`` made of several inputs' ``Arrays`` (they are lists in a signature)."""

    def unpacked(*args: Any) -> Any:
        return fn(*(Arrays(a) if isinstance(a, list) else a for a in args))

    return unpacked
