"""Benchmark ``overhead``: the cost of one small op, forward and backward, on (4, 4) tensors.

A chain of ``STEPS`` times (multiply by a constant, add a constant, tanh), then a sum: on arrays
this small the arithmetic is nothing and what is measured is each library's per-op machinery.
axone and PyTorch (autograd, 2 threads) run the chain forward and backward; NumPy runs it
forward only (it has no backward): the floor of one NumPy call. Results: the chain's output sum
must agree across the three, and axone's gradient must equal PyTorch's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.harness import compare, peak_rss_rise_mib, peak_tracemalloc_mib, setup_torch

STEPS = 30
OPS = 3 * STEPS + 1  # per chain: mul, add, tanh per step, then the sum


def _data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.standard_normal((4, 4)), rng.uniform(0.5, 1.5, (4, 4)), rng.standard_normal((4, 4)) * 0.1


def make_axone(loops: int) -> tuple[Any, Any]:
    import axone as ax

    x0, c1, c2 = _data()
    x, a, b = ax.Tensor(x0, requires_grad=True), ax.Tensor(c1), ax.Tensor(c2)

    def run() -> float:
        for _ in range(loops):
            y = x
            for _ in range(STEPS):
                y = ax.tanh(y * a + b)
            out = y.sum()
            x.grad = None
            out.backward()
        return float(out)

    return run, x


def make_torch(loops: int) -> tuple[Any, Any]:
    torch = setup_torch(2)
    x0, c1, c2 = _data()
    x, a, b = torch.tensor(x0, requires_grad=True), torch.tensor(c1), torch.tensor(c2)

    def run() -> float:
        for _ in range(loops):
            y = x
            for _ in range(STEPS):
                y = torch.tanh(y * a + b)
            out = y.sum()
            x.grad = None
            out.backward()
        return out.item()

    return run, x


def make_numpy(loops: int) -> Any:
    x, a, b = _data()

    def run() -> float:
        for _ in range(loops):
            y = x
            for _ in range(STEPS):
                y = np.tanh(y * a + b)
            out = y.sum()
        return float(out)

    return run


def run(quick: bool = False) -> list[dict[str, Any]]:
    loops = 30 if quick else 200
    axone_run, axone_x = make_axone(loops)
    torch_run, torch_x = make_torch(loops)
    rows = compare(
        "overhead",
        {"axone": axone_run, "torch": torch_run, "numpy": make_numpy(loops)},
        repeats=5 if quick else 15,
        work=loops * OPS,
        unit="us/op",
        per_unit=1e6,
        reference="torch",
        rtol=1e-12,
        memory={"axone": peak_tracemalloc_mib, "numpy": peak_tracemalloc_mib, "torch": peak_rss_rise_mib},
        targets={"torch": 1.0},
    )
    same_grad = np.allclose(axone_x.grad.numpy(), torch_x.grad.numpy(), rtol=1e-12, atol=1e-15)
    for row in rows:
        if row["impl"] != "numpy":
            row["result_ok"] = row["result_ok"] and same_grad
    return rows
