"""A LeNet-style network learns scikit-learn's 8x8 digits (shipped with sklearn, no download)."""

import numpy as np
import pytest

import axone as ax


def test_lenet_style_network_reads_held_out_digits():
    datasets = pytest.importorskip("sklearn.datasets")
    threadpoolctl = pytest.importorskip("threadpoolctl")  # a dependency of scikit-learn
    digits = datasets.load_digits()
    x = (digits.images / 16.0).astype(np.float32)[..., None]  # (1797, 8, 8, 1), channels-last
    y = digits.target
    order = np.random.default_rng(0).permutation(len(x))
    train, test = order[:1437], order[1437:]  # 360 held-out digits
    model = ax.Sequential(
        [
            ax.Input((8, 8, 1)),
            ax.layers.Conv2D(16, 3, padding="same", activation="relu"),
            ax.layers.MaxPooling2D(2),
            ax.layers.Conv2D(32, 3, padding="same", activation="relu"),
            ax.layers.MaxPooling2D(2),
            ax.layers.Flatten(),
            ax.layers.Dense(64, activation="relu"),
            ax.layers.Dense(10),
        ]
    )
    loss = ax.losses.get("sparse_categorical_crossentropy", from_logits=True)
    model.compile(optimizer=ax.optimizers.Adam(lr=0.001), loss=loss, metrics=["accuracy"])
    # one BLAS thread: these matrices are small, and on a busy 2-core machine OpenBLAS's threads
    # wait on each other (measured: 32 s instead of 3 s)
    with threadpoolctl.threadpool_limits(1, user_api="blas"):
        model.fit(x[train], y[train], epochs=30, batch_size=32, verbose=0)
    accuracy = (model.predict(x[test]).argmax(axis=1) == y[test]).mean()
    assert accuracy >= 0.98, f"held-out accuracy {accuracy:.4f}"
