"""Each callback: EarlyStopping, StopAtThreshold, ModelCheckpoint, schedulers, CSVLogger, Lambda, hooks."""

import csv

import numpy as np
import pytest

import axone as ax
from tests.training.conftest import XOR_T, XOR_X, course_network, linear_model


class Recorder(ax.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def on_train_begin(self, logs=None):
        self.calls.append(("train_begin",))

    def on_epoch_begin(self, epoch, logs=None):
        self.calls.append(("epoch_begin", epoch))

    def on_train_batch_end(self, batch, logs=None):
        self.calls.append(("batch_end", batch, sorted(logs)))

    def on_epoch_end(self, epoch, logs=None):
        self.calls.append(("epoch_end", epoch, sorted(logs)))

    def on_train_end(self, logs=None):
        self.calls.append(("train_end",))


def test_hooks_are_called_in_keras_order_with_logs(regression_data):
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    rec = Recorder()
    model.fit(x, y, epochs=2, batch_size=20, verbose=0, callbacks=[rec])
    assert rec.calls[0] == ("train_begin",) and rec.calls[-1] == ("train_end",)
    assert rec.calls[1:5] == [
        ("epoch_begin", 0),
        ("batch_end", 0, ["loss", "mae"]),
        ("batch_end", 1, ["loss", "mae"]),
        ("epoch_end", 0, ["loss", "mae"]),
    ]
    assert rec.model is model and rec.params["epochs"] == 2 and rec.params["steps"] == 2


def test_stop_training_from_a_callback_ends_after_the_batch(regression_data):
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer="sgd", loss="mse")
    stop = ax.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: setattr(model, "stop_training", epoch == 1))
    assert model.fit(x, y, epochs=10, verbose=0, callbacks=[stop]).epoch == [0, 1]


def _scripted(model, values):
    """A callback placed before the one under test that replaces logs["loss"] by a scripted value."""

    def on_epoch_end(epoch, logs):
        logs["loss"] = values[epoch]

    return ax.callbacks.LambdaCallback(on_epoch_end=on_epoch_end)


def test_early_stopping_patience_and_restore_best_weights(regression_data):
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.01), loss="mse")
    values = [5.0, 4.0, 3.0, 3.5, 3.2, 2.9995, 3.1, 3.3, 1.0]
    weights = []
    record = ax.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: weights.append(model.get_weights()))
    stop = ax.callbacks.EarlyStopping(monitor="loss", patience=3, min_delta=0.001, restore_best_weights=True)
    history = model.fit(x, y, epochs=9, verbose=0, callbacks=[_scripted(model, values), record, stop])
    # 2.9995 is not better than 3.0 by more than min_delta: 3 epochs without progress after epoch 2
    assert history.epoch == [0, 1, 2, 3, 4, 5]
    assert stop.best_epoch == 2 and stop.stopped_epoch == 5
    for restored, saved in zip(model.get_weights(), weights[2]):
        np.testing.assert_array_equal(restored, saved)
    assert not np.array_equal(weights[2][0], weights[5][0])


def test_early_stopping_baseline_keeps_the_patience_running(regression_data):
    x, y = regression_data
    values = [5.0, 4.0, 3.0, 3.0, 3.0, 3.0, 3.0]
    for baseline, stopped in ((None, 4), (1.0, 3)):
        model = linear_model(np.zeros((3, 1)), [0.0])
        model.compile(optimizer="sgd", loss="mse")
        stop = ax.callbacks.EarlyStopping(monitor="loss", patience=2, baseline=baseline)
        history = model.fit(x, y, epochs=7, verbose=0, callbacks=[_scripted(model, values), stop])
        assert history.epoch[-1] == stopped == stop.stopped_epoch


def test_early_stopping_mode_auto_maximises_accuracy():
    assert ax.callbacks.EarlyStopping(monitor="val_accuracy").mode == "max"
    assert ax.callbacks.EarlyStopping(monitor="val_loss").mode == "min"


def test_stop_at_threshold_is_the_course_rule():
    model = course_network()
    model.compile(optimizer=ax.optimizers.Adam(lr=0.1), loss="mse")
    stop = ax.callbacks.StopAtThreshold(monitor="loss", threshold=0.05)
    history = model.fit(XOR_X, XOR_T, epochs=1000, batch_size=4, verbose=0, callbacks=[stop])
    losses = history.history["loss"]
    assert losses[-1] < 0.05 and all(v >= 0.05 for v in losses[:-1])
    assert stop.stopped_epoch == history.epoch[-1] < 999


def test_missing_monitor_names_the_available_keys(regression_data):
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(KeyError, match=r"monitors 'val_loss'.*available: loss.*validation_data"):
        model.fit(x, y, epochs=2, verbose=0, callbacks=[ax.callbacks.EarlyStopping()])


def test_learning_rate_scheduler_sets_the_rate_each_epoch(regression_data):
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.1), loss="mse")
    seen = []
    spy = ax.callbacks.LambdaCallback(on_epoch_begin=lambda e, logs: seen.append(model.optimizer.lr))
    sched = ax.callbacks.LearningRateScheduler(lambda epoch: 0.1 * 0.5**epoch)
    history = model.fit(x, y, epochs=3, verbose=0, callbacks=[sched, spy])
    assert seen == pytest.approx([0.1, 0.05, 0.025])
    assert history.history["learning_rate"] == pytest.approx([0.1, 0.05, 0.025])


def test_reduce_lr_on_plateau_with_min_lr():
    x, y = np.zeros((4, 1), np.float32), np.zeros(4, np.float32)  # zero gradients: the loss stays flat
    model = linear_model(np.zeros((1, 1)), [0.0])
    model.compile(optimizer=ax.optimizers.SGD(lr=1.0), loss="mse")
    reduce = ax.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_lr=0.2)
    history = model.fit(x, y, epochs=6, verbose=0, callbacks=[reduce])
    # the logged rate is the one the epoch ran with (as Keras); the reduction applies to the next
    assert history.history["learning_rate"] == pytest.approx([1.0, 1.0, 0.5, 0.25, 0.2, 0.2])
    assert model.optimizer.lr == pytest.approx(0.2)


def test_csv_logger_writes_and_appends(tmp_path, regression_data):
    x, y = regression_data
    path = tmp_path / "log.csv"
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    history = model.fit(x, y, epochs=2, verbose=0, callbacks=[ax.callbacks.CSVLogger(path)])
    model.fit(x, y, epochs=1, verbose=0, callbacks=[ax.callbacks.CSVLogger(path, append=True)])
    rows = list(csv.reader(path.read_text().splitlines()))
    assert rows[0] == ["epoch", "loss", "mae"] and len(rows) == 4
    assert float(rows[1][1]) == history.history["loss"][0]
    model.fit(x, y, epochs=1, verbose=0, callbacks=[ax.callbacks.CSVLogger(path)])
    assert len(path.read_text().splitlines()) == 2  # without append the file starts again


def test_lambda_callback_batch_hooks(regression_data):
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer="sgd", loss="mse")
    batches = []
    cb = ax.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: batches.append(batch))
    model.fit(x, y, epochs=2, batch_size=10, verbose=0, callbacks=[cb])
    assert batches == [0, 1, 2, 3] * 2


def test_model_checkpoint_save_best_only(tmp_path, regression_data):
    io = pytest.importorskip("axone.io")
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.05), loss="mse")
    check = ax.callbacks.ModelCheckpoint(
        tmp_path / "best.weights.axone", monitor="loss", save_best_only=True, save_weights_only=True
    )
    every = ax.callbacks.ModelCheckpoint(tmp_path / "m-{epoch:02d}.axone", monitor="loss")
    model.fit(x, y, epochs=3, verbose=0, callbacks=[check, every])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "best.weights.axone",
        "m-01.axone",
        "m-02.axone",
        "m-03.axone",
    ]
    fresh = ax.Sequential([ax.Input((3,)), ax.layers.Dense(1, name=model.layers[0].name)])
    io.load_weights(fresh, tmp_path / "best.weights.axone")
    for a, b in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)  # the loss kept going down: the best is the last
    loaded = io.load_model(tmp_path / "m-03.axone")
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
