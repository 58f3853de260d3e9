"""The functional API: graphs of layer calls, checked against the same network as a Sequential and
against torch (shared layers, merges), trained on lists and dicts of arrays."""

import numpy as np
import pytest
import torch

import axone as ax
from axone.training.summary import summary_text


def _mlp_pair():
    """The same 4-8-3 network as a Sequential and as a functional model, with the same weights."""
    seq = ax.Sequential([ax.Input((4,)), ax.layers.Dense(8, activation="tanh"), ax.layers.Dense(3)])
    inputs = ax.Input(shape=(4,))
    x = ax.layers.Dense(8, activation="tanh")(inputs)
    outputs = ax.layers.Dense(3)(x)
    fun = ax.Model(inputs=inputs, outputs=outputs)
    fun.set_weights(seq.get_weights())
    return seq, fun


def test_model_with_inputs_and_outputs_is_a_functional_model():
    seq, fun = _mlp_pair()
    assert isinstance(fun, ax.training.Functional) and isinstance(fun, ax.Model)
    assert [type(layer).__name__ for layer in fun.layers] == ["Input", "Dense", "Dense"]
    assert fun.count_params() == seq.count_params() == 4 * 8 + 8 + 8 * 3 + 3
    assert fun.input_shape == (None, 4) and fun.output_shape == (None, 3)


def test_same_weights_give_the_same_outputs_and_the_same_training_as_sequential():
    seq, fun = _mlp_pair()
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(40, 4)).astype("float32"), rng.normal(size=(40, 3)).astype("float32")
    np.testing.assert_array_equal(seq.predict(x), fun.predict(x))
    for model in (seq, fun):
        model.compile(optimizer=ax.optimizers.SGD(lr=0.05, momentum=0.9), loss="mse", metrics=["mae"])
    ax.random.seed(3)
    h_seq = seq.fit(x, y, epochs=3, batch_size=8, verbose=0)
    ax.random.seed(3)
    h_fun = fun.fit(x, y, epochs=3, batch_size=8, verbose=0)
    assert h_seq.history["loss"][-1] < h_seq.history["loss"][0]
    np.testing.assert_allclose(h_fun.history["loss"], h_seq.history["loss"], rtol=1e-6)
    for a, b in zip(seq.get_weights(), fun.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)
    assert seq.evaluate(x, y) == pytest.approx(fun.evaluate(x, y), rel=1e-6)


def _two_branch_model():
    """Two inputs, a shared Dense, Add/Multiply/Concatenate, two outputs."""
    a, b = ax.Input((3,), name="a"), ax.Input((2,), name="b")
    shared = ax.layers.Dense(4, activation="tanh", name="shared")
    ha = shared(ax.layers.Dense(4, name="proj_a")(a))
    hb = shared(ax.layers.Dense(4, name="proj_b")(b))
    joined = ax.layers.Concatenate(name="joined")([ax.layers.Add()([ha, hb]), ax.layers.Multiply()([ha, hb])])
    o1 = ax.layers.Dense(1, name="o1")(joined)
    o2 = ax.layers.Dense(2, name="o2")(hb)
    return ax.Model(inputs=[a, b], outputs=[o1, o2], name="two")


def _torch_twin(model):
    w = {layer.name: [torch.tensor(v.data, dtype=torch.float64, requires_grad=True) for v in layer.weights]
         for layer in model.layers if layer.weights}  # fmt: skip

    def forward(a, b):
        def dense(name, x):
            kernel, bias = w[name]
            return x @ kernel + bias

        ha = torch.tanh(dense("shared", dense("proj_a", a)))
        hb = torch.tanh(dense("shared", dense("proj_b", b)))
        joined = torch.cat([ha + hb, ha * hb], dim=-1)
        return dense("o1", joined), dense("o2", hb)

    return w, forward


def test_shared_layers_and_merges_match_torch_forward_and_gradients():
    ax.set_default_dtype("float64")
    model = _two_branch_model()
    rng = np.random.default_rng(2)
    xa, xb = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    r1, r2 = rng.normal(size=(5, 1)), rng.normal(size=(5, 2))
    with ax.GradientTape() as tape:
        o1, o2 = model([xa, xb])
        total = (o1 * ax.Tensor(r1)).sum() + (o2 * ax.Tensor(r2)).sum()
    grads = tape.gradient(total, model.trainable_variables)
    w, forward = _torch_twin(model)
    t1, t2 = forward(torch.tensor(xa), torch.tensor(xb))
    ((t1 * torch.tensor(r1)).sum() + (t2 * torch.tensor(r2)).sum()).backward()
    np.testing.assert_allclose(o1.data, t1.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(o2.data, t2.detach().numpy(), rtol=1e-10)
    torch_grads = {f"{name}/{k}": t.grad.numpy() for name, ts in w.items() for k, t in zip(("kernel", "bias"), ts)}
    for variable, grad in zip(model.trainable_variables, grads):
        np.testing.assert_allclose(grad.data, torch_grads[variable.name], rtol=1e-9, atol=1e-12)
    # the shared layer holds one set of weights, whose gradient sums both of its calls
    assert sum(v.name.startswith("shared/") for v in model.trainable_variables) == 2


def test_fit_evaluate_predict_with_lists_and_dicts_and_loss_weights():
    model = _two_branch_model()
    rng = np.random.default_rng(3)
    xa, xb = rng.normal(size=(30, 3)), rng.normal(size=(30, 2))
    y1, y2 = rng.normal(size=(30, 1)), rng.normal(size=(30, 2))
    model.compile(optimizer="adam", loss=["mse", "mse"], loss_weights=[1.0, 0.5], metrics=["mae"])
    history = model.fit([xa, xb], [y1, y2], epochs=4, batch_size=10, verbose=0, validation_split=0.2)
    names = ["loss", "o1_loss", "o2_loss", "o1_mae", "o2_mae"]  # Keras's: the per-output losses, then metrics
    assert list(history.history) == names + [f"val_{name}" for name in names]
    assert history.history["loss"][-1] < history.history["loss"][0]
    p1, p2 = model.predict([xa, xb], batch_size=7)
    assert p1.shape == (30, 1) and p2.shape == (30, 2)
    logs = model.evaluate({"a": xa, "b": xb}, {"o1": y1, "o2": y2}, return_dict=True)
    expected = np.mean((p1 - y1) ** 2) + 0.5 * np.mean((p2 - y2) ** 2)  # E = sum_i lambda_i E_i
    assert logs["loss"] == pytest.approx(expected, rel=1e-5)
    assert logs["o2_mae"] == pytest.approx(np.mean(np.abs(p2 - y2)), rel=1e-5)
    assert logs["o1_loss"] == pytest.approx(np.mean((p1 - y1) ** 2), rel=1e-5)  # E_i, before its weight
    assert logs["o2_loss"] == pytest.approx(np.mean((p2 - y2) ** 2), rel=1e-5)
    w = rng.uniform(0, 2, 30)
    logs = model.evaluate([xa, xb], [y1, y2], sample_weight=w, batch_size=7, return_dict=True)
    e1, e2 = np.mean((p1 - y1) ** 2, axis=1), np.mean((p2 - y2) ** 2, axis=1)
    assert logs["o2_loss"] == pytest.approx(np.sum(w * e2) / 30, rel=1e-5)  # weights / N, the loss's rule
    assert logs["loss"] == pytest.approx(np.sum(w * (e1 + 0.5 * e2)) / 30, rel=1e-5)
    # a dict of losses by output name, one output left untrained (None)
    model.compile(optimizer="sgd", loss={"o1": "mse"}, metrics={"o2": ["mse"]})
    logs = model.evaluate([xa, xb], [y1, y2], return_dict=True)
    p1, p2 = model.predict([xa, xb])
    assert logs["loss"] == pytest.approx(np.mean((p1 - y1) ** 2), rel=1e-5)
    assert list(logs) == ["loss", "o1_loss", "o2_mse"]
    logs = model.train_on_batch([xa, xb], [y1, y2], return_dict=True)
    assert np.isfinite(logs["loss"])


def test_clear_errors_for_the_wrong_data_structure():
    model = _two_branch_model()
    model.compile(optimizer="sgd", loss="mse")
    xa, xb = np.zeros((4, 3)), np.zeros((4, 2))
    with pytest.raises(ValueError, match=r"2 of them \(a, b\)"):
        model.predict(xa)
    with pytest.raises(ValueError, match=r"missing \['b'\]"):
        model.predict({"a": xa})
    with pytest.raises(ValueError, match="x\\['b'\\] has 3"):
        model.predict([xa, xb[:3]])
    with pytest.raises(ValueError, match="class_weight is for a model with one output"):
        model.fit([xa, xb], [np.zeros((4, 1)), np.zeros((4, 2))], class_weight={0: 1.0}, verbose=0)
    with pytest.raises(ValueError, match="loss has 3 entries, but the model has 2 outputs"):
        model.compile(optimizer="sgd", loss=["mse"] * 3)
    with pytest.raises(ValueError, match=r"names outputs \['nope'\]"):
        model.compile(optimizer="sgd", loss={"nope": "mse"})


def test_graph_errors_name_the_layer():
    a, b = ax.Input((3,), name="a"), ax.Input((2,), name="b")
    out = ax.layers.Add()([ax.layers.Dense(2)(a), b])
    with pytest.raises(ValueError, match="graph disconnected.*'b'"):
        ax.Model(inputs=a, outputs=out)
    with pytest.raises(ValueError, match=r"'add_1' \(Add\) needs inputs of the same shape"):
        ax.layers.Add()([a, b])
    with pytest.raises(ValueError, match="Concatenate.*every other dimension"):
        ax.layers.Concatenate()([ax.Input((2, 3)), ax.Input((3, 3))])
    with pytest.raises(ValueError, match="at least 2 tensors"):
        ax.layers.Add()(a)
    with pytest.raises(TypeError, match="inputs must be ax.Input"):
        ax.Model(inputs=ax.layers.Dense(2)(a), outputs=out)
    with pytest.raises(ValueError, match=r"'dense_2' \(Dense\) expects inputs with 3 features"):
        dense = ax.layers.Dense(4)
        dense(a)
        dense(b)
    with pytest.raises(TypeError, match="holds no values"):
        np.asarray(ax.layers.Dense(2)(a))
    steps = ax.Input((5, 2))
    with pytest.raises(TypeError, match=r"'lstm' \(LSTM\) returns 3 tensors.*return_state=False"):
        ax.layers.LSTM(3, return_state=True, name="lstm")(steps)


def test_a_sequential_and_a_functional_model_nest_in_a_graph():
    inputs = ax.Input((4,))
    block = ax.Sequential([ax.layers.Dense(5, activation="relu"), ax.layers.Dense(2)])
    inner_in = ax.Input((2,))
    inner = ax.Model(inner_in, ax.layers.Dense(3)(inner_in), name="inner")
    model = ax.Model(inputs, inner(block(inputs)))
    x = np.random.default_rng(0).normal(size=(6, 4)).astype("float32")
    np.testing.assert_allclose(model.predict(x), inner.predict(block.predict(x)), rtol=1e-6)
    assert model.output_shape == (None, 3)


def test_summary_prints_the_connections_and_returns_none(capsys):
    model = _two_branch_model()
    assert model.summary() is None
    printed = capsys.readouterr().out
    assert printed.rstrip("\n") == summary_text(model)
    assert "Connected to" in printed.splitlines()[2]
    row = next(line for line in printed.splitlines() if line.startswith(" shared (Dense)"))
    assert "proj_a[0][0], proj_b[0][0]" in row and "(None, 4)" in row
    joined = next(line for line in printed.splitlines() if line.startswith(" joined (Concatenate)"))
    assert "add[0][0], multiply[0][0]" in joined and "(None, 8)" in joined
    lines = []
    model.summary(print_fn=lines.append, line_length=100)
    assert max(len(line) for line in lines) <= 100


def test_feature_extraction_from_a_sequential_as_in_the_keras_guide():
    seq = ax.Sequential(
        [ax.Input((8, 8, 1)), ax.layers.Conv2D(4, 3, activation="relu"), ax.layers.Conv2D(2, 3), ax.layers.Flatten()]
    )
    extractor = ax.Model(inputs=seq.inputs, outputs=[layer.output for layer in seq.layers])
    x = np.random.default_rng(0).normal(size=(2, 8, 8, 1)).astype("float32")
    first, second, flat = extractor.predict(x)
    assert first.shape == (2, 6, 6, 4) and second.shape == (2, 4, 4, 2)
    np.testing.assert_array_equal(flat, seq.predict(x))  # the same layers, the same weights
    middle = ax.Model(inputs=seq.inputs, outputs=seq.get_layer(index=1).output)
    np.testing.assert_array_equal(middle.predict(x), second)
    with pytest.raises(ValueError, match="has no symbolic inputs: start it with ax.Input"):
        ax.Sequential([ax.layers.Dense(2)]).inputs


def test_keras_lowercase_merge_functions_and_models_aliases():
    a, b = ax.Input((3,)), ax.Input((3,))
    model = ax.models.Model([a, b], [ax.layers.add([a, b]), ax.layers.multiply([a, b]), ax.layers.concatenate([a, b])])
    x, y = np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")
    total, product, joined = model.predict([x, y])
    np.testing.assert_array_equal(total, x + y)
    np.testing.assert_array_equal(product, x * y)
    np.testing.assert_array_equal(joined, np.concatenate([x, y], axis=1))
    assert ax.models.Sequential is ax.Sequential and isinstance(model, ax.training.Functional)
    with pytest.raises(TypeError, match="inputs as a dict is not supported; pass a list"):
        ax.Model(inputs={"a": a}, outputs=ax.layers.Dense(1)(a))


def test_outputs_as_a_dict_name_the_outputs_and_come_back_as_a_dict(tmp_path):
    inputs = ax.Input((3,), name="x")
    hidden = ax.layers.Dense(4, activation="tanh")(inputs)
    model = ax.Model(
        inputs, {"score": ax.layers.Dense(1)(hidden), "kind": ax.layers.Dense(2, activation="softmax")(hidden)}
    )
    rng = np.random.default_rng(0)
    x, score, kind = rng.normal(size=(20, 3)), rng.normal(size=(20, 1)), rng.integers(0, 2, 20)
    model.compile(
        optimizer="adam",
        loss={"score": "mse", "kind": "sparse_categorical_crossentropy"},
        metrics={"kind": ["accuracy"]},
    )
    history = model.fit(x, {"score": score, "kind": kind}, epochs=2, verbose=0)
    assert list(history.history) == ["loss", "score_loss", "kind_loss", "kind_accuracy"]
    out = model.predict(x)
    assert list(out) == ["score", "kind"] and out["kind"].shape == (20, 2)
    assert isinstance(model(x[:2]), dict)
    model.save(tmp_path / "m.axone")
    again = ax.load_model(tmp_path / "m.axone")
    np.testing.assert_array_equal(again.predict(x)["kind"], out["kind"])
    assert again.evaluate(x, {"score": score, "kind": kind}) == pytest.approx(
        model.evaluate(x, {"score": score, "kind": kind})
    )
    # one output in a dict: still named, its data and metrics by that name
    single = ax.Model(inputs, {"only": ax.layers.Dense(1)(inputs)})
    single.compile(optimizer="sgd", loss={"only": "mse"}, metrics=["mae"])
    logs = single.evaluate(x, {"only": score}, return_dict=True)
    assert list(logs) == ["loss", "only_mae"]


def test_terminate_on_nan_names_the_layer_of_a_model_with_several_inputs():
    a, b = ax.Input((3,), name="a"), ax.Input((2,), name="b")
    big = ax.layers.Dense(2, kernel=np.full((3, 2), 1e30), bias=np.zeros(2), name="big")
    model = ax.Model([a, b], ax.layers.Dense(1)(ax.layers.Concatenate()([big(a), b])))
    model.compile(optimizer="sgd", loss="mse")
    nan = ax.callbacks.TerminateOnNaN(verbose=0)
    with np.errstate(all="ignore"):  # the overflow is the point
        model.fit([np.full((4, 3), 1e10), np.ones((4, 2))], np.zeros((4, 1)), epochs=2, verbose=0, callbacks=[nan])
    assert nan.stopped == (0, 0) and "the output of layer 'big' (Dense)" in nan.message


def test_fit_runs_the_graph_not_the_layers_in_a_row():
    # two heads of the same width on one hidden layer, no merge layer: fit must run the graph (a
    # chain hidden -> head1 -> head2 would also fit the shapes, and be silently wrong)
    inputs = ax.Input((2,))
    hidden = ax.layers.Dense(2, activation="tanh")(inputs)
    model = ax.Model(inputs, [ax.layers.Dense(2, name="h1")(hidden), ax.layers.Dense(2, name="h2")(hidden)])
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(16, 2)), [rng.normal(size=(16, 2)), rng.normal(size=(16, 2))]
    before = model.evaluate(x, y)[0]
    history = model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
    assert history.history["loss"][0] == pytest.approx(before, rel=1e-6)  # the loss of the one batch, before its step
