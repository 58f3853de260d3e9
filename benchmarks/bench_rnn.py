"""Benchmark ``rnn``: the course's binary adder, Elman 2-16-1 (tanh), batch 32, Adam.

Three implementations train from the same initial weights on the same batches (8-bit additions,
least significant bit first, T = 9 steps, one output bit per step, binary cross-entropy on the
logit): axone (the library as a user runs it: ``Sequential`` with ``SimpleRNN`` and
``TimeDistributed(Dense(1))``, ``compile``, ``fit``), PyTorch (``nn.RNN`` + ``nn.Linear``,
``torch.set_num_threads(2)`` as specified, and 1 thread, its faster setting on a small machine)
and a hand-written NumPy BPTT (NumPy's speed limit for this network). Each run has its own
process, so that its peak memory (the rise of the resident set during training, from /proc) is
its own. The trained weights of every implementation are scored on the same 1,000 held-out
additions: equal losses show that they computed the same training.

Run ``python -m benchmarks.bench_rnn [--quick]``; ``run(quick)`` returns the result rows.
"""

from __future__ import annotations

import statistics
import sys
from typing import Any

import numpy as np

from benchmarks.processes import main, run_children, timed_with_peak

UNITS, FEATURES, BITS, BATCH, LR = 16, 2, 8, 32, 0.01
STEPS, QUICK_STEPS = 2000, 300
LOSS_TOLERANCE = 0.02  # |held-out loss - torch's|: the same batches and weights, float32 rounding apart


def make_problem(steps: int) -> dict[str, Any]:
    """The shared batches and initial weights (float32), from fixed seeds."""
    from axone.data.sequences import binary_addition

    X, t = binary_addition(steps * BATCH, bits=BITS, rng=1)
    rng = np.random.default_rng(2)
    limit = np.sqrt(6 / (FEATURES + UNITS))
    weights = {
        "W": rng.uniform(-limit, limit, (FEATURES, UNITS)),
        "U": np.linalg.qr(rng.standard_normal((UNITS, UNITS)))[0],
        "b": np.zeros(UNITS),
        "V": rng.uniform(-np.sqrt(6 / 17), np.sqrt(6 / 17), (UNITS, 1)),
        "c": np.zeros(1),
    }
    weights = {k: v.astype(np.float32) for k, v in weights.items()}
    X = X.reshape(steps, BATCH, BITS + 1, FEATURES)
    t = t.reshape(steps, BATCH, BITS + 1, 1)
    return {"X": X, "t": t, "weights": weights}


# ---- the three implementations: each returns the loss of every step ---------------------------------
def train_numpy(X: np.ndarray, t: np.ndarray, weights: dict) -> dict[str, np.ndarray]:
    """Hand-written BPTT and Adam, float32, time-major buffers, one matmul for x W of all steps."""
    p = {k: v.copy() for k, v in weights.items()}
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    n, steps = X.shape[1], X.shape[2]
    hs = np.empty((steps + 1, n, UNITS), np.float32)
    for i in range(X.shape[0]):
        x, target = X[i], t[i]
        hs[0] = 0
        hs[1:] = (x.reshape(-1, FEATURES) @ p["W"]).reshape(n, steps, UNITS).transpose(1, 0, 2) + p["b"]
        for k in range(1, steps + 1):
            hs[k] += hs[k - 1] @ p["U"]
            np.tanh(hs[k], out=hs[k])
        h = hs[1:].transpose(1, 0, 2).reshape(-1, UNITS)
        z = h @ p["V"] + p["c"]
        dz = (0.5 * (1 + np.tanh(0.5 * z)) - target.reshape(-1, 1)) / z.size  # sigmoid(z) - t, mean
        g = {"V": h.T @ dz, "c": dz.sum(0)}
        dh_out = (dz @ p["V"].T).reshape(n, steps, UNITS).transpose(1, 0, 2)
        delta = 1 - hs[1:] * hs[1:]
        dh = np.zeros((n, UNITS), np.float32)
        for k in range(steps - 1, -1, -1):
            dh += dh_out[k]
            delta[k] *= dh
            dh = delta[k] @ p["U"].T
        flat = delta.reshape(-1, UNITS)
        g["W"] = x.transpose(1, 0, 2).reshape(-1, FEATURES).T @ flat
        g["U"] = hs[:-1].reshape(-1, UNITS).T @ flat
        g["b"] = flat.sum(0)
        step = i + 1
        for key in p:
            m[key] = 0.9 * m[key] + 0.1 * g[key]
            v[key] = 0.999 * v[key] + 0.001 * g[key] * g[key]
            m_hat = m[key] / (1 - 0.9**step)
            v_hat = v[key] / (1 - 0.999**step)
            p[key] -= LR * m_hat / (np.sqrt(v_hat) + 1e-8)
    return p


def train_torch(X: np.ndarray, t: np.ndarray, weights: dict, threads: int = 2) -> dict[str, np.ndarray]:
    import torch

    torch.set_num_threads(threads)
    rnn = torch.nn.RNN(FEATURES, UNITS, batch_first=True)
    out = torch.nn.Linear(UNITS, 1)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(weights["W"].T))
        rnn.weight_hh_l0.copy_(torch.from_numpy(weights["U"].T))
        rnn.bias_ih_l0.copy_(torch.from_numpy(weights["b"]))
        rnn.bias_hh_l0.zero_()
        out.weight.copy_(torch.from_numpy(weights["V"].T))
        out.bias.copy_(torch.from_numpy(weights["c"]))
    # torch has two biases per layer where Keras and axone have one: the second stays at zero,
    # otherwise Adam would move their sum twice as fast and the runs would differ
    rnn.bias_hh_l0.requires_grad_(False)
    params = [rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, out.weight, out.bias]
    opt = torch.optim.Adam(params, lr=LR)
    Xt, tt = torch.from_numpy(X), torch.from_numpy(t)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    for i in range(X.shape[0]):
        opt.zero_grad()
        hs, _ = rnn(Xt[i])
        loss = bce(out(hs), tt[i])
        loss.backward()
        opt.step()
    final = [rnn.weight_ih_l0.T, rnn.weight_hh_l0.T, rnn.bias_ih_l0, out.weight.T, out.bias]
    return dict(zip("WUbVc", (w.detach().numpy().copy() for w in final)))


def train_torch_1thread(X: np.ndarray, t: np.ndarray, weights: dict) -> dict[str, np.ndarray]:
    return train_torch(X, t, weights, threads=1)


def train_axone(X: np.ndarray, t: np.ndarray, weights: dict, run_eagerly: bool = False) -> dict[str, np.ndarray]:
    """The library as a user runs it: Sequential, compile, fit (no shuffling: the same batches);
    compiled steps by default (``jit_compile="auto"``), the eager engine with ``run_eagerly``."""
    import axone as ax

    model = ax.Sequential(
        [
            ax.Input((None, FEATURES)),
            ax.layers.SimpleRNN(UNITS, return_sequences=True),
            ax.layers.TimeDistributed(ax.layers.Dense(1)),  # logits: the loss applies the sigmoid
        ]
    )
    model.set_weights([weights[k] for k in "WUbVc"])
    loss = ax.losses.BinaryCrossentropy(from_logits=True)
    model.compile(optimizer=ax.optimizers.Adam(lr=LR), loss=loss, run_eagerly=run_eagerly)
    model.fit(
        X.reshape(-1, *X.shape[2:]),
        t.reshape(-1, *t.shape[2:]),
        batch_size=X.shape[1],
        epochs=1,
        shuffle=False,
        verbose=0,
    )
    return dict(zip("WUbVc", model.get_weights()))


def held_out_loss(weights: dict) -> float:
    """Binary cross-entropy of trained weights on 1,000 held-out additions (float64 NumPy)."""
    from axone.data.sequences import binary_addition

    X, t = binary_addition(1000, bits=BITS, rng=3)
    w = {k: np.asarray(v, dtype=np.float64) for k, v in weights.items()}
    h = np.zeros((X.shape[0], UNITS))
    z = np.empty(t.shape)
    for k in range(X.shape[1]):
        h = np.tanh(X[:, k] @ w["W"] + h @ w["U"] + w["b"])
        z[:, k] = h @ w["V"] + w["c"]
    return float(np.mean(np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))))


IMPLEMENTATIONS = {
    "axone": train_axone,
    "axone_eager": lambda X, t, weights: train_axone(X, t, weights, run_eagerly=True),
    "torch": train_torch,
    "torch_1thread": train_torch_1thread,
    "numpy": train_numpy,
}


# ---- measuring ---------------------------------------------------------------------------------------
def measure(impl: str, steps: int) -> dict[str, Any]:
    """Train one implementation in this process: time, final loss, peak memory rise."""
    problem = make_problem(steps)
    train = IMPLEMENTATIONS[impl]
    if impl.startswith("torch"):
        import torch  # imported before the memory baseline: the library's own size is not training

        torch.set_num_threads(2)
    else:
        import axone  # noqa: F401
    warm = make_problem(20)
    train(warm["X"], warm["t"], warm["weights"])  # first-call costs (imports, allocator) out of the timing
    seconds, final, peak_mib = timed_with_peak(lambda: train(problem["X"], problem["t"], problem["weights"]))
    return {
        "benchmark": "rnn",
        "impl": impl,
        "steps": steps,
        "seconds": round(seconds, 3),
        "steps_per_s": round(steps / seconds, 1),
        "final_loss": held_out_loss(final),
        "peak_mem_mib": peak_mib,
    }


def run(quick: bool = False, repeats: int | None = None) -> list[dict[str, Any]]:
    """One row per implementation (benchmarks/README.md's keys), each run in fresh processes.

    The implementations take turns (a, b, c, d, then again) and the median time is kept, so a
    noisy machine slows them alike. ``speed_vs_torch`` divides torch's time (2 threads, as
    specified) by the row's; ``speed_vs_torch_1thread`` uses torch with 1 thread, faster for this
    small network on a 2-core machine. ``loss_ok``: the held-out loss is within LOSS_TOLERANCE of
    torch's. Axone's target is 5x torch, checked against both torch settings.
    """
    steps = QUICK_STEPS if quick else STEPS
    repeats = repeats or (1 if quick else 3)
    runs = run_children(__file__, list(IMPLEMENTATIONS), steps, repeats)
    median = {impl: statistics.median(r["seconds"] for r in rows) for impl, rows in runs.items()}
    rows = []
    for impl, measured in runs.items():
        row = {
            **measured[0],
            "seconds": median[impl],
            "steps_per_s": round(steps / median[impl], 1),
            "per_unit": median[impl] / steps * 1e6,
            "unit": "us/step",
            "repeats": repeats,
            "peak_mem_mib": max(r["peak_mem_mib"] for r in measured),
        }
        for other in ("torch", "torch_1thread", "numpy"):
            row[f"speed_vs_{other}"] = round(median[other] / median[impl], 2)
        row["loss_ok"] = abs(row["final_loss"] - runs["torch"][0]["final_loss"]) <= LOSS_TOLERANCE
        if impl == "axone":
            row["targets"] = {other: (median[other] / median[impl], 5.0) for other in ("torch", "torch_1thread")}
        rows.append(row)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:], measure, run)
