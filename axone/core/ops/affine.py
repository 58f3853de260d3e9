r"""The fully connected layer's computation as ONE op: $y = \sigma(x W + b)$.

``Dense`` could compose three ops (matmul, add, activation): three graph nodes and an engine
reduction for the bias's gradient per layer and step. Here the backward writes the course's three
gradients directly (design principle 3c, too slow composed):

$\delta = \frac{\partial L}{\partial y} \odot \sigma'(z)$,
$\frac{\partial L}{\partial W} = x^\top \delta$, $\frac{\partial L}{\partial b} = \sum_n \delta_n$,
$\frac{\partial L}{\partial x} = \delta W^\top$,

with $\sigma'$ the table's (``activation_functions.py``), written from the output $y$ as in the
course ($1$ for linear, Heaviside for relu, $y (1 - y)$ for sigmoid, $1 - y^2$ for tanh). Inputs
of shape $(\dots, n_{in})$ (a batch of rows, of sequences, or one row) give $(\dots, n_{out})$;
the kernel's gradient sums over all the leading axes.

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

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.ops.activation_functions import ACTIVATIONS, Activation
from axone.core.tensor import Tensor

FUSED = ("linear", "relu", "sigmoid", "tanh")
"""The activations computed inside the op: their derivative reads the output $y$ alone (the op keeps
no $z$). Others are applied after ``dense(x, W, b)``."""


class Dense(Op):
    r"""$y = \sigma(x W [+ b])$ for an activation of ``FUSED``. Inputs: ``x, W`` or ``x, W, b``."""

    @staticmethod
    def forward(ctx, x, w, b=None, activation: Activation = ACTIVATIONS["linear"]):
        z = x @ w if b is None else x @ w + b
        y = activation.forward(z)
        ctx.save(x, w, y, activation)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        x, w, y, activation = ctx.saved
        need = [parent.requires_grad for parent in ctx.parents]
        delta = grad_out * activation.derivative(y)  # dL/dz = dL/dy * sigma'(y)
        grad_x = delta @ w.T if need[0] else None
        # every leading axis of x is a sample (a batch of rows, of sequences, or one row)
        rows = x.reshape(-1, x.shape[-1])
        deltas = delta.reshape(-1, w.shape[-1])
        grad_w = rows.T @ deltas if need[1] else None
        if len(need) == 2:
            return grad_x, grad_w
        grad_b = None
        if need[2]:
            # a bias of shape (n_out,) gets the sum over the samples; another shape, such as
            # (1, n_out), gets delta, which the engine sums back to its shape
            grad_b = deltas.sum(axis=0) if ctx.parents[2].ndim == 1 else delta
        return grad_x, grad_w, grad_b


def dense(x: Any, kernel: Any, bias: Any = None, activation: str | None = None) -> Tensor:
    r"""$y = \sigma(x W + b)$ in one graph node (``bias`` optional; ``activation`` one of
    ``None``/``"linear"``, ``"relu"``, ``"sigmoid"``, ``"tanh"``).

    The same values and gradients as ``activation(x @ kernel + bias)``, with one node instead
    of three: ``layers.Dense`` calls it.
    """
    name = activation or "linear"
    if name not in FUSED:
        raise ValueError(f"dense(): activation must be one of {sorted(FUSED)} or None, got {activation!r}")
    inputs = (x, kernel) if bias is None else (x, kernel, bias)
    try:
        return Dense.apply(*inputs, activation=ACTIVATIONS[name])
    except ValueError as error:  # explained here rather than checked on every call: no cost when right
        shapes = f"x {xp.shape(x)}, kernel {xp.shape(kernel)}" + ("" if bias is None else f", bias {xp.shape(bias)}")
        raise ValueError(
            f"dense(): expects x (..., n_in), kernel (n_in, n_out) and bias (n_out,), got {shapes}"
        ) from error
