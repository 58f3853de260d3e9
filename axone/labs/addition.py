r"""Lab 13, addition: a recurrent network that adds binary numbers bit by bit.

The course's example: $0101011 + 1001110$, fed "en partant des unités comme pour faire une
addition à la main: 1, 0 puis 1, 1 puis 0, 1...". At step $k$ the network reads the bits
$(a_k, b_k)$ and its memory $h_{k-1}$ (the grey cells of the course's drawing), and writes the sum
bit $s_k$:

$h_k = \tanh(x_k W + h_{k-1} U + b)$, $y_k = \sigma(h_k V + c)$.

To add, the memory only has to hold the carry $c_{k+1} = \mathrm{maj}(a_k, b_k, c_k)$; the sum bit is
$s_k = a_k \oplus b_k \oplus c_k$. Trained on 7-bit numbers, the same weights add numbers of any
length, since they are applied again at every step.

Example:
    >>> carries(np.array([[[1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]])).tolist()
    [[1, 1, 0]]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import axone as ax
from axone.labs.common import LabResult, pyplot, save_figure

BITS = 7  # the course's operands have 7 bits
A, B = 0b0101011, 0b1001110  # 43 + 78 = 121


def carries(x: np.ndarray) -> np.ndarray:
    r"""The carry out of each step, $c_{k+1} = \lfloor (a_k + b_k + c_k) / 2 \rfloor$, for inputs (N, T, 2)."""
    bits = (x > 0.5).astype(np.int64)
    out = np.zeros(bits.shape[:2], dtype=np.int64)
    carry = np.zeros(len(bits), dtype=np.int64)
    for k in range(bits.shape[1]):  # a loop over the T steps, never over samples
        carry = (bits[:, k, 0] + bits[:, k, 1] + carry) >> 1
        out[:, k] = carry
    return out


def build_model(units: int = 8) -> ax.Sequential:
    """SimpleRNN(``units``) over the steps, then one sigmoid neuron per step for the sum bit."""
    model = ax.Sequential(
        [
            ax.Input((None, 2)),  # any number of steps: the same weights at every step
            ax.layers.SimpleRNN(units, return_sequences=True),
            ax.layers.TimeDistributed(ax.layers.Dense(1, activation="sigmoid")),
        ]
    )
    model.compile(optimizer=ax.optimizers.Adam(lr=0.02), loss="binary_crossentropy", metrics=["accuracy"])
    return model


def exact_sums(model: ax.Sequential, x: np.ndarray, t: np.ndarray) -> float:
    """Share of sequences whose every output bit is right (the whole sum exact)."""
    y = model.predict(x, batch_size=256) > 0.5
    return float(np.mean(np.all(y == (t > 0.5), axis=(1, 2))))


def _bits(value: int, width: int) -> str:
    return format(value, f"0{width}b")


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("addition", "a recurrent network adding binary numbers bit by bit")
    rng = np.random.default_rng(0)
    n_train, epochs = (1000, 5) if quick else (3000, 20)
    # all 2^7 x 2^7 pairs, the course's one held out; train on a few, test on the rest
    a_all, b_all = np.divmod(np.arange(2 ** (2 * BITS)), 2**BITS)
    pool = np.flatnonzero(~((a_all == A) & (b_all == B)))
    order = rng.permutation(pool)
    train, test = order[:n_train], order[n_train:]
    X, t = ax.datasets.addition_sequences(a_all[train], b_all[train], bits=BITS)
    X_test, t_test = ax.datasets.addition_sequences(a_all[test], b_all[test], bits=BITS)
    ax.random.seed(0)
    model = build_model()
    history = model.fit(X, t, epochs=epochs, batch_size=32, verbose=0)
    held_out = exact_sums(model, X_test, t_test)
    longer = {}
    for bits in (16, 32, 64):
        xl, tl = ax.datasets.binary_addition(500, bits=bits, rng=bits)
        longer[bits] = exact_sums(model, xl, tl)
    result.numbers.update(
        train_pairs=n_train,
        epochs=epochs,
        final_loss=history.history["loss"][-1],
        held_out_pairs=len(test),
        held_out_exact=held_out,
        longer_exact={str(k): v for k, v in longer.items()},
    )
    result.findings.append(
        f"A SimpleRNN of 8 tanh units and one sigmoid per step, trained {epochs} epochs on {n_train} of the "
        f"{2 ** (2 * BITS):,} pairs of 7-bit numbers, adds {held_out:.1%} of the {len(test):,} pairs it never saw "
        "exactly (every bit right)."
    )
    result.findings.append(
        "On longer numbers than any it was trained on, with the same weights: "
        + ", ".join(f"{v:.1%} exact at {k} bits" for k, v in longer.items())
        + " (500 random pairs each)."
    )

    # the course's example, step by step, with the memory h_k
    x, target = ax.datasets.addition_sequences([A], [B], bits=BITS)
    rnn = model.layers[0]
    hidden = rnn(ax.Tensor(x)).numpy()[0]  # (T, units): the memory after each step
    y = model.predict(x)[0, :, 0]
    carry = carries(x)[0]
    total = ax.datasets.from_bits(y[None] > 0.5)[0]
    probe_x, _ = ax.datasets.addition_sequences(a_all[test[:500]], b_all[test[:500]], bits=BITS)
    probe_h = rnn(ax.Tensor(probe_x)).numpy().reshape(-1, rnn.units)
    probe_c = carries(probe_x).reshape(-1).astype(np.float64)
    corr = np.array(
        [abs(np.corrcoef(probe_h[:, j], probe_c)[0, 1]) if probe_h[:, j].std() > 0 else 0.0 for j in range(rnn.units)]
    )
    unit = int(np.argmax(corr))
    steps = []
    for k in range(BITS + 1):
        steps.append(
            f"step {k + 1}: ({int(x[0, k, 0])}, {int(x[0, k, 1])}) -> {int(y[k] > 0.5)} "
            f"(y = {y[k]:.2f}, carry out {carry[k]}, h{unit + 1} = {hidden[k, unit]:+.2f})"
        )
    result.numbers.update(
        example=f"{_bits(A, BITS)} + {_bits(B, BITS)}",
        example_sum=int(total),
        example_correct=bool(total == A + B),
        example_steps=steps,
        carry_unit=unit,
        carry_correlation=float(corr[unit]),
    )
    result.findings.append(
        f"The course's {_bits(A, BITS)} + {_bits(B, BITS)} ({A} + {B}), least significant bit first: "
        + "; ".join(steps)
        + f". Read back: {_bits(int(total), BITS + 1)} = {total} "
        + ("(right)." if total == A + B else f"(wrong: {A + B} expected).")
    )
    result.findings.append(
        f"The memory holds the carry: hidden unit {unit + 1}'s value follows the true carry with a correlation "
        f"of {corr[unit]:.2f} (over {len(probe_c):,} steps of held-out additions)."
    )

    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(12, 4), gridspec_kw={"width_ratios": [2, 1]})
    rows = np.vstack([x[0].T, hidden.T, carry[None], y[None]])
    image = axes[0].imshow(rows, cmap="coolwarm", vmin=-1, vmax=1, aspect="auto")
    labels = ["a", "b"] + [f"h{j + 1}" for j in range(rnn.units)] + ["carry", "y"]
    axes[0].set_yticks(range(len(labels)), labels)
    axes[0].set_xticks(range(BITS + 1), [f"{k + 1}" for k in range(BITS + 1)])
    axes[0].set_xlabel("step (least significant bit first)")
    axes[0].set_title(f"{_bits(A, BITS)} + {_bits(B, BITS)} = {_bits(int(total), BITS + 1)}: the memory h at each step")
    fig.colorbar(image, ax=axes[0])
    names = ["7 bits\n(held out)"] + [f"{k} bits" for k in longer]
    values = [held_out, *longer.values()]
    axes[1].bar(names, values, color="tab:green")
    axes[1].set_ylim(0, 1.05)
    axes[1].set_ylabel("exact sums")
    axes[1].set_title("trained on 7-bit numbers")
    save_figure(result, fig, "steps", out)
    return result
