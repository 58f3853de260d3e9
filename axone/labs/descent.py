r"""Lab 7, descent: gradient descent on a convex quadratic error (the course's "méthode du gradient").

$w_{t+1} = w_t - \eta \nabla E(w_t)$ (1). Correcting the weights after each sample makes the path
zigzag between the samples' own error valleys; a batch follows the mean gradient and does not. On a
long thin ellipse the gradient points almost across the valley, so descent needs many steps.

``descend`` (one solver from one start, or many starts at once) is shared by labs 8 to 10.

Example:
    >>> import axone as ax
    >>> path, losses = descend(lambda w: (w ** 2).sum(), [1.0, -2.0], ax.optimizers.SGD(lr=0.25), steps=3)
    >>> path[-1], float(losses[0])
    (array([ 0.125, -0.25 ]), 5.0)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import numpy as np

import axone as ax
from axone.labs.common import LabResult, save_figure
from axone.viz import contour_with_paths, pyplot


def descend(
    error: Callable[[Any], Any], start: Any, optimizer: Any, steps: int, until: Callable[[float], bool] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Run ``optimizer`` on ``error`` from ``start`` (float64) for at most ``steps`` updates.

    Args:
        error: $E(w)$ of a Variable ``w`` shaped like ``start``, returning a scalar Tensor. With
            many starts stacked in rows, return the sum: each row then gets its own gradient.
        start: the first weights.
        optimizer: an ``ax.optimizers`` instance built without parameters (``SGD(lr=0.1)``).
        steps: the most updates made.
        until: stop as soon as ``until(E)`` is true (E before the update, as a float).

    Returns:
        ``(path, losses)``: the weights visited (``steps + 1`` rows at most, the start first) and
        $E$ at each of them.
    """
    w = ax.Variable(np.array(start, dtype=np.float64), dtype="float64")
    path, losses = [w.data.copy()], []
    for _ in range(steps):
        optimizer.zero_grad([w])
        loss = error(w)
        losses.append(float(loss.data))
        if until is not None and until(losses[-1]):
            return np.array(path), np.array(losses)
        loss.backward()
        optimizer.step([w])
        path.append(w.data.copy())
    losses.append(float(error(ax.Tensor(w.data)).data))
    return np.array(path), np.array(losses)


def quadratic_error(inputs: np.ndarray, targets: np.ndarray) -> Callable[[Any], Any]:
    r"""$E(w) = \sum_n (w \cdot i_n - t_n)^2$ over the rows of ``inputs``, for the engine."""
    inputs, targets = ax.Tensor(inputs, dtype="float64"), ax.Tensor(targets, dtype="float64")
    return lambda w: ((inputs @ w - targets) ** 2).sum()


def best_learning_rate(inputs: np.ndarray) -> tuple[float, float]:
    r"""$\eta^* = 2 / (\lambda_{min} + \lambda_{max})$ of the Hessian $2 I^T I$, and its condition number."""
    eig = np.linalg.eigvalsh(2 * inputs.T @ inputs)
    return 2 / (eig[0] + eig[-1]), eig[-1] / eig[0]


def _turns(path: np.ndarray) -> int:
    """How often the path turns back by more than 90 degrees (a zigzag)."""
    moves = np.diff(path, axis=0)
    moves = moves[np.linalg.norm(moves, axis=1) > 1e-12]
    return int(np.sum(np.sum(moves[1:] * moves[:-1], axis=1) < 0))


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("descent", "gradient descent on a convex error: per sample against batch, round against thin")
    tol = 1e-6 if quick else 1e-10
    # four noise-free samples of t = 1 i0 + 2 i1: the error is a convex bowl with its minimum at (1, 2)
    inputs = np.array([[2.0, 1.0], [1.0, 2.0], [1.0, 0.2], [0.3, 1.0]])
    targets = inputs @ np.array([1.0, 2.0])
    start, lr = np.array([-1.0, -1.0]), 0.15
    batch_path, batch_losses = descend(
        quadratic_error(inputs, targets), start, ax.optimizers.SGD(lr=lr / 4), steps=5000, until=lambda e: e < tol
    )
    # one sample at a time: the same rule on E_n = (w . i_n - t_n)^2, cycling through the samples
    w = ax.Variable(start.copy(), dtype="float64")
    opt, sample_path = ax.optimizers.SGD(lr=lr), [start.copy()]
    full = quadratic_error(inputs, targets)
    for step in range(20000):
        if float(full(ax.Tensor(w.data)).data) < tol:
            break
        n = step % len(inputs)
        opt.apply_gradients([(ax.grad(quadratic_error(inputs[n : n + 1], targets[n : n + 1]))(w), w)])
        sample_path.append(w.data.copy())
    sample_path = np.array(sample_path)
    n_batch, n_sample = len(batch_path) - 1, len(sample_path) - 1
    result.numbers.update(
        batch_steps=n_batch,
        sample_steps=n_sample,
        batch_turns=_turns(batch_path),
        sample_turns=_turns(sample_path),
        final_batch=batch_path[-1].tolist(),
    )
    result.findings.append(
        f"Four samples of t = i0 + 2 i1, from w = (-1, -1): batch descent (eta = {lr}/4 on the summed error) "
        f"reaches E < {tol:g} in {n_batch} steps and turns back {result.numbers['batch_turns']} times; one sample "
        f"at a time (eta = {lr}) needs {n_sample} updates and turns back {result.numbers['sample_turns']} times: "
        "it zigzags between the samples' own error valleys."
    )

    # the round bowl against thin ellipses E = (w0^2 + k w1^2) / 2, each with its best fixed eta
    kappas = [1, 10, 100] if quick else [1, 4, 16, 64, 256]
    ellipses = {}
    for k in kappas:
        eta = 2 / (1 + k)
        error = lambda w, k=k: (w[0] ** 2 + k * w[1] ** 2) / 2
        path, _ = descend(error, [10.0, 1.0], ax.optimizers.SGD(lr=eta), steps=100000, until=lambda e: e < 1e-8)
        ellipses[k] = path
    result.numbers["ellipse_steps"] = {k: len(p) - 1 for k, p in ellipses.items()}
    k_thin = kappas[-1]
    grad = np.array([10.0, k_thin * 1.0])
    angle = np.degrees(np.arccos(grad @ np.array([10.0, 1.0]) / np.linalg.norm(grad) / np.hypot(10, 1)))
    result.numbers["thin_angle_deg"] = float(angle)
    steps_text = ", ".join(f"{k}: {len(p) - 1}" for k, p in ellipses.items())
    result.findings.append(
        f"E = (w0^2 + k w1^2)/2 from (10, 1), each with its best fixed eta = 2/(1 + k), steps to E < 1e-8 by "
        f"condition number k: {steps_text}. On the thinnest, the descent direction at the start is "
        f"{angle:.1f} degrees away from the direction of the minimum: the convergence is long."
    )

    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    bowl = lambda x, y: sum((x * i0 + y * i1 - t) ** 2 for (i0, i1), t in zip(inputs, targets))
    contour_with_paths(
        left,
        bowl,
        (-1.5, 3),
        (-1.5, 3),
        {f"one sample at a time ({n_sample} updates)": sample_path[:200], f"batch ({n_batch} steps)": batch_path},
        marks={"minimum": (1, 2)},
        title="per-sample updates zigzag, the batch does not",
    )
    k_shown = kappas[-2]  # the thinnest zigzags too densely to read
    contour_with_paths(
        right,
        lambda x, y: (x**2 + k_shown * y**2) / 2,
        (-11, 11),
        (-1.5, 1.5),
        {f"k = {k_shown} ({len(ellipses[k_shown]) - 1} steps)": ellipses[k_shown]},
        title=f"a thin ellipse (k = {k_shown}): the gradient points across it",
    )
    save_figure(result, fig, "contours", out)
    return result
