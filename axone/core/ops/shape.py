r"""Shape ops: reshape, transpose, broadcast_to, expand_dims, squeeze, indexing, concat, stack, pad.

They move values without changing them, so each backward moves the gradient back.
"""

from __future__ import annotations

from typing import Any, Sequence

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.tensor import Tensor


class Reshape(Op):
    """Same values in a new shape; the gradient is reshaped back."""

    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x.shape
        return xp.reshape(x, shape)

    @staticmethod
    def backward(ctx, grad_out):
        return (xp.reshape(grad_out, ctx.shape),)


class Transpose(Op):
    """Axes permuted (reversed by default); the gradient takes the inverse permutation."""

    @staticmethod
    def forward(ctx, x, axes):
        ctx.axes = axes
        return xp.transpose(x, axes)

    @staticmethod
    def backward(ctx, grad_out):
        inverse = None if ctx.axes is None else tuple(xp.argsort(ctx.axes))
        return (xp.transpose(grad_out, inverse),)


class BroadcastTo(Op):
    """Values repeated along new or size-1 axes; the engine sums the gradient back."""

    @staticmethod
    def forward(ctx, x, shape):
        return xp.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, grad_out):
        return (grad_out,)


class GetItem(Op):
    """``x[index]`` with slices, integers, integer arrays or boolean masks.

    Backward scatters the gradient into zeros; with integer arrays repeated indices accumulate
    (``xp.add.at``), as they do in PyTorch.
    """

    @staticmethod
    def forward(ctx, x, index):
        ctx.index = index
        ctx.shape = x.shape
        ctx.dtype = x.dtype
        return x[index]

    @staticmethod
    def backward(ctx, grad_out):
        grad = xp.zeros(ctx.shape, dtype=grad_out.dtype)
        if _is_basic(ctx.index):
            grad[ctx.index] = grad_out
        else:
            xp.add.at(grad, ctx.index, grad_out)
        return (grad,)


def _is_basic(index: Any) -> bool:
    """True for an index made only of ints, slices, None and Ellipsis (no repeats possible)."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(isinstance(p, (int, xp.integer, slice)) or p is None or p is Ellipsis for p in parts)


class Concat(Op):
    """Tensors joined along an existing axis; the gradient is split at the same places."""

    @staticmethod
    def forward(ctx, *xs, axis):
        ctx.axis = axis
        ctx.cuts = xp.cumsum([x.shape[axis] for x in xs])[:-1]
        return xp.concatenate(xs, axis=axis)

    @staticmethod
    def backward(ctx, grad_out):
        return tuple(xp.split(grad_out, ctx.cuts, axis=ctx.axis))


class Stack(Op):
    """Tensors stacked along a new axis; the gradient is unstacked."""

    @staticmethod
    def forward(ctx, *xs, axis):
        ctx.axis = axis
        return xp.stack(xs, axis=axis)

    @staticmethod
    def backward(ctx, grad_out):
        return tuple(xp.moveaxis(grad_out, ctx.axis, 0))


class Pad(Op):
    """Constant padding (``xp.pad`` widths); the gradient is the un-padded centre."""

    @staticmethod
    def forward(ctx, x, widths, value):
        ctx.centre = tuple(slice(before, before + n) for (before, _), n in zip(widths, x.shape))
        return xp.pad(x, widths, constant_values=value)

    @staticmethod
    def backward(ctx, grad_out):
        return (grad_out[ctx.centre],)


def reshape(x: Any, shape: Sequence[int]) -> Tensor:
    """``x`` with a new shape (one dimension may be -1).

    Example:
        >>> import axone as ax
        >>> ax.reshape(ax.Tensor([1.0, 2.0, 3.0, 4.0]), (2, 2)).shape
        (2, 2)
    """
    return Reshape.apply(x, shape=tuple(shape))


def transpose(x: Any, axes: Sequence[int] | None = None) -> Tensor:
    """Axes of ``x`` permuted (reversed when ``axes`` is None)."""
    return Transpose.apply(x, axes=None if axes is None else tuple(axes))


permute = transpose


def broadcast_to(x: Any, shape: Sequence[int]) -> Tensor:
    """``x`` broadcast to ``shape`` (a read-only view in the forward pass)."""
    return BroadcastTo.apply(x, shape=tuple(shape))


def expand_dims(x: Any, axis: int) -> Tensor:
    """``x`` with a new axis of size 1 at ``axis``."""
    x = x if isinstance(x, Tensor) else Tensor(x)
    return Reshape.apply(x, shape=xp.expand_dims(x.data, axis).shape)


def squeeze(x: Any, axis: int | Sequence[int] | None = None) -> Tensor:
    """``x`` without its size-1 axes (or only those in ``axis``)."""
    x = x if isinstance(x, Tensor) else Tensor(x)
    return Reshape.apply(x, shape=xp.squeeze(x.data, axis).shape)


def getitem(x: Any, index: Any) -> Tensor:
    """``x[index]``; tensors inside the index are used as integer or boolean arrays."""
    if isinstance(index, Tensor):
        index = index.data
    elif isinstance(index, tuple):
        index = tuple(i.data if isinstance(i, Tensor) else i for i in index)
    elif isinstance(index, list):
        index = xp.asarray(index)
    return GetItem.apply(x, index=index)


def concat(tensors: Sequence[Any], axis: int = 0, *, dim: int | None = None) -> Tensor:
    """Tensors joined along ``axis`` (``dim`` as PyTorch spells it); ``cat`` is the same function.

    Example:
        >>> import axone as ax
        >>> ax.cat([ax.Tensor([1.0]), ax.Tensor([2.0, 3.0])])
        Tensor([1., 2., 3.], dtype=float32)
    """
    return Concat.apply(*tensors, axis=axis if dim is None else dim)


cat = concat


def stack(tensors: Sequence[Any], axis: int = 0, *, dim: int | None = None) -> Tensor:
    """Tensors stacked along a new ``axis`` (``dim`` as PyTorch spells it)."""
    return Stack.apply(*tensors, axis=axis if dim is None else dim)


def pad(x: Any, widths: Any, value: float = 0.0) -> Tensor:
    """``x`` padded with ``value``; ``widths`` as in ``xp.pad`` (one (before, after) per axis)."""
    x = x if isinstance(x, Tensor) else Tensor(x)
    return Pad.apply(x, widths=_pad_widths(widths, x.shape), value=value)


def _pad_widths(widths: Any, shape: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
    """``widths`` as one (before, after) pair per axis, or an error saying what ``pad`` expects.

    Checks the few numbers of ``widths``, never the tensor's elements: cheap on every call.
    """
    expected = f"one int, one (before, after) pair, or {len(shape)} pairs for a tensor of shape {shape}"
    try:
        given = xp.asarray(widths)
        if given.dtype.kind not in "iu":  # a float width would be truncated, a string fails in xp.pad
            raise TypeError(f"pad: widths must be whole numbers of elements ({expected}); got {widths!r}")
        pairs = xp.broadcast_to(given, (len(shape), 2))
    except ValueError:  # a ragged list, or a count of pairs that does not match the axes
        raise ValueError(f"pad: widths must be {expected}; got {widths!r}") from None
    if pairs.size and pairs.min() < 0:
        raise ValueError(f"pad: widths must be >= 0 (pad only adds elements; slice to remove some); got {widths!r}")
    return tuple(map(tuple, pairs.tolist()))
