r"""The main demo: the course's GradientTape example, then its 2-3-1 network learning five logic gates.

Run it with ``python -m axone.demo``. The five networks (OR, NOR, AND, NAND, XOR) are trained
side by side as one batch of weights, ``w1`` of shape (5, 2, 3) and ``w2`` (5, 3, 1): each gate's
squared error depends only on its own weights, so the sum of the five errors gives each network
its own gradient. A network that ends in a local minimum (the course's network has no biases, so
some starting points never separate a gate) is started again from other random weights, and the
demo says so: gradient descent finds *a* minimum, not always the one we want.
"""

from __future__ import annotations

import numpy as np

import axone as ax

INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
GATES = {"OR": [0, 1, 1, 1], "NOR": [1, 0, 0, 0], "AND": [0, 0, 0, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}
MAX_STARTS = 10


def tape_example() -> float:
    r"""The course's check: $z = (x^2)^2$ at $x = 3$ gives $dz/dx = 4 x^3 = 108$."""
    x = ax.Variable(3.0)
    with ax.GradientTape() as tape:
        y = x**2
        z = y**2
    return float(tape.gradient(z, x))


def gate_networks(targets: np.ndarray, epochs: int = 10_000, lr: float = 0.1, seed: int = 0) -> np.ndarray:
    r"""Train one course network per row of ``targets`` (G gates x 4 inputs); returns the outputs (G, 4).

    Each network is the course's: $y = \sigma(\sigma(x W_1) W_2)$, no biases, weights drawn in
    $[0, 1)$, squared error $E = \sum (t - y)^2$, plain gradient descent with $\eta = 0.1$; the
    engine computes the gradients the course writes by hand.

    Example:
        >>> out = gate_networks(np.array([[0.0, 1.0, 1.0, 1.0]]), epochs=2000)
        >>> bool(np.all((out > 0.5) == [[False, True, True, True]]))
        True
    """
    targets = np.asarray(targets, dtype=np.float64)
    rng = np.random.default_rng(seed)
    w1 = ax.Variable(rng.random((len(targets), 2, 3)))
    w2 = ax.Variable(rng.random((len(targets), 3, 1)))
    x, t = ax.Tensor(INPUTS), ax.Tensor(targets[:, :, None])
    optimizer = ax.optimizers.SGD(lr=lr)
    for _ in range(epochs):
        with ax.GradientTape() as tape:
            output = ax.sigmoid(ax.sigmoid(x @ w1) @ w2)  # (G, 4, 1): one column of outputs per gate
            error = ((t - output) ** 2).sum()
        optimizer.apply_gradients(zip(tape.gradient(error, [w1, w2]), [w1, w2]))
    return output.numpy()[:, :, 0]


def learn_gates(epochs: int = 10_000, lr: float = 0.1) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """Every gate learned: (gate -> outputs, gate -> starts it took), restarting the networks that
    did not separate their gate from new random weights (seeds 1, 2...)."""
    outputs, starts = {}, {}
    todo = list(GATES)
    for seed in range(MAX_STARTS):
        result = gate_networks(np.array([GATES[g] for g in todo]), epochs, lr, seed)
        for gate, out in zip(list(todo), result):
            outputs[gate], starts[gate] = out, seed + 1
            if np.array_equal(out > 0.5, np.array(GATES[gate]) > 0.5):
                todo.remove(gate)
        if not todo:
            break
    return outputs, starts


def main() -> None:
    print(f"GradientTape: z = (x^2)^2 at x = 3 gives dz/dx = {tape_example():g} (the course: 108)")
    print("The course's 2-3-1 sigmoid network, eta = 0.1, 10,000 epochs, inputs (0,0) (0,1) (1,0) (1,1):")
    outputs, starts = learn_gates()
    for gate, truth in GATES.items():
        learned = np.array_equal(outputs[gate] > 0.5, np.array(truth) > 0.5)
        note = "learned" if learned else f"NOT learned in {starts[gate]} starts"
        if learned and starts[gate] > 1:
            note += f" (after {starts[gate] - 1} restart(s) from new random weights: a local minimum)"
        print(f"  {gate:<5} {np.round(outputs[gate], 3)}  target {truth}  {note}")


if __name__ == "__main__":
    main()
