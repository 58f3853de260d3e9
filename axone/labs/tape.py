r"""Lab 5, tape: the course's ``GradientTape`` examples, and the same gradients in two other styles.

1. $z = (x^2)^2$ at $x = 3$: $\frac{\partial z}{\partial x} = 2y \cdot 2x = 4x^3 = 108$.
2. A small network's error at $x = (1, 0)$, ``loss = mean((1 - y)^2)``, differentiated with respect to
   all its weights (``model.trainable_variables``): that list of partial derivatives is $\nabla E$.

Each is computed with ``GradientTape`` (TensorFlow's style), ``loss.backward()`` then ``.grad``
(PyTorch's) and ``ax.grad`` (JAX's): one engine, so the three must agree exactly.

Example:
    >>> [float(g) for g in derivatives_of_x4(3.0)]
    [108.0, 108.0, 108.0]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

import axone as ax
from axone.labs.common import LabResult, save_figure
from axone.viz import pyplot

# a 2-2-1 logistic network with moderate hand-set weights (kernels are (n_in, n_out), as Keras)
WEIGHTS = [np.array([[0.5, -0.4], [0.3, 0.8]]), np.array([0.1, -0.2]), np.array([[0.7], [-0.6]]), np.array([0.05])]


def small_model() -> Any:
    """The 2-2-1 sigmoid network of ``WEIGHTS`` as an ``ax.Sequential``, in float64."""
    from axone.training import Sequential

    return Sequential(
        [
            ax.layers.Input((2,)),
            ax.layers.Dense(2, activation="sigmoid", kernel=WEIGHTS[0], bias=WEIGHTS[1], dtype="float64"),
            ax.layers.Dense(1, activation="sigmoid", kernel=WEIGHTS[2], bias=WEIGHTS[3], dtype="float64"),
        ]
    )


def derivatives_of_x4(x: float) -> tuple[Any, Any, Any]:
    r"""$\partial z / \partial x$ for $y = x^2$, $z = y^2$: with the tape, ``backward()`` and ``grad()``."""
    v = ax.Variable(x, dtype="float64")
    with ax.GradientTape() as tape:
        y = v**2
        z = y**2
    by_tape = tape.gradient(z, v)
    w = ax.Variable(x, dtype="float64")
    ((w**2) ** 2).backward()
    by_grad = ax.grad(lambda u: (u**2) ** 2)(ax.Tensor(x, dtype="float64"))
    return by_tape, w.grad, by_grad


def model_gradients(x: np.ndarray) -> dict[str, list[np.ndarray]]:
    r"""$\nabla E$ of ``mean((1 - y)^2)`` at ``x`` for the small model, in the three styles."""
    model = small_model()
    inputs = ax.Tensor(x, dtype="float64")
    with ax.GradientTape() as tape:
        y = model(inputs)
        loss = ((1 - y) ** 2).mean()
    by_tape = [g.numpy() for g in tape.gradient(loss, model.trainable_variables)]

    for v in model.trainable_variables:
        v.zero_grad()
    ((1 - model(inputs)) ** 2).mean().backward()
    by_backward = [v.grad.numpy() for v in model.trainable_variables]

    def error(w1: Any, b1: Any, w2: Any, b2: Any) -> Any:
        hidden = ax.sigmoid(inputs @ w1 + b1)
        return ((1 - ax.sigmoid(hidden @ w2 + b2)) ** 2).mean()

    arrays = [ax.Tensor(v.numpy()) for v in model.trainable_variables]
    by_grad = [g.numpy() for g in ax.grad(error, argnums=(0, 1, 2, 3))(*arrays)]
    return {"tape": by_tape, "backward": by_backward, "grad": by_grad}


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("tape", "GradientTape: 108 for z = (x^2)^2 at x = 3, and the gradient of a model's error")
    styles = [float(g) for g in derivatives_of_x4(3.0)]
    result.numbers["dz_dx"] = styles
    result.findings.append(
        f"z = (x^2)^2 at x = 3: the tape gives {styles[0]:g}, backward() gives {styles[1]:g}, grad() gives "
        f"{styles[2]:g}; by hand 4 x^3 = {4 * 3**3}."
    )

    x = np.array([[1.0, 0.0]])
    grads = model_gradients(x)
    gap = max(
        float(np.max(np.abs(a - b))) for other in ("backward", "grad") for a, b in zip(grads["tape"], grads[other])
    )
    result.numbers.update(model_gradients=[g.tolist() for g in grads["tape"]], max_style_gap=gap)
    flat = np.concatenate([g.ravel() for g in grads["tape"]])
    result.findings.append(
        "For the 2-2-1 logistic network at x = [[1., 0.]] with loss = mean((1 - y)^2), "
        "tape.gradient(loss, model.trainable_variables) gives dE/dW1 = "
        f"{np.round(grads['tape'][0], 5).tolist()}, dE/db1 = {np.round(grads['tape'][1], 5).tolist()}, "
        f"dE/dW2 = {np.round(grads['tape'][2], 5).ravel().tolist()}, dE/db2 = {np.round(grads['tape'][3], 5).tolist()}"
        f"; backward() and grad() give the same (largest gap {gap:.1e}). The second row of dE/dW1 is 0: the "
        "input x_2 = 0 multiplies it."
    )

    # the course's last step: hand the gradient to a solver, which lowers the error
    model = small_model()
    opt, losses = ax.optimizers.SGD(lr=1.0), []
    inputs = ax.Tensor(x, dtype="float64")
    for _ in range(20 if quick else 200):
        with ax.GradientTape() as tape:
            loss = ((1 - model(inputs)) ** 2).mean()
        opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
        losses.append(float(loss.data))
    result.numbers.update(loss_first=losses[0], loss_last=losses[-1])
    result.findings.append(
        f"Given to SGD (eta = 1) with apply_gradients, these gradients lower the error from {losses[0]:.4f} to "
        f"{losses[-1]:.4f} in {len(losses)} steps. The ||grad E|| of all weights is {np.linalg.norm(flat):.4f} "
        "at the start."
    )

    plt = pyplot()
    fig, axes = plt.subplots(figsize=(5, 3.5))
    axes.semilogy(losses)
    axes.set_xlabel("step")
    axes.set_ylabel("mean((1 - y)^2)")
    axes.set_title("tape.gradient + apply_gradients at x = (1, 0)", fontsize=9)
    save_figure(result, fig, "descent", out)
    return result
