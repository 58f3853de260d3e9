"""Benchmark ``mlp``: 784-128-10 ReLU, softmax cross-entropy, SGD lr 0.1, batch 64, one epoch of 60,000.

Four implementations train from the same initial weights on the same batches (random float32
inputs in [0, 1), random labels 0-9, one permutation drawn from seed 1):

- ``axone_fit``: the library as a Keras user runs it: ``Sequential``, ``compile``,
  ``fit(verbose=0)`` (the loss on logits, ``SparseCategoricalCrossentropy(from_logits=True)``),
  which replays a compiled step (``jit_compile="auto"``); ``axone_eager``: the same with
  ``compile(run_eagerly=True)``, the eager engine;
- ``axone_loop``: a hand-written PyTorch-style loop on the engine: forward, loss,
  ``loss.backward()``, ``opt.step(params)``, ``opt.zero_grad(params)``;
- ``torch``: ``nn.Linear``/``ReLU``/``nn.Linear``, ``CrossEntropyLoss``, ``optim.SGD``,
  ``torch.set_num_threads(2)`` as specified;
- ``numpy``: hand-written forward and backward, float32, in-place where it is free: NumPy's
  speed limit for this network.

Each runs in its own process (median of ``repeats``, in rotated order), so that its peak memory (the
rise of the resident set during training, from /proc) is its own. The final weights of every
implementation are scored with the same float64 NumPy loss on 10,000 training samples: equal
losses show that they computed the same training.

Run ``python -m benchmarks.bench_mlp [--quick]``; ``run(quick)`` returns the result rows.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from benchmarks.processes import main, run_children, timed_with_peak

N_IN, HIDDEN, CLASSES, BATCH, LR = 784, 128, 10, 64, 0.1
SAMPLES, QUICK_SAMPLES = 60_000, 12_800
SEED = 1
LOSS_TOLERANCE = 1e-3  # |final loss - torch's|: same batches and weights, float32 rounding apart


def make_problem(samples: int) -> dict[str, Any]:
    """The shared data, initial weights (Glorot uniform, float32) and permutation, from fixed seeds."""
    rng = np.random.default_rng(0)
    x = rng.random((samples, N_IN), dtype=np.float32)
    y = rng.integers(0, CLASSES, samples)
    limit1, limit2 = np.sqrt(6 / (N_IN + HIDDEN)), np.sqrt(6 / (HIDDEN + CLASSES))
    weights = [
        rng.uniform(-limit1, limit1, (N_IN, HIDDEN)).astype(np.float32),
        np.zeros(HIDDEN, np.float32),
        rng.uniform(-limit2, limit2, (HIDDEN, CLASSES)).astype(np.float32),
        np.zeros(CLASSES, np.float32),
    ]
    permutation = np.random.default_rng(SEED).permutation(samples)  # what ax.random.seed(SEED) draws first
    return {"x": x, "y": y, "weights": weights, "permutation": permutation}


# ---- the four implementations: each returns the final weights [W1, b1, W2, b2] (kernels n_in x n_out) --
def train_numpy(p: dict) -> list[np.ndarray]:
    """Hand-written forward and backward (float32); the softmax gradient is $(y - t) / N$."""
    W1, b1, W2, b2 = (w.copy() for w in p["weights"])
    x, y, perm = p["x"], p["y"], p["permutation"]
    for start in range(0, len(x), BATCH):
        idx = perm[start : start + BATCH]
        xb, yb, n = x[idx], y[idx], len(idx)
        rows = np.arange(n)
        h = xb @ W1
        h += b1
        np.maximum(h, 0, out=h)
        z = h @ W2
        z += b2
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        g = e / e.sum(axis=1, keepdims=True)
        g[rows, yb] -= 1
        g /= n
        gW2, gb2 = h.T @ g, g.sum(axis=0)
        gh = g @ W2.T
        gh *= h > 0
        gW1, gb1 = xb.T @ gh, gh.sum(axis=0)
        W1 -= LR * gW1
        b1 -= LR * gb1
        W2 -= LR * gW2
        b2 -= LR * gb2
    return [W1, b1, W2, b2]


def _axone_model(weights: list[np.ndarray]) -> Any:
    import axone as ax

    model = ax.Sequential([ax.Input((N_IN,)), ax.layers.Dense(HIDDEN, activation="relu"), ax.layers.Dense(CLASSES)])
    model.set_weights(weights)
    return model


def train_axone_fit(p: dict, run_eagerly: bool = False) -> list[np.ndarray]:
    """``model.fit`` with ``ax.random.seed(SEED)``: its first permutation is the shared one.

    By default ``fit`` replays a compiled step (``jit_compile="auto"``); ``run_eagerly`` runs the eager engine.
    """
    import axone as ax

    model = _axone_model(p["weights"])
    loss = ax.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer=ax.optimizers.SGD(lr=LR), loss=loss, run_eagerly=run_eagerly)
    ax.random.seed(SEED)
    model.fit(p["x"], p["y"], batch_size=BATCH, epochs=1, shuffle=True, verbose=0)
    return model.get_weights()


def train_axone_loop(p: dict) -> list[np.ndarray]:
    """A PyTorch-style loop written by hand on the engine."""
    import axone as ax

    model = _axone_model(p["weights"])
    params = model.trainable_variables
    opt = ax.optimizers.SGD(params, lr=LR)
    loss_fn = ax.losses.SparseCategoricalCrossentropy(from_logits=True)
    x, y, perm = p["x"], p["y"], p["permutation"]
    model.train()
    for start in range(0, len(x), BATCH):
        idx = perm[start : start + BATCH]
        loss = loss_fn(y[idx], model(ax.Tensor(x[idx])))
        loss.backward()
        opt.step()
        opt.zero_grad()
    return model.get_weights()


def train_torch(p: dict) -> list[np.ndarray]:
    import torch

    net = torch.nn.Sequential(torch.nn.Linear(N_IN, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, CLASSES))
    W1, b1, W2, b2 = p["weights"]
    with torch.no_grad():
        for layer, W, b in ((net[0], W1, b1), (net[2], W2, b2)):
            layer.weight.copy_(torch.from_numpy(W.T.copy()))
            layer.bias.copy_(torch.from_numpy(b))
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = torch.from_numpy(p["x"]), torch.from_numpy(p["y"])
    perm = torch.from_numpy(p["permutation"])
    for start in range(0, len(x), BATCH):
        idx = perm[start : start + BATCH]
        opt.zero_grad()
        loss_fn(net(x[idx]), y[idx]).backward()
        opt.step()
    return [
        net[0].weight.detach().numpy().T.copy(),
        net[0].bias.detach().numpy().copy(),
        net[2].weight.detach().numpy().T.copy(),
        net[2].bias.detach().numpy().copy(),
    ]


IMPLEMENTATIONS = {
    "axone_fit": train_axone_fit,
    "axone_eager": lambda p: train_axone_fit(p, run_eagerly=True),
    "axone_loop": train_axone_loop,
    "torch": train_torch,
    "numpy": train_numpy,
}


def final_loss(weights: list[np.ndarray], p: dict) -> float:
    """Mean softmax cross-entropy of the trained weights on the first 10,000 samples (float64)."""
    W1, b1, W2, b2 = (np.asarray(w, dtype=np.float64) for w in weights)
    x, y = p["x"][:10_000].astype(np.float64), p["y"][:10_000]
    z = np.maximum(x @ W1 + b1, 0) @ W2 + b2
    z -= z.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(z)), y]))


# ---- measuring ---------------------------------------------------------------------------------------
def measure(impl: str, samples: int) -> dict[str, Any]:
    """Train one implementation in this process: time, final loss, peak memory rise."""
    problem = make_problem(samples)
    train = IMPLEMENTATIONS[impl]
    if impl == "torch":
        import torch  # imported before the memory baseline: the library's own size is not training

        torch.set_num_threads(2)
    else:
        import axone  # noqa: F401
    warm = {**make_problem(BATCH * 20), "weights": problem["weights"]}
    train(warm)  # first-call costs (imports, allocator, BLAS threads) out of the timing
    seconds, final, peak_mib = timed_with_peak(lambda: train(problem))
    return {
        "benchmark": "mlp",
        "impl": impl,
        "samples": samples,
        "seconds": round(seconds, 3),
        "samples_per_s": round(samples / seconds),
        "final_loss": final_loss(final, problem),
        "peak_mem_mib": peak_mib,
    }


def run(quick: bool = False, repeats: int | None = None) -> list[dict[str, Any]]:
    """One row per implementation, each in fresh processes (median of ``repeats``, interleaved).

    ``speed_vs_torch`` and ``speed_vs_numpy`` divide torch's and NumPy's times by the row's
    (targets for ``axone_fit``: >= 1.5 and >= 1.0); ``loss_ok``: the final loss is within
    LOSS_TOLERANCE of torch's.
    """
    samples = QUICK_SAMPLES if quick else SAMPLES
    repeats = repeats or (1 if quick else 3)
    runs = run_children(__file__, list(IMPLEMENTATIONS), samples, repeats)
    rows = []
    for impl, found in runs.items():
        found.sort(key=lambda row: row["seconds"])
        row = dict(found[len(found) // 2])  # the median run
        row["peak_mem_mib"] = max(f["peak_mem_mib"] for f in found)
        rows.append(row)
    best = {row["impl"]: row for row in rows}
    for row in rows:
        row["repeats"] = repeats
        row["unit"], row["per_unit"] = "ms/epoch", round(row["seconds"] * 1000 * SAMPLES / samples, 1)
        row["speed_vs_torch"] = round(best["torch"]["seconds"] / row["seconds"], 2)
        row["speed_vs_numpy"] = round(best["numpy"]["seconds"] / row["seconds"], 2)
        row["loss_ok"] = abs(row["final_loss"] - best["torch"]["final_loss"]) <= LOSS_TOLERANCE
    fit = best["axone_fit"]
    # compiled and eager fits compute the same bits: their scores are equal exactly
    best["axone_eager"]["loss_ok"] &= best["axone_eager"]["final_loss"] == fit["final_loss"]
    fit["targets"] = {"torch": (fit["speed_vs_torch"], 1.5), "numpy": (fit["speed_vs_numpy"], 1.0)}
    return rows


if __name__ == "__main__":
    main(sys.argv[1:], measure, run)
