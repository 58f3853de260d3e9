"""Function transforms in JAX's style: ``ax.grad(f)`` and ``ax.value_and_grad(f)``, on the same engine.

Example:
    >>> import axone as ax
    >>> ax.grad(lambda x: x ** 2)(3.0)
    Tensor(6., dtype=float32)
"""

from __future__ import annotations

import functools
from typing import Any, Callable

import numpy as np

from axone.core.engine import enable_grad, gradients
from axone.core.tensor import Tensor


def grad(f: Callable[..., Tensor], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """JAX style: a function returning df/d(args[argnums]) (a Tensor, or a tuple for a tuple).

    Example:
        >>> import axone as ax
        >>> float(ax.grad(lambda v: v ** 4)(3.0))
        108.0
    """
    value_and_grad_f = value_and_grad(f, argnums)

    @functools.wraps(f)
    def grad_f(*args: Any, **kwargs: Any) -> Any:
        return value_and_grad_f(*args, **kwargs)[1]

    return grad_f


def value_and_grad(f: Callable[..., Tensor], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """Like :func:`grad`, returning ``(f(*args), gradient)``; f must return a scalar.

    Example:
        >>> import axone as ax
        >>> value, slope = ax.value_and_grad(lambda v: v ** 2)(3.0)
        >>> float(value), float(slope)
        (9.0, 6.0)
    """
    many = isinstance(argnums, tuple)
    nums = argnums if many else (argnums,)

    @functools.wraps(f)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        args = list(args)
        for i in nums:
            if i >= len(args):
                raise ValueError(f"argnums={argnums} but the function got {len(args)} positional arguments")
            data = args[i].data if isinstance(args[i], Tensor) else args[i]
            args[i] = Tensor(data, requires_grad=True)
        with enable_grad():
            value = f(*args, **kwargs)
        if not isinstance(value, Tensor) or value.data.size != 1:
            shape = getattr(value, "shape", type(value).__name__)
            raise ValueError(f"grad() needs a function returning a scalar Tensor, got {shape}")
        found = gradients(value, [args[i] for i in nums])
        out = tuple(Tensor(np.zeros_like(args[i].data) if g is None else g) for i, g in zip(nums, found))
        return value, (out if many else out[0])

    return wrapped
