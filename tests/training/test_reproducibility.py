"""ax.random.seed(n): two fresh processes give identical histories and weights; the fused loss is exact."""

import os
import subprocess
import sys

import numpy as np
import pytest

import axone as ax
from axone.training.fused_loss import softmax_cross_entropy

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = """
import json, hashlib, sys
import numpy as np
import axone as ax
ax.random.seed(int(sys.argv[1]))
layers = [ax.Input((4,)), ax.layers.Dense(8, activation="tanh")]
if hasattr(ax.layers, "Dropout"):
    layers.append(ax.layers.Dropout(0.25))
layers.append(ax.layers.Dense(3))
model = ax.Sequential(layers)
model.compile(optimizer="adam", loss=ax.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
x = np.linspace(-1, 1, 200, dtype=np.float32).reshape(50, 4)
y = np.arange(50) % 3
history = model.fit(x, y, epochs=3, batch_size=8, validation_split=0.2, verbose=0)
digest = hashlib.sha256(b"".join(w.tobytes() for w in model.get_weights())).hexdigest()
print(json.dumps({"history": history.history, "weights": digest}))
"""


def _run(seed):
    env = {**os.environ, "PYTHONPATH": ROOT}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(seed)], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_two_processes_with_the_same_seed_are_identical():
    first, second, other = _run(3), _run(3), _run(4)
    assert first == second
    assert first != other


@pytest.mark.parametrize("sparse", [True, False])
def test_fused_softmax_cross_entropy_against_torch(sparse):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    z = rng.normal(size=(6, 4)) * 5
    labels = rng.integers(0, 4, 6)
    weights = rng.random(6)
    targets = labels if sparse else np.eye(4)[labels]
    zt = ax.Tensor(z, requires_grad=True)
    loss = softmax_cross_entropy(zt, targets, weights)
    loss.backward()
    zr = torch.tensor(z, requires_grad=True)
    ref = (torch.nn.functional.cross_entropy(zr, torch.tensor(labels), reduction="none") * torch.tensor(weights)).mean()
    ref.backward()
    assert float(loss) == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(zt.grad.numpy(), zr.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_fit_uses_the_fused_loss_with_the_same_result_as_the_composed_one():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 5)).astype(np.float32)
    y = rng.integers(0, 3, 32)
    results = []
    for loss in (
        ax.losses.SparseCategoricalCrossentropy(from_logits=True),
        lambda t, p: ax.losses.sparse_categorical_crossentropy(t, p, from_logits=True),
    ):
        ax.random.seed(0)
        model = ax.Sequential([ax.Input((5,)), ax.layers.Dense(3)])
        model.compile(optimizer=ax.optimizers.SGD(lr=0.1), loss=loss)
        results.append((model.fit(x, y, epochs=2, batch_size=8, verbose=0).history["loss"], model.get_weights()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-6)
    for a, b in zip(results[0][1], results[1][1]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)
