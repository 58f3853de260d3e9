"""The table of op cases: one row per use of an op, read by the finite-difference and the PyTorch tests.

A row gives the op's name in ``axone.core.ops`` (for the coverage test), the axone function and
the PyTorch function of the same float inputs, the inputs' shapes and where to draw them
(``domain``). Constants that are not differentiated (indices, masks, NumPy operands) live inside
the two functions, written once for each library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import torch
import torch.nn.functional as F

import axone as ax


def normal(rng: np.random.Generator, shape: tuple) -> np.ndarray:
    return rng.standard_normal(shape)


def positive(rng: np.random.Generator, shape: tuple) -> np.ndarray:
    return rng.uniform(0.5, 2.0, shape)


def away_from_zero(rng: np.random.Generator, shape: tuple) -> np.ndarray:
    """Values with |x| in [0.2, 2]: no kink of abs/relu and no division blow-up within eps."""
    return rng.uniform(0.2, 2.0, shape) * rng.choice([-1.0, 1.0], shape)


def probability(rng: np.random.Generator, shape: tuple) -> np.ndarray:
    return rng.uniform(0.05, 0.95, shape)


@dataclass
class Case:
    op: str  # the name in axone.core.ops.__all__ that this row covers
    ax_fn: Callable[..., Any]
    torch_fn: Callable[..., Any]
    shapes: list[tuple] = field(default_factory=lambda: [(3, 4)])
    domain: Callable | list[Callable] = normal
    label: str = ""

    @property
    def id(self) -> str:
        return (
            f"{self.op}-{self.label}" if self.label else f"{self.op}-{'x'.join(map(str, self.shapes[0])) or 'scalar'}"
        )

    def arrays(self, seed: int = 0) -> list[np.ndarray]:
        rng = np.random.default_rng(seed)
        domains = self.domain if isinstance(self.domain, list) else [self.domain] * len(self.shapes)
        return [np.asarray(d(rng, s), dtype=np.float64) for d, s in zip(domains, self.shapes)]


C34 = np.random.default_rng(1).standard_normal((3, 4))  # a NumPy operand for reversed operators
COND = np.random.default_rng(2).random((3, 4)) > 0.5
MASK = np.array([[True, False, True, True], [False, False, True, False], [True, True, False, False]])
IDX = np.array([2, 0, 2, 2])  # repeated indices must accumulate
LABELS, WEIGHTS = np.array([3, 0, 1]), np.array([0.5, 2.0, 1.0])  # classes and sample weights of 3 rows
tt = torch.tensor


def t_step(x):
    return (x >= 0).to(x.dtype) + 0 * x  # torch's heaviside has no gradient; ours is 0


# a table: one row per line reads better than the formatter's layout
# fmt: off
CASES = [
    # arithmetic, with broadcasting on either side and reversed operands
    Case("add", lambda a, b: a + b, lambda a, b: a + b, [(3, 4), (3, 4)]),
    Case("add", ax.add, torch.add, [(3, 4), (4,)], label="bcast-right"),
    Case("add", lambda a, b: a + b, lambda a, b: a + b, [(3, 1), (1, 4)], label="bcast-both"),
    Case("add", lambda a: 2.5 + a, lambda a: 2.5 + a, [(3, 4)], label="rscalar"),
    Case("add", lambda a: C34 + a, lambda a: tt(C34) + a, [(4,)], label="rnumpy"),
    Case("sub", lambda a, b: a - b, lambda a, b: a - b, [(3, 4), (3, 4)]),
    Case("sub", ax.sub, torch.sub, [(4,), (2, 3, 4)], label="bcast-left"),
    Case("sub", lambda a: 1.0 - a, lambda a: 1.0 - a, [(3, 4)], label="rscalar"),
    Case("sub", lambda a: C34 - a, lambda a: tt(C34) - a, [(3, 4)], label="rnumpy"),
    Case("mul", lambda a, b: a * b, lambda a, b: a * b, [(3, 4), (3, 4)]),
    Case("mul", ax.mul, torch.mul, [(2, 1, 4), (3, 1)], label="bcast-both"),
    Case("mul", lambda a: 3 * a, lambda a: 3 * a, [(3, 4)], label="rscalar"),
    Case("mul", lambda a: C34 * a, lambda a: tt(C34) * a, [(3, 4)], label="rnumpy"),
    Case("div", lambda a, b: a / b, lambda a, b: a / b, [(3, 4), (3, 4)], [normal, away_from_zero]),
    Case("div", ax.div, torch.div, [(3, 4), (4,)], [normal, away_from_zero], label="bcast"),
    Case("div", lambda a: 2.0 / a, lambda a: 2.0 / a, [(3, 4)], away_from_zero, label="rscalar"),
    Case("div", lambda a: C34 / a, lambda a: tt(C34) / a, [(3, 4)], away_from_zero, label="rnumpy"),
    Case("pow", lambda a: a**2, lambda a: a**2, [(3, 4)], label="square"),
    Case("pow", lambda a: a**3, lambda a: a**3, [(3, 4)], label="cube"),
    Case("pow", lambda a: a**0.5, lambda a: a**0.5, [(3, 4)], positive, label="sqrt"),
    Case("pow", lambda a: a**-1.5, lambda a: a**-1.5, [(3, 4)], positive, label="negative"),
    Case("pow", lambda a, p: a**p, lambda a, p: a**p, [(3, 4), (3, 4)], [positive, normal], label="tensor-exp"),
    Case("pow", ax.pow, torch.pow, [(3, 4), (4,)], [positive, normal], label="bcast"),
    Case("pow", lambda p: 2.0**p, lambda p: 2.0**p, [(3, 4)], label="rscalar"),
    Case("neg", lambda a: -a, lambda a: -a, [(3, 4)]),
    Case("neg", ax.neg, torch.neg, [(5,)], label="fn"),
    Case("cast", lambda a: ax.cast(a, "float64"), lambda a: a.to(torch.float64), [(3, 4)]),
    # matmul: 1-D, 2-D, batched, with broadcast batch dimensions
    Case("matmul", lambda a, b: a @ b, lambda a, b: a @ b, [(3, 4), (4, 5)]),
    Case("matmul", ax.matmul, torch.matmul, [(4,), (4,)], label="dot"),
    Case("matmul", ax.matmul, torch.matmul, [(3, 4), (4,)], label="mat-vec"),
    Case("matmul", ax.matmul, torch.matmul, [(4,), (4, 5)], label="vec-mat"),
    Case("matmul", ax.matmul, torch.matmul, [(2, 3, 4), (4, 5)], label="batch-mat"),
    Case("matmul", ax.matmul, torch.matmul, [(2, 3, 4), (2, 4, 5)], label="batch-batch"),
    Case("matmul", ax.matmul, torch.matmul, [(1, 3, 4), (2, 4, 5)], label="batch-bcast"),
    Case("matmul", ax.matmul, torch.matmul, [(4,), (2, 4, 5)], label="vec-batch"),
    Case("matmul", ax.matmul, torch.matmul, [(2, 3, 4), (4,)], label="batch-vec"),
    Case("matmul", lambda b: C34 @ b, lambda b: tt(C34) @ b, [(4, 2)], label="rnumpy"),
    # dense: x W + b and the fused activation in one node; rows, one row, sequences, a (1, n) bias
    Case("dense", ax.dense, lambda x, w, b: x @ w + b, [(3, 4), (4, 5), (5,)]),
    Case("dense", lambda x, w: ax.dense(x, w), lambda x, w: x @ w, [(3, 4), (4, 5)], label="no-bias"),
    Case("dense", lambda x, w, b: ax.dense(x, w, b, "relu"), lambda x, w, b: torch.relu(x @ w + b), [(3, 4), (4, 5), (5,)], [normal, normal, away_from_zero], label="relu"),
    Case("dense", lambda x, w, b: ax.dense(x, w, b, "sigmoid"), lambda x, w, b: torch.sigmoid(x @ w + b), [(3, 4), (4, 5), (5,)], label="sigmoid"),
    Case("dense", lambda x, w, b: ax.dense(x, w, b, "tanh"), lambda x, w, b: torch.tanh(x @ w + b), [(2, 3, 4), (4, 5), (5,)], label="tanh-seq"),
    Case("dense", lambda x, w, b: ax.dense(x, w, b), lambda x, w, b: x @ w + b, [(4,), (4, 5), (1, 5)], label="row-bias2d"),
    # elementwise math
    Case("exp", ax.exp, torch.exp, [(3, 4)]),
    Case("log", ax.log, torch.log, [(3, 4)], positive),
    Case("sqrt", ax.sqrt, torch.sqrt, [(3, 4)], positive),
    Case("abs", ax.abs, torch.abs, [(3, 4)], away_from_zero),
    Case("maximum", ax.maximum, torch.maximum, [(3, 4), (3, 4)]),
    Case("maximum", ax.maximum, torch.maximum, [(3, 4), (4,)], label="bcast"),
    Case("minimum", ax.minimum, torch.minimum, [(3, 4), (3, 4)]),
    Case("minimum", ax.minimum, torch.minimum, [(2, 1), (2, 3)], label="bcast"),
    Case("clip", lambda a: ax.clip(a, -0.5, 0.7), lambda a: torch.clamp(a, -0.5, 0.7), [(4, 5)], away_from_zero),
    Case("clip", lambda a: ax.clip(a, low=0.3), lambda a: torch.clamp(a, min=0.3), [(4, 5)], away_from_zero, label="low" ),
    Case("where", lambda a, b: ax.where(COND, a, b), lambda a, b: torch.where(tt(COND), a, b), [(3, 4), (3, 4)]),
    Case("where", lambda a, b: ax.where(COND, a, b), lambda a, b: torch.where(tt(COND), a, b), [(4), (3, 1)], label="bcast"),
    # reductions over any axes, with keepdims
    Case("sum", ax.sum, torch.sum, [(3, 4)]),
    Case("sum", lambda a: ax.sum(a, axis=1), lambda a: a.sum(1), [(3, 4)], label="axis1"),
    Case("sum", lambda a: a.sum(axis=(0, 2), keepdims=True), lambda a: a.sum((0, 2), keepdim=True), [(2, 3, 4)], label="axes-keep"),
    Case("sum", lambda a: a.sum(axis=-1, keepdims=True), lambda a: a.sum(-1, keepdim=True), [(2, 3, 4)], label="neg-keep" ),
    Case("mean", ax.mean, torch.mean, [(3, 4)]),
    Case("mean", lambda a: ax.mean(a, axis=0), lambda a: a.mean(0), [(3, 4)], label="axis0"),
    Case("mean", lambda a: a.mean(axis=(1, 2), keepdims=True), lambda a: a.mean((1, 2), keepdim=True), [(2, 3, 4)], label="axes-keep"),
    Case("max", ax.max, torch.max, [(3, 4)]),
    Case("max", lambda a: ax.max(a, axis=1), lambda a: a.amax(1), [(3, 4)], label="axis1"),
    Case("max", lambda a: a.max(axis=(0, 2), keepdims=True), lambda a: a.amax((0, 2), keepdim=True), [(2, 3, 4)], label="axes-keep"),
    Case("min", ax.min, torch.min, [(3, 4)]),
    Case("min", lambda a: ax.min(a, axis=0, keepdims=True), lambda a: a.amin(0, keepdim=True), [(3, 4)], label="axis0-keep"),
    Case("var", ax.var, lambda a: torch.var(a, correction=0), [(3, 4)]),
    Case("var", lambda a: ax.var(a, axis=1), lambda a: a.var(1, correction=0), [(3, 4)], label="axis1"),
    Case("var", lambda a: ax.var(a, axis=(0, 2), keepdims=True, ddof=1), lambda a: a.var((0, 2), keepdim=True), [(2, 3, 4)], label="ddof1"),
    # shapes
    Case("reshape", lambda a: ax.reshape(a, (4, 3)), lambda a: a.reshape(4, 3), [(3, 4)]),
    Case("reshape", lambda a: a.reshape(2, -1), lambda a: a.reshape(2, -1), [(2, 3, 4)], label="minus1"),
    Case("transpose", ax.transpose, lambda a: a.permute(2, 1, 0), [(2, 3, 4)]),
    Case("transpose", lambda a: a.T, lambda a: a.T, [(3, 4)], label="T"),
    Case("permute", lambda a: ax.permute(a, (1, 2, 0)), lambda a: a.permute(1, 2, 0), [(2, 3, 4)]),
    Case("broadcast_to", lambda a: ax.broadcast_to(a, (2, 3, 4)), lambda a: a.expand(2, 3, 4), [(3, 1)]),
    Case("expand_dims", lambda a: ax.expand_dims(a, 1), lambda a: a.unsqueeze(1), [(3, 4)]),
    Case("expand_dims", lambda a: ax.expand_dims(a, -1), lambda a: a.unsqueeze(-1), [(3, 4)], label="last"),
    Case("squeeze", ax.squeeze, torch.squeeze, [(3, 1, 4, 1)]),
    Case("squeeze", lambda a: ax.squeeze(a, 1), lambda a: a.squeeze(1), [(3, 1, 4, 1)], label="axis"),
    Case("getitem", lambda a: a[1:, ::2], lambda a: a[1:, ::2], [(3, 4)], label="slices"),
    Case("getitem", lambda a: a[1], lambda a: a[1], [(3, 4)], label="int"),
    Case("getitem", lambda a: a[::-1, -1], lambda a: a.flip(0)[:, -1], [(3, 4)], label="reverse"),
    Case("getitem", lambda a: a[IDX], lambda a: a[tt(IDX)], [(3, 4)], label="repeated"),
    Case("getitem", lambda a: a[:, IDX], lambda a: a[:, tt(IDX)], [(3, 4)], label="repeated-axis1"),
    Case("getitem", lambda a: a[IDX[:3], np.array([0, 3, 0])], lambda a: a[tt(IDX[:3]), tt([0, 3, 0])], [(3, 4)], label="pairs"),
    Case("getitem", lambda a: a[MASK], lambda a: a[tt(MASK)], [(3, 4)], label="mask"),
    Case("getitem", lambda a: ax.getitem(a, ax.Tensor(IDX)), lambda a: a[tt(IDX)], [(3, 4)], label="tensor-index"),
    Case("concat", lambda a, b: ax.concat([a, b]), lambda a, b: torch.cat([a, b]), [(2, 4), (3, 4)]),
    Case("concat", lambda a, b, c: ax.concat([a, b, c], axis=1), lambda a, b, c: torch.cat([a, b, c], 1), [(3, 1), (3, 4), (3, 2)], label="axis1"),
    Case("stack", lambda a, b: ax.stack([a, b]), lambda a, b: torch.stack([a, b]), [(3, 4), (3, 4)]),
    Case("stack", lambda a, b: ax.stack([a, b], axis=-1), lambda a, b: torch.stack([a, b], -1), [(3, 4), (3, 4)], label="last"),
    Case("pad", lambda a: ax.pad(a, ((1, 2), (0, 1))), lambda a: F.pad(a, (0, 1, 1, 2)), [(3, 4)]),
    Case("pad", lambda a: ax.pad(a, 1, value=2.0), lambda a: F.pad(a, (1, 1, 1, 1), value=2.0), [(3, 4)], label="scalar" ),
    # the course's activations, log_softmax and the stable BCE
    Case("step", ax.step, t_step, [(3, 4)], away_from_zero),
    Case("relu", ax.relu, torch.relu, [(3, 4)], away_from_zero),
    Case("softplus", ax.softplus, F.softplus, [(3, 4)]),
    Case("leaky_relu", ax.leaky_relu, lambda z: F.leaky_relu(z, 0.01), [(3, 4)], away_from_zero),
    Case("leaky_relu", lambda z: ax.leaky_relu(z, 0.2), lambda z: F.leaky_relu(z, 0.2), [(3, 4)], away_from_zero, label="0.2"),
    Case("elu", ax.elu, F.elu, [(3, 4)], away_from_zero),
    Case("elu", lambda z: ax.elu(z, 0.5), lambda z: F.elu(z, 0.5), [(3, 4)], away_from_zero, label="alpha"),
    Case("softmax", ax.softmax, lambda z: torch.softmax(z, -1), [(3, 4)]),
    Case("softmax", lambda z: ax.softmax(z, axis=0), lambda z: torch.softmax(z, 0), [(3, 4)], label="axis0"),
    Case("log_softmax", ax.log_softmax, lambda z: torch.log_softmax(z, -1), [(3, 4)]),
    Case("log_softmax", lambda z: ax.log_softmax(z, axis=1), lambda z: torch.log_softmax(z, 1), [(2, 3, 4)], label="axis1"),
    Case("sigmoid", ax.sigmoid, torch.sigmoid, [(3, 4)]),
    Case("logistic", ax.logistic, torch.sigmoid, [(5,)]),
    Case("tanh", ax.tanh, torch.tanh, [(3, 4)]),
    Case("linear", lambda z: ax.linear(z) * 1.0, lambda z: z * 1.0, [(3, 4)]),
    Case("softmax_cross_entropy", lambda z: ax.softmax_cross_entropy(z, LABELS), lambda z: F.cross_entropy(z, tt(LABELS)), [(3, 4)], label="sparse"),
    Case("softmax_cross_entropy", lambda z: ax.softmax_cross_entropy(z, np.eye(4)[LABELS], WEIGHTS), lambda z: (F.cross_entropy(z, tt(LABELS), reduction="none") * tt(WEIGHTS)).mean(), [(3, 4)], label="onehot-weighted"),
    Case("binary_crossentropy_with_logits", ax.binary_crossentropy_with_logits, lambda z, t: F.binary_cross_entropy_with_logits(z, t, reduction="none"), [(3, 4), (3, 4)], [normal, probability]),
]
# fmt: on
