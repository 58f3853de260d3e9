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


def moderate(rng: np.random.Generator, shape: tuple) -> np.ndarray:
    """Values in (-1.2, 1.2): tan stays away from its poles at +-pi/2."""
    return rng.uniform(-1.2, 1.2, shape)


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
GATHER = np.array([[0, 3], [2, 2], [1, 0]])  # a (3, 2) index into a (3, 4) tensor along dim 1
GATHER0 = np.array([[2, 0, 2, 1], [2, 2, 0, 0]])  # along dim 0, with repeats: gradients accumulate
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
    # more elementary functions (ops/elementary.py)
    Case("sin", ax.sin, torch.sin, [(3, 4)]),
    Case("cos", ax.cos, torch.cos, [(3, 4)]),
    Case("tan", ax.tan, torch.tan, [(3, 4)], moderate),
    Case("sinh", ax.sinh, torch.sinh, [(3, 4)]),
    Case("cosh", ax.cosh, torch.cosh, [(3, 4)]),
    Case("square", ax.square, torch.square, [(3, 4)]),
    Case("log1p", ax.log1p, torch.log1p, [(3, 4)], positive),
    Case("expm1", ax.expm1, torch.expm1, [(3, 4)]),
    # cumulative, einsum, gather, sort (ops/cumulative.py, einsum.py, order.py)
    Case("cumsum", lambda a: ax.cumsum(a, 1), lambda a: torch.cumsum(a, 1), [(3, 4)]),
    Case("cumsum", lambda a: ax.cumsum(a, dim=0), lambda a: torch.cumsum(a, 0), [(2, 3, 4)], label="dim0"),
    Case("cumsum", ax.cumsum, lambda a: torch.cumsum(a.reshape(-1), 0), [(3, 4)], label="flat"),
    Case("einsum", lambda a, b: ax.einsum("ij,jk->ik", a, b), lambda a, b: torch.einsum("ij,jk->ik", a, b), [(3, 4), (4, 5)]),
    Case("einsum", lambda a, b: ax.einsum("bij,bjk->bik", a, b), lambda a, b: torch.einsum("bij,bjk->bik", a, b), [(2, 3, 4), (2, 4, 5)], label="batch"),
    Case("einsum", lambda a, b: ax.einsum("ij,jk", a, b), lambda a, b: torch.einsum("ij,jk", a, b), [(3, 4), (4, 2)], label="implicit"),
    Case("einsum", lambda a: ax.einsum("ii", a), lambda a: torch.einsum("ii", a), [(4, 4)], label="trace"),
    Case("einsum", lambda a: ax.einsum("ii->i", a), lambda a: torch.einsum("ii->i", a), [(4, 4)], label="diagonal"),
    Case("einsum", lambda a, b: ax.einsum("ij,k->i", a, b), lambda a, b: torch.einsum("ij,k->i", a, b), [(3, 4), (5,)], label="summed-alone"),
    Case("einsum", lambda a, b: ax.einsum("i,j->ij", a, b), lambda a, b: torch.einsum("i,j->ij", a, b), [(3,), (4,)], label="outer"),
    Case("einsum", lambda a, b: ax.einsum("...ij,jk->...ik", a, b), lambda a, b: torch.einsum("...ij,jk->...ik", a, b), [(2, 2, 3, 4), (4, 5)], label="ellipsis"),
    Case("einsum", lambda a, b, c: ax.einsum("ij,jk,kl->il", a, b, c), lambda a, b, c: torch.einsum("ij,jk,kl->il", a, b, c), [(2, 3), (3, 4), (4, 2)], label="three"),
    Case("gather", lambda a: ax.gather(a, 1, GATHER), lambda a: torch.gather(a, 1, tt(GATHER)), [(3, 4)]),
    Case("gather", lambda a: ax.gather(a, 0, GATHER0), lambda a: torch.gather(a, 0, tt(GATHER0)), [(3, 4)], label="dim0-repeats"),
    Case("gather", lambda a: a.gather(-1, ax.Tensor(GATHER)), lambda a: a.gather(-1, tt(GATHER)), [(3, 4)], label="method"),
    Case("sort", lambda a: ax.sort(a).values, lambda a: torch.sort(a).values, [(3, 4)]),
    Case("sort", lambda a: ax.sort(a, dim=0, descending=True).values, lambda a: torch.sort(a, 0, descending=True).values, [(3, 4)], label="dim0-desc"),
    Case("sort", lambda a: a.sort(1).values, lambda a: a.sort(1).values, [(2, 5)], label="method"),
    Case("topk", lambda a: ax.topk(a, 2).values, lambda a: torch.topk(a, 2).values, [(3, 4)]),
    Case("topk", lambda a: ax.topk(a, 2, dim=0, largest=False).values, lambda a: torch.topk(a, 2, 0, largest=False).values, [(3, 4)], label="smallest-dim0"),
    Case("cat", lambda a, b: ax.cat([a, b], dim=1), lambda a, b: torch.cat([a, b], 1), [(3, 2), (3, 4)]),
    Case("stack", lambda a, b: ax.stack([a, b], dim=1), lambda a, b: torch.stack([a, b], 1), [(3, 4), (3, 4)], label="dim"),
    # the Tensor methods as PyTorch writes them (axone/core/tensor_methods.py), each on its op's row
    Case("relu", lambda a: a.relu(), lambda a: a.relu(), [(3, 4)], away_from_zero, label="method"),
    Case("sigmoid", lambda a: a.sigmoid(), lambda a: a.sigmoid(), [(3, 4)], label="method"),
    Case("tanh", lambda a: a.tanh(), lambda a: a.tanh(), [(3, 4)], label="method"),
    Case("softmax", lambda a: a.softmax(dim=0), lambda a: a.softmax(dim=0), [(3, 4)], label="method"),
    Case("pow", lambda a: a.pow(3), lambda a: a.pow(3), [(3, 4)], label="method"),
    Case("clip", lambda a: a.clamp(min=-0.5, max=0.7), lambda a: a.clamp(min=-0.5, max=0.7), [(4, 5)], away_from_zero, label="clamp"),
    Case("clip", lambda a: a.clamp(max=0.3), lambda a: a.clamp(max=0.3), [(4, 5)], away_from_zero, label="clamp-max"),
    Case("sum", lambda a: a.sum(dim=1, keepdim=True), lambda a: a.sum(dim=1, keepdim=True), [(3, 4)], label="dim-keepdim"),
    Case("mean", lambda a: a.mean(dim=(0, 2)), lambda a: a.mean(dim=(0, 2)), [(2, 3, 4)], label="dims"),
    Case("max", lambda a: a.max(dim=1).values, lambda a: a.max(dim=1).values, [(3, 4)], label="dim-values"),
    Case("min", lambda a: a.min(dim=0, keepdim=True).values, lambda a: a.min(dim=0, keepdim=True).values, [(3, 4)], label="dim-keepdim"),
    Case("var", lambda a: a.var(dim=1, correction=1), lambda a: a.var(dim=1), [(3, 4)], label="correction"),
    Case("cumsum", lambda a: a.cumsum(dim=1), lambda a: a.cumsum(dim=1), [(3, 4)], label="method"),
    Case("reshape", lambda a: a.view(2, -1), lambda a: a.view(2, -1), [(2, 3, 4)], label="view"),
    Case("reshape", lambda a: a.flatten(1), lambda a: a.flatten(1), [(2, 3, 4)], label="flatten-start"),
    Case("reshape", lambda a: a.flatten(0, 1), lambda a: a.flatten(0, 1), [(2, 3, 4)], label="flatten-0-1"),
    Case("expand_dims", lambda a: a.unsqueeze(0), lambda a: a.unsqueeze(0), [(3, 4)], label="unsqueeze"),
    Case("squeeze", lambda a: a.squeeze(1), lambda a: a.squeeze(1), [(3, 1, 4)], label="method"),
    Case("transpose", lambda a: a.t(), lambda a: a.t(), [(3, 4)], label="t"),
    Case("transpose", lambda a: a.transpose(0, 2), lambda a: a.transpose(0, 2), [(2, 3, 4)], label="swap"),
    Case("transpose", lambda a: a.transpose(0, 1), lambda a: a.transpose(0, 1), [(3, 4)], label="swap-2d"),
    Case("permute", lambda a: a.permute(2, 0, 1), lambda a: a.permute(2, 0, 1), [(2, 3, 4)], label="method"),
    Case("cast", lambda a: a.clone(), lambda a: a.clone(), [(3, 4)], label="clone"),
    Case("matmul", lambda a, b: a.matmul(b), lambda a, b: a.matmul(b), [(3, 4), (4, 2)], label="method"),
    # NumPy's functions on Tensors (axone/core/numpy_interop.py): the same ops, reached from NumPy
    Case("sin", np.sin, torch.sin, [(3, 4)], label="numpy"),
    Case("exp", lambda a: np.exp(a) * 2, lambda a: torch.exp(a) * 2, [(3, 4)], label="numpy"),
    Case("mul", lambda a: C34 * a, lambda a: tt(C34) * a, [(3, 4)], label="ndarray-times-tensor"),
    Case("mean", lambda a: np.mean(a, axis=0), lambda a: a.mean(0), [(3, 4)], label="numpy"),
    Case("sum", lambda a: np.sum(a, axis=1, keepdims=True), lambda a: a.sum(1, keepdim=True), [(3, 4)], label="numpy"),
    Case("concat", lambda a, b: np.concatenate([a, b], axis=1), lambda a, b: torch.cat([a, b], 1), [(3, 2), (3, 4)], label="numpy"),
    Case("einsum", lambda a, b: np.einsum("ij,ij->i", a, b), lambda a, b: torch.einsum("ij,ij->i", a, b), [(3, 4), (3, 4)], label="numpy"),
    Case("var", lambda a: np.std(a, axis=0), lambda a: a.std(0, correction=0), [(3, 4)], label="numpy-std"),
]
# fmt: on

# ops whose results are indices: no gradient, their values compared with PyTorch's
INDEX_CASES = [
    Case("one_hot", lambda a: ax.one_hot(ax.argmax(a, dim=1), 4, "float64"), lambda a: F.one_hot(torch.argmax(a, 1), 4).double(), [(3, 4)]),
    Case("argmax", ax.argmax, torch.argmax, [(3, 4)]),
    Case("argmax", lambda a: ax.argmax(a, dim=1, keepdim=True), lambda a: torch.argmax(a, 1, keepdim=True), [(3, 4)], label="dim-keepdim"),
    Case("argmax", lambda a: a.argmax(axis=0), lambda a: a.argmax(0), [(3, 4)], label="method"),
    Case("argmin", ax.argmin, torch.argmin, [(3, 4)]),
    Case("argmin", lambda a: a.argmin(dim=1), lambda a: a.argmin(1), [(3, 4)], label="method"),
    Case("argmax", lambda a: a.max(dim=1).indices, lambda a: a.max(dim=1).indices, [(3, 4)], label="max-dim-indices"),
    Case("sort", lambda a: ax.sort(a, descending=True).indices, lambda a: torch.sort(a, descending=True).indices, [(3, 4)], label="indices"),
    Case("topk", lambda a: ax.topk(a, 3, dim=0).indices, lambda a: torch.topk(a, 3, 0).indices, [(4, 3)], label="indices"),
]  # fmt: skip
