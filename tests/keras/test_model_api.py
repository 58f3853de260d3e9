"""Keras's model API: get_layer, layers[i], to_json/model_from_json, load_model, summary() -> None,
compile's run_eagerly, jit_compile, weighted_metrics and loss_weights."""

import numpy as np
import pytest

import axone as ax


def _model():
    return ax.Sequential(
        [ax.Input((3,)), ax.layers.Dense(4, activation="relu", name="hidden"), ax.layers.Dense(1, name="out")],
        name="net",
    )


def test_get_layer_by_name_and_index_and_layers_by_position():
    model = _model()
    assert model.get_layer("hidden") is model.layers[0]
    assert model.get_layer(index=-1) is model.layers[1] and model.layers[1].name == "out"
    with pytest.raises(ValueError, match=r"no layer named 'nope'; its layers are \['hidden', 'out'\]"):
        model.get_layer("nope")
    with pytest.raises(ValueError, match="index 2 is out of range, the model has 2 layers"):
        model.get_layer(index=2)
    with pytest.raises(ValueError, match="exactly one"):
        model.get_layer()
    inputs = ax.Input((2,), name="x")
    fun = ax.Model(inputs, ax.layers.Dense(1, name="y")(inputs))
    assert fun.get_layer("x") is fun.layers[0] and fun.get_layer(index=1).name == "y"  # Keras: the Input is a layer


def test_to_json_round_trip_and_load_model_from_the_models_module(tmp_path):
    model = _model()
    again = ax.models.model_from_json(model.to_json())
    assert again.get_config() == model.get_config()
    assert again.count_params() == model.count_params()
    model.save(tmp_path / "net.axone")
    loaded = ax.models.load_model(tmp_path / "net.axone")
    x = np.ones((2, 3), "float32")
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    assert ax.models.load_model is ax.load_model


def test_summary_prints_returns_none_and_obeys_print_fn_and_line_length(capsys):
    model = _model()
    assert model.summary() is None
    out = capsys.readouterr().out
    assert 'Model: "net"' in out and "Total params: 21" in out
    lines = []
    assert model.summary(print_fn=lines.append, line_length=80) is None
    assert capsys.readouterr().out == ""  # everything went to print_fn
    assert lines[0] == 'Model: "net"' and max(map(len, lines)) <= 80


def test_compile_keeps_run_eagerly_and_jit_compile_and_refuses_bad_values():
    model = _model()
    model.compile(optimizer="sgd", loss="mse")
    assert model.run_eagerly is False and model.jit_compile == "auto"
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True, jit_compile=False)
    assert model.run_eagerly is True and model.jit_compile is False
    with pytest.raises(ValueError, match=r'jit_compile must be True, False or "auto", got \'yes\''):
        model.compile(optimizer="sgd", loss="mse", jit_compile="yes")
    with pytest.raises(ValueError, match="run_eagerly must be True or False, got 1"):
        model.compile(optimizer="sgd", loss="mse", run_eagerly=1)
    with pytest.raises(ValueError, match="contradict"):
        model.compile(optimizer="sgd", loss="mse", run_eagerly=True, jit_compile=True)


def test_weighted_metrics_are_sums_of_w_m_over_sums_of_w():
    model = _model()
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(50, 3)).astype("float32"), rng.normal(size=(50, 1)).astype("float32")
    w = rng.uniform(0, 3, size=50).astype("float32")
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"], weighted_metrics=["mae"])
    assert model.metrics_names == ["loss", "mae", "weighted_mae"]
    logs = model.evaluate(x, y, sample_weight=w, batch_size=16, return_dict=True)
    err = np.abs(model.predict(x) - y)[:, 0].astype(np.float64)
    assert logs["mae"] == pytest.approx(err.mean(), rel=1e-5)
    assert logs["weighted_mae"] == pytest.approx((w * err).sum() / w.sum(), rel=1e-5)
    # without weights a weighted metric is the plain one; only weighted metrics keep their names
    model.compile(optimizer="sgd", loss="mse", weighted_metrics=["mae"])
    logs = model.evaluate(x, y, return_dict=True)
    assert list(logs) == ["loss", "mae"] and logs["mae"] == pytest.approx(err.mean(), rel=1e-5)
    history = model.fit(x, y, sample_weight=w, batch_size=50, epochs=1, shuffle=False, verbose=0)
    assert history.history["mae"][0] == pytest.approx((w * err).sum() / w.sum(), rel=1e-5)  # before the step


def test_loss_weights_scale_a_single_output_loss():
    model = _model()
    x, y = np.ones((4, 3), "float32"), np.zeros((4, 1), "float32")
    model.compile(optimizer="sgd", loss="mse")
    plain = model.evaluate(x, y)
    model.compile(optimizer="sgd", loss="mse", loss_weights=0.25)
    assert model.evaluate(x, y) == pytest.approx(0.25 * plain, rel=1e-6)
    model.compile(optimizer="sgd", loss="mse", loss_weights=[2.0])
    assert model.evaluate(x, y) == pytest.approx(2.0 * plain, rel=1e-6)
    with pytest.raises(ValueError, match="loss_weights for output 'output' must be a finite number >= 0"):
        model.compile(optimizer="sgd", loss="mse", loss_weights=[-1.0])


def test_weighted_metrics_are_saved_with_the_compile_settings(tmp_path):
    model = _model()
    model.compile(optimizer="adam", loss="mse", metrics=["mae"], weighted_metrics=["mae", "mse"])
    model.save(tmp_path / "m.axone")
    again = ax.load_model(tmp_path / "m.axone")
    assert again.metrics_names == ["loss", "mae", "weighted_mae", "mse"] == model.metrics_names
    x, y, w = np.ones((6, 3), "float32"), np.zeros((6, 1), "float32"), np.arange(6.0)
    assert again.evaluate(x, y, sample_weight=w) == pytest.approx(model.evaluate(x, y, sample_weight=w))


def test_sequential_build_creates_the_weights_at_once():
    model = ax.Sequential([ax.layers.Dense(2, activation="relu"), ax.layers.Dense(3), ax.layers.Dense(4)])
    assert model.weights == [] and not model.built  # Keras: no weights before the input shape is known
    model.build((None, 4))
    assert model.built and len(model.weights) == 6 and model.count_params() == 4 * 2 + 2 + 2 * 3 + 3 + 3 * 4 + 4
    assert model.output_shape == (None, 4)
    with pytest.raises(ValueError, match="expects inputs with 4 features"):
        model.build((None, 5))
