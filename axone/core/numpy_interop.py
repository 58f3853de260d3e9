"""NumPy's protocols on Tensor: ``np.sin(t)``, ``np.mean(t, axis=0)``, ``arr * t`` give differentiable Tensors.

NumPy hands a call that involves a Tensor to ``Tensor.__array_ufunc__`` (elementwise functions
and operators such as ``ndarray * Tensor``) or ``Tensor.__array_function__`` (the others), as
MyGrad does. Three kinds of answers, one rule each:

- NumPy functions that axone has as an op run that op: the result is a Tensor, differentiable.
- Functions whose result carries no gradient anyway (shapes, comparisons, ``np.allclose``,
  ``np.argsort``, ``np.zeros_like``...) run on the arrays and return what NumPy returns;
  comparisons and ``isfinite``-like tests give boolean Tensors, as ``t > 0`` does.
- Any other function raises a ``TypeError`` naming it: a silent plain array would drop the
  gradient. ``np.asarray(t)`` (or ``t.numpy()``) gives the data for NumPy to use freely.

Example:
    >>> import numpy as np, axone as ax
    >>> t = ax.Tensor([0.0, 1.0], requires_grad=True)
    >>> y = np.exp(t) * 2 + np.sin(t); y.sum().backward(); t.grad.numpy().round(4)
    array([3.    , 5.9769], dtype=float32)
    >>> np.mean(ax.Tensor([[1.0, 2.0], [3.0, 4.0]]), axis=0), np.asarray(t)
    (Tensor([2., 3.], dtype=float32), array([0., 1.], dtype=float32))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core import ops
from axone.core.ops.logic import logical
from axone.core.tensor import Tensor

UFUNCS = {
    np.add: ops.add, np.subtract: ops.sub, np.multiply: ops.mul, np.divide: ops.div, np.power: ops.pow,
    np.negative: ops.neg, np.positive: lambda x: ops.mul(x, 1), np.matmul: ops.matmul,
    np.exp: ops.exp, np.log: ops.log, np.sqrt: ops.sqrt, np.absolute: ops.abs, np.square: ops.square,
    np.log1p: ops.log1p, np.expm1: ops.expm1, np.sin: ops.sin, np.cos: ops.cos, np.tan: ops.tan,
    np.sinh: ops.sinh, np.cosh: ops.cosh, np.tanh: ops.tanh, np.maximum: ops.maximum, np.minimum: ops.minimum,
}  # fmt: skip

# elementwise tests: boolean results, no gradient to lose
PREDICATES = {
    np.equal, np.not_equal, np.less, np.less_equal, np.greater, np.greater_equal, np.isnan, np.isinf,
    np.isfinite, np.signbit, np.logical_and, np.logical_or, np.logical_xor, np.logical_not,
}  # fmt: skip


def _refuse_options(name: str, **options: Any) -> None:
    """NumPy options that an axone op has no equivalent for (``out=``, ``dtype=``, ``where=``...)."""
    given = sorted(k for k, v in options.items() if v is not None)
    if given:
        raise TypeError(
            f"{name} on an axone Tensor does not take {', '.join(given)}=: call {name} on t.numpy() "
            "for a plain array, or drop the option to keep the gradient"
        )


def _reduction(name: str, op: Any) -> Any:
    def run(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: bool = False, **rest: Any) -> Any:
        _refuse_options(f"numpy.{name}", dtype=dtype, out=out, **rest)
        return op(a, axis, keepdims)

    return run


def _var(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: int = 0, keepdims: bool = False, **rest: Any) -> Any:  # fmt: skip
    _refuse_options("numpy.var", dtype=dtype, out=out, **rest)
    return ops.var(a, axis, keepdims, ddof)


def _std(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: int = 0, keepdims: bool = False, **rest: Any) -> Any:  # fmt: skip
    _refuse_options("numpy.std", dtype=dtype, out=out, **rest)
    return ops.sqrt(ops.var(a, axis, keepdims, ddof))  # composed: sqrt's and var's gradients


def _dot(a: Any, b: Any, out: Any = None) -> Any:
    _refuse_options("numpy.dot", out=out)
    if np.ndim(_raw(a)) == 0 or np.ndim(_raw(b)) == 0:
        return ops.mul(a, b)
    if np.ndim(_raw(a)) > 2 or np.ndim(_raw(b)) > 2:
        raise TypeError("numpy.dot of arrays of more than 2 dimensions has no axone op; use np.matmul (or @) or einsum")
    return ops.matmul(a, b)


def _concatenate(arrays: Any, axis: int = 0, out: Any = None, **rest: Any) -> Any:
    _refuse_options("numpy.concatenate", out=out, **rest)
    return ops.concat(arrays, axis)


def _stack(arrays: Any, axis: int = 0, out: Any = None, **rest: Any) -> Any:
    _refuse_options("numpy.stack", out=out, **rest)
    return ops.stack(arrays, axis)


def _clip(a: Any, a_min: Any = None, a_max: Any = None, out: Any = None, **rest: Any) -> Any:
    _refuse_options("numpy.clip", out=out, **rest)
    return ops.clip(a, a_min, a_max)


def _cumsum(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
    _refuse_options("numpy.cumsum", dtype=dtype, out=out)
    return ops.cumsum(a, axis)


def _arg(name: str, op: Any) -> Any:
    def run(a: Any, axis: Any = None, out: Any = None, *, keepdims: bool = False) -> Any:
        _refuse_options(name, out=out)
        return op(a, axis, keepdims)

    return run


def _einsum(spec: str, *operands: Any, **options: Any) -> Any:
    _refuse_options("numpy.einsum", **options)
    return ops.einsum(spec, *operands)


def _sort(a: Any, axis: Any = -1, kind: Any = None, order: Any = None, **rest: Any) -> Any:
    _refuse_options("numpy.sort", order=order, **rest)  # the sort is stable whatever kind= says
    return ops.sort(a, axis).values if axis is not None else ops.sort(ops.reshape(a, (-1,))).values


FUNCTIONS = {
    np.sum: _reduction("sum", ops.sum), np.mean: _reduction("mean", ops.mean),
    np.max: _reduction("max", ops.max), np.amax: _reduction("amax", ops.max),
    np.min: _reduction("min", ops.min), np.amin: _reduction("amin", ops.min), np.var: _var, np.std: _std,
    np.argmax: _arg("numpy.argmax", ops.argmax), np.argmin: _arg("numpy.argmin", ops.argmin),
    np.cumsum: _cumsum, np.clip: _clip, np.dot: _dot, np.einsum: _einsum,
    np.concatenate: _concatenate, np.stack: _stack,
    np.where: lambda condition, *xy: ops.where(condition, *xy) if xy else np.where(_raw(condition, "numpy.where")),
    np.reshape: lambda a, shape=None, order="C", **kw: ops.reshape(a, kw.get("newshape", shape)),
    np.transpose: lambda a, axes=None: ops.transpose(a, axes),
    np.expand_dims: lambda a, axis: ops.expand_dims(a, axis),
    np.squeeze: lambda a, axis=None: ops.squeeze(a, axis),
    np.broadcast_to: lambda a, shape, subok=False: ops.broadcast_to(a, shape),
    np.sort: _sort,
    np.take_along_axis: lambda arr, indices, axis: ops.gather(arr, axis, indices),
}  # fmt: skip

# results that carry no gradient whatever the values: computed on the arrays, NumPy's answer as is
ON_SHAPES = {  # these read only shapes and dtypes, fixed for a compiled step
    np.shape, np.ndim, np.size, np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.iscomplexobj,
    np.isrealobj, np.result_type,
}  # fmt: skip
ON_VALUES = {  # these read the values: refused inside ax.function's trace, where a traced tensor has none yet
    np.allclose, np.isclose, np.array_equal, np.array_equiv, np.argsort, np.nonzero, np.count_nonzero, np.any,
    np.all, np.searchsorted, np.flatnonzero,
}  # fmt: skip


def _raw(value: Any, asked: str | None = None) -> Any:
    """Tensors (also inside lists, tuples and dicts) replaced by their arrays.

    With ``asked`` (the NumPy function's name), the values are read as ``t.numpy()`` reads them:
    inside a compiled step's trace, a tensor computed from the inputs raises ``TracingError``
    rather than giving the first call's values to a plan that would keep them.
    """
    if isinstance(value, Tensor):
        return value.data if asked is None else value._value(asked)
    if isinstance(value, (list, tuple)):
        return type(value)(_raw(v, asked) for v in value)
    if isinstance(value, dict):
        return {k: _raw(v, asked) for k, v in value.items()}
    return value


def _unsupported(name: str) -> TypeError:
    return TypeError(
        f"{name} has no axone op, so it cannot return a differentiable Tensor. Call it on the data, "
        f"{name}(t.numpy()), for a plain array without gradient, or write it with axone ops "
        "(docs/tensors.md lists the NumPy functions axone follows)"
    )


def array_ufunc(self: Tensor, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
    """``Tensor.__array_ufunc__``: an elementwise NumPy function or operator met a Tensor."""
    name = f"numpy.{ufunc.__name__}" if method == "__call__" else f"numpy.{ufunc.__name__}.{method}"
    if kwargs.get("out") is not None and all(isinstance(o, np.ndarray) for o in kwargs["out"]):
        return getattr(ufunc, method)(*_raw(inputs, name), **kwargs)  # `arr += t`: the caller asked for an array
    if method != "__call__":
        raise _unsupported(name)
    if ufunc in PREDICATES:
        return logical(ufunc, *inputs, **kwargs)
    op = UFUNCS.get(ufunc)
    if op is None:
        raise _unsupported(name)
    _refuse_options(name, **kwargs)
    return op(*inputs)


def array_function(self: Tensor, func: Any, types: Any, args: tuple, kwargs: dict) -> Any:
    """``Tensor.__array_function__``: a NumPy function (``np.mean``, ``np.concatenate``...) met a Tensor."""
    if func in FUNCTIONS:
        return FUNCTIONS[func](*args, **kwargs)
    if func in ON_SHAPES:
        return func(*_raw(args), **_raw(kwargs))
    if func in ON_VALUES:
        name = f"numpy.{func.__name__}"
        return func(*_raw(args, name), **_raw(kwargs, name))
    module = func.__module__ if func.__module__.startswith("numpy.") else "numpy"  # numpy.linalg, numpy.fft...
    raise _unsupported(f"{module}.{func.__name__}")


Tensor.__array_ufunc__ = array_ufunc
Tensor.__array_function__ = array_function
