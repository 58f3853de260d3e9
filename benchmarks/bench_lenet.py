"""Benchmark ``lenet``: LeNet-5 on 28x28x1 random images, batch 64, 200 steps of SGD (lr 0.01).

LeNet-5: conv 6@5x5 (padding 2), ReLU, max pool 2, conv 16@5x5, ReLU, max pool 2, dense
400-120-84-10, softmax cross-entropy on the logits. Four implementations train from the same
initial weights on the same batches (random float32 images in [0, 1), random labels):

- ``axone``: the library as a Keras user runs it: ``ax.models.lenet5``, ``compile``, ``fit``
  (compiled steps, ``jit_compile="auto"``); ``axone_eager``: the same with ``run_eagerly=True``;
- ``axone_loop``: a PyTorch-style loop on the engine (forward, ``backward()``, ``opt.step``);
- ``torch``: ``nn.Conv2d``/``MaxPool2d``/``Linear`` on N x C x H x W, ``torch.set_num_threads(2)``;
- ``numpy``: hand-written forward and backward with im2col (``as_strided``) on N x H x W x C;
- ``axone_1thread`` and ``torch_1thread``: the same with one thread each (``OPENBLAS_NUM_THREADS=1``
  for NumPy's BLAS, ``torch.set_num_threads(1)``). On a 2-core machine that other work shares,
  two OpenBLAS threads wait on each other and a NumPy run can take 10x longer; the one-thread
  pair compares the libraries' work without that noise.

Each runs in its own process (best of ``repeats``, interleaved), so that its peak memory (the
rise of the resident set during training, from /proc) is its own. The final weights of every
implementation are scored by the same float64 NumPy forward on 512 training images: equal
losses show that they computed the same training.

Run ``python -m benchmarks.bench_lenet [--quick]``; ``run(quick)`` returns the result rows.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from benchmarks.processes import main, run_children, timed_with_peak

BATCH, STEPS, QUICK_STEPS, LR, CLASSES = 64, 200, 40, 0.01, 10
LOSS_TOLERANCE = 2e-3  # relative |final loss - torch's|: same batches and weights, float32 rounding apart
TARGET_VS_TORCH = 1.2
MEMORY_VS_TORCH = 2.0  # peak memory during training: at most twice torch's
SHAPES = [(5, 5, 1, 6), (6,), (5, 5, 6, 16), (16,), (400, 120), (120,), (120, 84), (84,), (84, 10), (10,)]


def make_problem(steps: int) -> dict[str, Any]:
    """The shared images, labels and initial weights (Glorot uniform, axone's layouts), float32."""
    rng = np.random.default_rng(0)
    x = rng.random((steps * BATCH, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, CLASSES, steps * BATCH)
    weights = []
    for shape in SHAPES:
        if len(shape) == 1:
            weights.append(np.zeros(shape, np.float32))
            continue
        field = int(np.prod(shape[:-2])) if len(shape) == 4 else 1
        limit = np.sqrt(6 / (field * (shape[-2] + shape[-1])))
        weights.append(rng.uniform(-limit, limit, shape).astype(np.float32))
    return {"x": x, "y": y, "weights": weights}


# ---- hand-written NumPy (NHWC, im2col) -----------------------------------------------------------------
def _im2col(x: np.ndarray, k: int) -> np.ndarray:
    n, h, w, c = x.shape
    s = x.strides
    windows = as_strided(x, (n, h - k + 1, w - k + 1, k, k, c), (s[0], s[1], s[2], s[1], s[2], s[3]))
    return windows.reshape(-1, k * k * c)


def _col2im(cols: np.ndarray, shape: tuple, k: int) -> np.ndarray:
    n, h, w, c = shape
    ho, wo = h - k + 1, w - k + 1
    cols = cols.reshape(n, ho, wo, k, k, c)
    out = np.zeros(shape, cols.dtype)
    for i in range(k):
        for j in range(k):
            out[:, i : i + ho, j : j + wo, :] += cols[:, :, :, i, j, :]
    return out


def forward_numpy(p: list[np.ndarray], x: np.ndarray) -> tuple[np.ndarray, list]:
    """Logits and what the backward needs; works in float32 or float64 (the scorer's)."""
    K1, b1, K2, b2, W3, b3, W4, b4, W5, b5 = p
    n = len(x)
    xp = np.pad(x, ((0, 0), (2, 2), (2, 2), (0, 0)))
    c1 = _im2col(xp, 5)
    a1 = np.maximum((c1 @ K1.reshape(-1, 6) + b1).reshape(n, 28, 28, 6), 0)
    p1 = a1.reshape(n, 14, 2, 14, 2, 6).max(axis=(2, 4))
    c2 = _im2col(p1, 5)
    a2 = np.maximum((c2 @ K2.reshape(-1, 16) + b2).reshape(n, 10, 10, 16), 0)
    p2 = a2.reshape(n, 5, 2, 5, 2, 16).max(axis=(2, 4))
    f = p2.reshape(n, 400)
    h3 = np.maximum(f @ W3 + b3, 0)
    h4 = np.maximum(h3 @ W4 + b4, 0)
    return h4 @ W5 + b5, [c1, a1, p1, c2, a2, p2, f, h3, h4]


def _pool_backward(a: np.ndarray, pooled: np.ndarray, grad: np.ndarray) -> np.ndarray:
    n, h, w, c = a.shape
    windows = a.reshape(n, h // 2, 2, w // 2, 2, c)
    mask = windows == pooled[:, :, None, :, None, :]  # ties share (measure zero on random data)
    return (mask * grad[:, :, None, :, None, :]).reshape(a.shape)


def train_numpy(p: dict) -> list[np.ndarray]:
    w = [a.copy() for a in p["weights"]]
    for i in range(len(p["x"]) // BATCH):
        x, y = p["x"][i * BATCH : (i + 1) * BATCH], p["y"][i * BATCH : (i + 1) * BATCH]
        z, (c1, a1, p1, c2, a2, p2, f, h3, h4) = forward_numpy(w, x)
        e = np.exp(z - z.max(axis=1, keepdims=True))
        dz = e / e.sum(axis=1, keepdims=True)
        dz[np.arange(BATCH), y] -= 1
        dz /= BATCH
        g = [None] * 10
        g[8], g[9] = h4.T @ dz, dz.sum(0)
        d4 = (dz @ w[8].T) * (h4 > 0)
        g[6], g[7] = h3.T @ d4, d4.sum(0)
        d3 = (d4 @ w[6].T) * (h3 > 0)
        g[4], g[5] = f.T @ d3, d3.sum(0)
        dp2 = (d3 @ w[4].T).reshape(p2.shape)
        da2 = (_pool_backward(a2, p2, dp2) * (a2 > 0)).reshape(-1, 16)
        g[2], g[3] = (c2.T @ da2).reshape(w[2].shape), da2.sum(0)
        dp1 = _col2im(da2 @ w[2].reshape(-1, 16).T, p1.shape, 5)
        da1 = (_pool_backward(a1, p1, dp1) * (a1 > 0)).reshape(-1, 6)
        g[0], g[1] = (c1.T @ da1).reshape(w[0].shape), da1.sum(0)
        for param, grad in zip(w, g):
            param -= LR * grad
    return w


# ---- axone ---------------------------------------------------------------------------------------------
def _axone_model(weights: list[np.ndarray]) -> Any:
    import axone as ax

    model = ax.models.lenet5((28, 28, 1), CLASSES, classifier_activation=None)
    model.set_weights(weights)
    return model


def train_axone(p: dict, run_eagerly: bool = False) -> list[np.ndarray]:
    """``fit``: compiled steps by default (``jit_compile="auto"``), the eager engine with ``run_eagerly``."""
    import axone as ax

    model = _axone_model(p["weights"])
    loss = ax.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer=ax.optimizers.SGD(lr=LR), loss=loss, run_eagerly=run_eagerly)
    model.fit(p["x"], p["y"], batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    return model.get_weights()


def train_axone_loop(p: dict) -> list[np.ndarray]:
    import axone as ax

    model = _axone_model(p["weights"])
    params = model.trainable_variables
    opt = ax.optimizers.SGD(lr=LR)
    for i in range(len(p["x"]) // BATCH):
        x, y = p["x"][i * BATCH : (i + 1) * BATCH], p["y"][i * BATCH : (i + 1) * BATCH]
        loss = ax.losses.sparse_categorical_crossentropy(y, model(x, training=True), from_logits=True)
        opt.zero_grad(params)
        loss.backward()
        opt.step(params)
    return model.get_weights()


# ---- PyTorch -------------------------------------------------------------------------------------------
def train_torch(p: dict, threads: int = 2) -> list[np.ndarray]:
    import torch

    torch.set_num_threads(threads)
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120),
        nn.ReLU(),
        nn.Linear(120, 84),
        nn.ReLU(),
        nn.Linear(84, CLASSES),
    )
    K1, b1, K2, b2, W3, b3, W4, b4, W5, b5 = p["weights"]
    # torch flattens (C, H, W) where axone flattens (H, W, C): permute the first dense kernel's rows
    W3_chw = W3.reshape(5, 5, 16, 120).transpose(2, 0, 1, 3).reshape(400, 120)
    torch_weights = [K1.transpose(3, 2, 0, 1), b1, K2.transpose(3, 2, 0, 1), b2, W3_chw.T, b3, W4.T, b4, W5.T, b5]
    params = list(model.parameters())
    with torch.no_grad():
        for param, value in zip(params, torch_weights):
            param.copy_(torch.from_numpy(np.ascontiguousarray(value)))
    opt = torch.optim.SGD(params, lr=LR)
    x = torch.from_numpy(np.ascontiguousarray(p["x"].transpose(0, 3, 1, 2)))
    y = torch.from_numpy(p["y"])
    loss_fn = nn.CrossEntropyLoss()
    for i in range(len(x) // BATCH):
        opt.zero_grad()
        loss_fn(model(x[i * BATCH : (i + 1) * BATCH]), y[i * BATCH : (i + 1) * BATCH]).backward()
        opt.step()
    final = [a.detach().numpy() for a in params]
    W3_hwc = final[4].T.reshape(16, 5, 5, 120).transpose(1, 2, 0, 3).reshape(400, 120)
    return [
        final[0].transpose(2, 3, 1, 0),
        final[1],
        final[2].transpose(2, 3, 1, 0),
        final[3],
        W3_hwc,
        final[5],
        final[6].T,
        final[7],
        final[8].T,
        final[9],
    ]


IMPLEMENTATIONS = {
    "axone": train_axone,
    "axone_eager": lambda p: train_axone(p, run_eagerly=True),
    "axone_loop": train_axone_loop,
    "torch": train_torch,
    "numpy": train_numpy,
    "axone_1thread": train_axone,
    "torch_1thread": lambda p: train_torch(p, threads=1),
}


# ---- measuring -----------------------------------------------------------------------------------------
def final_loss(weights: list[np.ndarray], p: dict) -> float:
    """Mean cross-entropy of the trained weights on the first 512 images, float64 NumPy."""
    z, _ = forward_numpy([np.asarray(w, np.float64) for w in weights], p["x"][:512].astype(np.float64))
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(512), p["y"][:512]].mean())


def measure(impl: str, steps: int) -> dict[str, Any]:
    """Train one implementation in this process: time, final loss, peak memory rise."""
    problem = make_problem(steps)
    train = IMPLEMENTATIONS[impl]
    if impl.startswith("torch"):
        import torch  # imported before the memory baseline: the library's own size is not training

        torch.set_num_threads(1 if impl.endswith("_1thread") else 2)
    else:
        import axone  # noqa: F401
    warm = make_problem(3)
    train(warm)  # first-call costs (imports, allocator) out of the timing
    seconds, final, peak_mib = timed_with_peak(lambda: train(problem))
    return {
        "benchmark": "lenet",
        "impl": impl,
        "steps": steps,
        "seconds": round(seconds, 3),
        "per_unit": round(seconds / steps * 1e3, 3),
        "unit": "ms/step",
        "images_per_s": int(steps * BATCH / seconds),
        "final_loss": final_loss(final, problem),
        "peak_mem_mib": peak_mib,
    }


def run(quick: bool = False, repeats: int | None = None) -> list[dict[str, Any]]:
    """One row per implementation, each in fresh processes (best of ``repeats``, interleaved).

    ``speed_vs_torch`` and ``speed_vs_numpy`` divide torch's and NumPy's times by the row's
    (target for ``axone``: >= 1.2x torch; for ``axone_1thread``: >= 1.2x ``torch_1thread``);
    ``loss_ok``: the final loss is within LOSS_TOLERANCE (relative) of torch's.
    """
    steps = QUICK_STEPS if quick else STEPS
    repeats = repeats or (2 if quick else 3)  # 40 steps last 0.2 s: one run is too noisy to judge
    one_thread = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    runs = run_children(
        __file__, list(IMPLEMENTATIONS), steps, repeats, lambda i: one_thread if i.endswith("_1thread") else {}
    )
    best = {impl: min(found, key=lambda row: row["seconds"]) for impl, found in runs.items()}
    rows = list(best.values())
    reference = best["torch"]["final_loss"]
    for row in rows:
        row["repeats"] = repeats
        row["speed_vs_torch"] = round(best["torch"]["seconds"] / row["seconds"], 2)
        row["speed_vs_numpy"] = round(best["numpy"]["seconds"] / row["seconds"], 2)
        row["loss_ok"] = abs(row["final_loss"] - reference) <= LOSS_TOLERANCE * abs(reference)
        if row["impl"] == "axone":
            # peak memory during training at most MEMORY_VS_TORCH times torch's: torch's / axone's >= 1/2
            memory = best["torch"]["peak_mem_mib"] / max(row["peak_mem_mib"], 0.01)
            row["targets"] = {
                "torch": (row["speed_vs_torch"], TARGET_VS_TORCH),
                "torch's peak memory": (memory, 1 / MEMORY_VS_TORCH, "(torch's peak memory / axone's) for"),
            }
        if row["impl"] == "axone_1thread":
            ratio = round(best["torch_1thread"]["seconds"] / row["seconds"], 2)
            row["targets"] = {"torch_1thread": (ratio, TARGET_VS_TORCH)}
    return rows


if __name__ == "__main__":
    main(sys.argv[1:], measure, run)
