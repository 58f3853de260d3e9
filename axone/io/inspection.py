"""``inspect_model_file``: what a model file holds, read and validated without building anything.

Used by ``axone inspect``: the architecture (class and name of every layer, with its config),
the parameter table (each tensor's name, dtype, shape and size, from the safetensors header
alone), the totals per layer, the compile settings and the training metadata.

Example:
    >>> import os, tempfile
    >>> import axone as ax
    >>> from axone.training import Sequential
    >>> model = Sequential([ax.Input((2,), name="x"), ax.layers.Dense(3, name="h"), ax.layers.Dense(1, name="o")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "m.axone")
    ...     model.save(path)
    ...     info = ax.io.inspect_model_file(path)
    >>> [(layer["class_name"], layer["name"], layer["params"]) for layer in info["layers"]]
    [('Input', 'x', 0), ('Dense', 'h', 9), ('Dense', 'o', 4)]
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from axone.io import tensors
from axone.io.model_files import OPTIMIZER, WEIGHTS, read_model_file


def inspect_model_file(path: str | Path) -> dict[str, Any]:
    """A plain dict describing the file at ``path`` (see the module docstring); raises
    ``ModelFileError`` for a malformed file, exactly as ``load_model`` would before building."""
    kind, config, weights_raw, optimizer_raw = read_model_file(path)
    specs, metadata, _ = tensors.read_header(weights_raw, path, WEIGHTS)
    table = [
        {"name": name, "dtype": _code(dtype), "shape": list(shape), "size": math.prod(shape)}
        for name, dtype, shape, _begin, _end in specs
    ]
    info: dict[str, Any] = {
        "path": str(path),
        "kind": kind,
        "weights": table,
        "total_params": sum(row["size"] for row in table),
        "weights_metadata": metadata,
    }
    if optimizer_raw is not None:
        opt_specs, _, _ = tensors.read_header(optimizer_raw, path, OPTIMIZER)
        info["optimizer_state"] = [{"name": s[0], "shape": list(s[2])} for s in opt_specs]
    if config is not None:
        model = config["model"]
        info.update(
            class_name=model["class_name"],
            name=model["config"].get("name"),
            layers=_layers(model, table),
            build=config.get("build"),
            compile=config.get("compile"),
            training=config.get("training") or {},
            preprocessing=config.get("preprocessing"),
        )
    return info


def _code(dtype: Any) -> str:
    return next(code for code, dt in tensors.DTYPES.items() if dt == dtype)


def _layers(model: dict, table: list[dict]) -> list[dict]:
    """One row per layer of a container (its ``layers`` list), else one row for the model itself."""
    entries = model["config"].get("layers")
    entries = entries if isinstance(entries, list) else [model]
    rows = []
    for entry in entries:
        name = entry["config"].get("name")
        prefix = f"{name}/"
        params = sum(row["size"] for row in table if isinstance(name, str) and row["name"].startswith(prefix))
        rows.append({"class_name": entry["class_name"], "name": name, "params": params, "config": entry["config"]})
    return rows
