r"""One-dimensional functions to approximate: sine, |x|, a step and a polynomial, with noise.

The course's approximation theorem (Pinkus, 1999) says one layer of non-polynomial neurons can
approach any continuous function on a compact set; these are the functions to try it on, the
step included to show where continuity matters.

Each returns ``(x, t)`` of shapes ``(n, 1)`` and ``(n, 1)`` in float32, with ``x`` drawn
uniformly on the interval and sorted (plots draw a line), and $t = f(x) + \varepsilon$,
$\varepsilon \sim N(0, \text{noise}^2)$.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from axone.data.points import check_count, check_scale
from axone.random import get_rng

# name -> (function, default interval, one-line description)
FUNCTIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], tuple[float, float], str]] = {
    "sine": (np.sin, (-np.pi, np.pi), "t = sin(x) on [-pi, pi]"),
    "abs": (np.abs, (-1.0, 1.0), "t = |x| on [-1, 1]"),
    "step": (lambda x: (x >= 0).astype(np.float64), (-1.0, 1.0), "t = 1 if x >= 0 else 0"),
    "polynomial": (lambda x: x**3 - x, (-1.5, 1.5), "t = x^3 - x on [-1.5, 1.5]"),
}


def function_1d(
    name: str = "sine",
    n: int = 200,
    noise: float = 0.0,
    interval: tuple[float, float] | None = None,
    coefficients: Sequence[float] | None = None,
    rng: np.random.Generator | int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Samples of a 1-D function for regression: $t = f(x) + \varepsilon$.

    Args:
        name: ``"sine"``, ``"abs"``, ``"step"`` or ``"polynomial"``.
        n: number of samples.
        noise: standard deviation of the Gaussian noise added to the targets.
        interval: ``(low, high)`` for ``x``; defaults to the function's own (see FUNCTIONS).
        coefficients: for ``"polynomial"`` only, $c_0, c_1, \dots$ lowest degree first, giving
            $f(x) = \sum_k c_k x^k$; the default is $x^3 - x$, i.e. ``(0, -1, 0, 1)``.
        rng: generator, seed or None.

    Returns:
        ``(x, t)``, both of shape ``(n, 1)`` and float32, sorted by ``x``.

    Example:
        >>> from axone.data import function_1d
        >>> x, t = function_1d("abs", n=5, rng=0)
        >>> x.shape, bool(np.allclose(t, np.abs(x)))
        ((5, 1), True)
    """
    if name not in FUNCTIONS:
        raise ValueError(f"function_1d: unknown function {name!r}; choose one of {', '.join(FUNCTIONS)}")
    if coefficients is not None and name != "polynomial":
        raise ValueError(f"function_1d: coefficients= applies to 'polynomial' only, not {name!r}")
    n, noise = check_count("function_1d", "n", n), check_scale("function_1d", "noise", noise)
    f, default_interval, _ = FUNCTIONS[name]
    if coefficients is not None:
        f = np.polynomial.Polynomial(np.asarray(coefficients, dtype=np.float64))
    low, high = interval if interval is not None else default_interval
    if not low < high:
        raise ValueError(f"function_1d: interval must have low < high, got ({low}, {high})")
    rng = get_rng(rng)
    x = np.sort(rng.uniform(low, high, n))
    t = f(x) + (rng.normal(0.0, noise, n) if noise > 0 else 0.0)
    return x.reshape(n, 1).astype(np.float32), np.reshape(t, (n, 1)).astype(np.float32)


def sine(
    n: int = 200, noise: float = 0.0, rng: np.random.Generator | int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""``function_1d("sine", ...)``: $t = \sin x$ on $[-\pi, \pi]$.

    Example:
        >>> from axone.data import sine
        >>> sine(3, rng=0)[0].shape
        (3, 1)
    """
    return function_1d("sine", n=n, noise=noise, rng=rng)


def absolute(
    n: int = 200, noise: float = 0.0, rng: np.random.Generator | int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""``function_1d("abs", ...)``: $t = |x|$ on $[-1, 1]$, a kink at 0.

    Example:
        >>> from axone.data import absolute
        >>> bool((absolute(4, rng=0)[1] >= 0).all())
        True
    """
    return function_1d("abs", n=n, noise=noise, rng=rng)


def step(
    n: int = 200, noise: float = 0.0, rng: np.random.Generator | int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""``function_1d("step", ...)``: $t = 1$ if $x \ge 0$ else 0, on $[-1, 1]$.

    Example:
        >>> from axone.data import step
        >>> sorted(set(step(20, rng=0)[1].ravel().tolist()))
        [0.0, 1.0]
    """
    return function_1d("step", n=n, noise=noise, rng=rng)


def polynomial(
    n: int = 200,
    noise: float = 0.0,
    coefficients: Sequence[float] | None = None,
    rng: np.random.Generator | int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""``function_1d("polynomial", ...)``: $t = \sum_k c_k x^k$, by default $x^3 - x$.

    Example:
        >>> from axone.data import polynomial
        >>> x, t = polynomial(4, coefficients=(1.0, 2.0), rng=0)
        >>> bool(np.allclose(t, 1 + 2 * x))
        True
    """
    return function_1d("polynomial", n=n, noise=noise, coefficients=coefficients, rng=rng)
