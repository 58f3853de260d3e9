"""The optimizer state of a model file, checked by name, dtype and shape as the weights are (level 4).

``optimizer.safetensors`` holds what ``Optimizer.state_arrays`` wrote: ``iterations`` (I64, a
scalar), ``lr`` (F64, a scalar, absent for a schedule), and per trained parameter ``i`` its
``"i/step"`` (I64 scalar) and its slots (``"i/m"``, ``"i/momentum"``...) with the dtype and shape
of the slot the optimizer makes for that parameter. Anything else is refused, naming the tensor:
a ``lr`` read as U64 would otherwise train with $\\eta = 4.6 \\cdot 10^{18}$.

Two checks, one per read: :func:`check_header` needs no model (``axone inspect`` and the start of
``load_model``); :func:`check_against` compares every slot with the optimizer built from the file.

Example:
    >>> import numpy as np
    >>> from axone.io import tensors
    >>> from axone.io.optimizer_state import check_header
    >>> raw = tensors.encode({"iterations": np.array(3), "lr": np.array(0.1, np.float32)})
    >>> check_header(tensors.read_header(raw, "m.axone", "optimizer.safetensors")[0], "m.axone")
    Traceback (most recent call last):
    ...
    axone.io.errors.ModelFileError: model file 'm.axone', member 'optimizer.safetensors', tensor 'lr': dtype F32 shape [], expected F64 shape [] (what axone writes for it)
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from axone.io.errors import ModelFileError
from axone.io.tensors import CODES

MEMBER = "optimizer.safetensors"
COUNTERS = {"iterations": np.dtype(np.int64), "lr": np.dtype(np.float64)}
_SLOT = re.compile(r"(0|[1-9][0-9]{0,8})/([A-Za-z_][A-Za-z0-9_]{0,63})\Z")


def _code(dtype: np.dtype) -> str:
    return CODES.get(dtype.newbyteorder("=") if dtype.itemsize > 1 else dtype, str(dtype))


def _refuse(path: Any, name: str, dtype: np.dtype, shape: tuple, expected: np.dtype, expected_shape: tuple) -> None:
    raise ModelFileError(
        path,
        MEMBER,
        f"tensor {name!r}",
        f"dtype {_code(dtype)} shape {list(shape)}, expected {_code(expected)} shape {list(expected_shape)} "
        "(what axone writes for it)",
    )


def check_header(specs: list[tuple], path: Any) -> None:
    """Names, counters and the kind of every slot, from the header alone (no model needed)."""
    names = {spec[0] for spec in specs}
    if "iterations" not in names:
        raise ModelFileError(path, MEMBER, "tensor 'iterations'", "missing: the optimizer's step counter is required")
    for name, dtype, shape, _begin, _end in specs:
        if name in COUNTERS:
            if dtype != COUNTERS[name] or shape != ():
                _refuse(path, name, dtype, shape, COUNTERS[name], ())
            continue
        match = _SLOT.match(name)
        if match is None:
            raise ModelFileError(
                path, MEMBER, f"tensor {name!r}", "not an optimizer entry: 'iterations', 'lr' or '<index>/<slot>'"
            )
        if match.group(2) == "step":
            if dtype != np.int64 or shape != ():
                _refuse(path, name, dtype, shape, np.dtype(np.int64), ())
        elif dtype.kind != "f":
            raise ModelFileError(
                path,
                MEMBER,
                f"tensor {name!r}",
                f"dtype {_code(dtype)}: an optimizer slot holds floats (F16, F32, F64)",
            )


def check_against(optimizer: Any, params: list[Any], arrays: dict[str, np.ndarray], path: Any) -> None:
    """Every slot has the exact dtype and shape of the slot ``optimizer`` makes for its parameter."""
    for name, array in arrays.items():
        if name in COUNTERS:
            continue
        index, _, slot = name.partition("/")
        if slot == "step" or int(index) >= len(params):
            continue  # the step counter is checked by the header; a wrong index by load_state_arrays
        template = optimizer.init_state(params[int(index)])
        if slot not in template:
            continue  # load_state_arrays names the optimizer's slots
        expected = np.asarray(template[slot])
        if array.dtype != expected.dtype or array.shape != expected.shape:
            _refuse(path, name, array.dtype, array.shape, expected.dtype, expected.shape)
