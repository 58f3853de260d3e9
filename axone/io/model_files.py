"""``save_model`` / ``load_model`` / ``save_weights`` / ``load_weights``: the glue (level 4).

A model file is built in memory (JSON checked by the same rules the reader applies, tensors
encoded) and then written atomically; loading validates every member before it builds
anything, builds only classes of axone's registries, then sets the weights, then compiles.

Example:
    >>> import os, tempfile
    >>> import axone as ax
    >>> from axone.training import Sequential
    >>> model = Sequential([ax.Input((2,)), ax.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "m.axone")
    ...     ax.io.save_model(model, path)
    ...     again = ax.load_model(path)
    >>> bool((again.predict([[1.0, 2.0]]) == model.predict([[1.0, 2.0]])).all())
    True
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Any

import numpy as np

from axone.io import archive, jsonsafe, optimizer_state, outputs_compile, tensors, validate, weights
from axone.io.errors import FILE, ModelFileError
from axone.layers import registry
from axone.layers.base import weight_budget

HEADER, CONFIG, WEIGHTS, OPTIMIZER = "axone.json", "config.json", "weights.safetensors", "optimizer.safetensors"
MEMBER_LIMITS = {HEADER: 2**16, CONFIG: 16 * 2**20, WEIGHTS: archive.MAX_FILE_BYTES, OPTIMIZER: archive.MAX_FILE_BYTES}
_BUDGET_SLACK = 2**20  # weight values a model may create beyond those its file holds
# what a constructor may raise on a hostile config; MemoryError: a config that asks for huge weights
_BUILD_ERRORS = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    RecursionError,
    MemoryError,
    FloatingPointError,  # under np.seterr(all="raise"): a config value that overflows its dtype
)


def _header(kind: str) -> bytes:
    from axone import __version__

    return jsonsafe.dumps(
        {"format": validate.FORMAT, "version": validate.VERSION, "kind": kind, "axone_version": __version__}
    )


# ---- saving -------------------------------------------------------------------------------------
def save_model(model: Any, path: str | Path, include_optimizer: bool = True, preprocessing: Any = None) -> None:
    """Write ``model`` (architecture, weights, compile settings, optimizer state) to a ``.axone`` file.

    Args:
        model: a model or layer of a registered class (``Sequential``, ``Dense``...).
        path: the file (str or Path); replaced atomically if it exists.
        include_optimizer: also save the optimizer's slots and step counter, to resume training.
        preprocessing: a ``Preprocessor`` (or its ``get_config()``) to carry with the model; by
            default ``model.preprocessing_config`` when set.
    """
    config: dict[str, Any] = {"model": _serialize(model)}
    build = model.get_build_config() if hasattr(model, "get_build_config") else None
    if build is not None:
        config["build"] = {"input_shape": list(build["input_shape"])}
    compile_info = _compile_info(model)
    if compile_info is not None:
        config["compile"] = compile_info
    config["training"] = _training_metadata(model)
    preprocessing = preprocessing if preprocessing is not None else getattr(model, "preprocessing_config", None)
    if preprocessing is not None:
        config["preprocessing"] = preprocessing.get_config() if hasattr(preprocessing, "get_config") else preprocessing
    try:
        config_bytes = jsonsafe.dumps(config)
    except ValueError as exc:
        raise ValueError(f"model '{model.name}' cannot be saved: its config is not plain JSON: {exc}") from None
    # what axone writes must pass what axone reads: a config that the loader would refuse fails now
    validate.check_config(jsonsafe.loads(config_bytes, path, CONFIG), path, CONFIG)
    members = {HEADER: _header("model"), CONFIG: config_bytes, WEIGHTS: tensors.encode(weights.collect(model))}
    optimizer = getattr(model, "optimizer", None)
    if include_optimizer and compile_info is not None and optimizer is not None and hasattr(optimizer, "state_arrays"):
        members[OPTIMIZER] = tensors.encode(optimizer.state_arrays(model.trainable_variables))
    archive.write_members(path, members, stored=(WEIGHTS, OPTIMIZER))


def _serialize(model: Any) -> dict:
    try:
        return registry.serialize(model)
    except ValueError as exc:
        raise ValueError(f"model '{getattr(model, 'name', '?')}' cannot be saved: {exc}") from None


def _compile_info(model: Any) -> dict | None:
    """Optimizer config, loss and metric names; None when not compiled or not expressible by names."""
    from axone import losses, optimizers

    optimizer, loss = getattr(model, "optimizer", None), getattr(model, "loss", None)
    if optimizer is None or loss is None:
        return None
    from axone.training.outputs import OutputsLoss

    if isinstance(loss, OutputsLoss):  # one loss per output, or loss_weights
        described = outputs_compile.describe(model, loss)
        return None if described is None else {"optimizer": optimizers.serialize(optimizer), **described}
    loss_name = losses.canonical_name(loss)
    compiled = getattr(model, "compiled_metrics", [])
    metrics = [getattr(m, "name", None) for m in compiled if not getattr(m, "weighted", False)]
    specs = [getattr(model, "_metric_spec", None) or [], getattr(model, "_weighted_spec", None) or []]
    specs = [spec if isinstance(spec, (list, tuple)) else [spec] for spec in specs]
    if loss_name is None or any(not isinstance(m, str) for spec in specs for m in spec):
        return None  # a custom loss or metric function: the loaded model is compiled by its user
    loss_config: Any = loss.get_config() if isinstance(loss, losses.Loss) else loss_name
    info = {"optimizer": optimizers.serialize(optimizer), "loss": loss_config, "metrics": metrics}
    if specs[1]:
        info["weighted_metrics"] = list(specs[1])
    return info


def _finite_or_none(value: Any) -> Any:
    return value if isinstance(value, (int, float)) and math.isfinite(value) else None


def _training_metadata(model: Any) -> dict:
    from axone import __version__

    meta: dict[str, Any] = {
        "axone_version": __version__,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    history = getattr(model, "history", None)
    if history is not None and getattr(history, "history", None):
        meta["epochs"] = len(getattr(history, "epoch", []))
        meta["final"] = {k: _finite_or_none(float(v[-1])) for k, v in history.history.items() if v}
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and hasattr(optimizer, "iterations"):
        meta["optimizer_steps"] = int(optimizer.iterations)
    return meta


def save_weights(model: Any, path: str | Path) -> None:
    """Write the weights only: a plain safetensors file when ``path`` ends in ``.safetensors``,
    otherwise a ``.axone`` zip holding ``axone.json`` (kind ``"weights"``) and ``weights.safetensors``."""
    raw = tensors.encode(weights.collect(model), {"format": "axone-weights", "version": str(validate.VERSION)})
    if str(path).endswith(".safetensors"):
        archive.atomic_write(path, lambda handle: handle.write(raw))
    else:
        archive.write_members(path, {HEADER: _header("weights"), WEIGHTS: raw}, stored=(WEIGHTS,))


# ---- loading ------------------------------------------------------------------------------------
def read_model_file(path: Any) -> tuple[str, dict | None, bytes, bytes | None]:
    """Validated (kind, config, weights bytes, optimizer bytes) of a ``.axone`` file; builds nothing."""
    members = archive.read_members(path, MEMBER_LIMITS, required={HEADER, WEIGHTS})
    kind = validate.check_header(jsonsafe.loads(members[HEADER], path, HEADER), path)
    config = None
    if kind == "model":
        if CONFIG not in members:
            raise ModelFileError(path, CONFIG, "(missing)", "a model file needs its architecture in config.json")
        config = jsonsafe.loads(members[CONFIG], path, CONFIG)
        validate.check_config(config, path)
    elif CONFIG in members or OPTIMIZER in members:
        extra = CONFIG if CONFIG in members else OPTIMIZER
        raise ModelFileError(path, extra, "name", "unexpected member in a weights-only file (kind 'weights')")
    if OPTIMIZER in members:
        if not (config.get("compile") or {}).get("optimizer"):
            raise ModelFileError(
                path,
                OPTIMIZER,
                "(member)",
                "optimizer state without an optimizer in config.json's 'compile': whose state would it be?",
            )
        optimizer_state.check_header(tensors.read_header(members[OPTIMIZER], path, OPTIMIZER)[0], path)
    return kind, config, members[WEIGHTS], members.get(OPTIMIZER)


def load_model(path: str | Path, compile: bool = True) -> Any:
    """Rebuild a model saved by ``save_model``: architecture, weights, and (``compile=True``) its
    optimizer, loss, metrics and optimizer state, ready to predict or to go on training.

    Raises:
        ModelFileError: for any malformed or hostile file, naming the member and the field.
        FileNotFoundError: when ``path`` does not exist.
    """
    kind, config, weights_raw, optimizer_raw = read_model_file(path)
    if kind != "model":
        raise ModelFileError(
            path,
            HEADER,
            "field 'kind'",
            "this file holds weights only (save_weights): build the model, then model.load_weights(path)",
        )
    arrays, _ = tensors.decode(weights_raw, path, WEIGHTS)  # every tensor checked before any object exists
    state = tensors.decode(optimizer_raw, path, OPTIMIZER)[0] if optimizer_raw is not None else None
    # the file's tensors bound what the layers may allocate: a hostile config asking for billions
    # of weights is refused at its layer, before the memory is taken. The slack (4 MB of float32)
    # lets a small mismatch through to weights.assign, whose error names the tensor.
    with weight_budget(sum(int(a.size) for a in arrays.values()) + _BUDGET_SLACK):
        model = build(config["model"], path, "model")
        if config.get("build") is not None:
            _build_for(model, config["build"]["input_shape"], path)
    weights.assign(model, arrays, path, WEIGHTS)
    if compile and config.get("compile"):
        _compile(model, config["compile"], state, path)
    model.preprocessing_config = config.get("preprocessing")
    model.file_metadata = config.get("training") or {}
    return model


def _build_for(model: Any, input_shape: list, path: Any) -> None:
    """Build the model for its saved input shape; layers that build lazily (a Sequential without an
    Input) are built by one forward pass on a zero sample, without recording a graph."""
    from axone.core.engine import no_grad

    try:
        if not model.built:
            model.build_from_config({"input_shape": input_shape})
        if any(not layer.built for layer in model.sublayers()):
            probe = np.zeros([1 if d is None else d for d in [1, *input_shape[1:]]], dtype=model.dtype)
            with no_grad():
                model(probe, training=False)
    except (*_BUILD_ERRORS, FloatingPointError) as exc:
        raise ModelFileError(
            path, CONFIG, "field 'build.input_shape'", f"the model cannot be built for it: {exc}"
        ) from None


def build(spec: dict, path: Any, field: str) -> Any:
    """Build a validated layer spec; nested layers are built first, alone, so that a constructor's
    refusal is reported at the field of the layer that refused."""
    for key, value in spec["config"].items():
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if validate.is_layer_spec(item):
                build(item, path, f"{field}.config.{key}" + (f"[{i}]" if isinstance(value, list) else ""))
    try:
        return registry.deserialize(spec)
    except _BUILD_ERRORS as exc:
        message = str(exc)
        key = next((k for k in spec["config"] if k != "name" and f"{k}" in message), None)
        where = f"{field}.config.{key}" if key else f"{field}.config"
        raise ModelFileError(
            path, CONFIG, f"field {where!r}", f"{spec['class_name']} refused its config: {message}"
        ) from None


def _compile(model: Any, spec: dict, state: dict | None, path: Any) -> None:
    from axone import losses, optimizers

    try:
        optimizer = optimizers.deserialize(spec["optimizer"]) if spec.get("optimizer") else "rmsprop"
    except _BUILD_ERRORS as exc:
        raise ModelFileError(path, CONFIG, "field 'compile.optimizer'", f"refused: {exc}") from None

    def rebuilt(loss: Any) -> Any:
        if isinstance(loss, dict):
            return type(losses.get(loss.get("name")))(
                from_logits=loss.get("from_logits", False), reduction=loss.get("reduction", "mean")
            )
        return loss

    try:
        per_output = spec.get("losses")
        loss = rebuilt(spec.get("loss")) if per_output is None else {k: rebuilt(v) for k, v in per_output.items()}
        model.compile(
            optimizer=optimizer,
            loss=loss,
            metrics=spec.get("metrics"),
            weighted_metrics=spec.get("weighted_metrics"),
            loss_weights=spec.get("loss_weights"),
        )
    except _BUILD_ERRORS as exc:
        raise ModelFileError(path, CONFIG, "field 'compile'", f"the model cannot be compiled with it: {exc}") from None
    if state is not None:
        optimizer_state.check_against(model.optimizer, model.trainable_variables, state, path)
        try:
            model.optimizer.load_state_arrays(model.trainable_variables, state)
        except _BUILD_ERRORS as exc:
            raise ModelFileError(path, OPTIMIZER, "state", str(exc)) from None


def load_weights(model: Any, path: str | Path) -> None:
    """Set ``model``'s weights from a file of ``save_weights`` (``.axone`` or ``.safetensors``) or
    from a full model file; every tensor is checked (name, shape, dtype) before any weight changes."""
    p = archive.check_path(path)
    with open(p, "rb") as handle:
        magic = handle.read(4)
    if magic[:2] == b"PK":
        _, _, raw, _ = read_model_file(path)
        arrays, _ = tensors.decode(raw, path, WEIGHTS)
        weights.assign(model, arrays, path, WEIGHTS)
        return
    raw = p.read_bytes()
    arrays, _ = tensors.decode(raw, path, FILE)
    weights.assign(model, arrays, path, FILE)
