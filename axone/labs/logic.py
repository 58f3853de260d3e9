r"""Lab 11, logic: the course's "XOR & Co." network, three ways, with the same outputs.

The course's NumPy code trains a 2-3-1 network of logistic neurons without biases on the four
pairs (0,0), (0,1), (1,0), (1,1), with the summed squared error and $\eta = 0.1$ for 10,000 epochs:

$h = \sigma(X W_1)$, $y = \sigma(h W_2)$, $E = \sum_n (t_n - y_n)^2$,
$\delta_2 = -2 (t - y) \, y (1 - y)$, $\delta_1 = (\delta_2 W_2^\top) \, h (1 - h)$,
$W_2 \leftarrow W_2 - \eta \, h^\top \delta_2$, $W_1 \leftarrow W_1 - \eta \, X^\top \delta_1$.

The same training is run (1) as the course wrote it, (2) with the engine's autodiff
(``loss.backward()`` then a hand update) and (3) with ``model.fit``. ``fit``'s "mse" is a *mean*
over the four samples, $\frac{1}{4} E$, whose gradient is four times smaller: the lab uses
``MeanSquaredError(reduction="sum")`` so that $\eta = 0.1$ means the same step (``"mse"`` with
$\eta = 0.4$ would do too). From the same initial weights, the three give the same outputs.

Example:
    >>> w1, w2 = initial_weights(np.random.default_rng(0))
    >>> final = course_numpy(GATE_INPUTS, np.array([[0.0, 1.0, 1.0, 0.0]]).T, w1, w2, epochs=3)
    >>> [a.shape for a in final]
    [(2, 3), (3, 1), (4, 1)]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import axone as ax
from axone.labs.common import LabResult, pyplot, save_figure

GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATES = ("OR", "NOR", "AND", "NAND", "XOR")  # the course's order
LEARNING_RATE = 0.1
EPOCHS = 10_000


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def initial_weights(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The course's start: ``np.random.rand(2, 3)`` and ``np.random.rand(3, 1)``, uniform in [0, 1)."""
    return rng.random((2, 3)), rng.random((3, 1))


def course_numpy(
    x: np.ndarray, t: np.ndarray, w1: np.ndarray, w2: np.ndarray, epochs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The course's ``neural_network(x, t)``, line for line, from given weights.

    Returns:
        ``(w1, w2, output)``: the trained weights and the output of the last epoch (computed
        before that epoch's update, as the course's function returns it).
    """
    w1, w2 = w1.copy(), w2.copy()
    output = np.zeros_like(t)
    for _ in range(epochs):
        layer1 = _sigmoid(x @ w1)
        output = _sigmoid(layer1 @ w2)
        delta2 = -2 * (t - output) * output * (1 - output)
        delta1 = (delta2 @ w2.T) * layer1 * (1 - layer1)
        w2 -= LEARNING_RATE * layer1.T @ delta2
        w1 -= LEARNING_RATE * x.T @ delta1
    return w1, w2, output


def autodiff(
    x: np.ndarray, t: np.ndarray, w1: np.ndarray, w2: np.ndarray, epochs: int
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """The same training with the engine: the error's graph, ``backward()``, a hand update.

    Returns:
        ``(w1, w2, errors)``: the trained weights and $E$ at every epoch.
    """
    v1, v2 = ax.Variable(w1.copy(), dtype="float64"), ax.Variable(w2.copy(), dtype="float64")
    xt, tt = ax.Tensor(x, dtype="float64"), ax.Tensor(t, dtype="float64")
    errors = []
    for _ in range(epochs):
        y = ax.sigmoid(ax.sigmoid(xt @ v1) @ v2)
        error = ((tt - y) ** 2).sum()
        error.backward()
        for v in (v1, v2):
            v.assign_sub(LEARNING_RATE * np.asarray(v.grad))
            v.zero_grad()
        errors.append(float(error.data))
    return v1.numpy(), v2.numpy(), errors


def keras_model(w1: np.ndarray, w2: np.ndarray) -> ax.Sequential:
    """The 2-3-1 network as an ``ax.Sequential`` without biases, starting from ``w1, w2``, compiled
    with SGD($\\eta = 0.1$) on the summed squared error."""
    model = ax.Sequential(
        [
            ax.Input((2,)),
            ax.layers.Dense(3, activation="sigmoid", use_bias=False, kernel=w1, dtype="float64"),
            ax.layers.Dense(1, activation="sigmoid", use_bias=False, kernel=w2, dtype="float64"),
        ],
        dtype="float64",
    )
    model.compile(optimizer=ax.optimizers.SGD(lr=LEARNING_RATE), loss=ax.losses.MeanSquaredError(reduction="sum"))
    return model


def _outputs(x: np.ndarray, w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    return _sigmoid(_sigmoid(x @ w1) @ w2).ravel()


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("logic", "the XOR & co network (2-3-1, sigmoid) three ways, with the same outputs")
    rng = np.random.default_rng(0)  # one generator for the five gates, as the course's five calls share one
    # model.fit pays a Python loop per epoch: quick mode checks it on fewer epochs of the same training
    fit_epochs = 500 if quick else EPOCHS
    tables, agree, fit_agree, learned, curves = {}, [], [], [], {}
    for gate in GATES:
        _, t64 = ax.datasets.logic_gate(gate)
        t = t64.astype(np.float64)
        w1, w2 = initial_weights(rng)
        n1, n2, course_output = course_numpy(GATE_INPUTS, t, w1, w2, EPOCHS)
        a1, a2, errors = autodiff(GATE_INPUTS, t, w1, w2, EPOCHS)
        numpy_out, autodiff_out = _outputs(GATE_INPUTS, n1, n2), _outputs(GATE_INPUTS, a1, a2)
        model = keras_model(w1, w2)
        history = model.fit(GATE_INPUTS, t, epochs=fit_epochs, batch_size=4, shuffle=False, verbose=0)
        fit_out = model.predict(GATE_INPUTS).ravel()
        reference = (
            numpy_out
            if fit_epochs == EPOCHS
            else _outputs(GATE_INPUTS, *course_numpy(GATE_INPUTS, t, w1, w2, fit_epochs)[:2])
        )
        agree.append(float(np.max(np.abs(numpy_out - autodiff_out))))
        fit_agree.append(float(np.max(np.abs(reference - fit_out))))
        ok = bool(np.all((numpy_out > 0.5) == (t.ravel() > 0.5)))
        learned.append(ok)
        tables[gate] = {
            "target": t.ravel().tolist(),
            "numpy": numpy_out.tolist(),
            "autodiff": autodiff_out.tolist(),
            "fit": fit_out.tolist(),
            "course_return": course_output.ravel().tolist(),
            "learned": ok,
        }
        curves[gate] = (errors, history.history["loss"])
    result.numbers.update(
        tables=tables,
        max_diff_numpy_autodiff=max(agree),
        max_diff_numpy_fit=max(fit_agree),
        fit_epochs=fit_epochs,
        learned={g: tables[g]["learned"] for g in GATES},
    )
    rows = "; ".join(
        f"{g} {' '.join(f'{v:.3f}' for v in tables[g]['numpy'])} "
        f"(read {''.join(str(int(v > 0.5)) for v in tables[g]['numpy'])}, "
        f"truth {''.join(str(int(v)) for v in tables[g]['target'])})"
        for g in GATES
    )
    result.findings.append(
        f"After {EPOCHS:,} epochs (eta = 0.1, no bias, weights from rand in [0, 1), seed 0), the outputs for "
        f"(0,0), (0,1), (1,0), (1,1) are: {rows}."
    )
    missed = [g for g, ok in zip(GATES, learned) if not ok]
    result.findings.append(
        "Every gate is learned (each output on the right side of 0.5)."
        if not missed
        else f"Not learned in {EPOCHS:,} epochs from this start: {', '.join(missed)} (an output on the wrong side of "
        "0.5); the network has no bias, and the course's plain gradient descent can be slow or stuck."
    )
    result.findings.append(
        f"The course's NumPy code and the engine's autodiff agree to {max(agree):.1e}; model.fit (SGD lr 0.1 on "
        f"MeanSquaredError(reduction='sum'), {fit_epochs:,} epochs) agrees with NumPy to {max(fit_agree):.1e}. "
        "fit's default 'mse' is the mean over the 4 samples, a gradient 4 times smaller: the sum (or lr 0.4) "
        "gives the course's steps."
    )
    last_step = max(float(np.max(np.abs(np.subtract(tables[g]["course_return"], tables[g]["numpy"])))) for g in GATES)
    result.numbers["course_return_vs_trained"] = last_step
    result.findings.append(
        "The course's function returns the output of its last epoch, computed before the last update: it "
        f"differs from the trained network's output by at most {last_step:.1e}."
    )

    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    width = 0.15
    for k, gate in enumerate(GATES):
        axes[0].bar(np.arange(4) + (k - 2) * width, tables[gate]["numpy"], width, label=gate)
    axes[0].set_xticks(range(4), ["(0,0)", "(0,1)", "(1,0)", "(1,1)"])
    axes[0].axhline(0.5, color="gray", lw=0.8, ls="--")
    axes[0].set_title(f"outputs after {EPOCHS:,} epochs")
    axes[0].legend(fontsize=8)
    for gate in GATES:
        errors, fit_loss = curves[gate]
        (line,) = axes[1].semilogy(errors, label=f"{gate} autodiff")
        axes[1].semilogy(fit_loss, ls=":", color=line.get_color(), lw=2)
    axes[1].set_xlabel("epoch")
    axes[1].set_ylabel("E = sum (t - y)^2  (dotted: model.fit)")
    axes[1].legend(fontsize=8)
    save_figure(result, fig, "gates", out)
    return result
