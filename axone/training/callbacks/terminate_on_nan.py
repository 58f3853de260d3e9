"""TerminateOnNaN: stop in the very step where the loss or a gradient stops being finite.

The check is cheap while all is well: one ``isfinite`` on the loss, and one on each gradient
array, before the update (so the weights keep their last finite values). When it fails, the
batch is run again layer by layer (same weights, training mode, the random state put back
afterwards) to name the FIRST layer whose output is not finite; if every output is finite but
the loss is not, the loss is named; otherwise the gradients are read from the last layer back to
the first (the order the backward pass produced them) to name the first non-finite one. The message names the epoch, the batch and that layer.

Example:
    >>> import axone as ax, numpy as np
    >>> model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1, kernel=[[1e30]], name="d")])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> nan = ax.callbacks.TerminateOnNaN(verbose=0)
    >>> with np.errstate(all="ignore"):  # the overflow is the point here
    ...     _ = model.fit(np.full((4, 1), 1e10), np.zeros(4), epochs=5, verbose=0, callbacks=[nan])
    >>> print(nan.message)
    TerminateOnNaN: epoch 1, batch 1 of 1 (counted from 1): the loss is inf; first non-finite value: the output of layer 'd' (Dense)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone import random as ax_random
from axone.training.callbacks.base import Callback
from axone.training.nested import Arrays
from axone.training.tracing import all_layers, trace


def _finite(array: Any) -> bool:
    if isinstance(array, Arrays):  # the inputs of a model with several
        return all(_finite(a) for a in array.arrays)
    return array is None or bool(np.isfinite(array).all())


class TerminateOnNaN(Callback):
    """Stop training at the first non-finite loss or gradient, naming where it appeared.

    Args:
        verbose: print the message (1) or only keep it in ``self.message`` (0).
        raise_error: raise a ``FloatingPointError`` with the message instead of stopping quietly.
    """

    def __init__(self, verbose: int = 1, raise_error: bool = False):
        super().__init__()
        self.verbose, self.raise_error = verbose, raise_error
        self.message: str | None = None
        self.stopped: tuple[int, int] | None = None  # (epoch, batch)

    def check_batch(self, batch: int, loss: float, grads: list) -> bool:
        """Called by fit after the backward pass and before the update; True stops the training."""
        if np.isfinite(loss) and all(_finite(g) for g in grads):
            return False
        state = self.fit_state
        where = self.diagnose(state.last_batch, loss, grads)
        what = f"the loss is {loss}" if not np.isfinite(loss) else "the loss is finite but a gradient is not"
        self.message = (
            f"TerminateOnNaN: epoch {state.epoch + 1}, batch {batch + 1} of {state.steps} (counted from 1): "
            f"{what}; first non-finite value: {where}"
        )
        self.stopped = (state.epoch, batch)
        self.model.stop_training = True
        if self.verbose:
            print(self.message)
        if self.raise_error:
            raise FloatingPointError(self.message)
        return True

    def diagnose(self, batch_data: tuple, loss: float, grads: list) -> str:
        """Where the first non-finite value appears: a layer's output, else a layer's gradient."""
        x = batch_data[0]
        if not _finite(x):
            return "the input batch x"
        saved = ax_random.get_state()
        try:
            with np.errstate(all="ignore"):
                records = trace(self.model, x, training=True)
        finally:
            ax_random.set_state(saved)
        for layer, out in records:
            if not _finite(out.data):
                return f"the output of layer '{layer.name}' ({type(layer).__name__})"
        if not np.isfinite(loss):
            return "the loss itself (every layer's output is finite: check the targets and the loss)"
        owners = _owners(self.model)
        by_layer: dict[int, list] = {}
        order = []
        for param, grad in zip(self.model.trainable_variables, grads):
            layer = owners.get(id(param))
            if id(layer) not in by_layer:
                by_layer[id(layer)] = []
                order.append(layer)
            by_layer[id(layer)].append((param, grad))
        for layer in reversed(order):  # the backward pass reaches the last layer first
            for param, grad in by_layer[id(layer)]:
                if not _finite(grad):
                    name = f"layer '{layer.name}' ({type(layer).__name__})" if layer is not None else "the model"
                    return f"the gradient of weight '{param.name}' of {name}"
        return "none found again (the step may depend on randomness)"


def _owners(model: Any) -> dict[int, Any]:
    """id(weight) -> the innermost layer holding it."""
    owners: dict[int, Any] = {}
    for layer in all_layers(model):
        for v in layer._variables():
            owners[id(v)] = layer  # deeper layers come later and win
    return owners
