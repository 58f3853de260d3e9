"""Benchmark ``overhead``: the cost of one small op, forward and backward, on (4, 4) tensors.

A chain of ``steps`` times (multiply by a constant, add a constant, tanh), then a sum: on arrays
this small the arithmetic is nothing and what is measured is each library's per-op machinery.
The chain has 100, 1,000, 10,000 and 100,000 ops (rows ``overhead_100`` ...): the cost per op of
the eager engine must stay flat as the graph grows (within 1.5x of its value at 1,000 ops).
axone and PyTorch (autograd, 2 threads) run the chain forward and backward; NumPy runs it
forward only (it has no backward): the floor of one NumPy call. Results: the chain's output sum
must agree across the three, and axone's gradient must equal PyTorch's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.harness import compare, peak_rss_rise_mib, peak_tracemalloc_mib, setup_torch

SIZES = (100, 1_000, 10_000, 100_000)  # ops per chain: 3 per step (mul, add, tanh), then the sum
FLAT = 1.5  # the cost per op at 100,000 ops at most this times the cost at 1,000


def _data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.standard_normal((4, 4)), rng.uniform(0.5, 1.5, (4, 4)), rng.standard_normal((4, 4)) * 0.1


def make_axone(loops: int, steps: int) -> tuple[Any, Any]:
    import axone as ax

    x0, c1, c2 = _data()
    x, a, b = ax.Tensor(x0, requires_grad=True), ax.Tensor(c1), ax.Tensor(c2)

    def run() -> float:
        for _ in range(loops):
            y = x
            for _ in range(steps):
                y = ax.tanh(y * a + b)
            out = y.sum()
            x.grad = None
            out.backward()
        return float(out)

    return run, x


def make_torch(loops: int, steps: int) -> tuple[Any, Any]:
    torch = setup_torch(2)
    x0, c1, c2 = _data()
    x, a, b = torch.tensor(x0, requires_grad=True), torch.tensor(c1), torch.tensor(c2)

    def run() -> float:
        for _ in range(loops):
            y = x
            for _ in range(steps):
                y = torch.tanh(y * a + b)
            out = y.sum()
            x.grad = None
            out.backward()
        return out.item()

    return run, x


def make_numpy(loops: int, steps: int) -> Any:
    x, a, b = _data()

    def run() -> float:
        for _ in range(loops):
            y = x
            for _ in range(steps):
                y = np.tanh(y * a + b)
            out = y.sum()
        return float(out)

    return run


def run(quick: bool = False) -> list[dict[str, Any]]:
    rows, per_op = [], {}
    for ops in SIZES:
        steps = (ops - 1) // 3
        loops = max(1, (20_000 if quick else 100_000) // ops)
        axone_run, axone_x = make_axone(loops, steps)
        torch_run, torch_x = make_torch(loops, steps)
        found = compare(
            f"overhead_{ops}",
            {"axone": axone_run, "torch": torch_run, "numpy": make_numpy(loops, steps)},
            repeats=3 if quick else 7,
            work=loops * (3 * steps + 1),
            unit="us/op",
            per_unit=1e6,
            reference="torch",
            rtol=1e-12,
            memory={"axone": peak_tracemalloc_mib, "numpy": peak_tracemalloc_mib, "torch": peak_rss_rise_mib},
            targets={"torch": 1.0},
        )
        same_grad = np.allclose(axone_x.grad.numpy(), torch_x.grad.numpy(), rtol=1e-12, atol=1e-15)
        for row in found:
            if row["impl"] != "numpy":
                row["result_ok"] = row["result_ok"] and same_grad
            if row["impl"] == "axone":
                per_op[ops] = row["seconds"] / (loops * (3 * steps + 1))
        rows += found
    largest = next(r for r in rows if r["benchmark"] == f"overhead_{SIZES[-1]}" and r["impl"] == "axone")
    flat = FLAT * per_op[1_000] / per_op[SIZES[-1]]
    name = f"of flatness: {FLAT:g} x (cost per op at 1,000 ops) / (cost per op at {SIZES[-1]:,} ops) for"
    largest.setdefault("targets", {})["the eager engine"] = (flat, 1.0, name)
    return rows
