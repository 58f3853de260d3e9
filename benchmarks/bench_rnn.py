"""Benchmark ``rnn``: the course's binary adder, Elman 2-16-1 (tanh), batch 32, Adam.

Three implementations train from the same initial weights on the same batches (8-bit additions,
least significant bit first, T = 9 steps, one output bit per step, binary cross-entropy on the
logit): axone (the library: ``SimpleRNN`` + ``TimeDistributed(Dense(1))`` through
``Model.train_on_batch`` when it exists, else the same layers with a loop on the engine), PyTorch
(``nn.RNN`` + ``nn.Linear``, ``torch.set_num_threads(2)``) and a hand-written NumPy BPTT (the
speed limit of NumPy for this network). Each runs in its own process, so that its peak memory
(the rise of the resident set during training, from /proc) is its own.

Run ``python benchmarks/bench_rnn.py [--quick]``; ``run(quick)`` returns the result rows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

import numpy as np

UNITS, FEATURES, BITS, BATCH, LR = 16, 2, 8, 32, 0.01
STEPS, QUICK_STEPS = 2000, 300
LOSS_TOLERANCE = 0.05  # |final loss - torch's final loss|, losses averaged over the last 100 steps


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
def train_numpy(X: np.ndarray, t: np.ndarray, weights: dict) -> list[float]:
    """Hand-written BPTT and Adam, float32, time-major buffers, one matmul for x W of all steps."""
    p = {k: v.copy() for k, v in weights.items()}
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    n, steps = X.shape[1], X.shape[2]
    hs = np.empty((steps + 1, n, UNITS), np.float32)
    losses = []
    for i in range(X.shape[0]):
        x, target = X[i], t[i]
        hs[0] = 0
        hs[1:] = (x.reshape(-1, FEATURES) @ p["W"]).reshape(n, steps, UNITS).transpose(1, 0, 2) + p["b"]
        for k in range(1, steps + 1):
            hs[k] += hs[k - 1] @ p["U"]
            np.tanh(hs[k], out=hs[k])
        h = hs[1:].transpose(1, 0, 2).reshape(-1, UNITS)
        z = h @ p["V"] + p["c"]
        tt = target.reshape(-1, 1)
        losses.append(float(np.mean(np.maximum(z, 0) - z * tt + np.log1p(np.exp(-np.abs(z))))))
        dz = (0.5 * (1 + np.tanh(0.5 * z)) - tt) / z.size
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
    return losses


def train_torch(X: np.ndarray, t: np.ndarray, weights: dict) -> list[float]:
    import torch

    torch.set_num_threads(2)
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
    losses = []
    for i in range(X.shape[0]):
        opt.zero_grad()
        hs, _ = rnn(Xt[i])
        loss = bce(out(hs), tt[i])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def train_axone(X: np.ndarray, t: np.ndarray, weights: dict) -> list[float]:
    import axone as ax

    rnn = ax.layers.SimpleRNN(UNITS, return_sequences=True)
    head = ax.layers.TimeDistributed(ax.layers.Dense(1))
    layers = [ax.layers.Input((None, FEATURES)), rnn, head]
    rnn.build_for((None, None, FEATURES))
    head.build_for((None, None, UNITS))
    rnn.set_weights([weights["W"], weights["U"], weights["b"]])
    head.set_weights([weights["V"], weights["c"]])
    model = ax.Sequential(layers) if hasattr(ax, "Sequential") else None
    if model is not None and hasattr(model, "train_on_batch"):
        model.compile(optimizer=ax.optimizers.Adam(lr=LR), loss=ax.losses.BinaryCrossentropy(from_logits=True))
        return [float(np.ravel(model.train_on_batch(X[i], t[i]))[0]) for i in range(X.shape[0])]
    params = rnn.trainable_weights + head.trainable_weights
    opt = ax.optimizers.Adam(params, lr=LR)
    losses = []
    for i in range(X.shape[0]):
        z = head(rnn(X[i]))
        loss = ax.binary_crossentropy_with_logits(z, t[i]).mean()
        loss.backward()
        opt.step()
        opt.zero_grad()
        losses.append(float(loss.data))
    return losses


IMPLEMENTATIONS = {"axone": train_axone, "torch": train_torch, "numpy": train_numpy}


# ---- measuring ---------------------------------------------------------------------------------------
def _rss_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def measure(impl: str, steps: int) -> dict[str, Any]:
    """Train one implementation in this process: time, final loss, peak memory rise."""
    problem = make_problem(steps)
    train = IMPLEMENTATIONS[impl]
    if impl == "torch":
        import torch  # imported before the memory baseline: the library's own size is not training

        torch.set_num_threads(2)
    else:
        import axone  # noqa: F401
    warm = make_problem(20)
    train(warm["X"], warm["t"], warm["weights"])  # first-call costs (imports, allocator) out of the timing
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # reset the peak resident size (VmHWM) to the current one
    except OSError:
        pass
    before = _rss_kib("VmRSS")
    start = time.perf_counter()
    losses = train(problem["X"], problem["t"], problem["weights"])
    seconds = time.perf_counter() - start
    peak = _rss_kib("VmHWM")
    return {
        "benchmark": "rnn", "impl": impl, "steps": steps, "seconds": round(seconds, 3),
        "steps_per_s": round(steps / seconds, 1), "final_loss": float(np.mean(losses[-100:])),
        "peak_mem_mib": round(max(peak - before, 0) / 1024, 2),
    }


def run(quick: bool = False) -> list[dict[str, Any]]:
    """One row per implementation, each measured in a fresh process; ratios against torch."""
    steps = QUICK_STEPS if quick else STEPS
    rows = []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                         os.environ.get("PYTHONPATH", "")])}
    for impl in IMPLEMENTATIONS:
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", impl, str(steps)],
                             capture_output=True, text=True, check=True, env=env)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    torch_row = next(r for r in rows if r["impl"] == "torch")
    for row in rows:
        row["speed_vs_torch"] = round(torch_row["seconds"] / row["seconds"], 2)
        row["loss_ok"] = abs(row["final_loss"] - torch_row["final_loss"]) <= LOSS_TOLERANCE
    return rows


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        print(json.dumps(measure(argv[1], int(argv[2]))))
        return
    rows = run(quick="--quick" in argv)
    print(f"{'impl':8s} {'steps':>6s} {'s':>8s} {'steps/s':>9s} {'x torch':>8s} {'loss':>8s} {'peak MiB':>9s}")
    for r in rows:
        print(f"{r['impl']:8s} {r['steps']:6d} {r['seconds']:8.3f} {r['steps_per_s']:9.1f} "
              f"{r['speed_vs_torch']:8.2f} {r['final_loss']:8.4f} {r['peak_mem_mib']:9.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
