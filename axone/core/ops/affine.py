r"""The fully connected layer's computation as ONE op: $y = \sigma(x W + b)$.

``Dense`` composes three ops (matmul, add, activation): three graph nodes, three arrays and an
engine reduction for the bias's gradient per layer and step. Here the forward works in place on
one array and the backward writes the course's three gradients directly (design principle 3c,
too slow composed):

$\delta = \frac{\partial L}{\partial y} \odot \sigma'(z)$,
$\frac{\partial L}{\partial W} = x^\top \delta$, $\frac{\partial L}{\partial b} = \sum_n \delta_n$,
$\frac{\partial L}{\partial x} = \delta W^\top$,

with $\sigma'$ written from the output $y$ as in the course's table ($1$ for linear, Heaviside for
relu, $y (1 - y)$ for sigmoid, $1 - y^2$ for tanh). Inputs of shape $(\dots, n_{in})$ (a batch of
rows, of sequences, or one row) give $(\dots, n_{out})$; the kernel's gradient sums over all the
leading axes.

Example:
    >>> import axone as ax
    >>> x = ax.Tensor([[1.0, 2.0]])
    >>> w = ax.Variable([[1.0], [-1.0]]); b = ax.Variable([0.5])
    >>> y = ax.dense(x, w, b, activation="relu"); y
    Tensor([[0.]], dtype=float32, requires_grad=True)
    >>> ax.dense(x, w, b).sum().backward(); w.grad.numpy().ravel(), b.grad.numpy()
    (array([1., 2.], dtype=float32), array([1.], dtype=float32))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.op import Op
from axone.core.ops.activation import stable_sigmoid
from axone.core.tensor import Tensor


class _Dense(Op):
    r"""$y = \sigma(x W [+ b])$ for the activation named by ``activation`` (one subclass each: no
    option is passed on the hot path). Inputs: ``x, W`` or ``x, W, b``."""

    activation = "linear"

    @classmethod
    def _activate(cls, z: np.ndarray) -> np.ndarray:
        return z

    @classmethod
    def _slope(cls, grad_out: np.ndarray, y: np.ndarray) -> np.ndarray:
        return grad_out

    @classmethod
    def forward(cls, ctx, x, w, b=None):
        z = x @ w
        if b is not None:
            if b.ndim == 1 and z.ndim and b.dtype == z.dtype:
                z += b  # in place: the product is a new array, of the sum's shape and dtype
            else:
                z = z + b
        y = cls._activate(z)
        ctx.saved = (x, w, y)  # set directly: no method call on the hot path
        return y

    @classmethod
    def backward(cls, ctx, grad_out):
        x, w, y = ctx.saved
        parents = ctx.parents
        delta = cls._slope(grad_out, y)
        n_out = w.shape[-1]
        grad_x = delta @ w.T if parents[0].requires_grad else None
        grad_w = grad_b = None
        if x.ndim == 2:  # a batch of rows: the common case, without reshaping
            if parents[1].requires_grad:
                grad_w = x.T @ delta
            if len(parents) == 3 and parents[2].requires_grad:
                grad_b = np.add.reduce(delta, 0)
        else:  # one row, or sequences: every leading axis is a sample
            flat = delta.reshape(-1, n_out)
            if parents[1].requires_grad:
                grad_w = x.reshape(-1, x.shape[-1]).T @ flat
            if len(parents) == 3 and parents[2].requires_grad:
                grad_b = np.add.reduce(flat, 0)
        if len(parents) == 2:
            return grad_x, grad_w
        if grad_b is not None and parents[2].data.ndim != 1:
            grad_b = delta  # a bias of another shape (1, n_out): the engine sums it back
        return grad_x, grad_w, grad_b


class _DenseRelu(_Dense):
    activation = "relu"

    @classmethod
    def _activate(cls, z):
        return np.maximum(z, 0, out=z) if z.flags.writeable else np.maximum(z, 0)

    @classmethod
    def _slope(cls, grad_out, y):
        return grad_out * (y > 0)  # Heaviside, 0 at 0 as PyTorch


class _DenseSigmoid(_Dense):
    activation = "sigmoid"

    @classmethod
    def _activate(cls, z):
        return stable_sigmoid(z)

    @classmethod
    def _slope(cls, grad_out, y):
        return grad_out * (y - y * y)


class _DenseTanh(_Dense):
    activation = "tanh"

    @classmethod
    def _activate(cls, z):
        return np.tanh(z, out=z) if z.flags.writeable else np.tanh(z)

    @classmethod
    def _slope(cls, grad_out, y):
        return grad_out - grad_out * y * y


FUSED = {cls.activation: cls for cls in (_Dense, _DenseRelu, _DenseSigmoid, _DenseTanh)}
"""The activations computed inside the op; others are applied after ``dense(x, W, b)``."""


def dense(x: Any, kernel: Any, bias: Any = None, activation: str | None = None) -> Tensor:
    r"""$y = \sigma(x W + b)$ in one graph node (``bias`` optional; ``activation`` one of
    ``None``/``"linear"``, ``"relu"``, ``"sigmoid"``, ``"tanh"``).

    The same values and gradients as ``activation(x @ kernel + bias)``, with one node instead
    of three: ``layers.Dense`` calls it.
    """
    op = FUSED.get(activation or "linear")
    if op is None:
        raise ValueError(f"dense(): activation must be one of {sorted(FUSED)} or None, got {activation!r}")
    try:
        return op.apply(x, kernel) if bias is None else op.apply(x, kernel, bias)
    except ValueError as error:  # explained here rather than checked on every call: no cost when right
        shapes = f"x {np.shape(x)}, kernel {np.shape(kernel)}" + ("" if bias is None else f", bias {np.shape(bias)}")
        raise ValueError(
            f"dense(): expects x (..., n_in), kernel (n_in, n_out) and bias (n_out,), got {shapes}"
        ) from error
