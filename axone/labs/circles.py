r"""Lab 12, circles: two concentric circles separated by 6 ReLU neurons and 1 sigmoid.

The course: "Puisque ReLU définit un demi-plan, on va utiliser 6 ReLU pour faire un cercle
grossier et une sigmoïde pour séparer les 2 cercles". Hidden neuron $i$ computes
$h_i = \max(0, \mathbf{w}_i \cdot \mathbf{x} + b_i)$: zero on one side of the line
$\mathbf{w}_i \cdot \mathbf{x} + b_i = 0$, growing on the other. The output
$y = \sigma(c_0 + \sum_i c_i h_i)$ is large where no ReLU (with $c_i < 0$) is active: inside the
polygon those six lines cut out, the "rough circle".

Example:
    >>> w = np.array([[1.0, 0.0], [0.0, 1.0]]); b = np.array([-0.5, -0.5])
    >>> active_relus(np.array([[0.0, 0.0], [1.0, 1.0]]), w, b).tolist()
    [0, 2]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import axone as ax
from axone.labs.common import LabResult, pyplot, save_figure


def active_relus(points: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    r"""How many hidden ReLUs are active ($\mathbf{w}_i \cdot \mathbf{x} + b_i > 0$) at each point.

    Args:
        points: (N, 2); kernel: (2, units), the Dense layer's $W$; bias: (units,).
    """
    return ((points @ kernel + bias) > 0).sum(axis=1)


def boundary_sides(kernel: np.ndarray, bias: np.ndarray, c: np.ndarray, c0: float, rays: int = 720) -> int:
    r"""Sides of the polygon $c_0 + \sum_i c_i \max(0, \mathbf{w}_i \cdot \mathbf{x} + b_i) = 0$ around the centre.

    Along each of ``rays`` directions from the origin, the first point where the logit changes sign
    is on the boundary; the boundary is straight as long as the same ReLUs are active, so the sides
    are the runs of equal activation patterns once around. 0 when the boundary does not close.
    """
    theta = np.linspace(0, 2 * np.pi, rays, endpoint=False)
    radii = np.linspace(0, 3, 1500)
    pts = radii[None, :, None] * np.stack([np.cos(theta), np.sin(theta)], axis=1)[:, None, :]
    pre = pts @ kernel + bias  # (rays, radii, units)
    sign = (np.maximum(pre, 0) @ c + c0) > 0
    cross = np.argmax(sign != sign[:, :1], axis=1)  # first change of side along each ray
    if np.any(cross == 0):
        return 0
    patterns = pre[np.arange(rays), cross] > 0
    changes = np.any(patterns != np.roll(patterns, 1, axis=0), axis=1)
    return int(changes.sum())


def build_model() -> ax.Sequential:
    """2 inputs -> 6 ReLU -> 1 sigmoid, compiled with Adam and the binary cross-entropy."""
    model = ax.Sequential(
        [
            ax.Input((2,)),
            ax.layers.Dense(6, activation="relu"),
            ax.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer=ax.optimizers.Adam(lr=0.05), loss="binary_crossentropy", metrics=["accuracy"])
    return model


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("circles", "two concentric circles separated by 6 ReLU and 1 sigmoid")
    n, epochs = (400, 60) if quick else (1000, 200)
    X, y = ax.datasets.circles(n, noise=0.08, factor=0.5, rng=0)
    X_test, y_test = ax.datasets.circles(n, noise=0.08, factor=0.5, rng=1)
    ax.random.seed(0)
    model = build_model()
    history = model.fit(X, y, epochs=epochs, batch_size=32, verbose=0)
    train_acc = float(model.evaluate(X, y)[1])
    test_acc = float(model.evaluate(X_test, y_test)[1])
    hidden, output = model.layers
    W, b = hidden.kernel.numpy(), hidden.bias.numpy()
    c = output.kernel.numpy().ravel()
    c0 = float(output.bias.numpy()[0])
    sides = boundary_sides(W.astype(np.float64), b.astype(np.float64), c.astype(np.float64), c0)
    result.numbers.update(
        train_accuracy=train_acc,
        test_accuracy=test_acc,
        epochs=epochs,
        points=n,
        final_loss=history.history["loss"][-1],
        polygon_sides=sides,
        output_weights=c.tolist(),
    )
    result.findings.append(
        f"After {epochs} epochs (Adam, lr 0.05, binary cross-entropy) on {n} noisy points, the 6 ReLU + 1 sigmoid "
        f"network classifies {train_acc:.1%} of the training points and {test_acc:.1%} of {n} new ones."
    )
    result.findings.append(
        "The boundary y = 0.5 is where c0 + sum_i c_i max(0, w_i . x + b_i) = 0: straight wherever the same ReLUs "
        "are active, bending only where it crosses one ReLU's line w_i . x + b_i = 0. Here it is a polygon of "
        f"{sides} sides around the inner circle, the course's rough circle; {int((c < 0).sum())} ReLUs push towards "
        "the outer class (c_i < 0), the others towards the inner one."
    )

    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(11, 5))
    lim = 1.6
    grid = np.linspace(-lim, lim, 300)
    gx, gy = np.meshgrid(grid, grid)
    points = np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)
    prob = model.predict(points, batch_size=len(points)).reshape(gx.shape)
    axes[0].contourf(gx, gy, prob, levels=20, cmap="RdBu_r", alpha=0.6)
    axes[0].contour(gx, gy, prob, levels=[0.5], colors="k", linewidths=2)
    axes[0].scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu_r", s=8, edgecolors="k", linewidths=0.2)
    axes[0].set_title(f"decision boundary (y = 0.5), accuracy {test_acc:.1%}")
    count = active_relus(points, W, b).reshape(gx.shape)
    mesh = axes[1].pcolormesh(gx, gy, count, cmap="Greys", shading="auto", vmin=0, vmax=6)
    fig.colorbar(mesh, ax=axes[1], label="active ReLUs")
    for i in range(W.shape[1]):  # the line w_i . x + b_i = 0 of each ReLU
        w0, w1 = W[:, i]
        if abs(w1) > abs(w0):
            xs = np.array([-lim, lim])
            ys = -(b[i] + w0 * xs) / w1
        else:
            ys = np.array([-lim, lim])
            xs = -(b[i] + w1 * ys) / w0
        axes[1].plot(xs, ys, lw=1.5, ls="-" if c[i] < 0 else "--", label=f"ReLU {i + 1} (c = {c[i]:.1f})")
    axes[1].contour(gx, gy, prob, levels=[0.5], colors="tab:red", linewidths=2)
    axes[1].scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=4)
    axes[1].set_xlim(-lim, lim)
    axes[1].set_ylim(-lim, lim)
    axes[1].legend(fontsize=7, loc="lower right")
    axes[1].set_title(f"the six ReLU lines and the {sides}-sided boundary")
    for a in axes:
        a.set_aspect("equal")
    save_figure(result, fig, "boundary", out)
    return result
