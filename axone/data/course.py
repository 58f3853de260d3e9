"""The course's own small tables: the logic gates and the lunch bills.

Both are fixed data (no randomness): the same arrays every call, in float32 like the rest of
axone, with targets shaped ``(N, 1)`` as in the course's ``np.array([[0, 1, 1, 1]]).T``.
"""

from __future__ import annotations

import numpy as np

# The four input pairs in the course's order (0,0), (0,1), (1,0), (1,1).
_GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)

# Truth tables, one target per input pair, in the same order.
GATES: dict[str, tuple[int, int, int, int]] = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
    "xor": (0, 1, 1, 0),
}


def logic_gate(name: str = "xor") -> tuple[np.ndarray, np.ndarray]:
    """The truth table of a logic gate, as in the course's "XOR & Co." network.

    Args:
        name: one of ``"and"``, ``"or"``, ``"nand"``, ``"nor"``, ``"xor"`` (case ignored).

    Returns:
        ``(X, t)``: ``X`` of shape ``(4, 2)`` holding (0,0), (0,1), (1,0), (1,1), and the
        targets ``t`` of shape ``(4, 1)``, both float32.

    Raises:
        ValueError: for an unknown gate name.

    Example:
        >>> from axone.data import logic_gate
        >>> X, t = logic_gate("xor")
        >>> X.shape, t.ravel().tolist()
        ((4, 2), [0.0, 1.0, 1.0, 0.0])
    """
    key = name.lower()
    if key not in GATES:
        raise ValueError(f"unknown logic gate {name!r}; choose one of {', '.join(GATES)}")
    t = np.array(GATES[key], dtype=np.float32).reshape(4, 1)
    return _GATE_INPUTS.copy(), t


def lunch_bills() -> tuple[np.ndarray, np.ndarray]:
    r"""The course's lunch bills: how many of dishes A, B, C were ordered, and the total paid.

    The three bills $[(5,3,2), 114]$, $[(6,2,2), 108]$, $[(3,4,5), 147]$. A linear neuron
    $y = \sum_j w_j i_j$ learns the price of each dish; the course starts from $w_j = 10$ and
    corrects $w_j \leftarrow w_j - \eta \frac{(y - t)\, i_j}{\sum_k i_k}$ with $\eta = 1/10$,
    giving 10.7, 10.42, 10.28 after the first bill.

    Returns:
        ``(X, t)``: quantities of shape ``(3, 3)`` and totals of shape ``(3, 1)``, float32.

    Example:
        >>> from axone.data import lunch_bills
        >>> X, t = lunch_bills()
        >>> w = np.full(3, 10.0)
        >>> y = X[0] @ w
        >>> (w - 0.1 * (y - t[0, 0]) * X[0] / X[0].sum()).round(2).tolist()
        [10.7, 10.42, 10.28]
    """
    X = np.array([[5, 3, 2], [6, 2, 2], [3, 4, 5]], dtype=np.float32)
    t = np.array([[114], [108], [147]], dtype=np.float32)
    return X, t
