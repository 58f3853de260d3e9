"""``fit`` with compiled steps gives the bits of eager ``fit``, for the course's networks.

Each network is built twice from the same seed and trained with ``jit_compile=True`` and with
``run_eagerly=True``; the histories, the weights and the predictions must be equal exactly. The
networks: XOR (2-3-1 sigmoid, the course's), the two circles (6 ReLU and a sigmoid), the recurrent
adder (SimpleRNN on bit sequences), a small LeNet (conv, pooling, dense, softmax cross-entropy),
and one with dropout, batch normalization, a validation split, sample weights and a last smaller
batch, so that every path of ``fit`` is replayed.
"""

from __future__ import annotations

import logging

import numpy as np
import pytest

import axone as ax


def _train(build, data, compiled: bool, **fit_options):
    ax.random.seed(0)
    model, compile_options = build()
    if compiled:
        model.compile(**compile_options, jit_compile=True)
    else:
        model.compile(**compile_options, run_eagerly=True)
    x, y = data
    history = model.fit(x, y, verbose=0, **fit_options)
    return model, history.history, [w.data.copy() for w in model.weights], model.predict(x, batch_size=7)


def _same_training(build, data, **fit_options):
    eager = _train(build, data, False, **fit_options)
    compiled = _train(build, data, True, **fit_options)
    assert compiled[1] == eager[1]
    for a, b in zip(compiled[2], eager[2]):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(compiled[3], eager[3])
    kinds = {kind for kind, _ in compiled[0]._compiled_steps}
    assert {"train_step", "predict_step"} <= kinds, "fit or predict did not use a compiled step"
    if fit_options.get("validation_split"):
        assert "test_step" in kinds
    return compiled[0]


def _step(model, name: str):
    (found,) = [f for (kind, _), f in model._compiled_steps.items() if kind == name]
    return found


XOR = (np.array([[0, 0], [0, 1], [1, 0], [1, 1]], "float32"), np.array([[0], [1], [1], [0]], "float32"))


def test_xor() -> None:
    def build():
        model = ax.Sequential(
            [ax.Input((2,)), ax.layers.Dense(3, activation="sigmoid"), ax.layers.Dense(1, activation="sigmoid")]
        )
        return model, {"optimizer": ax.optimizers.SGD(lr=0.5), "loss": "mse", "metrics": ["accuracy"]}

    model = _same_training(build, XOR, epochs=60, batch_size=4)
    assert _step(model, "train_step").trace_count == 1  # one signature: 60 epochs of one batch, 59 of them replayed


def test_circles_with_shuffled_batches_and_a_last_smaller_batch() -> None:
    def build():
        model = ax.Sequential(
            [ax.Input((2,)), ax.layers.Dense(6, activation="relu"), ax.layers.Dense(1, activation="sigmoid")]
        )
        return model, {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]}

    model = _same_training(build, ax.data.circles(90, rng=1), epochs=5, batch_size=16)
    assert _step(model, "train_step").trace_count == 2  # 90 = 5 x 16 + 10: the last batch is its own signature


def test_recurrent_adder() -> None:
    def build():
        model = ax.Sequential(
            [
                ax.Input((None, 2)),
                ax.layers.SimpleRNN(8, return_sequences=True),
                ax.layers.Dense(1, activation="sigmoid"),
            ]
        )
        return model, {"optimizer": ax.optimizers.Adam(lr=0.01), "loss": "binary_crossentropy"}

    _same_training(build, ax.data.binary_addition(64, bits=6, rng=0), epochs=3, batch_size=16)


def test_lenet_like_network_with_softmax_cross_entropy() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((24, 12, 12, 1)).astype("float32")
    y = rng.integers(0, 3, 24)

    def build():
        model = ax.Sequential(
            [
                ax.Input((12, 12, 1)),
                ax.layers.Conv2D(4, 3, activation="relu", padding="same"),
                ax.layers.MaxPooling2D(2),
                ax.layers.Conv2D(6, 3, activation="relu"),
                ax.layers.AveragePooling2D(2),
                ax.layers.Flatten(),
                ax.layers.Dense(10, activation="relu"),
                ax.layers.Dense(3),
            ]
        )
        loss = ax.losses.SparseCategoricalCrossentropy(from_logits=True)
        return model, {"optimizer": ax.optimizers.SGD(lr=0.05, momentum=0.9), "loss": loss, "metrics": ["accuracy"]}

    _same_training(build, (x, y), epochs=2, batch_size=8)


def test_dropout_batch_norm_validation_and_sample_weights() -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((50, 4)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    weights = rng.uniform(0.5, 2.0, 50).astype("float32")

    def build():
        model = ax.Sequential(
            [
                ax.Input((4,)),
                ax.layers.Dense(8, activation="tanh"),
                ax.layers.BatchNormalization(),
                ax.layers.Dropout(0.3),
                ax.layers.Dense(1, activation="sigmoid"),
            ]
        )
        return model, {"optimizer": "rmsprop", "loss": "binary_crossentropy", "metrics": ["accuracy"]}

    _same_training(build, (x, y), epochs=3, batch_size=16, validation_split=0.2, sample_weight=weights)


def test_a_layer_that_cannot_be_traced_falls_back_to_eager_with_the_reason_logged(caplog) -> None:
    class Peek(ax.layers.Layer):
        """Reads a value in Python: fine eagerly, impossible to trace."""

        def call(self, x, training=False):
            return x * 2 if float(x.sum()) > -1e9 else x

    def build():
        model = ax.Sequential([ax.Input((2,)), Peek(), ax.layers.Dense(1)])
        return model, {"optimizer": "sgd", "loss": "mse"}

    ax.random.seed(0)
    eager = _train(build, XOR, False, epochs=3, batch_size=2)
    with caplog.at_level(logging.INFO, logger="axone"):
        ax.random.seed(0)
        model, compile_options = build()
        model.compile(**compile_options)  # jit_compile="auto"
        history = model.fit(*XOR, epochs=3, batch_size=2, verbose=0)
    assert "runs eagerly: it cannot be compiled" in caplog.text and "float()" in caplog.text
    assert history.history == eager[1]
    for a, b in zip(model.weights, eager[2]):
        np.testing.assert_array_equal(a.data, b)

    model, compile_options = build()
    model.compile(**compile_options, jit_compile=True)  # asked for: the error is raised
    with pytest.raises(ax.TracingError, match="float\\(\\) on a traced tensor"):
        model.fit(*XOR, epochs=1, verbose=0)


def test_train_on_batch_and_evaluate_compiled_match_eager() -> None:
    def build():
        model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(3, activation="tanh"), ax.layers.Dense(1)])
        return model, {"optimizer": "adam", "loss": "mse", "metrics": ["mae"]}

    results = []
    for compiled in (False, True):
        ax.random.seed(0)
        model, options = build()
        model.compile(**options, jit_compile=compiled)
        logs = [model.train_on_batch(*XOR) for _ in range(5)]
        results.append(
            (logs, model.evaluate(*XOR, batch_size=3, return_dict=True), [w.data.copy() for w in model.weights])
        )
    assert results[0][0] == results[1][0] and results[0][1] == results[1][1]
    for a, b in zip(results[0][2], results[1][2]):
        np.testing.assert_array_equal(a, b)
    assert _step(model, "train_step").trace_count == 1 and _step(model, "test_step").trace_count == 2
