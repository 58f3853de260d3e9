"""compile/fit/evaluate/predict: learning, history, validation, weights, inputs, three ways to train."""

import numpy as np
import pytest

import axone as ax
from tests.training.conftest import XOR_T, XOR_X, course_network, linear_model


def test_fit_learns_xor_with_the_course_network():
    model = course_network()
    model.compile(optimizer=ax.optimizers.Adam(lr=0.1), loss="mse", metrics=["accuracy"])
    history = model.fit(XOR_X, XOR_T, epochs=300, batch_size=4, verbose=0)
    assert history.history["accuracy"][-1] == 1.0
    assert history.history["loss"][-1] < 0.02
    np.testing.assert_array_equal(np.round(model.predict(XOR_X)), XOR_T)


def test_history_contents(regression_data):
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.05), loss="mse", metrics=["mae", "mse"])
    history = model.fit(x, y, epochs=4, batch_size=8, verbose=0)
    assert history is model.history
    assert history.epoch == [0, 1, 2, 3]
    assert list(history.history) == ["loss", "mae", "mse"]
    assert all(len(v) == 4 for v in history.history.values())
    assert history.history["loss"][-1] < history.history["loss"][0]
    # without sample weights the mse metric and the mse loss are the same epoch average
    np.testing.assert_allclose(history.history["mse"], history.history["loss"], rtol=1e-5)


def test_initial_epoch_numbers_the_epochs(regression_data):
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer="sgd", loss="mse")
    assert model.fit(x, y, epochs=4, initial_epoch=2, verbose=0).epoch == [2, 3]


def test_epoch_loss_is_the_mean_of_the_batch_losses_weighted_by_size(regression_data):
    x, y = regression_data
    model = linear_model(np.ones((3, 1)), [0.0])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.0), loss="mse")  # lr 0: every batch sees the same weights
    history = model.fit(x, y, epochs=1, batch_size=16, shuffle=False, verbose=0)
    expected = np.mean((x @ np.ones((3, 1)) - y) ** 2)
    assert history.history["loss"][0] == pytest.approx(expected, rel=1e-5)


def test_validation_split_takes_the_last_rows_before_shuffling(regression_data):
    x, y = regression_data
    model = linear_model(np.ones((3, 1)), [0.0])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.0), loss="mse")
    history = model.fit(x, y, epochs=2, validation_split=0.25, verbose=0)
    val_expected = np.mean((x[30:] @ np.ones((3, 1)) - y[30:]) ** 2)
    train_expected = np.mean((x[:30] @ np.ones((3, 1)) - y[:30]) ** 2)
    assert history.history["val_loss"][0] == pytest.approx(val_expected, rel=1e-5)
    assert history.history["loss"][0] == pytest.approx(train_expected, rel=1e-5)


def test_validation_data_matches_evaluate(regression_data):
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.05), loss="mse", metrics=["mae"])
    history = model.fit(x[:30], y[:30], epochs=3, validation_data=(x[30:], y[30:]), verbose=0)
    assert list(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    loss, mae = model.evaluate(x[30:], y[30:])
    assert history.history["val_loss"][-1] == pytest.approx(loss, rel=1e-6)
    assert history.history["val_mae"][-1] == pytest.approx(mae, rel=1e-6)


def _one_sgd_step_by_hand(x, y, w, kernel, bias, lr):
    """Mean over N of w_i * (y_i - t_i)^2 for y = xW + b: dE/dW = 2/N sum_i w_i (y_i - t_i) x_i."""
    residual = (x @ kernel + bias - y) * w[:, None]
    grad_kernel = 2 * x.T @ residual / len(x)
    grad_bias = 2 * residual.sum(axis=0) / len(x)
    return kernel - lr * grad_kernel, bias - lr * grad_bias


def test_sample_weight_against_a_hand_computation(regression_data):
    x, y = regression_data
    w = np.linspace(0.0, 2.0, len(x)).astype(np.float32)
    kernel, bias = np.full((3, 1), 0.5, np.float32), np.array([0.1], np.float32)
    model = linear_model(kernel, bias)
    model.compile(optimizer=ax.optimizers.SGD(lr=0.1), loss="mse")
    model.fit(x, y, sample_weight=w, epochs=1, batch_size=len(x), verbose=0)
    expected_kernel, expected_bias = _one_sgd_step_by_hand(x, y, w, kernel, bias, 0.1)
    np.testing.assert_allclose(model.get_weights()[0], expected_kernel, rtol=1e-5)
    np.testing.assert_allclose(model.get_weights()[1], expected_bias, rtol=1e-5)


def test_class_weight_against_a_hand_computation():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(12, 2)).astype(np.float32)
    labels = np.array([0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1])
    kernel, bias = np.array([[0.3], [-0.2]], np.float32), np.array([0.05], np.float32)
    model = linear_model(kernel, bias)
    model.compile(optimizer=ax.optimizers.SGD(lr=0.1), loss="mse")
    model.fit(x, labels, class_weight={0: 3.0, 1: 0.5}, epochs=1, batch_size=12, verbose=0)
    w = np.where(labels == 0, 3.0, 0.5).astype(np.float32)
    expected_kernel, _ = _one_sgd_step_by_hand(x, labels[:, None].astype(np.float32), w, kernel, bias, 0.1)
    np.testing.assert_allclose(model.get_weights()[0], expected_kernel, rtol=1e-5)


def test_evaluate_and_predict_shapes_and_return_forms(regression_data):
    x, y = regression_data
    model = linear_model(np.ones((3, 1)), [0.0])
    model.compile(optimizer="sgd", loss="mse")
    assert isinstance(model.evaluate(x, y), float)
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    assert len(model.evaluate(x, y)) == 2
    logs = model.evaluate(x, y, return_dict=True)
    assert list(logs) == ["loss", "mae"]
    # the result does not depend on the batch size
    assert model.evaluate(x, y, batch_size=7, return_dict=True)["loss"] == pytest.approx(logs["loss"], rel=1e-6)
    assert model.predict(x, batch_size=7).shape == (40, 1)
    np.testing.assert_allclose(model.predict(x, batch_size=7), x @ np.ones((3, 1)), rtol=1e-5)


def test_train_on_batch_and_test_on_batch(regression_data):
    x, y = regression_data
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.1), loss="mse", metrics=["mae"])
    before = model.test_on_batch(x, y)
    logs = model.train_on_batch(x, y, return_dict=True)
    assert logs["loss"] == pytest.approx(before[0], rel=1e-6)  # the loss before the step
    assert model.test_on_batch(x, y)[0] < before[0]


def test_pandas_dataframe_and_series_inputs(regression_data):
    pd = pytest.importorskip("pandas")
    x, y = regression_data
    frame = pd.DataFrame(x.astype(np.float64), columns=["a", "b", "c"])
    series = pd.Series(y[:, 0].astype(np.float64))
    model = linear_model(np.zeros((3, 1)), [0.0])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.05), loss="mse")
    history = model.fit(frame, series, epochs=2, verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
    assert model.predict(frame).dtype == np.float32
    assert model.evaluate(frame, series) == pytest.approx(model.evaluate(x, y), rel=1e-6)


def test_lists_are_accepted():
    model = course_network()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(XOR_X.tolist(), XOR_T.ravel().tolist(), epochs=2, verbose=0)
    assert len(history.history["accuracy"]) == 2


def test_lazy_sequential_builds_on_fit_and_subclassed_model_trains():
    class Net(ax.Model):
        def __init__(self):
            super().__init__()
            self.hidden = ax.layers.Dense(8, activation="tanh")
            self.out = ax.layers.Dense(1, activation="sigmoid")

        def call(self, x, training=False):
            return self.out(self.hidden(x))

    for model in (
        ax.Sequential([ax.layers.Dense(8, activation="tanh"), ax.layers.Dense(1, activation="sigmoid")]),
        Net(),
    ):
        model.compile(optimizer=ax.optimizers.Adam(lr=0.05), loss="binary_crossentropy", metrics=["accuracy"])
        history = model.fit(XOR_X, XOR_T, epochs=200, batch_size=4, verbose=0)
        assert history.history["accuracy"][-1] == 1.0
        assert model.count_params() == 2 * 8 + 8 + 8 + 1


def _sgd_reference(steps):
    model = course_network()
    model.set_weights(
        [
            w.astype(np.float32)
            for w in (
                np.array([[0.5, -0.4, 0.3], [0.2, 0.6, -0.7]]),
                np.array([0.1, -0.1, 0.05]),
                np.array([[0.8], [-0.5], [0.3]]),
                np.array([0.02]),
            )
        ]
    )
    return model


def test_three_ways_to_train_give_the_same_weights():
    steps, lr = 5, 0.5
    fitted = _sgd_reference(steps)
    fitted.compile(optimizer=ax.optimizers.SGD(lr=lr), loss="mse")
    fitted.fit(XOR_X, XOR_T, epochs=steps, batch_size=4, shuffle=False, verbose=0)

    torch_style = _sgd_reference(steps)
    params = torch_style.trainable_variables
    opt = ax.optimizers.SGD(params, lr=lr)
    for _ in range(steps):
        loss = ax.losses.mse(XOR_T, torch_style(XOR_X, training=True))
        loss.backward()
        opt.step(params)
        opt.zero_grad(params)

    tape_style = _sgd_reference(steps)
    params = tape_style.trainable_variables
    opt = ax.optimizers.SGD(lr=lr)
    for _ in range(steps):
        with ax.GradientTape() as tape:
            loss = ax.losses.mse(XOR_T, tape_style(XOR_X, training=True))
        opt.apply_gradients(zip(tape.gradient(loss, params), params))

    for a, b, c in zip(fitted.get_weights(), torch_style.get_weights(), tape_style.get_weights()):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)


def test_accuracy_is_picked_from_the_loss():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(30, 4)).astype(np.float32)
    labels = rng.integers(0, 3, 30)
    for loss, y in (("sparse_categorical_crossentropy", labels), ("categorical_crossentropy", np.eye(3)[labels])):
        model = ax.Sequential([ax.Input((4,)), ax.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
        acc = model.evaluate(x, y, return_dict=True)["accuracy"]
        assert acc == pytest.approx(np.mean(model.predict(x).argmax(1) == labels))
    model = ax.Sequential([ax.Input((4,)), ax.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    binary = (labels > 0).astype(np.float32)
    acc = model.evaluate(x, binary, return_dict=True)["accuracy"]
    assert acc == pytest.approx(np.mean((model.predict(x)[:, 0] > 0.5) == binary))
