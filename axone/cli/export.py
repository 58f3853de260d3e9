"""``axone export model.axone --to onnx``: a saved model as a file for tools that are not axone.

The model file is loaded (``ax.load_model``, the safe loader), converted by ``ax.onnx.export``
and written atomically beside it (``model.onnx``) or to ``--out``. A layer that cannot be
exported is named in the one-line error and nothing is written. ``--check`` runs the new file
with onnxruntime on random inputs and prints the largest gap to axone's own outputs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from axone.cli.errors import CliError, check_input, check_output

FORMATS = ("onnx",)


def add_commands(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help="convert a model file to another format (ONNX)",
        description="Convert a .axone model to ONNX (opset 17), for onnxruntime and the tools that read ONNX.",
    )
    parser.add_argument("model", help="the model file (.axone)")
    parser.add_argument("--to", required=True, choices=FORMATS, help="the format to write")
    parser.add_argument("--out", help="the file to write (default: the model's name with .onnx)")
    parser.add_argument("--force", action="store_true", help="overwrite the output if it exists")
    parser.add_argument(
        "--check", action="store_true", help="run the file with onnxruntime and print its gap to axone's outputs"
    )
    parser.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    import axone as ax
    from axone.onnx.graph import OPSET

    source = check_input(args.model, "model file")
    out = check_output(args.out or Path(source).with_suffix(f".{args.to}"), args.force, inputs=(source,))
    model = ax.load_model(source)
    try:
        ax.onnx.export(model, out)
    except ImportError as error:
        raise CliError(str(error)) from None
    print(f"wrote {out} (ONNX opset {OPSET})")
    if args.check:
        x = ax.onnx.sample_input(model)
        arrays = x if isinstance(x, list) else [x]
        shapes = ", ".join(str(a.shape[1:]) for a in arrays)
        gap = ax.onnx.compare(model, out, x)
        print(f"onnxruntime vs axone on {len(arrays[0])} random inputs of shape {shapes}: largest gap {gap:.3g}")
    return 0
