r"""``model.summary()``: Keras's table, plus each layer's formula and how its parameters are counted.

Columns: ``Layer (type)``, ``Output Shape``, ``Param #`` (as Keras prints them), then ``Formula``
(the layer's ``formula()``, e.g. $z = xW + b$, $y = \sigma(z)$) and ``Parameters`` (its
``param_formula()``, e.g. $n_{in} \cdot n_{out} + n_{out}$ with the numbers), one line each.
Totals follow Keras: ``Total params``, ``Trainable params``, ``Non-trainable params`` with
their size in bytes.

A functional model (``ax.Model(inputs=, outputs=)``) also has Keras's ``Connected to`` column:
the nodes each layer reads, as ``dense[0][0]`` (the layer, its call, its output).
``model.summary()`` prints and returns None (as Keras); ``summary_text(model)`` returns the text.

Example:
    >>> import axone as ax
    >>> model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(3, activation="sigmoid", name="hidden"),
    ...                        ax.layers.Dense(1, activation="sigmoid", name="out")], name="xor")
    >>> model.summary()  # doctest: +NORMALIZE_WHITESPACE
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

import textwrap
from typing import Any, Callable

import numpy as np

from axone.training.tracing import trace

_HEADERS = ("Layer (type)", "Output Shape", "Param #", "Formula", "Parameters")
_WIDTHS = (18, 17, 12, 19, 27)
_CONNECTED = ("Connected to", 16, 40)  # the functional models' column: header, width, maximum width


def readable_size(n_bytes: int) -> str:
    """``52.00 B``, ``1.50 KB``, ``3.10 MB`` (powers of 1024, as Keras)."""
    size = float(n_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} GB"  # pragma: no cover - the loop always returns


def _output_shapes(model: Any) -> dict[int, tuple]:
    """Each top-level layer's output shape (batch as None): a functional model's from its graph,
    others traced on zeros.

    An unknown input size (``Input((None, 2))``: any number of time steps) is probed with two
    different sizes; an output dimension that changes with it is shown as None.
    """
    if hasattr(model, "node_shapes"):
        return model.node_shapes()
    shape = getattr(model, "input_shape", None)
    if shape is None:
        return {}
    probes = [tuple(size if d is None else d for d in shape[1:]) for size in (3, 5)]
    if probes[0] == probes[1]:
        probes = probes[:1]
    try:
        runs = [trace(model, np.zeros((1,) + p, dtype=model.dtype)) for p in probes]
    except (ValueError, TypeError, RuntimeError):
        return {}
    shapes = {}
    for records in zip(*runs):
        dims = zip(*(out.shape[1:] for _, out in records))
        shapes[id(records[0][0])] = (None,) + tuple(d[0] if len(set(d)) == 1 else None for d in dims)
    return shapes


_MAX_WIDTHS = (42, 22, 14, 44, 40)  # longer formulas and derivations wrap onto more lines


def _cells(layer: Any, shape: tuple | None) -> list[list[str]]:
    """The layer's five cells, each a list of lines (the formula has one line per step)."""
    count = layer.count_params() if layer.built else 0
    formula = getattr(layer, "formula", None)
    derive = getattr(layer, "param_formula", None)
    return [
        [f"{layer.name} ({type(layer).__name__})"],
        ["?" if shape is None else str(shape)],
        [str(count) if layer.built else "0 (unbuilt)"],
        list(formula()) if callable(formula) else [],
        [derive() if callable(derive) else str(count)],
    ]


def _columns(functional: bool) -> tuple[tuple, tuple, tuple]:
    """Headers, default widths and maximum widths (``Connected to`` after ``Param #`` for a graph)."""
    if not functional:
        return _HEADERS, _WIDTHS, _MAX_WIDTHS
    header, low, high = _CONNECTED
    return (
        _HEADERS[:3] + (header,) + _HEADERS[3:],
        _WIDTHS[:3] + (low,) + _WIDTHS[3:],
        _MAX_WIDTHS[:3] + (high,) + _MAX_WIDTHS[3:],
    )


def _widths(blocks: list[list[list[str]]], line_length: int | None, columns: tuple) -> tuple[int, ...]:
    """Each column as wide as its longest line (between the default and the maximum)."""
    headers, lows, highs = columns
    widths = []
    for i, (low, high) in enumerate(zip(lows, highs)):
        longest = max([len(headers[i])] + [len(line) for cells in blocks for line in cells[i]])
        widths.append(min(max(low, longest + 2), high))
    while line_length is not None and sum(widths) + 1 > line_length and max(widths) > 10:
        widths[widths.index(max(widths))] -= 1
    return tuple(widths)


def _rows(cells: list[list[str]], widths: tuple[int, ...]) -> list[str]:
    """The layer's lines: long lines wrap within their column, the columns side by side."""
    wrapped = []
    for lines, w in zip(cells, widths):
        column: list[str] = []
        for line in lines:
            column.extend(textwrap.wrap(line, w - 2, break_on_hyphens=False) or [""])
        wrapped.append(column)
    height = max(len(column) for column in wrapped)
    out = []
    for k in range(height):
        parts = [(column[k] if k < len(column) else "").ljust(w) for column, w in zip(wrapped, widths)]
        out.append((" " + "".join(parts)).rstrip())
    return out


def summary(model: Any, print_fn: Callable[[str], Any] | None = None, line_length: int | None = None) -> None:
    """Print the summary table line by line with ``print_fn`` (``print``); returns None, as Keras."""
    for line in summary_lines(model, line_length):
        (print if print_fn is None else print_fn)(line)


def summary_text(model: Any, line_length: int | None = None) -> str:
    """The summary table as one string (what ``model.summary()`` prints)."""
    return "\n".join(summary_lines(model, line_length))


def summary_lines(model: Any, line_length: int | None = None) -> list[str]:
    """The summary table's lines.

    Columns grow to their content up to a maximum, beyond which a cell wraps onto more lines;
    ``line_length`` narrows the table further.
    """
    shapes = _output_shapes(model)
    connections = model.connections() if hasattr(model, "connections") else None
    blocks = [_cells(layer, shapes.get(id(layer))) for layer in model.layers]
    if connections is not None:
        for layer, cells in zip(model.layers, blocks):
            cells.insert(3, [", ".join(connections.get(id(layer), [])) or "-"])
    columns = _columns(connections is not None)
    widths = _widths(blocks, line_length, columns)
    width = sum(widths) + 1
    lines = [f'Model: "{model.name}"', "_" * width, *_rows([[h] for h in columns[0]], widths), "=" * width]
    for i, cells in enumerate(blocks):
        lines.extend(_rows(cells, widths))
        if i < len(blocks) - 1:
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
    return lines
