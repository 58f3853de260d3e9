"""The main demo: the course's GradientTape example, then its XOR network trained with the engine.

Run it with ``python -m axone.demo``.
"""

from __future__ import annotations

import numpy as np

import axone as ax


def tape_example() -> float:
    r"""The course's check: $z = (x^2)^2$ at $x = 3$ gives $dz/dx = 4 x^3 = 108$."""
    x = ax.Variable(3.0)
    with ax.GradientTape() as tape:
        y = x**2
        z = y**2
    return float(tape.gradient(z, x))


def xor_network(targets: np.ndarray, epochs: int = 10_000, lr: float = 0.1, seed: int = 0) -> np.ndarray:
    """The course's 2-3-1 sigmoid network (no biases, squared error, eta = 0.1), with autodiff.

    The course writes the two deltas by hand; here the engine computes the same gradients.

    Example:
        >>> out = xor_network(np.array([[0.0], [1.0], [1.0], [1.0]]), epochs=2000)
        >>> bool(np.all((out > 0.5) == [False, True, True, True]))
        True
    """
    rng = np.random.default_rng(seed)
    x = ax.Tensor(np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64))
    t = ax.Tensor(np.asarray(targets, dtype=np.float64))
    w1 = ax.Variable(rng.random((2, 3)))
    w2 = ax.Variable(rng.random((3, 1)))
    for _ in range(epochs):
        layer1 = ax.sigmoid(x @ w1)
        output = ax.sigmoid(layer1 @ w2)
        error = ((t - output) ** 2).sum()
        w1.grad = w2.grad = None
        error.backward()
        w1.data -= lr * w1.grad.data
        w2.data -= lr * w2.grad.data
    return output.numpy().ravel()


def main() -> None:
    print(f"GradientTape: z = (x^2)^2 at x = 3 gives dz/dx = {tape_example():g} (the course: 108)")
    gates = {"OR": [0, 1, 1, 1], "NOR": [1, 0, 0, 0], "AND": [0, 0, 0, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}
    print("The course's 2-3-1 sigmoid network, eta = 0.1, 10,000 epochs, inputs (0,0) (0,1) (1,0) (1,1):")
    for name, truth in gates.items():
        out = xor_network(np.array(truth, dtype=float)[:, None])
        learned = "learned" if np.array_equal(out > 0.5, np.array(truth) > 0.5) else "not learned"
        print(f"  {name:<5} {np.round(out, 3)}  ({learned})")


if __name__ == "__main__":
    main()
