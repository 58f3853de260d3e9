"""Functional models in model files and JSON: the graph round-trips, a bad graph is refused by field."""

import copy
import json
import zipfile

import numpy as np
import pytest

import axone as ax
from axone.io import ModelFileError


def _model():
    a, b = ax.Input((3,), name="a"), ax.Input((2,), name="b")
    shared = ax.layers.Dense(4, activation="relu", name="shared")
    ha, hb = shared(ax.layers.Dense(4, name="pa")(a)), shared(ax.layers.Dense(4, name="pb")(b))
    out = ax.layers.Dense(1, name="out")(ax.layers.Concatenate(name="cat")([ha, hb]))
    side = ax.layers.Dense(2, name="side")(ax.layers.Add(name="add")([ha, hb]))
    return ax.Model(inputs=[a, b], outputs=[out, side], name="graph")


def _data(n=8):
    rng = np.random.default_rng(0)
    return [rng.normal(size=(n, 3)).astype("float32"), rng.normal(size=(n, 2)).astype("float32")]


def test_save_and_load_give_the_same_graph_and_outputs(tmp_path):
    model = _model()
    x = _data()
    path = tmp_path / "graph.axone"
    model.save(path)
    again = ax.load_model(path)
    assert isinstance(again, ax.training.Functional)
    assert [layer.name for layer in again.layers] == [layer.name for layer in model.layers]
    assert again.get_config() == model.get_config()
    for p, q in zip(model.predict(x), again.predict(x)):
        np.testing.assert_array_equal(p, q)
    # the shared layer is still one layer with one set of weights
    assert again.count_params() == model.count_params()


def test_single_output_model_keeps_its_compile_settings(tmp_path):
    inputs = ax.Input((3,))
    outputs = ax.layers.Dense(2, activation="softmax")(ax.layers.Dense(4, activation="tanh")(inputs))
    model = ax.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x, y = _data(16)[0], np.arange(16) % 2
    model.fit(x, y, epochs=2, verbose=0)
    model.save(tmp_path / "m.axone")
    again = ax.models.load_model(tmp_path / "m.axone")
    assert again.metrics_names == ["loss", "accuracy"]
    assert again.evaluate(x, y) == pytest.approx(model.evaluate(x, y), rel=1e-6)


def test_to_json_and_model_from_json_rebuild_the_architecture():
    model = _model()
    text = model.to_json()
    assert json.loads(text)["class_name"] == "Functional"
    again = ax.models.model_from_json(text)
    assert again.get_config() == model.get_config()
    assert [p.shape for p in again.predict(_data())] == [(8, 1), (8, 2)]
    seq = ax.Sequential([ax.Input((2,)), ax.layers.Dense(3, name="d")], name="s")
    assert ax.models.model_from_json(seq.to_json(indent=2)).get_config() == seq.get_config()
    with pytest.raises(ModelFileError, match="'model.class_name'.*os.system"):
        ax.models.model_from_json('{"class_name": "os.system", "config": {}}')
    with pytest.raises(ValueError, match="custom_objects is not used"):
        ax.models.model_from_json(text, custom_objects={"X": object})


def _rewrite(path, out, change):
    """A copy of the model file at ``out`` whose config.json went through ``change(config)``."""
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist()}
    config = json.loads(members["config.json"])
    change(config["model"]["config"])
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def _set(key, value):
    return lambda c: c.__setitem__(key, value)


def _node(k, **fields):
    return lambda c: c["nodes"][k].update(fields)


BAD_GRAPHS = [
    (_set("extra", 1), "model.config.extra", "unknown field"),
    (lambda c: c.pop("nodes"), "model.config.nodes", "missing"),
    (_node(3, inputs=5), "model.config.nodes[3].inputs", "only nodes listed before it"),
    (_node(3, inputs=3), "model.config.nodes[3].inputs", "only nodes listed before it"),
    (_node(0, inputs=1), "model.config.nodes[0].inputs", "Input layer's node reads no other node"),
    (_node(2, inputs=None), "model.config.nodes[2].inputs", "reads one node or a list"),
    (_node(2, layer=99), "model.config.nodes[2].layer", "index of a layer"),
    (_node(2, layer=True), "model.config.nodes[2].layer", "index of a layer"),
    (_node(2, inputs=[]), "model.config.nodes[2].inputs", "reads one node or a list"),
    (lambda c: c["nodes"][2].update(extra=0), "model.config.nodes[2]", "exactly 'layer' and 'inputs'"),
    (_set("inputs", [0, 2]), "model.config.inputs", "not the node of an Input"),
    (_set("inputs", [0]), "model.config.inputs", "every Input node once"),
    (_set("outputs", [99]), "model.config.outputs", "node indices"),
    (_set("outputs", []), "model.config.outputs", "node index or a list"),
    (_set("outputs", {"": 8}), "model.config.outputs", "non-empty strings"),
    (_set("outputs", {"out": 99}), "model.config.outputs", "node indices"),
    (lambda c: c["layers"].append(c["layers"][2]), "model.config.layers", "in no node"),
    (lambda c: c["layers"][2].__setitem__("class_name", "os.system"), "model.config.layers[2].class_name", "never"),
    (lambda c: c["layers"][2]["config"].__setitem__("units", "4"), "model.config.layers[2].config.units", "int"),
]


@pytest.mark.parametrize("change, field, problem", BAD_GRAPHS)
def test_a_bad_graph_is_refused_naming_the_member_and_field(tmp_path, change, field, problem):
    path = tmp_path / "good.axone"
    _model().save(path)
    bad = tmp_path / "bad.axone"
    _rewrite(path, bad, change)
    with pytest.raises(ModelFileError) as info:
        ax.load_model(bad)
    assert info.value.member == "config.json"
    assert field in info.value.field, info.value
    assert problem in str(info.value)


def test_a_graph_whose_shapes_do_not_fit_is_refused_at_build(tmp_path):
    path = tmp_path / "good.axone"
    _model().save(path)
    bad = tmp_path / "bad.axone"

    def swap(config):
        config["nodes"][3]["inputs"] = 1  # the shared layer's first call now reads input b (2 features)

    _rewrite(path, bad, swap)
    with pytest.raises(ModelFileError, match=r"nodes\[5\] \(layer 'shared'\).*expects inputs with 2 features") as info:
        ax.load_model(bad)
    assert info.value.member == "config.json" and info.value.field == "field 'model.config.nodes'"


def test_a_valid_config_survives_the_checks_unchanged():
    config = _model().get_config()
    before = copy.deepcopy(config)
    from axone.io.validate import check_layer_spec

    check_layer_spec({"class_name": "Functional", "config": config}, "x", "config.json", "model")
    assert config == before


def test_a_model_with_several_outputs_is_loaded_compiled_as_it_was(tmp_path):
    model = _model()
    loss = {"out": ax.losses.MeanSquaredError(), "side": "log_cosh"}
    model.compile(optimizer="adam", loss=loss, loss_weights={"out": 2.0, "side": 0.5}, metrics={"side": ["mae"]})
    x, y = _data(), [np.zeros((8, 1), "float32"), np.ones((8, 2), "float32")]
    model.fit(x, y, epochs=2, verbose=0)
    model.save(tmp_path / "m.axone")
    again = ax.load_model(tmp_path / "m.axone")
    assert again.metrics_names == model.metrics_names == ["loss", "out_loss", "side_loss", "side_mae"]
    assert again.loss.weights == [2.0, 0.5]
    assert again.evaluate(x, y) == pytest.approx(model.evaluate(x, y), rel=1e-6)
    # training goes on from the saved optimizer state: the same step as the original's
    assert again.train_on_batch(x, y) == pytest.approx(model.train_on_batch(x, y), rel=1e-5)


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda c: c["losses"].__setitem__("out", "nope"), "compile.losses.out"),
        (lambda c: c["loss_weights"].__setitem__("out", -2), "compile.loss_weights.out"),
        (lambda c: c["loss_weights"].__setitem__("other", 1.0), "compile.loss_weights.other"),
        (lambda c: c["metrics"].__setitem__("side", ["nope"]), "compile.metrics.side[0]"),
        (lambda c: c.__setitem__("losses", []), "compile.losses"),
    ],
)
def test_bad_per_output_compile_fields_are_refused(tmp_path, change, field):
    model = _model()
    model.compile(optimizer="sgd", loss=["mse", "mse"], metrics={"side": ["mae"]})
    model.save(tmp_path / "m.axone")
    with zipfile.ZipFile(tmp_path / "m.axone") as z:
        members = {name: z.read(name) for name in z.namelist()}
    config = json.loads(members["config.json"])
    change(config["compile"])
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(tmp_path / "bad.axone", "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(ModelFileError) as info:
        ax.load_model(tmp_path / "bad.axone")
    assert field in info.value.field
