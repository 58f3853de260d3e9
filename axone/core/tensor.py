"""Tensor: an ndarray with a gradient and a link to the op that produced it.

``data`` is the NumPy array, ``grad`` the accumulated gradient (a Tensor, or None),
``requires_grad`` says whether gradients flow to it, and ``_ctx`` is the node (the op instance)
that produced it, or None for a leaf. Operators call ops; nothing here differentiates anything.

Example:
    >>> import axone as ax
    >>> x = ax.Tensor([1.0, 2.0], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward(); x.grad
    Tensor([2., 4.], dtype=float32)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core import backend, state


def _to_array(value: Any, dtype: Any = None) -> np.ndarray:
    """Python scalars and lists become the default float dtype; NumPy arrays keep theirs."""
    if isinstance(value, Tensor):
        value = value.data
    if getattr(value, "dtype", None) is not None and np.dtype(value.dtype).kind == "c":
        # NumPy would drop the imaginary part with a mere warning; lists of complex already fail in float()
        raise TypeError(
            f"axone computes with real numbers, got complex values (dtype {value.dtype}): "
            "pass x.real, abs(x), or both as two features"
        )
    if dtype is not None:
        return np.asarray(value, dtype=dtype)
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, np.generic):
        return np.asarray(value)
    if isinstance(value, bool):
        return np.asarray(value)
    if value is None:  # NumPy would make it a silent NaN
        raise TypeError("a Tensor needs numbers (a scalar, a list or an array), got None")
    return np.asarray(value, dtype=backend.get_default_dtype())


def as_tensor(value: Any, like: tuple = ()) -> "Tensor":
    """Make a constant Tensor; a Python scalar takes its dtype from a tensor in ``like``.

    Dtype rules (as NumPy 2 and PyTorch): a Python ``int`` or ``float`` next to a float tensor
    takes that tensor's dtype (so ``x * 2`` keeps ``x`` in float64); a Python ``int`` next to an
    integer tensor keeps its integer dtype; anything else follows :class:`Tensor` (Python floats
    and lists become the default float dtype, NumPy arrays keep theirs).

    Example:
        >>> import numpy as np
        >>> x = Tensor(np.zeros(2))
        >>> (as_tensor(2, like=(x,)).dtype, as_tensor(2.5).dtype)
        (dtype('float64'), dtype('float32'))
    """
    if isinstance(value, Tensor):
        return value
    kind = type(value)
    if kind is float or kind is int:  # exactly: bool and NumPy scalars are not "weak"
        for other in like:
            if isinstance(other, Tensor):
                dtype = other.data.dtype
                if dtype.kind in "fc" or (kind is int and dtype.kind in "iu" and _fits(value, dtype)):
                    return constant(np.asarray(value, dtype=dtype))
    return Tensor(value)


def constant(array: np.ndarray) -> "Tensor":
    """A leaf Tensor around ``array`` as it is (no conversion): the engine's fast constructor."""
    t = object.__new__(Tensor)
    t.data = array
    t._grad = None
    t.requires_grad = False
    t._ctx = None
    t.name = None
    return t


def _fits(value: int, dtype: np.dtype) -> bool:
    info = np.iinfo(dtype)
    return info.min <= value <= info.max


class Tensor:
    """An n-dimensional array that can carry a gradient (see the module docstring)."""

    __slots__ = ("data", "_grad", "requires_grad", "_ctx", "name", "__weakref__")

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None, name: str | None = None):
        self.data = _to_array(data, dtype)
        if requires_grad and self.data.dtype.kind not in "fc":
            raise TypeError(
                f"only float tensors can require gradients, got dtype {self.data.dtype} "
                "(integer arrays are for indices and labels)"
            )
        self._grad: Tensor | None = None
        self.requires_grad = bool(requires_grad)
        self._ctx = None
        self.name = name

    # ---- array-like properties -------------------------------------------------------------
    shape = property(lambda self: self.data.shape)
    dtype = property(lambda self: self.data.dtype)
    ndim = property(lambda self: self.data.ndim)
    size = property(lambda self: self.data.size)
    is_leaf = property(lambda self: self._ctx is None)

    def numpy(self) -> np.ndarray:
        """The underlying array (shared, not copied)."""
        return self._value("numpy()")

    def item(self) -> Any:
        return self._value("item()").item()

    def tolist(self) -> Any:
        return self._value("tolist()").tolist()

    def _value(self, asked: str) -> np.ndarray:
        """``data``, for Python to use; inside ``ax.function``'s trace a traced value has no value yet."""
        if state.current.tracing is not None:
            state.current.tracing.check_read(self, asked)
        return self.data

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.data if dtype is None else self.data.astype(dtype)

    def __len__(self) -> int:
        return len(self.data)

    def __float__(self) -> float:
        return float(self._value("float()").item())  # any one-element tensor, as in PyTorch

    def __int__(self) -> int:
        return int(self._value("int()").item())

    def __bool__(self) -> bool:
        return bool(self._value("bool()"))

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="Tensor(")
        extra = ", requires_grad=True" if self.requires_grad else ""
        return f"Tensor({body}, dtype={self.data.dtype}{extra})"

    # ---- autodiff ----------------------------------------------------------------------------
    def backward(self, grad: Any = None) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's ``.grad`` (PyTorch style).

        A non-scalar tensor needs ``grad`` (the upstream gradient), as in PyTorch.
        """
        _engine.backward(self, grad)

    def detach(self) -> "Tensor":
        """The same data, cut from the graph (no gradient flows through it)."""
        return Tensor(self.data)

    def requires_grad_(self, flag: bool = True) -> "Tensor":
        if flag and self.data.dtype.kind not in "fc":
            raise TypeError(f"only float tensors can require gradients, got dtype {self.data.dtype}")
        self.requires_grad = flag
        return self

    @property
    def grad(self) -> "Tensor | None":
        """The accumulated gradient (PyTorch style), or None."""
        return self._grad

    @grad.setter
    def grad(self, value: "Tensor | None") -> None:
        if state.current.tracing is not None:
            state.current.tracing.record_set_grad(self, value)
        self._grad = value

    def zero_grad(self) -> None:
        self.grad = None

    def accumulate_grad(self, g: np.ndarray) -> None:
        """``grad += g`` (the first time, a copy of ``g``: ``.grad`` never shares memory with the graph)."""
        if self._grad is None:
            self._grad = constant(np.array(g, dtype=self.data.dtype))
        else:
            self._grad.data += g
        if state.current.tracing is not None:
            state.current.tracing.record_accumulate(self, g)

    def _write(self, value: Any) -> None:
        """Copy ``value`` (an array, a Tensor or a scalar) into ``self.data``, in place.

        Every in-place change of a tensor's values goes through here (``assign``, ``-=``...):
        the compiled path (``ax.function``) records it as one step of its plan.
        """
        value = _raw(value)
        if state.current.tracing is not None:
            state.current.tracing.record_write(self, value)
        self.data[...] = value

    def astype(self, dtype: Any) -> "Tensor":
        """A copy with another dtype; gradients flow back through a float cast."""
        return _ops.cast(self, dtype)

    # ---- operators (each calls one op; + - * / ** @ unary - and [] are bound at the end) ------
    def __radd__(self, other: Any) -> "Tensor":
        return _ops.add(other, self)

    def __rsub__(self, other: Any) -> "Tensor":
        return _ops.sub(other, self)

    def __rmul__(self, other: Any) -> "Tensor":
        return _ops.mul(other, self)

    def __rtruediv__(self, other: Any) -> "Tensor":
        return _ops.div(other, self)

    def __rpow__(self, other: Any) -> "Tensor":
        return _ops.pow(other, self)

    def __pos__(self) -> "Tensor":
        return self

    def __abs__(self) -> "Tensor":
        return _ops.abs(self)

    def __rmatmul__(self, other: Any) -> "Tensor":
        return _ops.matmul(other, self)


def _raw(value: Any) -> Any:
    return value.data if isinstance(value, Tensor) else value


from axone.core import engine as _engine  # noqa: E402  (both import Tensor: bound after the class)
from axone.core import ops as _ops  # noqa: E402

# The plain operators are the op functions themselves (``a + b`` is ``ops.add(a, b)``).
Tensor.__add__ = _ops.add
Tensor.__sub__ = _ops.sub
Tensor.__mul__ = _ops.mul
Tensor.__truediv__ = _ops.div
Tensor.__pow__ = _ops.pow
Tensor.__matmul__ = _ops.matmul
Tensor.__neg__ = _ops.neg
Tensor.__getitem__ = _ops.getitem
