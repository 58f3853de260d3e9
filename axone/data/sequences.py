r"""Binary addition as a sequence task, for the course's recurrent network.

The course adds 0101011 + 1001110 bit by bit "starting from the units, as by hand": the
network reads one pair of bits per time step, least significant bit first, and outputs one
bit of the sum per step, carrying in its memory what a person carries on paper.

Choice: sequences have ``bits + 1`` time steps. The sum of two ``bits``-bit numbers needs one
bit more; the inputs of that last step are ``(0, 0)``, so the network outputs the final carry
there. No information is lost and no sum overflows.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from axone.random import get_rng


def to_bits(values: Sequence[int] | np.ndarray, bits: int) -> np.ndarray:
    """Write non-negative integers in base 2, least significant bit first.

    Args:
        values: integers in ``[0, 2**bits)`` (Python ints, so any width).
        bits: number of bits per value.

    Returns:
        int64 array of shape ``(len(values), bits)``.

    Example:
        >>> from axone.data import to_bits
        >>> to_bits([6], 4).tolist()
        [[0, 1, 1, 0]]
    """
    out = np.zeros((len(values), bits), dtype=np.int64)
    for row, value in enumerate(values):
        value = int(value)
        if not 0 <= value < (1 << bits):
            raise ValueError(f"{value} does not fit in {bits} unsigned bits")
        out[row] = [(value >> i) & 1 for i in range(bits)]
    return out


def from_bits(bit_array: np.ndarray) -> list[int]:
    """Read integers from bits, least significant bit first (the inverse of ``to_bits``).

    Args:
        bit_array: shape ``(N, T)`` or ``(N, T, 1)``; values are rounded (0.5 and above is 1),
            so a network's sigmoid outputs can be passed as they are.

    Returns:
        a list of ``N`` Python ints (exact at any width).

    Example:
        >>> from axone.data import from_bits
        >>> from_bits(np.array([[0.1, 0.9, 0.8, 0.2]]))
        [6]
    """
    b = np.asarray(bit_array)
    if b.ndim == 3 and b.shape[2] == 1:
        b = b[:, :, 0]
    if b.ndim != 2:
        raise ValueError(f"expected bits of shape (N, T) or (N, T, 1), got {b.shape}")
    weights = [1 << i for i in range(b.shape[1])]
    return [sum(w for w, bit in zip(weights, row) if bit) for row in (b >= 0.5)]


def addition_sequences(a: Sequence[int], b: Sequence[int], bits: int) -> tuple[np.ndarray, np.ndarray]:
    """The sequences for given sums ``a[i] + b[i]``: inputs and targets as ``binary_addition``.

    Args:
        a, b: the numbers to add, each in ``[0, 2**bits)``.
        bits: width of the operands; sequences have ``bits + 1`` steps.

    Returns:
        ``(X, t)`` of shapes ``(N, bits + 1, 2)`` and ``(N, bits + 1, 1)``, float32.

    Example:
        >>> from axone.data import addition_sequences, from_bits
        >>> X, t = addition_sequences([0b0101011], [0b1001110], bits=7)
        >>> X[0, :3].tolist()  # the course's first pairs: 1,0 then 1,1 then 0,1
        [[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]
        >>> from_bits(t), 0b0101011 + 0b1001110
        ([121], 121)
    """
    if len(a) != len(b):
        raise ValueError(f"a and b must have the same length, got {len(a)} and {len(b)}")
    return _sequences(to_bits(a, bits), to_bits(b, bits))


def binary_addition(
    n: int = 1000, bits: int = 8, rng: np.random.Generator | int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""Random additions of two ``bits``-bit numbers, as sequences, least significant bit first.

    Math:
        at step $k$: inputs $(a_k, b_k)$, output $s_k = a_k \oplus b_k \oplus c_k$ and carry
        $c_{k+1} = \text{maj}(a_k, b_k, c_k)$, with $c_0 = 0$ and $a_{\text{bits}} =
        b_{\text{bits}} = 0$ so that the last step outputs the final carry.

    Args:
        n: number of sequences.
        bits: width of the operands (any width: each bit is drawn independently).
        rng: generator, seed or None.

    Returns:
        ``(X, t)``: inputs of shape ``(n, bits + 1, 2)`` and target bits of shape
        ``(n, bits + 1, 1)``, float32 (N x T x F, as the recurrent layers expect).

    Example:
        >>> from axone.data import binary_addition, from_bits
        >>> X, t = binary_addition(4, bits=5, rng=0)
        >>> X.shape, t.shape
        ((4, 6, 2), (4, 6, 1))
        >>> from_bits(t) == [p + q for p, q in zip(from_bits(X[:, :, 0]), from_bits(X[:, :, 1]))]
        True
    """
    if bits < 1:
        raise ValueError(f"bits must be at least 1, got {bits}")
    rng = get_rng(rng)
    return _sequences(rng.integers(0, 2, (n, bits)), rng.integers(0, 2, (n, bits)))


def _sequences(a_bits: np.ndarray, b_bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n, bits = a_bits.shape
    X = np.zeros((n, bits + 1, 2), dtype=np.float32)
    X[:, :bits, 0] = a_bits
    X[:, :bits, 1] = b_bits
    t = np.zeros((n, bits + 1, 1), dtype=np.float32)
    carry = np.zeros(n, dtype=np.int64)
    # The loop runs over bit positions (T steps), never over samples.
    for k in range(bits):
        total = a_bits[:, k] + b_bits[:, k] + carry
        t[:, k, 0] = total & 1
        carry = total >> 1
    t[:, bits, 0] = carry
    return X, t
