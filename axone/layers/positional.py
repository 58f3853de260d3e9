"""Sizes by position, options by keyword: one check for every layer's constructor.

A layer takes its sizes positionally (``Dense(3)``, ``Conv2D(8, 3)``) and every option by keyword
only, so that a torch-style call such as ``Flatten(0, 1)`` (start and end dims) is refused with a
message naming the layer, never read as ``name=0, trainable=1``.

Example:
    >>> import axone as ax
    >>> ax.layers.Flatten(0, 1)
    Traceback (most recent call last):
    ...
    TypeError: Flatten takes no positional argument, got 2: (0, 1); its options are keyword-only (write Flatten(name=...)). For PyTorch's signature use ax.nn.Flatten(start_dim, end_dim).
"""

from __future__ import annotations

import inspect

# PyTorch's spelling of the same layer, named when a torch-style positional argument is refused
_TORCH_FACES = {
    "Flatten": "ax.nn.Flatten(start_dim, end_dim)",
    "Dense": "ax.nn.Linear(in_features, out_features)",
    "Conv2D": "ax.nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding)",
    "BatchNormalization": "ax.nn.BatchNorm1d(num_features) / ax.nn.BatchNorm2d(num_features)",
    "MaxPooling2D": "ax.nn.MaxPool2d(kernel_size, stride)",
    "AveragePooling2D": "ax.nn.AvgPool2d(kernel_size, stride)",
    "SimpleRNN": "ax.nn.RNN(input_size, hidden_size)",
    "LSTM": "ax.nn.LSTM(input_size, hidden_size)",
    "GRU": "ax.nn.GRU(input_size, hidden_size)",
}


def check_positional(cls: type, args: tuple) -> None:
    """Refuse more positional arguments than ``cls`` takes (its sizes), naming the keyword-only rest.

    A layer takes its sizes by position and every option by keyword, so that a torch-style call
    such as ``Flatten(0, 1)`` is refused here rather than read as ``name=0, trainable=1``.
    """
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(args) <= len(positional):
        return
    name = cls.__name__
    keyword = next((p.name for p in params if p.kind is p.KEYWORD_ONLY), "name")
    takes = (
        f"takes {len(positional)} positional argument(s) ({', '.join(positional)})"
        if positional
        else "takes no positional argument"
    )
    face = _TORCH_FACES.get(name)
    hint = f" For PyTorch's signature use {face}." if face else " PyTorch's signatures are in ax.nn."
    raise TypeError(
        f"{name} {takes}, got {len(args)}: {args!r}; its options are keyword-only "
        f"(write {name}({', '.join(positional + [keyword + '=...'])})).{hint}"
    )
