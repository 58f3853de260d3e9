r"""Lab 4, lunch: the course's lunch bills, learnt with its proportional correction rule.

Bills $[(5,3,2), 114]$, $[(6,2,2), 108]$, $[(3,4,5), 147]$: quantities $i$ of dishes A, B, C and
the total $t$. The estimate is $y = \sum_j w_j i_j$, the error $E = y - t$, and the course corrects
each price in proportion to its share of the bill:

$w_j \leftarrow w_j - \eta d_j$ with $d_j = \frac{E \, i_j}{\sum_k i_k}$, $w_j = 10$ at first, $\eta = 1/10$.

The course notes $\frac{E \, i_j}{\sum_k i_k} = \alpha \frac{\partial (y - t)^2}{\partial w_j}$ (with
$\alpha = 1 / (2 \sum_k i_k)$): the rule is gradient descent on $(y - t)^2$, one bill at a time.

Example:
    >>> weights, estimates = proportional_rule(BILLS, TOTALS, np.full(3, 10.0), eta=0.1, passes=1)
    >>> weights[1].round(3), float(estimates[1].round(3))
    (array([10.844, 10.468, 10.328]), 105.6)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import axone as ax
from axone.labs.common import LabResult, save_figure
from axone.viz import pyplot

BILLS = np.array([[5.0, 3.0, 2.0], [6.0, 2.0, 2.0], [3.0, 4.0, 5.0]])
TOTALS = np.array([114.0, 108.0, 147.0])
PRICES = np.array([9.0, 15.0, 12.0])  # the true prices: BILLS @ PRICES == TOTALS


def proportional_rule(
    bills: np.ndarray, totals: np.ndarray, start: np.ndarray, eta: float, passes: int
) -> tuple[np.ndarray, np.ndarray]:
    r"""Replay the bills ``passes`` times with $w_j \leftarrow w_j - \eta E i_j / \sum_k i_k$.

    Returns:
        ``(weights, estimates)``: the weights after each bill (one row per bill seen) and the
        estimate $y$ made for that bill before its correction.
    """
    w = np.array(start, dtype=np.float64)
    weights, estimates = [], []
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging eta is part of the lesson
        for _ in range(passes):
            for i, t in zip(bills, totals):
                y = w @ i
                d = (y - t) * i / i.sum()
                w = w - eta * d
                weights.append(w)
                estimates.append(y)
    return np.array(weights), np.array(estimates)


def _num(value: float) -> str:
    """A price as the course writes it, without float noise: 11.3679, 126.044."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _passes_to_converge(eta: float, limit: int, tol: float = 1e-9) -> int | None:
    weights, _ = proportional_rule(BILLS, TOTALS, np.full(3, 10.0), eta, limit)
    errors = np.max(np.abs(weights[len(BILLS) - 1 :: len(BILLS)] - PRICES), axis=1)
    done = np.flatnonzero(errors < tol)
    return int(done[0]) + 1 if done.size else None


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("lunch", "the lunch bills: the proportional correction rule, then gradient descent")
    weights, estimates = proportional_rule(BILLS, TOTALS, np.full(3, 10.0), eta=0.1, passes=1)
    result.numbers.update(after_bill=weights.tolist(), estimates=estimates.tolist())
    rows = "; ".join(
        f"after bill {n + 1} (estimate {_num(y)}): " + ", ".join(_num(v) for v in w)
        for n, (w, y) in enumerate(zip(weights, estimates))
    )
    result.findings.append(f"With eta = 1/10 and every price starting at 10: {rows}.")
    result.findings.append(
        "The course prints these rounded, with two slips: after the second bill it gives w1 = 10.46 for "
        f"{_num(weights[1, 1])} (10.47 to two decimals), after the third w1 = 11.16 for {_num(weights[2, 1])} (11.17). "
        "The others are rounded correctly (10.84, 10.33; 11.37, 11.20; estimate 126.04)."
    )

    # replayed: the rule converges to the true prices for a small eta, diverges for a large one
    limit = 5000
    passes = {eta: _passes_to_converge(eta, limit) for eta in (0.1, 0.4)}
    final, _ = proportional_rule(BILLS, TOTALS, np.full(3, 10.0), 0.1, passes[0.1] or limit)
    diverging, _ = proportional_rule(BILLS, TOTALS, np.full(3, 10.0), 0.6, 30)
    growth = float(np.max(np.abs(diverging[-1] - PRICES)))
    result.numbers.update(
        converged=final[-1].tolist(),
        passes_eta_0_1=passes[0.1],
        passes_eta_0_4=passes[0.4],
        diverging_error_after_30=growth,
    )
    result.findings.append(
        f"Replayed, the rule reaches the true prices 9, 15, 12 (to 1e-9) after {passes[0.1]} passes over the three "
        f"bills with eta = 0.1 ({passes[0.4]} with eta = 0.4); with eta = 0.6 it diverges: after 30 passes the "
        f"prices are off by {growth:.3g}."
    )

    # the same problem as gradient descent on E = mean (y - t)^2, with the tape and with SGD
    w = ax.Variable(np.full(3, 10.0), dtype="float64")
    with ax.GradientTape() as tape:
        y = ax.Tensor(BILLS[0], dtype="float64") @ w
        error = (y - TOTALS[0]) ** 2
    alpha = 1 / (2 * BILLS[0].sum())
    d = alpha * tape.gradient(error, w).numpy()
    result.numbers["alpha_times_gradient"] = d.tolist()
    result.findings.append(
        f"On the first bill, alpha * d(y - t)^2/dw with alpha = 1/(2 * 10) from the tape is {np.round(d, 12)}, "
        "the course's d_j: the rule is a gradient step on the squared error."
    )
    eta = 0.9 * 2 / np.linalg.eigvalsh(2 * BILLS.T @ BILLS / len(BILLS))[-1]
    steps = 4000 if quick else 30000
    bills, totals = ax.Tensor(BILLS, dtype="float64"), ax.Tensor(TOTALS, dtype="float64")
    curves = {}
    for style in ("tape", "SGD"):
        w = ax.Variable(np.full(3, 10.0), dtype="float64")
        opt, curve = ax.optimizers.SGD(lr=eta), []
        for _ in range(steps):
            if style == "tape":
                with ax.GradientTape() as tape:
                    loss = ((bills @ w - totals) ** 2).mean()
                w.assign_sub(eta * tape.gradient(loss, w).numpy())
            else:
                opt.zero_grad([w])
                loss = ((bills @ w - totals) ** 2).mean()
                loss.backward()
                opt.step([w])
            curve.append(float(loss.data))
            if np.max(np.abs(w.numpy() - PRICES)) < 1e-9:
                break
        curves[style] = curve
        result.numbers[f"gd_{style.lower()}"] = w.numpy().tolist()
        result.numbers[f"gd_{style.lower()}_steps"] = len(curve)
    result.findings.append(
        f"Gradient descent on E = mean (y - t)^2 over the three bills (eta = {eta:.4g}, 0.9 of the stability "
        f"limit) from 10, 10, 10: by hand with the tape it ends at {np.round(result.numbers['gd_tape'], 6)} "
        f"after {result.numbers['gd_tape_steps']} steps, with the library's SGD at "
        f"{np.round(result.numbers['gd_sgd'], 6)} after {result.numbers['gd_sgd_steps']} steps (stopped at 1e-9 from "
        f"the true prices): the condition "
        f"number {np.linalg.cond(BILLS.T @ BILLS):.0f} of the bills makes it slow."
    )

    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    history, _ = proportional_rule(BILLS, TOTALS, np.full(3, 10.0), 0.1, min(passes[0.1] or limit, 300))
    for j, dish in enumerate("ABC"):
        left.plot(history[:, j], label=f"price of {dish} (true {PRICES[j]:g})")
    left.set_xlabel("bills seen")
    left.set_title("the proportional rule, eta = 0.1", fontsize=9)
    left.legend(fontsize=7)
    for style, curve in curves.items():
        right.semilogy(curve, label=style)
    right.set_xlabel("step")
    right.set_ylabel("mean (y - t)^2")
    right.set_title("gradient descent on the three bills", fontsize=9)
    right.legend(fontsize=7)
    save_figure(result, fig, "prices", out)
    return result
