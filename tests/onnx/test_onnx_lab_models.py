"""The networks the labs train, built by the labs' own functions and trained briefly on the labs'
data, give onnxruntime the same outputs as axone within 1e-5."""

from __future__ import annotations

import numpy as np
import pytest
from onnx_helpers import TOLERANCE, round_trip

import axone as ax
from axone.labs import addition, circles, label_noise, lenet, logic, residual


def trained_circles():
    x, y = ax.datasets.circles(200, noise=0.08, factor=0.5, rng=0)
    model = circles.build_model()
    model.fit(x, y, epochs=3, batch_size=32, verbose=0)
    return model, x


def trained_addition():
    a, b = np.divmod(np.arange(300), 2**7)
    x, t = ax.datasets.addition_sequences(a, b, bits=7)
    model = addition.build_model()
    model.fit(x, t, epochs=1, batch_size=32, verbose=0)
    return model, x[:50]


def trained_logic():
    w1, w2 = logic.initial_weights(np.random.default_rng(0))
    model = logic.keras_model(w1, w2)  # float64 in the lab: the file is float32
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    model.fit(x, np.array([[0.0], [1.0], [1.0], [0.0]]), epochs=20, batch_size=4, verbose=0)
    return model, x


def digits(count: int) -> tuple[np.ndarray, np.ndarray]:
    x, y = ax.datasets.digits()
    return x[:count], y[:count]


def trained_lenet():
    x, y = digits(64)
    x = lenet.enlarge(x)
    model = ax.models.lenet5(input_shape=x.shape[1:])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    return model, x[:20]


def trained_residual():
    x, y = digits(200)
    x = x.reshape(len(x), -1)
    model = residual.build(True, depth=4)
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    return model, x[:50]


def trained_label_noise():
    x, y = digits(200)
    model = label_noise.build()
    model.fit(x.reshape(len(x), -1), y, epochs=1, batch_size=32, verbose=0)
    return model, x.reshape(len(x), -1)[:50]


LABS = {
    "circles": trained_circles,
    "addition": trained_addition,
    "logic": trained_logic,
    "lenet": trained_lenet,
    "residual": trained_residual,
    "label-noise": trained_label_noise,
}


@pytest.mark.parametrize("lab", LABS)
def test_trained_lab_model_matches_onnxruntime(lab: str, tmp_path) -> None:
    model, x = LABS[lab]()
    assert round_trip(model, tmp_path, np.asarray(x, dtype=np.float32)) <= TOLERANCE
