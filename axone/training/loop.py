r"""The training loop behind ``Model.fit`` and ``train_on_batch``.

Each step is the course's gradient descent on one batch: forward, loss $E$, backward
($\nabla E$ for every trainable weight), then one optimizer update
($w \leftarrow w - \eta \nabla E$ for SGD). Nothing else heavy runs per batch: the loss is read as
one float, metrics are computed on the output array, and callbacks with no batch hook are
never called inside the epoch.

Data: everything is converted once (``data_adapter``); each epoch draws one permutation from
``axone.random`` (so ``ax.random.seed(n)`` fixes the order) and each batch gathers its rows with
one fancy index (measured: 4 us for 64 rows of 784, against 160 ms to copy a shuffled 60,000 x 784
array per epoch); without shuffling a batch is a slice (no copy).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone import random as ax_random
from axone.core.engine import gradients, no_grad
from axone.core.tensor import Tensor, constant
from axone.layers.base import Layer
from axone.training import data_adapter
from axone.training.callbacks.base import CallbackList
from axone.training.evaluation import batch_metrics, evaluate, weight_scale
from axone.training.fit_state import FitState
from axone.training.fused_loss import fused_loss_for
from axone.training.history import History
from axone.training.nested import Arrays, shape_of, to_tensors, values_of
from axone.training.progress import ProgressBar
from axone.training.steps import Step


def _check_fit_arguments(epochs: Any, initial_epoch: Any, validation_split: Any, callbacks: Any) -> None:
    """Clear errors for arguments of the wrong kind, before any data is touched."""
    for key, value in (("epochs", epochs), ("initial_epoch", initial_epoch)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"fit(): {key} must be an integer >= 0, got {value!r}")
    if isinstance(validation_split, bool) or not isinstance(validation_split, (int, float, np.floating)):
        raise ValueError(f"fit(): validation_split must be a number in [0, 1), got {validation_split!r}")
    if callbacks is not None and not isinstance(callbacks, (list, tuple)):
        raise TypeError(
            f"fit(): callbacks must be a list of callbacks, got {type(callbacks).__name__}; write [callback]"
        )


def _batch_size(batch_size: int | None, n: int) -> int:
    if batch_size is None:
        return min(32, n)
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    return int(batch_size)


def ensure_built(model: Any, x: np.ndarray) -> tuple:
    """Build a lazy model on one sample (no graph, inference mode) and pick its metrics from the
    output's shape ("accuracy" after mse depends on the number of outputs, as in Keras)."""
    with no_grad():
        try:
            out = model(to_tensors(x[:1]), training=False)
        except ValueError as error:
            probe = f"shape {tuple(shape_of(x[:1]))}"
            if type(error) is not ValueError or probe not in str(error):
                raise
            # the error is about the data, not about this one-sample probe: show the data's shape
            raise ValueError(str(error).replace(probe, f"shape {tuple(shape_of(x))}")) from None
    model._resolve_metrics_for(shape_of(out))
    return shape_of(out)


def train_on_batch(model: Any, x: Any, y: Any, sample_weight: Any = None, class_weight: dict | None = None) -> dict:
    """One step on one batch; returns its logs (the loss and metrics computed before the update)."""
    x, y, sample_weight = data_adapter.prepare(
        x, y, model.dtype, sample_weight, structure=data_adapter.structure_of(model)
    )
    if class_weight:
        _check_class_weight(y)
        cw = data_adapter.class_weights_to_samples(y, class_weight).astype(x.dtype)
        sample_weight = cw if sample_weight is None else sample_weight * cw
    ensure_built(model, x)
    params = model.trainable_variables
    was_training = model.training
    model.train()
    try:
        loss, out, grads = _train_step(model, model.loss, False, params, update=True)(x, y, sample_weight)
    finally:
        model.train(was_training)
    logs = {"loss": float(loss.data)}
    metrics = model.compiled_metrics
    logs.update(batch_metrics(metrics, y, values_of(out), len(x), sample_weight, weight_scale(metrics, sample_weight)))
    return {k: v / len(x) if k != "loss" else v for k, v in logs.items()}


def _check_class_weight(y: Any) -> None:
    if isinstance(y, Arrays):
        raise ValueError(
            "fit(): class_weight is for a model with one output; with several, pass sample_weight (one weight per sample)"
        )


def _validation(validation_data: Any, dtype: Any, structure: tuple = (None, None)) -> tuple | None:
    if validation_data is None:
        return None
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
        raise ValueError("validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight_val)")
    vx, vy, vw = (*validation_data, None)[:3]
    return data_adapter.prepare(vx, vy, dtype, vw, name="validation_data", structure=structure)


def _epoch_order(n: int, epoch: int, seed: int | None) -> np.ndarray:
    """The epoch's permutation: from ``axone.random`` by default; with ``fit(seed=s)``, from a
    generator of its own seeded by (s, epoch), so that nothing another thread or model draws
    changes it, and a resumed run draws the same one without saving any generator state."""
    if seed is None:
        return ax_random.get_rng().permutation(n)
    return np.random.default_rng([int(seed), epoch]).permutation(n)


def fit(
    model: Any,
    x: Any,
    y: Any,
    batch_size: int | None = 32,
    epochs: int = 1,
    verbose: Any = "auto",
    callbacks: list | None = None,
    validation_split: float = 0.0,
    validation_data: Any = None,
    shuffle: bool = True,
    class_weight: dict | None = None,
    sample_weight: Any = None,
    initial_epoch: int = 0,
    seed: int | None = None,
) -> History:
    """Train ``model`` (see ``Model.fit`` for the arguments, which are Keras's, and ``seed``)."""
    if x is None or y is None:
        raise ValueError("fit() needs x and y (the inputs and the targets)")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise TypeError(f"fit: seed must be an int >= 0 or None, got {seed!r} ({type(seed).__name__})")
    _check_fit_arguments(epochs, initial_epoch, validation_split, callbacks)
    x, y, sample_weight = data_adapter.prepare(
        x, y, model.dtype, sample_weight, structure=data_adapter.structure_of(model)
    )
    if class_weight:
        _check_class_weight(y)
        cw = data_adapter.class_weights_to_samples(y, class_weight).astype(x.dtype)
        sample_weight = cw if sample_weight is None else sample_weight * cw
    val = _validation(validation_data, model.dtype, data_adapter.structure_of(model))
    if val is None and validation_split:
        (x, y, sample_weight), val = data_adapter.split_validation([x, y, sample_weight], validation_split)
    n = len(x)
    bs = _batch_size(batch_size, n)
    steps = -(-n // bs)
    output_shape = ensure_built(model, x)
    params = model.trainable_variables
    if not params:
        raise ValueError(f"model '{model.name}' has no trainable weights: there is nothing to fit")

    history = History()
    extra = [ProgressBar(verbose)] if verbose not in (0, False) else []
    cbs = CallbackList(  # those that implement restore_training go last (see CallbackList)
        list(callbacks or []) + extra + [history],
        model,
        {"epochs": epochs, "steps": steps, "verbose": verbose, "batch_size": bs, "samples": n},
    )
    state = FitState(steps)
    state.loss_fn, y = fused_loss_for(model.loss, y, output_shape)
    cbs.set_fit_state(state)
    model.stop_training = False
    model.train()
    try:
        cbs.call("on_train_begin", {})
        cbs.restore_training()  # after on_train_begin: the restored counters replace the fresh ones
        resume = state.resume
        first = initial_epoch if resume is None else resume["epoch"]
        for epoch in range(first, epochs):
            state.epoch = epoch
            cbs.call("on_epoch_begin", epoch, {})
            if resume is not None and resume["epoch"] == epoch and resume["batch"] > 0:  # mid-epoch backup
                state.permutation, state.batch = resume["permutation"], resume["batch"]
                state.sums, state.seen = dict(resume["sums"]), resume["seen"]
            else:
                state.permutation = _epoch_order(n, epoch, seed) if shuffle else None
                state.batch, state.sums, state.seen = 0, {}, 0
            resume = None
            logs = _run_epoch(model, cbs, state, params, x, y, sample_weight, bs, seed)
            if logs is None:  # stopped inside the epoch (TerminateOnNaN): no epoch end
                break
            if val is not None:
                model.eval()
                val_logs = evaluate(model, val[0], val[1], batch_size=bs, sample_weight=val[2], prepared=True)
                model.train()
                logs.update({f"val_{k}": v for k, v in val_logs.items()})
            cbs.call("on_epoch_end", epoch, logs)
            if model.stop_training:
                break
        cbs.call("on_train_end", {})
    finally:
        model.eval()
        cbs.set_fit_state(None)
    return history


def _forward_for(model: Any) -> Any:
    """The training forward pass: for a Sequential of plain layers, each layer's ``call`` in turn
    (they are built and their input shapes were checked on the first batch); else ``model.call``."""
    layers = getattr(model, "_layers", None)
    if not isinstance(layers, list) or any(type(layer).__call__ is not Layer.__call__ for layer in layers):
        return model.call
    calls = [layer.call for layer in layers]

    def forward(x: Tensor, training: bool) -> Tensor:
        for call in calls:
            x = call(x, training)
        return x

    return forward


def _train_step(model: Any, loss_fn: Any, fused: bool, params: list, update: bool) -> Step:
    """One batch's forward pass, loss and gradients, compiled or eager (``training.steps``), and
    the optimizer's update when ``update``; else ``fit`` applies it after the per-step checks (a
    NaN loss stops before the weights change)."""
    forward = _forward_for(model)
    optimizer = model.optimizer

    def train_step(xb: Any, yb: Any, wb: Any) -> tuple:
        # the model is built: its own call, without the checks of __call__; xb is already an array
        # of the model's dtype (data_adapter), so it is wrapped as it is
        out = forward(constant(xb) if type(xb) is np.ndarray else to_tensors(xb), True)
        if fused:
            loss = loss_fn(out, yb, wb)
        else:
            loss = loss_fn(yb, out) if wb is None else loss_fn(yb, out, sample_weight=wb)
        grads = gradients(loss, params)
        if update:
            optimizer.apply_gradients(zip(grads, params))
        return loss, out, grads

    key = (id(loss_fn), fused, tuple(map(id, params)), update and id(optimizer))
    return Step(model, "train_step", train_step, key=key)


def _run_epoch(
    model: Any,
    cbs: CallbackList,
    state: FitState,
    params: list,
    x: np.ndarray,
    y: np.ndarray,
    sample_weight: np.ndarray | None,
    bs: int,
    seed: int | None = None,
) -> dict | None:
    """The batches of one epoch; returns the epoch's logs (None when stopped in the middle).

    With ``fit(seed=s)``, batch b of epoch e draws its random numbers (dropout) from a generator
    of its own, ``default_rng([s, e, b])``: reproducible beside other threads, and after a resume."""
    perm = state.permutation
    _loss_fn, optimizer = state.loss_fn or model.loss, model.optimizer
    metrics, sums = model.compiled_metrics, state.sums
    scale = weight_scale(metrics, sample_weight)  # weighted metrics: n / sum(w) over the data set
    sums.setdefault("loss", 0.0)  # first key: the logs list the loss first
    hooks = cbs.wants_train_batches
    checkers = cbs.checkers
    # without per-step checks the update is part of the step (in its plan, when compiled)
    train_step = _train_step(model, state.loss_fn or model.loss, state.loss_fn is not None, params, not checkers)
    loss_sum, seen = sums.get("loss", 0.0), state.seen
    for batch in range(state.batch, state.steps):
        start = batch * bs
        if perm is None:
            xb, yb = x[start : start + bs], y[start : start + bs]
            wb = None if sample_weight is None else sample_weight[start : start + bs]
        else:
            idx = perm[start : start + bs]
            xb, yb = x.take(idx, 0), y.take(idx, 0)  # take: the same rows, faster than x[idx]
            wb = None if sample_weight is None else sample_weight[idx]
        if hooks:
            cbs.call("on_train_batch_begin", batch, {})
        if seed is None:
            loss, out, grads = train_step(xb, yb, wb)
        else:
            with ax_random.using(np.random.default_rng([int(seed), state.epoch, batch])):
                loss, out, grads = train_step(xb, yb, wb)
        value = float(loss.data)
        if checkers:
            state.last_batch, state.last_grads = (xb, yb, wb), grads
            if any(c.check_batch(batch, value, grads) for c in checkers):
                state.sums["loss"] = loss_sum
                return None
            optimizer.apply_gradients(zip(grads, params))
        nb = len(xb)
        loss_sum += value * nb
        seen += nb
        if metrics:
            values = out.data if type(out) is Tensor else values_of(out)
            for key, total in batch_metrics(metrics, yb, values, nb, wb, scale).items():
                sums[key] = sums.get(key, 0.0) + total
        state.batch, state.seen = batch + 1, seen
        del loss, out  # an eager step's graph goes before the next step builds its own
        if hooks:
            sums["loss"] = loss_sum
            cbs.call("on_train_batch_end", batch, {k: v / seen for k, v in sums.items()})
        if model.stop_training:
            break
    sums["loss"] = loss_sum
    return {k: v / max(seen, 1) for k, v in sums.items()} if seen else {"loss": float("nan")}
