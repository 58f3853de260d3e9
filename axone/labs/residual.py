r"""Lab 16, residual: a deep plain network against the same network with $y = F(x, w) + x$.

The course's last slide: "reprendre des données antérieures pour ne pas trop oublier", the skip
connection of ResNet. In a plain stack $x_{l+1} = F_l(x_l)$ the gradient reaching layer $l$ is a
product of one Jacobian per layer above it, $\prod_k \partial F_k / \partial x_k$, which shrinks or
grows geometrically with depth. With $x_{l+1} = F_l(x_l) + x_l$ each factor becomes
$\partial F_k / \partial x_k + I$: the identity carries the gradient down to the first layers.

Both networks here have the same layers (an input layer, 30 hidden ``Dense(32, tanh)``, a softmax
classifier) and start from the same weights; the residual one wraps each hidden layer in
``ax.layers.Residual``. They learn the 8x8 digits (flattened) with the same SGD.

Example:
    >>> model = build(residual=True, depth=2)
    >>> [type(layer).__name__ for layer in model.layers]
    ['Dense', 'Residual', 'Residual', 'Dense']
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import axone as ax
from axone.labs.common import LabResult, pyplot, save_figure

DEPTH, WIDTH, LEARNING_RATE = 30, 32, 0.02


def build(residual: bool, depth: int = DEPTH, width: int = WIDTH, activation: str = "tanh") -> ax.Sequential:
    """Dense(width), then ``depth`` hidden Dense(width) (each inside a ``Residual`` if ``residual``),
    then Dense(10, softmax); compiled with SGD on the cross-entropy."""
    layers = [ax.Input((64,)), ax.layers.Dense(width, activation=activation)]
    for _ in range(depth):
        dense = ax.layers.Dense(width, activation=activation)
        layers.append(ax.layers.Residual(dense) if residual else dense)
    layers.append(ax.layers.Dense(10, activation="softmax"))
    model = ax.Sequential(layers)
    model.compile(
        optimizer=ax.optimizers.SGD(lr=LEARNING_RATE), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    return model


def kernel_gradient_norms(model: ax.Sequential, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    r"""$\|\partial E / \partial W_l\|$ for every layer's kernel, first layer first, on one batch."""
    kernels = [v for v in model.trainable_variables if v.name.endswith("kernel")]
    with ax.GradientTape() as tape:
        loss = ax.losses.sparse_categorical_crossentropy(y, model(ax.Tensor(x), training=True))
    return np.array([float(np.linalg.norm(np.asarray(g))) for g in tape.gradient(loss, kernels)])


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("residual", "a deep plain network against the same with y = F(x, w) + x")
    X, y = ax.datasets.digits()
    X = X.reshape(len(X), -1)
    order = np.random.default_rng(0).permutation(len(X))
    n_train, epochs = (1000, 5) if quick else (1300, 30)
    train, test = order[:n_train], order[1300:]
    batch = train[:256]
    runs = {}
    for kind in ("plain", "residual"):
        ax.random.seed(0)  # the same initial weights for both
        model = build(kind == "residual")
        before = kernel_gradient_norms(model, X[batch], y[batch])
        history = model.fit(X[train], y[train], epochs=epochs, batch_size=32, verbose=0)
        after = kernel_gradient_norms(model, X[batch], y[batch])
        accuracy = float(model.evaluate(X[test], y[test])[1])
        runs[kind] = {"loss": history.history["loss"], "accuracy": accuracy, "grad_init": before, "grad_trained": after}
    for kind, r in runs.items():
        result.numbers[kind] = {
            "test_accuracy": r["accuracy"],
            "final_loss": r["loss"][-1],
            "grad_norms_init": r["grad_init"].tolist(),
            "grad_norms_trained": r["grad_trained"].tolist(),
        }
    plain, res = runs["plain"], runs["residual"]
    result.findings.append(
        f"Two networks of {DEPTH + 2} Dense layers (tanh, width {WIDTH}) from the same initial weights, trained "
        f"{epochs} epochs with SGD (lr {LEARNING_RATE}) on {n_train} digits: the plain one reaches a training loss of "
        f"{plain['loss'][-1]:.3f} and {plain['accuracy']:.1%} on {len(test)} unseen digits; the residual one "
        f"(y = F(x, w) + x around each hidden layer) {res['loss'][-1]:.3f} and {res['accuracy']:.1%}."
    )
    spread = {k: (float(r["grad_init"][:-1].min()), float(r["grad_init"][:-1].max())) for k, r in runs.items()}
    result.numbers["hidden_gradient_range_init"] = spread
    result.findings.append(
        f"At the start, the kernels' gradient norms over the {DEPTH + 1} tanh layers lie between "
        f"{spread['plain'][0]:.3f} and {spread['plain'][1]:.3f} in the plain network (Glorot's initialisation keeps "
        f"tanh from vanishing here, but every step is small) and between {spread['residual'][0]:.2f} and "
        f"{spread['residual'][1]:.2f} in the residual one, largest at the bottom: each layer's Jacobian is "
        "dF/dx + I, so the gradient reaches the first layers undiminished."
    )
    sigmoid = {}
    for kind in ("plain", "residual"):  # the course's logistic activation: only the start, no training
        ax.random.seed(0)
        sigmoid[kind] = kernel_gradient_norms(build(kind == "residual", activation="sigmoid"), X[batch], y[batch])
    result.numbers["sigmoid_grad_norms_init"] = {k: v.tolist() for k, v in sigmoid.items()}
    result.findings.append(
        f"With the logistic sigmoid instead of tanh the plain network's gradient does vanish: "
        f"{sigmoid['plain'][0]:.1e} at the first layer against {sigmoid['plain'][-2]:.1e} at the last hidden one "
        f"(each sigmoid' is at most 1/4), while the residual network still gives the first layer "
        f"{sigmoid['residual'][0]:.2f}."
    )
    if res["loss"][0] > plain["loss"][0]:
        result.findings.append(
            f"The price: the residual sums grow with depth, so its first epoch starts with a larger loss "
            f"({res['loss'][0]:.2f} against {plain['loss'][0]:.2f}) before it overtakes the plain network."
        )

    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(12, 4))
    for kind, color in (("plain", "tab:red"), ("residual", "tab:blue")):
        r = runs[kind]
        axes[0].semilogy(
            np.arange(1, epochs + 1), r["loss"], "o-", color=color, label=f"{kind} ({r['accuracy']:.0%} on test)"
        )
        layers = np.arange(1, len(r["grad_init"]) + 1)
        axes[1].semilogy(layers, r["grad_init"], "o-", color=color, ms=3, label=f"{kind}, at the start")
        axes[1].semilogy(layers, r["grad_trained"], "--", color=color, label=f"{kind}, after training")
    axes[0].set_xlabel("epoch")
    axes[0].set_ylabel("training loss")
    axes[0].legend()
    axes[0].set_title(f"{DEPTH + 2} layers: plain against y = F(x, w) + x")
    layers = np.arange(1, len(sigmoid["plain"]) + 1)
    for kind, color in (("plain", "tab:orange"), ("residual", "tab:cyan")):
        axes[1].semilogy(layers, sigmoid[kind], ":", color=color, lw=2, label=f"{kind}, sigmoid, at the start")
    axes[1].set_xlabel("layer (1 = input side)")
    axes[1].set_ylabel("||dE/dW|| of the layer's kernel")
    axes[1].legend(fontsize=8)
    axes[1].set_title("gradient norm of every layer")
    save_figure(result, fig, "curves", out)
    return result
