r"""``model.summary()``: Keras's table, plus each layer's formula and how its parameters are counted.

Columns: ``Layer (type)``, ``Output Shape``, ``Param #`` (as Keras prints them), then ``Formula``
(the layer's ``formula()``, e.g. $z = xW + b$, $y = \sigma(z)$) and ``Parameters`` (its
``param_formula()``, e.g. $n_{in} \cdot n_{out} + n_{out}$ with the numbers), one line each.
Totals follow Keras: ``Total params``, ``Trainable params``, ``Non-trainable params`` with
their size in bytes.

Example:
    >>> import axone as ax
    >>> model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(3, activation="sigmoid", name="hidden"),
    ...                        ax.layers.Dense(1, activation="sigmoid", name="out")], name="xor")
    >>> text = model.summary(print_fn=lambda line: None)
    >>> print(text)  # doctest: +NORMALIZE_WHITESPACE
    Model: "xor"
    ______________________________________________________________________________________________
     Layer (type)      Output Shape     Param #     Formula            Parameters
    ==============================================================================================
     hidden (Dense)    (None, 3)        9           z = xW + b         2 * 3 + 3 = 9
                                                    y = sigmoid(z)
    ______________________________________________________________________________________________
     out (Dense)       (None, 1)        4           z = xW + b         3 * 1 + 1 = 4
                                                    y = sigmoid(z)
    ==============================================================================================
    Total params: 13 (52.00 B)
    Trainable params: 13 (52.00 B)
    Non-trainable params: 0 (0.00 B)
    ______________________________________________________________________________________________
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from axone.training.tracing import trace

_HEADERS = ("Layer (type)", "Output Shape", "Param #", "Formula", "Parameters")
_WIDTHS = (18, 17, 12, 19, 27)


def readable_size(n_bytes: int) -> str:
    """``52.00 B``, ``1.50 KB``, ``3.10 MB`` (powers of 1024, as Keras)."""
    size = float(n_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} GB"  # pragma: no cover - the loop always returns


def _output_shapes(model: Any) -> dict[int, tuple]:
    """Each top-level layer's output shape (batch as None), by one traced pass on zeros."""
    shape = getattr(model, "input_shape", None)
    if shape is None or any(d is None for d in shape[1:]):
        return {}
    probe = np.zeros((1,) + tuple(shape[1:]), dtype=model.dtype)
    try:
        records = trace(model, probe)
    except (ValueError, TypeError, RuntimeError):
        return {}
    return {id(layer): (None,) + tuple(out.shape[1:]) for layer, out in records}


def _fit(text: str, width: int) -> str:
    return text if len(text) < width else text[: width - 2] + "…"


def _row(cells: tuple[str, ...]) -> str:
    return " " + "".join(_fit(c, w).ljust(w) for c, w in zip(cells, _WIDTHS)).rstrip()


def summary(model: Any, print_fn: Callable[[str], Any] | None = None, line_length: int | None = None) -> str:
    """The summary table as a string, also printed line by line with ``print_fn`` (``print``)."""
    width = line_length or sum(_WIDTHS) + 1
    shapes = _output_shapes(model)
    lines = [f'Model: "{model.name}"', "_" * width, _row(_HEADERS), "=" * width]
    layers = model.layers
    for i, layer in enumerate(layers):
        shape = shapes.get(id(layer))
        count = layer.count_params() if layer.built else 0
        formula = getattr(layer, "formula", None)
        formula_lines = list(formula()) if callable(formula) else []
        derive = getattr(layer, "param_formula", None)
        derivation = derive() if callable(derive) else str(count)
        params = str(count) if layer.built else "0 (unbuilt)"
        first = (
            f"{layer.name} ({type(layer).__name__})",
            "?" if shape is None else str(shape),
            params,
            formula_lines[0] if formula_lines else "",
            derivation,
        )
        lines.append(_row(first))
        lines.extend(_row(("", "", "", extra, "")) for extra in formula_lines[1:])
        if i < len(layers) - 1:
            lines.append("_" * width)
    trainable = sum(v.data.size for v in model.trainable_weights)
    non_trainable = sum(v.data.size for v in model.non_trainable_weights)
    t_bytes = sum(v.data.nbytes for v in model.trainable_weights)
    n_bytes = sum(v.data.nbytes for v in model.non_trainable_weights)
    lines += [
        "=" * width,
        f"Total params: {trainable + non_trainable} ({readable_size(t_bytes + n_bytes)})",
        f"Trainable params: {trainable} ({readable_size(t_bytes)})",
        f"Non-trainable params: {non_trainable} ({readable_size(n_bytes)})",
        "_" * width,
    ]
    text = "\n".join(lines)
    for line in lines:
        (print if print_fn is None else print_fn)(line)
    return text
