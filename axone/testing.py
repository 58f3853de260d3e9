r"""Gradient checks: the engine's gradients against central finite differences, in float64.

For a function $f$ of tensors and a fixed random weighting $w$ of its output, the scalar
$L(x) = \sum_k w_k f_k(x)$ has the analytic gradient the engine computes and the numeric one

$$\frac{\partial L}{\partial x_i} \approx \frac{L(x + \epsilon e_i) - L(x - \epsilon e_i)}{2 \epsilon}.$$

They agree when $|a - n| \le \mathrm{atol} + \mathrm{rtol}\,|n|$ for every element (PyTorch's
``gradcheck`` defaults: $\epsilon = 10^{-6}$, atol $10^{-5}$, rtol $10^{-3}$). A random $w$
checks $J^\top w$ rather than the whole Jacobian $J$: one backward pass instead of one per output,
and a wrong entry of $J$ still shows unless it is orthogonal to $w$ (probability 0).

The element-by-element check costs two evaluations of $f$ per input element; for large inputs,
``directions=k`` compares $\nabla L \cdot d$ with $(L(x + \epsilon d) - L(x - \epsilon d)) / 2\epsilon$
along $k$ random unit directions $d$ instead (``gradcheck_directional``).

Example:
    >>> import axone as ax
    >>> ax.testing.gradcheck(lambda x, y: (x * y).sum(axis=0), ax.Tensor([[1.0, 2.0]]), ax.Tensor([3.0, 4.0]))
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from axone.core import backend
from axone.core.engine import gradients, no_grad
from axone.core.tensor import Tensor


class GradcheckError(AssertionError):
    """Raised by :func:`gradcheck` when analytic and numeric gradients disagree."""


@dataclass
class GradcheckReport:
    """Where a gradient check failed: the worst element of the first failing input.

    ``index`` is the element's index in the input (or the direction's number with
    ``directions=``); the report is falsy so that ``assert gradcheck(..., raise_exception=False)``
    fails with it.
    """

    input: int
    index: tuple[int, ...] | int
    analytic: float
    numeric: float
    shape: tuple[int, ...]
    directional: bool = False

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        where = f"direction {self.index}" if self.directional else f"element {self.index}"
        return (
            f"gradcheck failed for input {self.input} (shape {self.shape}): worst {where}: "
            f"analytic {self.analytic:.8g}, numeric {self.numeric:.8g} "
            f"(difference {abs(self.analytic - self.numeric):.3g}). Check that op's backward, or "
            "whether f is differentiable there (a kink of relu/abs/max, a tie)."
        )


def gradcheck(
    f: Callable[..., Tensor],
    *inputs: Any,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    directions: int | None = None,
    wrt: Sequence[int] | None = None,
    seed: int = 0,
) -> bool | GradcheckReport:
    """Check the gradients of ``f`` at ``inputs`` against central differences (see the module).

    Args:
        f: a function of tensors returning a Tensor of any shape.
        inputs: Tensors, arrays or numbers; float ones are copied to float64 and checked,
            integer ones (indices, labels) are passed as they are.
        eps, atol, rtol: the step and the tolerances $|a - n| \\le atol + rtol |n|$.
        raise_exception: raise :class:`GradcheckError` on failure (else return the report).
        directions: check along this many random unit directions instead of every element.
        wrt: the positions of the inputs to check (every float input by default).
        seed: seeds the output weighting and the directions.

    Returns:
        True, or a falsy :class:`GradcheckReport` when ``raise_exception`` is False.

    Example:
        >>> import axone as ax
        >>> from axone.core.op import Op
        >>> class BadSquare(Op):  # derivative off by a factor of 2
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save(x)
        ...         return x * x
        ...     @staticmethod
        ...     def backward(ctx, grad_out):
        ...         return (grad_out * ctx.saved[0],)
        >>> report = ax.testing.gradcheck(lambda x: BadSquare.apply(x).sum(), ax.Tensor([3.0]), raise_exception=False)
        >>> print(report)  # doctest: +ELLIPSIS
        gradcheck failed for input 0 (shape (1,)): worst element (0,): analytic 3, numeric 6...
    """
    rng = np.random.default_rng(seed)
    tensors = [_as_float64(x) for x in inputs]
    checked = [i for i, t in enumerate(tensors) if t.data.dtype == np.float64] if wrt is None else _wrt(wrt, tensors)
    previous = backend.get_default_dtype()
    backend.set_default_dtype("float64")  # constants made inside f follow the check's precision
    try:
        for i in checked:
            tensors[i].requires_grad = True
        out = f(*tensors)
        if not isinstance(out, Tensor) or out.data.dtype != np.float64:
            got = out.data.dtype if isinstance(out, Tensor) else type(out).__name__
            raise TypeError(f"gradcheck: f must return a float64 Tensor when given float64 inputs, got {got}")
        # a scalar output is checked as it is; a larger one through a random weighting
        weights = np.ones(out.shape) if out.data.size == 1 else rng.standard_normal(out.shape)
        found = gradients(out, [tensors[i] for i in checked], weights)

        def loss() -> float:
            with no_grad():
                return float(np.sum(f(*tensors).data * weights))

        for i, g in zip(checked, found):
            analytic = np.zeros_like(tensors[i].data) if g is None else np.asarray(g, dtype=np.float64)
            report = (_directional if directions else _elementwise)(
                loss, tensors[i].data, analytic, eps, atol, rtol, directions, rng
            )
            if report is not None:
                report.input = i
                if raise_exception:
                    raise GradcheckError(str(report))
                return report
        return True
    finally:
        backend.set_default_dtype(previous)
        for i in checked:
            tensors[i].requires_grad = False


def gradcheck_directional(
    f: Callable[..., Tensor], *inputs: Any, directions: int = 8, **options: Any
) -> bool | GradcheckReport:
    """:func:`gradcheck` along ``directions`` random unit directions: for inputs too large for every element.

    Example:
        >>> import axone as ax
        >>> x = ax.Tensor(ax.random.get_rng(0).normal(size=(50, 40)))
        >>> ax.testing.gradcheck_directional(lambda x: ax.tanh(x @ x.T), x, directions=4)
        True
    """
    return gradcheck(f, *inputs, directions=directions, **options)


def _wrt(wrt: Any, tensors: list[Tensor]) -> list[int]:
    """The positions in ``wrt``, each checked: an int naming a float input (negative counts from the end)."""
    n = len(tensors)
    if isinstance(wrt, (str, bytes)) or not hasattr(wrt, "__iter__"):
        raise TypeError(f"gradcheck: wrt must be a list of input positions like [0, 1], got {wrt!r}")
    wrt, checked = list(wrt), []
    for i in wrt:
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)):
            raise TypeError(f"gradcheck: wrt holds input positions (ints), got {i!r} in wrt={wrt}")
        if not -n <= i < n:
            raise ValueError(
                f"gradcheck: wrt={wrt} names input {i}, but f was given {n} input(s): positions 0 to {n - 1}"
            )
        i = int(i) % n
        if tensors[i].data.dtype != np.float64:
            raise ValueError(
                f"gradcheck: wrt={wrt} names input {i}, of dtype {tensors[i].data.dtype}; only float "
                "inputs have gradients (integer ones, indices or labels, are passed as they are)"
            )
        checked.append(i)
    return checked


def _as_float64(x: Any) -> Tensor:
    data = x.data if isinstance(x, Tensor) else np.asarray(x)
    if data.dtype.kind in "fc" or data.dtype.kind in "iu" and not isinstance(x, (Tensor, np.ndarray)):
        return Tensor(np.array(data, dtype=np.float64))  # a copy: the check perturbs it in place
    return Tensor(data)


def _elementwise(loss, data, analytic, eps, atol, rtol, directions, rng) -> GradcheckReport | None:
    numeric = np.empty_like(data)
    flat, flat_numeric = data.reshape(-1), numeric.reshape(-1)  # views of the same memory
    for k in range(flat.size):
        original = flat[k]
        flat[k] = original + eps
        up = loss()
        flat[k] = original - eps
        down = loss()
        flat[k] = original
        flat_numeric[k] = (up - down) / (2 * eps)
    excess = np.abs(analytic - numeric) - (atol + rtol * np.abs(numeric))
    if excess.size == 0 or excess.max() <= 0:
        return None
    worst = np.unravel_index(int(np.argmax(excess)), data.shape)
    index = tuple(int(i) for i in worst)
    return GradcheckReport(-1, index, float(analytic[worst]), float(numeric[worst]), data.shape)


def _directional(loss, data, analytic, eps, atol, rtol, directions, rng) -> GradcheckReport | None:
    original = data.copy()
    worst = None
    for k in range(directions):
        d = rng.standard_normal(data.shape)
        d /= np.linalg.norm(d) or 1.0
        data[...] = original + eps * d
        up = loss()
        data[...] = original - eps * d
        down = loss()
        data[...] = original
        a, n = float(np.sum(analytic * d)), (up - down) / (2 * eps)
        excess = abs(a - n) - (atol + rtol * abs(n))
        if excess > 0 and (worst is None or excess > worst[0]):
            worst = (excess, k, a, n)
    if worst is None:
        return None
    return GradcheckReport(-1, worst[1], worst[2], worst[3], data.shape, directional=True)
