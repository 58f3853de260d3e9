"""``axone inspect model.axone``: what a model file holds, read without building anything from it.

The file is read and validated by ``axone.io.inspect_model_file`` (zip directory, strict JSON,
tensor headers); no layer, optimizer or array is created, so inspecting an untrusted file is
safe. Printed: the architecture (one row per layer, with its units and activation), the
parameter table (every tensor's name, dtype, shape and size), the compile settings, the
training metadata and the table preprocessing. ``--json`` prints the same as JSON.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from axone.cli.errors import check_input


def add_commands(commands: Any) -> None:
    parser = commands.add_parser(
        "inspect",
        help="show a model file's architecture, parameters and metadata (builds nothing)",
        description="Show what a .axone file holds, read and checked without building any object from it.",
    )
    parser.add_argument("model", help="the model file (.axone)")
    parser.add_argument("--json", action="store_true", help="print everything as one JSON document")
    parser.set_defaults(run=run_inspect)


def run_inspect(args: argparse.Namespace) -> int:
    from axone.io import inspect_model_file

    info = inspect_model_file(check_input(args.model, "model file"))
    print(json.dumps(info, indent=2, default=str) if args.json else render(info))
    return 0


def table(rows: list[list[Any]], header: list[str]) -> list[str]:
    """Left-aligned columns, two spaces apart, with a rule under the header.

    Example:
        >>> print("\\n".join(table([["dense", 3]], ["layer", "params"])))
        layer  params
        -----  ------
        dense  3
    """
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def layer_detail(config: dict) -> str:
    """The few config entries that say what a layer computes (units, activation, shape...)."""
    keys = ("units", "activation", "filters", "kernel_size", "strides", "padding", "pool_size", "rate", "shape")
    return ", ".join(f"{k}={config[k]}" for k in keys if config.get(k) is not None)


def render(info: dict) -> str:
    lines = [f"file: {info['path']} ({info['kind']} file)"]
    if info["kind"] == "model":
        lines.append(f"model: {info['class_name']} '{info['name']}'")
        build = info.get("build") or {}
        if build.get("input_shape"):
            lines.append(f"input shape: {tuple(build['input_shape'])}")
        lines += ["", "architecture:"]
        lines += [
            "  " + line
            for line in table(
                [
                    [i, layer["class_name"], layer["name"], layer_detail(layer["config"]), layer["params"]]
                    for i, layer in enumerate(info["layers"])
                ],
                ["#", "class", "name", "config", "params"],
            )
        ]
    lines += ["", "parameters:"]
    lines += [
        "  " + line
        for line in table(
            [[w["name"], w["dtype"], tuple(w["shape"]), w["size"]] for w in info["weights"]],
            ["tensor", "dtype", "shape", "size"],
        )
    ]
    lines.append(f"  total: {info['total_params']} parameters in {len(info['weights'])} tensors")
    if info.get("optimizer_state"):
        lines.append(f"  optimizer state: {len(info['optimizer_state'])} tensors (training can resume)")
    compiled = info.get("compile")
    if compiled:
        optimizer = compiled.get("optimizer") or {}
        settings = ", ".join(
            f"{k}={v}" for k, v in (optimizer.get("config") or {}).items() if k != "name" and v is not None
        )
        loss = compiled.get("loss")
        if isinstance(loss, dict):
            loss = f"{loss.get('name')} ({', '.join(f'{k}={v}' for k, v in loss.items() if k != 'name')})"
        lines += [
            "",
            "compile:",
            f"  optimizer: {optimizer.get('class_name', '?')}({settings})",
            f"  loss: {loss}",
            f"  metrics: {', '.join(map(str, compiled.get('metrics') or [])) or 'none'}",
        ]
    training = info.get("training") or {}
    if training:
        lines += ["", "training:"]
        lines += [f"  {key}: {value}" for key, value in training.items() if key != "final"]
        for key, value in (training.get("final") or {}).items():
            lines.append(f"  final {key}: {value if value is None else f'{value:.6g}'}")
    lines += preprocessing_lines(info.get("preprocessing"))
    return "\n".join(lines)


def preprocessing_lines(config: dict | None) -> list[str]:
    if not config:
        return []
    columns = config.get("columns") or []
    kinds = [
        f"{c.get('name')} ({c.get('kind')}"
        + (f", {len(c.get('categories') or [])} categories)" if c.get("kind") == "text" else ")")
        for c in columns
    ]
    lines = [
        "",
        "table preprocessing (applied by axone predict):",
        f"  target: {config.get('target')!r} ({config.get('task')})",
        f"  input columns: {', '.join(kinds) or 'none'}",
    ]
    if config.get("classes") is not None:
        lines.append(f"  classes: {', '.join(map(str, config['classes']))}")
    if config.get("ignored"):
        lines.append(f"  ignored columns: {', '.join(map(str, config['ignored']))}")
    return lines
