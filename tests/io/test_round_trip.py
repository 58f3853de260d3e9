"""save -> load gives the same model: same weights bit for bit, same predictions, same training."""

from __future__ import annotations

import numpy as np
import pytest
from io_helpers import T, X, read_members, small_model

import axone as ax
from axone.training import Sequential


def assert_same_model(a, b, x):
    assert [w.name for w in a.weights] == [w.name for w in b.weights]
    for wa, wb in zip(a.weights, b.weights):
        assert wa.data.dtype == wb.data.dtype
        np.testing.assert_array_equal(wa.data, wb.data)
    np.testing.assert_array_equal(a.predict(x), b.predict(x))


def test_xor_round_trip_str_and_path(tmp_path):
    model = small_model()
    for path in (str(tmp_path / "a.axone"), tmp_path / "b.axone"):
        model.save(path)
        loaded = ax.load_model(path)
        assert type(loaded) is Sequential and loaded.name == "xor"
        assert_same_model(model, loaded, X)
        assert [layer.name for layer in loaded.layers] == ["hidden", "out"]


def test_members_are_exactly_the_format(tmp_path):
    path = tmp_path / "m.axone"
    small_model().save(path)
    assert [name for name, _ in read_members(path)] == [
        "axone.json",
        "config.json",
        "weights.safetensors",
        "optimizer.safetensors",
    ]
    ax.io.save_model(small_model(), path, include_optimizer=False)
    assert [name for name, _ in read_members(path)] == ["axone.json", "config.json", "weights.safetensors"]


@pytest.mark.parametrize(
    "optimizer",
    [
        lambda: ax.optimizers.SGD(lr=0.5, momentum=0.9, nesterov=True),
        lambda: ax.optimizers.Adam(lr=0.05),
        lambda: ax.optimizers.RMSprop(lr=0.01, centered=True),
        lambda: ax.optimizers.DeltaBarDelta(lr=0.5),
    ],
    ids=["sgd-nesterov", "adam", "rmsprop-centered", "delta-bar-delta"],
)
def test_a_loaded_model_goes_on_training_exactly(tmp_path, optimizer):
    """Train 2 epochs, save, load, train 3 more == train 5 epochs in one go (full batch, no shuffle):
    weights, optimizer slots and step counters all survive the file."""
    ax.random.seed(1)
    straight = small_model(optimizer())
    ax.random.seed(1)
    first = small_model(optimizer())  # same seed: same initial weights, same two epochs
    path = tmp_path / "resume.axone"
    first.save(path)
    resumed = ax.load_model(path)
    assert type(resumed.optimizer) is type(first.optimizer)
    assert resumed.optimizer.iterations == first.optimizer.iterations == 2
    straight.fit(X, T, epochs=3, batch_size=4, shuffle=False, verbose=0)
    resumed.fit(X, T, epochs=3, batch_size=4, shuffle=False, verbose=0)
    assert_same_model(straight, resumed, X)
    assert resumed.metrics_names == ["loss", "accuracy"]


def test_compile_false_and_no_optimizer_state(tmp_path):
    path = tmp_path / "m.axone"
    model = small_model()
    model.save(path)
    plain = ax.load_model(path, compile=False)
    assert plain.optimizer is None
    np.testing.assert_array_equal(plain.predict(X), model.predict(X))
    ax.io.save_model(model, path, include_optimizer=False)
    fresh = ax.load_model(path)
    assert fresh.optimizer.iterations == 0 and fresh.loss.name == "mse"


def test_uncompiled_and_lazily_built_models(tmp_path):
    """A Sequential without Input builds on its first call: the file records the input shape."""
    model = Sequential([ax.layers.Dense(4, activation="relu"), ax.layers.Dense(2)])
    model(np.ones((3, 5), np.float32))
    path = tmp_path / "lazy.axone"
    model.save(path)
    loaded = ax.load_model(path)
    assert loaded.optimizer is None
    assert_same_model(model, loaded, np.arange(10, dtype=np.float32).reshape(2, 5))


def test_layer_zoo_round_trip(tmp_path):
    """Every kind of weight: trainable, non-trainable statistics, nested blocks, float64."""
    ax.set_default_dtype("float64")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6, 4))
    norm = ax.layers.Normalization()
    norm.adapt(x)
    model = Sequential(
        [
            ax.Input((4,)),
            norm,
            ax.layers.Dense(5, activation="tanh"),
            ax.layers.BatchNormalization(),
            ax.layers.Dropout(0.5),
            ax.layers.Residual(ax.layers.Dense(5, activation="relu", bias_initializer=ax.initializers.constant(0.5))),
            ax.layers.Dense(2),
        ]
    )
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, rng.normal(size=(6, 2)), epochs=2, batch_size=3, verbose=0)
    path = tmp_path / "zoo.axone"
    model.save(path)
    loaded = ax.load_model(path)
    assert loaded.weights[0].data.dtype == np.float64
    assert_same_model(model, loaded, x)


def test_conv_and_recurrent_round_trip(tmp_path):
    images = np.random.default_rng(0).normal(size=(2, 6, 6, 1)).astype(np.float32)
    conv = Sequential(
        [
            ax.Input((6, 6, 1)),
            ax.layers.Conv2D(2, 3, padding="same", activation="relu"),
            ax.layers.MaxPooling2D(2),
            ax.layers.Flatten(),
            ax.layers.Dense(3),
        ]
    )
    conv.save(tmp_path / "conv.axone")
    assert_same_model(conv, ax.load_model(tmp_path / "conv.axone"), images)
    seq = np.random.default_rng(1).normal(size=(2, 5, 3)).astype(np.float32)
    rnn = Sequential([ax.Input((5, 3)), ax.layers.LSTM(4, return_sequences=True), ax.layers.GRU(3), ax.layers.Dense(1)])
    rnn.save(tmp_path / "rnn.axone")
    assert_same_model(rnn, ax.load_model(tmp_path / "rnn.axone"), seq)


def test_preprocessing_and_metadata_travel_with_the_model(tmp_path):
    pre = ax.data.Preprocessor(
        "y",
        "classification",
        [
            {
                "name": "age",
                "kind": "numeric",
                "impute": 30.0,
                "clip": None,
                "mean": 40.0,
                "scale": 10.0,
                "coerce": False,
            }
        ],
        classes=["no", "yes"],
    )
    model = small_model()
    path = tmp_path / "table.axone"
    ax.io.save_model(model, path, preprocessing=pre)
    loaded = ax.load_model(path)
    assert loaded.preprocessing_config == pre.get_config()
    assert ax.data.Preprocessor.from_config(loaded.preprocessing_config).classes == ["no", "yes"]
    assert loaded.file_metadata["epochs"] == 2 and loaded.file_metadata["axone_version"] == ax.__version__
    loaded.save(tmp_path / "again.axone")  # carried through a second save
    assert ax.load_model(tmp_path / "again.axone").preprocessing_config == pre.get_config()


def test_a_nan_loss_in_the_history_is_saved_as_null(tmp_path):
    model = small_model()
    model.history.history["loss"][-1] = float("nan")
    model.save(tmp_path / "m.axone")
    assert ax.load_model(tmp_path / "m.axone").file_metadata["final"]["loss"] is None


def test_an_unsaveable_model_fails_at_save_with_a_clear_error(tmp_path):
    class Custom(ax.layers.Layer):  # not registered: a file could not name it
        def call(self, x, training=False):
            return x

    with pytest.raises(ValueError, match="not registered"):
        ax.io.save_model(Custom(), tmp_path / "c.axone")
    assert list(tmp_path.iterdir()) == []


def test_a_custom_loss_or_metric_is_not_saved_and_the_model_loads_uncompiled(tmp_path):
    model = small_model(compile=False)
    model.compile(optimizer="sgd", loss="mse", metrics=lambda t, y: np.abs(t - y).mean(axis=-1))
    model.save(tmp_path / "m.axone")
    loaded = ax.load_model(tmp_path / "m.axone")
    assert loaded.optimizer is None and ax.io.inspect_model_file(tmp_path / "m.axone")["compile"] is None
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
