"""The PyTorch face (``ax.nn``) exports too, in torch's layouts (NCHW, weight (out, in)), given an input shape."""

from __future__ import annotations

import numpy as np
import pytest
from onnx_helpers import TOLERANCE

import axone as ax
from axone.onnx import ExportError

nn = ax.nn
RNG = np.random.default_rng(0)


def images(n: int = 5) -> np.ndarray:
    return RNG.normal(size=(n, 1, 8, 8)).astype(np.float32)


CASES = {
    "mlp": (
        lambda: nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 3), nn.Softmax(dim=1)),
        (None, 4),
    ),
    "cnn": (
        lambda: nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1),
            nn.BatchNorm2d(4),
            nn.Tanh(),
            nn.MaxPool2d(2),
            nn.Conv2d(4, 2, 3, padding="same", dilation=2),
            nn.AvgPool2d(2),
            nn.Flatten(),
            nn.Linear(8, 3),
            nn.LeakyReLU(0.1),
            nn.Identity(),
            nn.ELU(),
            nn.Softplus(),
            nn.Sigmoid(),
        ),
        (None, 1, 8, 8),
    ),
    "batch norm 1d": (lambda: nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2)), (None, 3)),
}


@pytest.mark.parametrize("name", CASES)
def test_torch_face_matches_onnxruntime(name: str, tmp_path) -> None:
    build, shape = CASES[name]
    net = build()
    x = images() if len(shape) == 4 else RNG.normal(size=(5, shape[1])).astype(np.float32)
    net.train()
    for _ in range(2):  # training steps move the running statistics away from 0 and 1
        net(x)
    path = ax.onnx.export(net, tmp_path / "net.onnx", input_shape=shape)
    assert ax.onnx.compare(net, path, x) <= TOLERANCE
    assert net.training  # compare() evaluates in eval mode and gives the mode back


def test_an_input_shape_is_needed(tmp_path) -> None:
    with pytest.raises(ExportError, match="input_shape="):
        ax.onnx.export(nn.Sequential(nn.Linear(2, 1)), tmp_path / "net.onnx")
    assert not (tmp_path / "net.onnx").exists()


def test_modules_without_converter_are_named(tmp_path) -> None:
    net = nn.Sequential(nn.Linear(2, 3), nn.LayerNorm(3), nn.Softmax(dim=None))
    with pytest.raises(ExportError, match="module LayerNorm"):
        ax.onnx.export(net, tmp_path / "net.onnx", input_shape=(None, 2))
    with pytest.raises(ExportError, match=r"Softmax\(dim=\.\.\.\)"):
        ax.onnx.export(nn.Sequential(nn.Linear(2, 3), nn.Softmax()), tmp_path / "net.onnx", input_shape=(None, 2))
    assert list(tmp_path.iterdir()) == []
